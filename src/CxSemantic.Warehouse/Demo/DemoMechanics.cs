namespace CxSemantic.Warehouse.Demo;

/// <summary>
/// Edge cases the demo generator plants at small rates so that every rule of <c>docs/metric-semantics.md</c> has
/// data that exercises it (window boundaries, ties, several reviewers, events linked or not to a contact). They are
/// not effects to be found but mechanics metrics rely on; <c>docs/planted-effects.md</c> ("Related mechanics") lists
/// them with their measured counts. Their random decisions (and turn latencies) come from a side stream of each
/// partition, so that deciding them draws nothing from the main stream; what they change downstream (an extra contact
/// of a long journey, a start moved across a cut-over or the watermark) still shifts the main stream from there on, so
/// the planted effects keep their size but not their exact sample values.
/// </summary>
public static class DemoMechanics
{
    /// <summary>The journey window the mechanics aim at (<c>intent_journey.window</c>, P7D).</summary>
    public static readonly TimeSpan JourneyWindow = TimeSpan.FromDays(7);

    /// <summary>The confirmation window of resolution accuracy (P3D).</summary>
    public static readonly TimeSpan ConfirmationWindow = TimeSpan.FromDays(3);

    /// <summary>The window in which a complaint, dispute or account closure turns a resolution into a silent failure (P7D).</summary>
    public static readonly TimeSpan SilentFailureWindow = TimeSpan.FromDays(7);

    /// <summary>Share of contacts whose recontact (if any) starts exactly <see cref="JourneyWindow"/> after the contact's start.</summary>
    public const double ExactWindowGapRate = 0.01;

    /// <summary>Share of contacts whose recontact (if any) starts <see cref="JourneyWindow"/> + 1 s after the contact's start.</summary>
    public const double JustOverWindowGapRate = 0.01;

    /// <summary>Share of contacts whose recontact (if any) starts at the same instant, on another channel.</summary>
    public const double TiedStartRate = 0.01;

    /// <summary>Share of journeys that run past <see cref="LongJourneyHorizon"/>: up to six contacts 6–6.5 days apart.</summary>
    public const double LongJourneyRate = 0.002;

    /// <summary>The fixed journey horizon long journeys outlast (P28D).</summary>
    public static readonly TimeSpan LongJourneyHorizon = TimeSpan.FromDays(28);

    /// <summary>Share of confirmations of a recontact linked to the journey's earlier contact instead of the recontact.</summary>
    public const double EarlierContactLinkRate = 0.15;

    /// <summary>
    /// Share of declared resolutions without a linked confirmation followed by an unlinked event of the intent's
    /// confirming type for the same customer within <see cref="ConfirmationWindow"/> (a coincidence, not a confirmation).
    /// </summary>
    public const double UnlinkedCoincidenceRate = 0.10;

    /// <summary>Share of declared resolutions followed by a linked event of another intent's confirming type within the window.</summary>
    public const double ForeignConfirmationRate = 0.02;

    /// <summary>Share of linked confirmations at exactly <see cref="ConfirmationWindow"/> after <c>ended_at</c> (inside the window).</summary>
    public const double ConfirmationAtWindowEndRate = 0.01;

    /// <summary>Share of linked confirmations at <see cref="ConfirmationWindow"/> + 1 s after <c>ended_at</c> (outside the window).</summary>
    public const double ConfirmationJustAfterWindowRate = 0.01;

    /// <summary>Share of contradictions (intents other than cancel_subscription) that are an <c>account_closed</c>.</summary>
    public const double AccountClosedShare = 0.10;

    /// <summary>Share of contradictions 7 days + 1 h to 14 days after <c>ended_at</c> (outside the silent-failure window).</summary>
    public const double ContradictionBeyondWindowShare = 0.10;

    /// <summary>Share of contradictions at exactly <see cref="SilentFailureWindow"/> after <c>ended_at</c> (inside the window).</summary>
    public const double ContradictionAtWindowEndShare = 0.03;

    /// <summary>Share of human-labelled interactions labelled by 2 or 3 reviewers (evenly) instead of one.</summary>
    public const double MultiReviewerShare = 0.15;

    /// <summary>Label noise of the extra reviewers (the first reviewer's is 0.05), so that reviewers sometimes disagree.</summary>
    public const double ExtraReviewerNoise = 0.08;

    /// <summary>Share of bot first responses that are slow (5–30 s instead of about 1–3 s).</summary>
    public const double SlowBotResponseRate = 0.03;

    /// <summary>Extra customer–bot exchanges when the contact did not end resolved.</summary>
    public const int UnresolvedExtraExchanges = 1;

    /// <summary>Extra customer–bot exchanges when the bot looped or the customer rage-quit.</summary>
    public const int LoopExtraExchanges = 2;

    /// <summary>Shift of the latent CES (1–7, higher = easier) per customer turn above three.</summary>
    public const double CesPerCustomerTurn = -0.2;
}
