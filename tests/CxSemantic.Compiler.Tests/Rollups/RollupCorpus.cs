using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Rollups;

/// <summary>
/// Dashboard-like queries over the rollups' metrics, and the rollup that should answer each: a name, or
/// <c>metric=rollup</c> pairs when their metrics read different ones; null: raw rows.
/// </summary>
internal static class RollupCorpus
{
    public static readonly LocalDate January = new(2026, 1, 1);
    public static readonly LocalDate July = new(2026, 7, 1);

    public static IEnumerable<(string Name, MetricQuery Query, string? Rollup)> Cases()
    {
        TimeWindow Window(LocalDate from, LocalDate to, TimeGrain? grain, string zone = "UTC") => new(from, to, zone, grain);
        MetricQuery Q(string[] metrics, string[] groupBy, TimeWindow? time) => new()
        {
            Metrics = [.. metrics],
            GroupBy = [.. groupBy],
            Time = time,
            Caller = Caller.WithRole("cx_analyst"),
        };
        DimensionFilter Filter(string dimension, FilterOperator op, params string[] values) => new(dimension, op, [.. values.Cast<object>()]);
        var halfYear = Window(January, July, TimeGrain.Month);

        yield return ("containment by day", Q(["containment_rate"], ["intent_complexity"], Window(new(2026, 2, 1), new(2026, 4, 1), TimeGrain.Day)), "journey_daily");
        yield return ("containment by ISO week", Q(["containment_rate"], ["intent_complexity"], Window(new(2026, 1, 5), new(2026, 3, 30), TimeGrain.Week)), "journey_daily");
        yield return ("containment by month against the previous month", Q(["containment_rate"], ["intent_complexity"], Window(new(2026, 2, 1), July, TimeGrain.Month)) with { Compare = new PreviousPeriodComparison() }, "journey_monthly");
        yield return ("containment for a tenant manager (row filter on tenant)", Q(["containment_rate"], ["intent_complexity"], halfYear).WithClaims("tenant_manager", ("tenant", "acme")), "journey_daily");
        yield return ("containment over days not on month bounds", Q(["containment_rate"], ["intent_complexity"], Window(new(2026, 2, 10), new(2026, 3, 20), null)), "journey_daily");
        yield return ("silent failures filtered to simple intents (disclosure atoms)", Q(["silent_failure_rate"], ["intent"], halfYear) with { Filters = [Filter("intent_complexity", FilterOperator.In, "simple")] }, "journey_daily");
        yield return ("first contact resolution by quarter", Q(["intent_fcr"], ["segment"], Window(January, July, TimeGrain.Quarter)), "journey_daily");
        yield return ("two journey metrics together", Q(["containment_rate", "intent_fcr"], ["intent_complexity"], halfYear) with { Compare = new PreviousPeriodComparison() }, "containment_rate=journey_monthly intent_fcr=journey_daily");
        yield return ("NPS against a baseline", Q(["nps"], ["segment"], Window(new(2026, 4, 1), July, TimeGrain.Month)) with { Compare = new BaselineComparison(January, new(2026, 3, 1)) }, "survey_daily");
        yield return ("NPS overall", Q(["nps"], [], halfYear), "survey_daily");
        yield return ("CSAT by stage without email, weekly", Q(["conversational_csat"], ["journey_stage"], Window(new(2026, 3, 2), new(2026, 5, 4), TimeGrain.Week)) with { Filters = [Filter("channel", FilterOperator.NotIn, "email")] }, "survey_daily");
        yield return ("handle time by complexity and queue, one period", Q(["average_handle_time"], ["intent_complexity", "queue"], Window(new(2026, 2, 1), new(2026, 5, 1), null)), "contact_daily");
        yield return ("service level on voice", Q(["sla_adherence"], ["queue"], halfYear) with { Filters = [Filter("channel", FilterOperator.Equal, "voice")], Compare = new PreviousPeriodComparison() }, "contact_daily");
        yield return ("resolution accuracy up to the watermark (immature units)", Q(["resolution_accuracy"], ["intent"], Window(new(2026, 4, 1), new(2026, 8, 1), TimeGrain.Month)) with { Compare = new PreviousPeriodComparison() }, "resolution_monthly");
        yield return ("CRM mismatches by release", Q(["crm_disposition_mismatch_rate"], ["bot_release"], halfYear), "crm_monthly");
        yield return ("CRM mismatches by release and channel", Q(["crm_disposition_mismatch_rate"], ["bot_release", "channel"], halfYear), "crm_daily");
        yield return ("NPS by channel against a two-month baseline: months from exact cells, the baseline from days", Q(["nps"], ["channel"], Window(new(2026, 4, 1), July, TimeGrain.Month)) with { Compare = new BaselineComparison(January, new(2026, 3, 1)) }, "nps_monthly,survey_daily");
        yield return ("silent failures by intent for one segment: a filter off the exact cells", Q(["silent_failure_rate"], ["intent"], halfYear) with { Filters = [Filter("segment", FilterOperator.Equal, "smb")] }, "journey_daily");
        yield return ("silent failures by intent, filtered on an intent: exact cells", Q(["silent_failure_rate"], ["intent"], halfYear) with { Filters = [Filter("intent", FilterOperator.NotIn, "billing_question")], Compare = new PreviousPeriodComparison() }, "silent_failures_monthly");
        yield return ("handle time by complexity over a quarter: coarser than the exact cells", Q(["average_handle_time"], ["intent_complexity"], Window(January, July, TimeGrain.Quarter)), "contact_daily");
        yield return ("drift by evaluator version monthly: exact cells", Q(["model_drift_index"], ["evaluator_version", "evaluator"], halfYear) with { Compare = new PreviousPeriodComparison() }, "drift_monthly");
        yield return ("drift by evaluator version and channel", Q(["model_drift_index"], ["evaluator", "evaluator_version", "channel"], halfYear) with { Compare = new PreviousPeriodComparison() }, "evaluator_daily");
        yield return ("evaluator calibration (kappa from label pairs)", Q(["evaluator_calibration"], ["evaluator", "evaluator_version"], Window(January, July, TimeGrain.Quarter)), "evaluator_daily");
        yield return ("Berlin months are not UTC days: raw rows", Q(["containment_rate"], ["intent_complexity"], Window(January, July, TimeGrain.Month, "Europe/Berlin")), null);
        yield return ("hours are finer than days: raw rows", Q(["sla_adherence"], ["queue"], Window(new(2026, 3, 2), new(2026, 3, 4), TimeGrain.Hour)), null);
        yield return ("a dimension no rollup has: raw rows", Q(["average_handle_time"], ["intent_complexity", "agent_team"], halfYear), null);
        yield return ("a metric no rollup lists: raw rows", Q(["escalation_rate"], ["channel"], halfYear), null);
    }
}
