namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// What share estimates (proportions, net shares) have in common: a value with its standard error and
/// interval, all null with a reason when there are no units, and the cluster-robust variance's clusters
/// and design effect when units are not independent.
/// </summary>
/// <param name="Value">The estimate, or null when n = 0.</param>
/// <param name="StandardError">Its standard error, or null when n = 0.</param>
/// <param name="Interval">Its confidence interval, or null when n = 0.</param>
/// <param name="UndefinedReason">Null when defined; otherwise one of <see cref="UndefinedReasons"/>.</param>
public abstract record UnitShareEstimate(
    double? Value,
    double? StandardError,
    ConfidenceInterval? Interval,
    string? UndefinedReason)
{
    /// <summary>Whether the value and interval exist (n &gt; 0).</summary>
    public bool IsDefined => Value is not null;

    /// <summary>Clusters (customers) behind the units, when the variance is cluster-robust; null for independent units.</summary>
    public long? Clusters { get; init; }

    /// <summary>
    /// The cluster-robust variance over the variance of independent units (multinomial for net shares),
    /// when the variance is cluster-robust; null for independent units.
    /// </summary>
    public double? DesignEffect { get; init; }
}
