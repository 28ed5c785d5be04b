using System.Globalization;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Rollups;

/// <summary>
/// Picks the smallest built rollup that answers a metric's fact query exactly: built for the same definition
/// (content hash) and current at the registry's watermark; every period starts and ends on one of its bucket
/// boundaries in its zone (so each bucket lies inside one period); every dimension the query groups or filters by,
/// and every row filter of the caller's role, is one of its dimensions. Otherwise raw rows, with the reason.
/// </summary>
internal static class RollupMatcher
{
    public static RollupChoice Choose(MetricCatalog catalog, CompilerOptions options, MetricPlan plan, SqlDialectKind dialect)
    {
        var metric = plan.Metric;
        var candidates = catalog.Rollups.Values.Where(r => r.Metrics.Contains(metric.Name)).ToArray();
        if (candidates.Length == 0)
        {
            return RollupChoice.None($"no rollup lists {metric.Name}");
        }

        var registry = options.Rollups;
        if (registry is null || registry.Tables.IsEmpty)
        {
            return RollupChoice.None("no rollup is built; run cxsem rollups refresh");
        }

        if (registry.Stale)
        {
            return RollupChoice.None(string.Create(CultureInfo.InvariantCulture, $"the rollups were built at watermark {registry.Watermark}, and the warehouse has moved on; refresh them"));
        }

        if (plan.Pairing is not null)
        {
            return RollupChoice.None("a paired comparison pairs single interactions, which rollups do not keep");
        }

        RollupTable? best = null;
        var reasons = new List<string>();
        foreach (var rollup in candidates)
        {
            if ((WhyNot(rollup, plan) ?? WhyNotExact(catalog, options, rollup, plan)) is { } reason)
            {
                reasons.Add($"{rollup.Name}: {reason}");
                continue;
            }

            var hash = RollupDefinitions.Hash(catalog, options, rollup, metric, dialect);
            var table = registry.Tables.FirstOrDefault(t => t.Rollup == rollup.Name && t.Metric == metric.Name && t.DefinitionHash == hash);
            if (table is null)
            {
                reasons.Add($"{rollup.Name}: not built for this definition of {metric.Name} (hash {hash}); refresh it");
                continue;
            }

            if (best is null || table.Rows < best.Rows)
            {
                best = table;
            }
        }

        return best is null
            ? RollupChoice.None(string.Join("; ", reasons))
            : new RollupChoice(best, string.Create(CultureInfo.InvariantCulture, $"rollup: {best.Rollup} (table {best.Table}, {best.Rows} rows, watermark {registry.Watermark})"));
    }

    /// <summary>
    /// Why an <see cref="Rollup.ExactCells"/> rollup cannot answer a clustered metric's plan, or null when it can: its
    /// cells' customer sums do not add, so each of the query's cells must be one of its own — every period one bucket,
    /// grouped by exactly its dimensions, filters (as conditions, not flags) only on those.
    /// </summary>
    private static string? WhyNotExact(MetricCatalog catalog, CompilerOptions options, Rollup rollup, MetricPlan plan)
    {
        if (!rollup.ExactCells || !FactQueryBuilder.IsClustered(catalog, options, plan))
        {
            return null;
        }

        if (!plan.GroupBy.ToHashSet(StringComparer.Ordinal).SetEquals(rollup.Dimensions))
        {
            return $"it keeps the cells of {Dimensions(rollup.Dimensions)}, and the query groups by {Dimensions(plan.GroupBy)} (its cells' customer sums do not add)";
        }

        if (plan.FiltersAsFlags && !plan.Filters.IsEmpty)
        {
            return "the query splits its cells by filter flags, and the rollup keeps whole cells";
        }

        if (plan.Periods.IsEmpty)
        {
            return "the query has no time window, and the rollup keeps one cell per bucket";
        }

        var zone = RollupCalendar.ZoneOf(rollup);
        var grain = RollupCalendar.GrainOf(rollup.Grain);
        foreach (var period in plan.Periods)
        {
            var start = period.Start.InZone(zone).Date;
            if (zone.AtStartOfDay(PeriodCalendar.Next(start, grain)).ToInstant() != period.End)
            {
                return $"period {period.Label} is not one {rollup.Grain.ToString().ToLowerInvariant()} in {rollup.Zone}, and the rollup keeps one cell per bucket";
            }
        }

        return null;

        static string Dimensions(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "nothing";
    }

    /// <summary>Why <paramref name="rollup"/> cannot answer the plan exactly, or null when it can.</summary>
    private static string? WhyNot(Rollup rollup, MetricPlan plan)
    {
        var needed = plan.GroupBy
            .Concat(plan.Filters.Select(f => f.Dimension))
            .Concat(plan.RowFilters.Select(r => r.Dimension))
            .Distinct(StringComparer.Ordinal)
            .Where(d => !rollup.Dimensions.Contains(d))
            .ToArray();
        if (needed.Length > 0)
        {
            return $"it is not split by {string.Join(", ", needed)}";
        }

        var zone = RollupCalendar.ZoneOf(rollup);
        var grain = RollupCalendar.GrainOf(rollup.Grain);
        for (var i = 0; i < plan.Periods.Length; i++)
        {
            var period = plan.Periods[i];
            if (i > 0 && plan.Periods[i - 1].End != period.Start)
            {
                return "the periods leave gaps";
            }

            foreach (var instant in new[] { period.Start, period.End })
            {
                if (!PeriodCalendar.IsBoundary(instant, zone, grain))
                {
                    var local = instant.InZone(zone).LocalDateTime.ToString("uuuu'-'MM'-'dd'T'HH':'mm", CultureInfo.InvariantCulture);
                    return $"period {period.Label} has a bound ({local} in {rollup.Zone}) that is not a {rollup.Grain.ToString().ToLowerInvariant()} boundary in {rollup.Zone}";
                }
            }
        }

        return null;
    }
}
