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
            if (WhyNot(rollup, plan) is { } reason)
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
