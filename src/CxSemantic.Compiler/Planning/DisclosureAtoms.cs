namespace CxSemantic.Compiler.Planning;

/// <summary>
/// The disclosure atoms of a filtered query (docs/metric-semantics.md §5): the metric's counted
/// units per cell and per value of every filtered dimension, with the query's filters turned into
/// kept/dropped flags instead of conditions. From them the executor learns which withheld cells a
/// filter keeps and which it drops, so it can refuse the filters that would let a total minus a
/// filtered answer give a withheld cell. Planned only when the metric suppresses small cells
/// (minimum cell size above 1) and the query filters on dimensions; the caller's row filters,
/// the window and the metric's own rules still apply.
/// </summary>
internal static class DisclosureAtoms
{
    /// <summary>The atoms' plan for <paramref name="plan"/>, or null when none is needed.</summary>
    public static MetricPlan? PlanFor(MetricPlan plan) =>
        plan.Metric.Segmentation.MinCellSize > 1 && !plan.Filters.IsEmpty && !plan.FiltersAsFlags
            ? plan with
            {
                GroupBy = [.. plan.GroupBy.Concat(plan.Filters.Select(f => f.Dimension)).Distinct(StringComparer.Ordinal)],
                FiltersAsFlags = true,
            }
            : null;
}
