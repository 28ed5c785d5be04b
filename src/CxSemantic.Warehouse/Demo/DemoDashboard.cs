using System.Collections.Immutable;

namespace CxSemantic.Warehouse.Demo;

/// <summary>One dashboard query: a metric and the dimensions it is grouped by.</summary>
/// <param name="Metric">The metric's name in the catalog.</param>
/// <param name="GroupBy">The dimensions (the grouping its oracle SQL uses).</param>
public sealed record DashboardQuery(string Metric, ImmutableArray<string> GroupBy);

/// <summary>
/// The ten representative dashboard queries over the demo warehouse that every benchmark times: compiled SQL
/// against the hand-written oracle (<c>cxsem bench</c>), HTTP against direct (<c>cxsem serve-bench</c>), and
/// PostgreSQL against DuckDB (the PostgreSQL benchmark). One list, so their figures compare.
/// </summary>
public static class DemoDashboard
{
    /// <summary>The queries: journey metrics, scan-and-aggregate metrics, evaluator metrics.</summary>
    public static ImmutableArray<DashboardQuery> Queries { get; } =
    [
        new("containment_rate", ["intent_complexity"]),
        new("silent_failure_rate", ["intent"]),
        new("intent_fcr", ["segment"]),
        new("conversational_csat", ["journey_stage"]),
        new("nps", ["channel"]),
        new("average_handle_time", ["intent_complexity"]),
        new("resolution_accuracy", ["intent"]),
        new("crm_disposition_mismatch_rate", ["bot_release"]),
        new("sla_adherence", ["queue"]),
        new("model_drift_index", ["evaluator", "evaluator_version"]),
    ];
}
