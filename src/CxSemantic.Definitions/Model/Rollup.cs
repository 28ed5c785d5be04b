using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;

namespace CxSemantic.Definitions.Model;

/// <summary>The time grain of a rollup's buckets or partitions: calendar steps in the rollup's zone.</summary>
public enum RollupGrain
{
    /// <summary>Local days.</summary>
    Day,

    /// <summary>ISO weeks starting on Monday.</summary>
    Week,

    /// <summary>Calendar months.</summary>
    Month,

    /// <summary>Calendar quarters.</summary>
    Quarter,

    /// <summary>Calendar years.</summary>
    Year,
}

/// <summary>
/// A rollup (pre-aggregation), declared with a <c>rollup:</c> document: the additive sufficient statistics of
/// governed metrics per time bucket (at <see cref="Grain"/> in <see cref="Zone"/>) and per value of
/// <see cref="Dimensions"/>, kept in a warehouse table per metric and refreshed by partition. A query whose cells
/// are unions of the rollup's cells is answered from it with the same numbers as from raw rows.
/// </summary>
public sealed record Rollup
{
    /// <summary>The rollup's name (snake_case).</summary>
    public required string Name { get; init; }

    /// <summary>What the rollup serves (which dashboard).</summary>
    public required string Description { get; init; }

    /// <summary>The metrics it holds (leaf metrics: ratio, mean, distribution, additive simple, agreement).</summary>
    public required ImmutableArray<string> Metrics { get; init; }

    /// <summary>The dimensions its cells are split by; a query may group and filter by any of them.</summary>
    public required ImmutableArray<string> Dimensions { get; init; }

    /// <summary>The bucket grain.</summary>
    public required RollupGrain Grain { get; init; }

    /// <summary>The IANA zone whose calendar cuts the buckets.</summary>
    public required string Zone { get; init; }

    /// <summary>The partition grain: the unit of refresh (a multiple of <see cref="Grain"/>).</summary>
    public required RollupGrain PartitionBy { get; init; }

    /// <summary>
    /// Whether the rollup keeps one row per cell (bucket × dimension values) even for metrics whose interval is
    /// cluster-robust, storing the cell's customer sums (G, Σ n², Σ y², Σ n·y, or the centred squares of a mean)
    /// instead of a row per customer. Such a table is a few rows per bucket, but a customer's sums do not add across
    /// cells: for those metrics it answers only queries whose cells are exactly its own (a period per bucket, grouped
    /// by exactly its dimensions, filtered only on them). Metrics without clusters merge as in any rollup.
    /// </summary>
    public bool ExactCells { get; init; }

    /// <summary>Where the <c>rollup:</c> key is.</summary>
    public SourceSpan Span { get; init; }

    /// <summary>Where parts are (<c>metrics.N</c>, <c>dimensions.N</c>, <c>grain</c>, <c>zone</c>, <c>partition_by</c>).</summary>
    public ImmutableDictionary<string, SourceSpan> Locations { get; init; } = ImmutableDictionary<string, SourceSpan>.Empty;

    /// <summary>The location of a part, or the rollup's own span.</summary>
    public SourceSpan Locate(string path) => Locations.GetValueOrDefault(path, Span);

    /// <summary>A canonical text of the definition (for content hashes): every part that changes the table.</summary>
    public string CanonicalText =>
        $"rollup {Name}; metrics [{string.Join(",", Metrics)}]; dimensions [{string.Join(",", Dimensions)}]; grain {Grain}; zone {Zone}; partition {PartitionBy}{(ExactCells ? "; exact cells" : string.Empty)}";
}
