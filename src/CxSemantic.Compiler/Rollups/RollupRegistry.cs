using System.Collections.Immutable;
using NodaTime;

namespace CxSemantic.Compiler.Rollups;

/// <summary>One built rollup table: the statistics of one metric of one rollup, for one definition.</summary>
/// <param name="Rollup">The rollup's name.</param>
/// <param name="Metric">The metric's name.</param>
/// <param name="Table">The warehouse table (named by the rollup and the definition hash).</param>
/// <param name="DefinitionHash">The content hash of the definition it was built from (the rollup, the metric and its unit logic).</param>
/// <param name="Rows">Its rows (the planner picks the smallest rollup that answers).</param>
public sealed record RollupTable(string Rollup, string Metric, string Table, string DefinitionHash, long Rows);

/// <summary>
/// What the planner may read: the rollup tables whose every partition is current at <see cref="Watermark"/>. A
/// snapshot of the warehouse's rollup registry, taken after a refresh; answers from it are only exact while the
/// warehouse's watermark is still <see cref="Watermark"/> (maturity depends on it), which the executor checks.
/// </summary>
/// <param name="Watermark">The warehouse watermark the tables were built (or found final) at; null when none is built.</param>
/// <param name="Tables">The current tables.</param>
public sealed record RollupRegistry(Instant? Watermark, ImmutableArray<RollupTable> Tables)
{
    /// <summary>No rollup built.</summary>
    public static RollupRegistry Empty { get; } = new(null, []);

    /// <summary>The warehouse's watermark has moved past <see cref="Watermark"/>: the tables must not answer until refreshed.</summary>
    public bool Stale { get; init; }
}

/// <summary>The planner's choice for one fact query: the rollup table it reads, or none and why.</summary>
/// <param name="Table">The table read, or null for raw rows.</param>
/// <param name="Explanation">Which rollup answers, or why none could (shown with the SQL).</param>
public sealed record RollupChoice(RollupTable? Table, string Explanation)
{
    /// <summary>Raw rows, with the reason.</summary>
    public static RollupChoice None(string reason) => new(null, "rollup: none (" + reason + ")");
}

/// <summary>Names of rollup tables and their columns.</summary>
public static class RollupColumns
{
    /// <summary>The bucket's first instant (UTC).</summary>
    public const string BucketStart = "bucket_start";

    /// <summary>The registry of built rollup partitions.</summary>
    public const string RegistryTable = "cxsem_rollup_partitions";

    /// <summary>The longest identifier PostgreSQL keeps.</summary>
    private const int MaxIdentifier = 63;

    /// <summary>The column holding a dimension's value.</summary>
    public static string Dimension(string dimension)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        return "d_" + dimension.Replace('.', '_');
    }

    /// <summary>The table of a rollup metric: the rollup's name and the definition's content hash.</summary>
    public static string Table(string rollup, string definitionHash)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        ArgumentNullException.ThrowIfNull(definitionHash);
        var prefix = "rollup_" + rollup;
        var room = MaxIdentifier - definitionHash.Length - 1;
        return (prefix.Length > room ? prefix[..room] : prefix) + "_" + definitionHash;
    }
}
