using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Sql;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler.Rollups;

/// <summary>
/// The SQL that builds a rollup's rows, and the content hash that names its table: the hash covers the rollup's
/// declaration, the metric's version and the very SQL that computes its units (inclusion, exclusions, stitching,
/// maturity), so any change of meaning gets a new table and old tables never answer for a new definition.
/// </summary>
public static class RollupDefinitions
{
    /// <summary>Hex digits of the hash kept in table names.</summary>
    private const int HashLength = 16;

    private static readonly ConditionalWeakTable<MetricCatalog, ConcurrentDictionary<(string RollupText, string Metric, SqlDialectKind Dialect, CompilerOptions Options), string>> Hashes = new();

    /// <summary>The partition compiled as a rollup's build query (it runs on the warehouse).</summary>
    public static SqlText BuildQuery(MetricCatalog catalog, CompilerOptions options, Rollup rollup, Metric metric, RollupPartition partition, SqlDialectKind dialect)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var plan = PlanOf(catalog, rollup, metric, RollupCalendar.Buckets(rollup, partition));
        return SqlRenderer.For(dialect).Render(FactQueryBuilder.BuildRollup(catalog, options with { Rollups = null }, plan, rollup.ExactCells).Select);
    }

    /// <summary>The definition's content hash (hex), the same for every build of the same definitions.</summary>
    public static string Hash(MetricCatalog catalog, CompilerOptions options, Rollup rollup, Metric metric, SqlDialectKind dialect)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rollup);
        ArgumentNullException.ThrowIfNull(metric);
        // Journey tables change where a build reads its units, not what they are: a rollup built from them is the one
        // stitched at query time (docs/materialization.md), so they are left out of the hash — and of the cache key,
        // which would otherwise grow with every query's fresh set of current journey tables.
        var neutral = options with { Rollups = null, MaterializedJourneys = ImmutableDictionary<string, string>.Empty };
        return Hashes.GetOrCreateValue(catalog).GetOrAdd((rollup.CanonicalText, metric.Name, dialect, neutral), _ =>
        {
            // A fixed reference partition: the SQL differs only where the definition does.
            var reference = new LocalDate(2000, 1, 1);
            var zone = RollupCalendar.ZoneOf(rollup);
            var partition = RollupCalendar.Partitions(rollup, zone.AtStartOfDay(reference).ToInstant(), zone.AtStartOfDay(reference).ToInstant())[0];
            var sql = BuildQuery(catalog, neutral, rollup, metric, partition, dialect);
            var text = new StringBuilder()
                .Append(rollup.CanonicalText).Append('\n')
                .Append(metric.Name).Append(" v").Append(metric.Version.ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append(sql.Text).Append('\n')
                .AppendJoin('\u001f', sql.Parameters.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)));
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..HashLength];
        });
    }

    /// <summary>A metric's plan over rollup buckets, split by the rollup's dimensions, without filters.</summary>
    internal static MetricPlan PlanOf(MetricCatalog catalog, Rollup rollup, Metric metric, ImmutableArray<ReportingPeriod> buckets)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        ArgumentNullException.ThrowIfNull(metric);
        var journey = catalog.Journeys.GetValueOrDefault(metric.UnitOfAnalysis);
        return new MetricPlan
        {
            Metric = metric,
            Model = catalog.Models[journey?.From ?? metric.UnitOfAnalysis],
            Journey = journey,
            GroupBy = rollup.Dimensions,
            Periods = buckets,
        };
    }
}
