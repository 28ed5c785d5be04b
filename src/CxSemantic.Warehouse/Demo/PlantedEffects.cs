namespace CxSemantic.Warehouse.Demo;

/// <summary>
/// The effects the demo generator plants in its data, so that tests and demos can show that metrics find them.
/// Each is described, with the rows it touches and its expected magnitude, in <c>docs/planted-effects.md</c>.
/// Dates refer to the default data range (2026-01-01 to 2026-06-30 UTC).
/// </summary>
public static class PlantedEffects
{
    /// <summary>Evaluator whose version upgrade shifts scores for the same content (classifier drift).</summary>
    public const string DriftingEvaluator = "tone";

    /// <summary>Version of <see cref="DriftingEvaluator"/> before the cut-over.</summary>
    public const string DriftFromVersion = "v1";

    /// <summary>Version of <see cref="DriftingEvaluator"/> from the cut-over on.</summary>
    public const string DriftToVersion = "v2";

    /// <summary>Interactions starting at or after this instant are scored by <see cref="DriftToVersion"/> only.</summary>
    public static readonly DateTime DriftCutover = new(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Interactions starting in [<see cref="DriftShadowFrom"/>, <see cref="DriftCutover"/>) are scored by both versions.</summary>
    public static readonly DateTime DriftShadowFrom = new(2026, 3, 18, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Score shift of <see cref="DriftToVersion"/> against <see cref="DriftFromVersion"/> on the same interaction.</summary>
    public const double DriftScoreShift = -0.08;

    /// <summary>Journey stage that resolves well but scores lower CSAT.</summary>
    public const string LowCsatJourneyStage = "renewal";

    /// <summary>Offset of the latent CSAT (1–5 scale) in <see cref="LowCsatJourneyStage"/>.</summary>
    public const double LowCsatShift = -0.9;

    /// <summary>Resolution-probability bonus of <see cref="LowCsatJourneyStage"/> interactions.</summary>
    public const double LowCsatStageResolutionBonus = 0.10;

    /// <summary>Intent with high containment and high 7-day recontact (silent failure).</summary>
    public const string SilentFailureIntent = "order_status";

    /// <summary>Share of bot-first <see cref="SilentFailureIntent"/> contacts the bot declares resolved.</summary>
    public const double SilentFailureDeclaredResolvedRate = 0.92;

    /// <summary>Share of bot-resolved <see cref="SilentFailureIntent"/> contacts that really fixed the problem.</summary>
    public const double SilentFailureTrueFixRate = 0.5;

    /// <summary>Bot release that writes wrong disposition codes.</summary>
    public const string FaultyBotRelease = "2026.03.2";

    /// <summary>Share of the bot's <c>log_disposition</c> writes under <see cref="FaultyBotRelease"/> with a wrong code.</summary>
    public const double FaultyReleaseWrongDispositionRate = 0.32;

    /// <summary>Share of wrong disposition codes otherwise (bot or agent).</summary>
    public const double BaselineWrongDispositionRate = 0.03;

    /// <summary>Customer segment with a resolution gap.</summary>
    public const string ResolutionGapSegment = "smb";

    /// <summary>Resolution-rate gap (share of interactions ending resolved) of <see cref="ResolutionGapSegment"/>.</summary>
    public const double ResolutionGap = -0.10;

    /// <summary>Queue that breaches its wait-time SLA on Mondays (UTC).</summary>
    public const string MondaySlaQueue = "billing";

    /// <summary>Wait-time SLA of live (non-email) channels, in seconds.</summary>
    public const int WaitSlaSeconds = 120;

    /// <summary>Mean wait multiplier of <see cref="MondaySlaQueue"/> on Mondays.</summary>
    public const double MondayWaitMultiplier = 4.0;

    /// <summary>Share of the sample in which human reviewers label each calibrated dimension.</summary>
    public const double HumanLabelSampleRate = 0.02;
}
