using System.Collections.Immutable;
using System.Text;
using CxSemantic.Warehouse.Model;

namespace CxSemantic.Warehouse.Demo;

/// <summary>An intent of the demo taxonomy and how contacts about it behave.</summary>
/// <param name="Name">Intent name (also its disposition code).</param>
/// <param name="Complexity">Index into <see cref="WarehouseVocabulary.IntentComplexities"/>.</param>
/// <param name="Eligible">Eligible for automation.</param>
/// <param name="Queue">Index into <see cref="DemoCatalog.Queues"/>.</param>
/// <param name="Weight">Relative frequency.</param>
/// <param name="BotContainment">Share of bot-route resolutions the bot finishes without a human.</param>
/// <param name="BotTrueFix">Share of bot-contained resolutions that really fixed the problem.</param>
/// <param name="ConfirmingEvent">System event that confirms a real fix, or null.</param>
/// <param name="RenewalStage">Contacts about it belong to the renewal journey stage.</param>
internal sealed record DemoIntent(
    string Name, int Complexity, bool Eligible, int Queue, double Weight,
    double BotContainment, double BotTrueFix, string? ConfirmingEvent, bool RenewalStage);

/// <summary>The fixed vocabularies and taxonomies of the demo data, with their UTF-8 forms precomputed.</summary>
internal static class DemoCatalog
{
    public static readonly ImmutableArray<string> Queues = ["orders", "billing", "accounts", "tech", "retention", "general"];

    public static readonly ImmutableArray<string> Tenants = ["acme", "globex", "initech"];

    public static readonly double[] TenantWeights = [0.5, 0.3, 0.2];

    /// <summary>Bot releases and the day each went live (UTC midnight).</summary>
    public static readonly ImmutableArray<(string Name, DateTime From)> BotReleases =
    [
        ("2025.12.1", DateTime.MinValue),
        ("2026.01.1", Utc(2026, 1, 12)),
        ("2026.02.1", Utc(2026, 2, 9)),
        ("2026.03.1", Utc(2026, 3, 2)),
        (PlantedEffects.FaultyBotRelease, Utc(2026, 3, 16)),
        ("2026.04.1", Utc(2026, 4, 6)),
        ("2026.05.1", Utc(2026, 5, 4)),
        ("2026.06.1", Utc(2026, 6, 1)),
    ];

    private const int S = 0; // simple
    private const int M = 1; // moderate
    private const int C = 2; // complex
    private const int Orders = 0, Billing = 1, Accounts = 2, Tech = 3, Retention = 4, General = 5;

    public static readonly ImmutableArray<DemoIntent> Intents =
    [
        new(PlantedEffects.SilentFailureIntent, S, true, Orders, 12, 0.95, PlantedEffects.SilentFailureTrueFixRate, "order_shipped", false),
        new("password_reset", S, true, Accounts, 8, 0.92, 0.95, "ticket_closed", false),
        new("update_address", S, true, Accounts, 5, 0.90, 0.95, null, false),
        new("billing_question", M, true, Billing, 9, 0.70, 0.92, "payment_received", false),
        new("payment_issue", M, true, Billing, 6, 0.62, 0.90, "payment_received", false),
        new("refund_request", M, true, Billing, 6, 0.60, 0.90, "refund_issued", false),
        new("cancel_order", S, true, Orders, 4, 0.88, 0.94, "refund_issued", false),
        new("return_item", M, true, Orders, 5, 0.70, 0.92, "refund_issued", false),
        new("delivery_problem", M, true, Orders, 7, 0.60, 0.88, "order_shipped", false),
        new("plan_change", M, true, Retention, 4, 0.70, 0.93, null, true),
        new("contract_renewal", M, true, Retention, 4, 0.65, 0.93, null, true),
        new("cancel_subscription", C, false, Retention, 3, 0.0, 0.93, "account_closed", true),
        new("technical_issue", C, true, Tech, 7, 0.40, 0.85, "ticket_closed", false),
        new("device_setup", M, true, Tech, 4, 0.65, 0.90, "ticket_closed", false),
        new("outage_report", S, true, Tech, 3, 0.90, 0.95, "ticket_closed", false),
        new("account_access", M, true, Accounts, 5, 0.70, 0.92, "ticket_closed", false),
        new("fraud_report", C, false, Accounts, 2, 0.0, 0.92, "ticket_closed", false),
        new("service_complaint", C, false, General, 2, 0.0, 0.88, "ticket_closed", false),
        new("product_info", S, true, General, 5, 0.90, 0.96, null, false),
        new("onboarding_help", M, true, General, 4, 0.70, 0.93, null, false),
    ];

    public static readonly double[] IntentCumulative = Prng.Cumulative(Intents.Select(i => i.Weight).ToArray());

