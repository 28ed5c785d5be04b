using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Sql;
using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Execution;

/// <summary>Units an exclusion removed (that no earlier exclusion had removed).</summary>
/// <param name="Rule">The exclusion's name.</param>
/// <param name="Units">Units it removed.</param>
public sealed record ExclusionCount(string Rule, long Units);

/// <summary>The comparison of a value with its baseline.</summary>
/// <param name="Value">Current − baseline.</param>
/// <param name="Interval">Confidence interval of the difference.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="QValue">
/// Benjamini–Hochberg adjusted p-value; the family is every delta of the answer, across rows and metrics
/// (before the limit cuts rows), at a false discovery rate of 5 %.
/// </param>
/// <param name="Significant">q below the false discovery rate (5 %).</param>
/// <param name="BaselineValue">The baseline's value (previous period, baseline window or reference group).</param>
/// <param name="BaselineN">The baseline's n.</param>
public sealed record MetricDelta(double Value, ConfidenceInterval? Interval, double? PValue, double? QValue, bool Significant, double? BaselineValue, long BaselineN)
{
    /// <summary>
    /// The test behind the interval and p-value: <c>two_proportion_z</c> (Newcombe interval), <c>welch_t</c>,
    /// <c>normal</c> (net shares, kappa), <c>paired_t</c> (mean of paired differences); null without a test.
    /// </summary>
    public string? Test { get; init; }

    /// <summary>For a paired comparison: the pairs (units in both groups) the difference is the mean over.</summary>
    public long? Pairs { get; init; }
}

/// <summary>A governed metric value in one cell, with everything needed to trust (or distrust) it.</summary>
public sealed record MetricValue
{
    /// <summary>The metric.</summary>
    public required string Metric { get; init; }

    /// <summary>The metric's definition version.</summary>
    public required int Version { get; init; }

    /// <summary>The value; null when undefined or suppressed.</summary>
    public double? Value { get; init; }

    /// <summary>Units behind the value (after inclusion, exclusions and maturity).</summary>
    public long N { get; init; }

    /// <summary>The numerator, for ratios and shares.</summary>
    public double? Numerator { get; init; }

    /// <summary>The denominator, for ratios and shares.</summary>
    public double? Denominator { get; init; }

    /// <summary>Confidence interval; null when the type has none, or suppressed.</summary>
    public ConfidenceInterval? Interval { get; init; }

    /// <summary>True when the value is withheld: n below the metric's minimum cell size, or so that a withheld cell cannot be derived by subtraction.</summary>
    public bool Suppressed { get; init; }

    /// <summary>Why the value is withheld (primary, complementary or an isolating filter); null when shown.</summary>
    public string? SuppressionReason { get; init; }

    /// <summary>Units whose confirmation window is still open at the watermark (counted apart).</summary>
    public long Immature { get; init; }

    /// <summary>The exclusion funnel, in definition order.</summary>
    public ImmutableArray<ExclusionCount> Funnel { get; init; } = [];

    /// <summary>green / amber / red from the thresholds; null without thresholds or value.</summary>
    public string? Status { get; init; }

    /// <summary>Evaluator versions counted in the cell (evaluator data only).</summary>
    public ImmutableArray<string> EvaluatorVersions { get; init; } = [];

    /// <summary>
    /// The design effect V_cluster / V_iid of the value's variance with customers as clusters (contacts
    /// of one customer are not independent); null when the model reaches no customer, the type has no
    /// interval, or suppressed.
    /// </summary>
    public double? DesignEffect { get; init; }

    /// <summary>Customers (clusters) behind the value; null when not clustered or suppressed.</summary>
    public long? Clusters { get; init; }

    /// <summary>Independent units carrying the same information as the n clustered ones (n / design effect); null when not clustered.</summary>
    public double? EffectiveN { get; init; }

    /// <summary>Why the interval is withheld although the value is shown (kappa with a rare category); null otherwise.</summary>
    public string? IntervalWithheld { get; init; }

    /// <summary>The comparison, when the query asked for one.</summary>
    public MetricDelta? Delta { get; init; }

    /// <summary>
    /// Why the comparison asked for is not shown (<see cref="Delta"/> is null), e.g. the reference period
    /// still has immature units; null when a delta is shown, none was asked for, or this row is the reference.
    /// </summary>
    public string? DeltaWithheld { get; init; }

    /// <summary>The estimate behind the value, for comparisons (not serialized).</summary>
    internal object? Estimate { get; init; }
}

/// <summary>One row of an answer: a period, the dimension values, and the metrics' values.</summary>
/// <param name="Period">The period label, or null without a time grain/window.</param>
/// <param name="Dimensions">Values of the query's dimensions, in query order.</param>
/// <param name="Metrics">Values by metric name.</param>
public sealed record ResultRow(string? Period, ImmutableArray<object?> Dimensions, ImmutableDictionary<string, MetricValue> Metrics);

/// <summary>A compiled statement of an answer (shown to roles allowed to see SQL).</summary>
/// <param name="Metric">The metric it computes.</param>
/// <param name="Dialect">Its dialect.</param>
/// <param name="Sql">Text and parameters.</param>
public sealed record CompiledStatement(string Metric, SqlDialectKind Dialect, SqlText Sql)
{
    /// <summary>What it read: <c>rollup: NAME (table …, N rows, watermark …)</c>, <c>journey table TABLE</c>, or <c>raw rows</c>.</summary>
    public string Source { get; init; } = "raw rows";
}

/// <summary>The answer to a metric query.</summary>
/// <param name="Dimensions">The dimension names of <see cref="ResultRow.Dimensions"/>.</param>
/// <param name="Rows">The rows.</param>
/// <param name="Statements">The SQL that ran.</param>
/// <param name="CatalogVersion">The definitions' version (content hash prefix).</param>
public sealed record MetricQueryResult(ImmutableArray<string> Dimensions, ImmutableArray<ResultRow> Rows, ImmutableArray<CompiledStatement> Statements, string CatalogVersion);
