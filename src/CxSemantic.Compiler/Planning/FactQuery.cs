using System.Collections.Immutable;
using CxSemantic.Compiler.Sql;

namespace CxSemantic.Compiler.Planning;

/// <summary>What a fact query aggregates per cell, which decides its extra columns.</summary>
public enum FactKind
{
    /// <summary>Units and numerator units: <c>num</c>.</summary>
    Proportion,

    /// <summary>Aggregated numerator and denominator values: <c>num_value</c>, <c>den_value</c>.</summary>
    MeasureRatio,

    /// <summary>One aggregate: <c>value</c>.</summary>
    Aggregate,

    /// <summary>Moments of a value: <c>cnt</c>, <c>total</c>, <c>total_sq</c>.</summary>
    Moments,

    /// <summary>Positive and negative units: <c>pos</c>, <c>neg</c>.</summary>
    Distribution,

    /// <summary>Pairs of (evaluator label, human label) per cell.</summary>
    Agreement,
}

/// <summary>
/// The columns of a fact query, in order: [period], one per group dimension, [evaluator label,
/// human label], included, one per exclusion, immature, n, the kind's columns, [version min, max, count].
/// </summary>
/// <param name="GroupCount">Group dimensions.</param>
/// <param name="ExclusionCount">Exclusions (the funnel).</param>
/// <param name="Kind">The aggregate kind.</param>
/// <param name="HasVersions">Evaluator versions are reported (in version columns).</param>
/// <param name="VersionGroup">The group column holding the evaluator version when the query groups by it (then no version columns are needed); −1 otherwise.</param>
public sealed record FactLayout(int GroupCount, int ExclusionCount, FactKind Kind, bool HasVersions, int VersionGroup = -1)
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

    /// <summary>Number of kind-specific columns.</summary>
    public int ValueCount => Kind switch
    {
        FactKind.Proportion or FactKind.Aggregate => 1,
        FactKind.MeasureRatio or FactKind.Distribution => 2,
        FactKind.Moments => 3,
        _ => 0,
    };

    /// <summary>Index of the minimum evaluator version (when reported).</summary>
    public int VersionMin => FirstValue + ValueCount;
}

/// <summary>A metric's compiled fact query: the SQL AST and its column layout.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Select">The statement.</param>
/// <param name="Layout">Its columns.</param>
public sealed record FactQuery(string Metric, SqlSelect Select, FactLayout Layout);