    public static readonly byte[][] IntentU8 = Utf8(Intents.Select(i => i.Name));
    public static readonly byte[][] QueueU8 = Utf8(Queues);
    public static readonly byte[][] TenantU8 = Utf8(Tenants);
    public static readonly byte[][] ReleaseU8 = Utf8(BotReleases.Select(r => r.Name));
    public static readonly int FaultyReleaseIndex = BotReleases.IndexOf(BotReleases.Single(r => r.Name == PlantedEffects.FaultyBotRelease));

    public static readonly byte[][] ChannelU8 = Utf8(WarehouseVocabulary.Channels);
    public static readonly byte[][] HandledByU8 = Utf8(WarehouseVocabulary.HandledBy);
    public static readonly byte[][] EndReasonU8 = Utf8(WarehouseVocabulary.EndReasons);
    public static readonly byte[][] DeclaredU8 = Utf8(WarehouseVocabulary.DeclaredOutcomes);
    public static readonly byte[][] StageU8 = Utf8(WarehouseVocabulary.JourneyStages);
    public static readonly byte[][] ComplexityU8 = Utf8(WarehouseVocabulary.IntentComplexities);
    public static readonly byte[][] ActorU8 = Utf8(WarehouseVocabulary.Actors);
    public static readonly byte[][] SegmentU8 = Utf8(WarehouseVocabulary.Segments);
    public static readonly byte[][] RegionU8 = Utf8(WarehouseVocabulary.Regions);
    public static readonly byte[][] TenureU8 = Utf8(WarehouseVocabulary.TenureBands);
    public static readonly byte[][] HandoffReasonU8 = Utf8(WarehouseVocabulary.HandoffReasons);
    public static readonly byte[][] SuggestionKindU8 = Utf8(WarehouseVocabulary.SuggestionKinds);
    public static readonly byte[][] PolicyU8 = Utf8(WarehouseVocabulary.Policies);
    public static readonly byte[][] SeverityU8 = Utf8(WarehouseVocabulary.PolicySeverities);
    public static readonly byte[][] CrmToolU8 = Utf8(WarehouseVocabulary.CrmTools);
    public static readonly byte[][] EventTypeU8 = Utf8(WarehouseVocabulary.SystemEventTypes);
    public static readonly byte[][] EvaluatorU8 = Utf8(WarehouseVocabulary.Evaluators.Select(e => e.Name));
    public static readonly byte[][] VersionU8 = Utf8(WarehouseVocabulary.EvaluatorVersions);
    public static readonly byte[][][] LabelU8 = WarehouseVocabulary.Evaluators.Select(e => Utf8(e.Labels)).ToArray();
    public static readonly byte[][] SurveyKindU8 = Utf8(WarehouseVocabulary.SurveyKinds.Select(s => s.Kind));

    /// <summary>Event type index of each intent's confirming event, or -1.</summary>
    public static readonly int[] ConfirmingEventIndex = Intents
        .Select(i => i.ConfirmingEvent is null ? -1 : WarehouseVocabulary.SystemEventTypes.IndexOf(i.ConfirmingEvent)).ToArray();

    public static int Channel(string name) => IndexOf(WarehouseVocabulary.Channels, name);
    public static int HandledBy(string name) => IndexOf(WarehouseVocabulary.HandledBy, name);
    public static int EndReason(string name) => IndexOf(WarehouseVocabulary.EndReasons, name);
    public static int Actor(string name) => IndexOf(WarehouseVocabulary.Actors, name);
    public static int EventType(string name) => IndexOf(WarehouseVocabulary.SystemEventTypes, name);
    public static int Evaluator(string name) => IndexOf(WarehouseVocabulary.Evaluators.Select(e => e.Name).ToImmutableArray(), name);
    public static int HandoffReason(string name) => IndexOf(WarehouseVocabulary.HandoffReasons, name);
    public static int Stage(string name) => IndexOf(WarehouseVocabulary.JourneyStages, name);
    public static int Segment(string name) => IndexOf(WarehouseVocabulary.Segments, name);
    public static int Version(string name) => IndexOf(WarehouseVocabulary.EvaluatorVersions, name);
    public static int Queue(string name) => IndexOf(Queues, name);

    public static int ReleaseAt(DateTime instant)
    {
        var index = 0;
        for (var i = 1; i < BotReleases.Length; i++)
        {
            if (instant >= BotReleases[i].From)
            {
                index = i;
            }
        }

        return index;
    }

    private static int IndexOf(ImmutableArray<string> values, string name)
    {
        var index = values.IndexOf(name);
        return index >= 0 ? index : throw new InvalidOperationException($"'{name}' is not in the vocabulary.");
    }

    private static byte[][] Utf8(IEnumerable<string> values) => values.Select(Encoding.UTF8.GetBytes).ToArray();

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);
}
