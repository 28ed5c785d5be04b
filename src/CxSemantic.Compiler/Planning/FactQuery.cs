using CxSemantic.Compiler.Sql;

namespace CxSemantic.Compiler.Planning;

/// <summary>What a fact query aggregates per cell, which decides its extra columns.</summary>
public enum FactKind
{
    /// <summary>Units and numerator units: <c>num</c> (clustered: then the cluster sums).</summary>
    Proportion,

    /// <summary>Aggregated numerator and denominator values: <c>num_value</c>, <c>den_value</c>.</summary>
    MeasureRatio,

    /// <summary>One aggregate: <c>value</c>.</summary>
    Aggregate,

    /// <summary>
    /// Moments of a value: <c>cnt</c>, <c>total</c>, <c>ss</c> (Σ(x − mean)², two-pass; clustered: then
    /// <c>clusters</c>, <c>cluster_ss</c>).
    /// </summary>
    Moments,

    /// <summary>Positive and negative units: <c>pos</c>, <c>neg</c> (clustered: then the cluster sums of pos − neg).</summary>
    Distribution,

    /// <summary>Pairs of (evaluator label, human label) per cell.</summary>
    Agreement,
}

/// <summary>
/// The columns of a fact query, in order: [period], one per group dimension, [evaluator label,
/// human label], included, one per exclusion, immature, n, the kind's columns, [cluster columns],
/// [version min, max, count].
/// </summary>
/// <remarks>
/// Cluster columns (customers as clusters, see <see cref="Clustered"/>): for proportions and
/// distributions, with nᵍ the customer's units and yᵍ its numerator (pos − neg for a net share):
/// <c>clusters</c> (G, customers with a unit), <c>units_sq</c> Σnᵍ², <c>totals_sq</c> Σyᵍ²,
/// <c>units_totals</c> Σnᵍyᵍ, all exact integers. For means: <c>clusters</c> and <c>cluster_ss</c>
/// Σ(sᵍ − mean·mᵍ)², the customers' residual totals centred on the cell mean.
/// </remarks>
/// <param name="GroupCount">Group dimensions.</param>
/// <param name="ExclusionCount">Exclusions (the funnel).</param>
/// <param name="Kind">The aggregate kind.</param>
/// <param name="HasVersions">Evaluator versions are reported (in version columns).</param>
/// <param name="VersionGroup">The group column holding the evaluator version when the query groups by it (then no version columns are needed); −1 otherwise.</param>
/// <param name="Clustered">The query also returns per-customer (cluster) sums for a cluster-robust variance.</param>
public sealed record FactLayout(int GroupCount, int ExclusionCount, FactKind Kind, bool HasVersions, int VersionGroup = -1, bool Clustered = false)
{
    /// <summary>Index of the first group column (after the period).</summary>
    public static int FirstGroup => 1;

    /// <summary>Index of the evaluator label (agreement only).</summary>
    public int EvaluatorLabel => FirstGroup + GroupCount;

    /// <summary>Index of the included-units count.</summary>
    public int Included => EvaluatorLabel + (Kind == FactKind.Agreement ? 2 : 0);

    /// <summary>Index of the first funnel count.</summary>
    public int FirstExcluded => Included + 1;

    /// <summary>Index of the immature count.</summary>
    public int Immature => FirstExcluded + ExclusionCount;

    /// <summary>Index of n.</summary>
    public int N => Immature + 1;

    /// <summary>Index of the first kind-specific column.</summary>
    public int FirstValue => N + 1;

    /// <summary>Number of kind-specific columns, cluster columns included.</summary>
    public int ValueCount => BaseValueCount + ClusterValueCount;

    /// <summary>Index of the first cluster column (when <see cref="Clustered"/>).</summary>
    public int FirstCluster => FirstValue + BaseValueCount;

    private int BaseValueCount => Kind switch
    {
        FactKind.Proportion or FactKind.Aggregate => 1,
        FactKind.MeasureRatio or FactKind.Distribution => 2,
        FactKind.Moments => 3,
        _ => 0,
    };

    private int ClusterValueCount => !Clustered ? 0 : Kind switch
    {
        FactKind.Proportion or FactKind.Distribution => 4,
        FactKind.Moments => 2,
        _ => 0,
    };

    /// <summary>Whether a fact of <paramref name="kind"/> can carry cluster sums (the kinds with an interval).</summary>
    /// <param name="kind">The fact kind.</param>
    public static bool SupportsClusters(FactKind kind) => kind is FactKind.Proportion or FactKind.Distribution or FactKind.Moments;

    /// <summary>Index of the minimum evaluator version (when reported).</summary>
    public int VersionMin => FirstValue + ValueCount;
}

/// <summary>A metric's compiled fact query: the SQL AST and its column layout.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Select">The statement.</param>
/// <param name="Layout">Its columns.</param>
public sealed record FactQuery(string Metric, SqlSelect Select, FactLayout Layout)
{
    /// <summary>The materialized journey table it reads its units from, or null when it stitches them (or reads no journeys).</summary>
    public string? JourneyTable { get; init; }
}
