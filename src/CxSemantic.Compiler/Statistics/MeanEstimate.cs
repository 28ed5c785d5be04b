namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// The mean of a measure over n units with its spread and Student t interval (n − 1 degrees of freedom).
/// n = 0 leaves everything null; n = 1 gives the mean only. <see cref="UndefinedReason"/> says what is missing.
/// </summary>
public sealed record MeanEstimate
{
    private MeanEstimate(long n, double? mean, double? variance, ConfidenceInterval? interval, string? undefinedReason)
    {
        N = n;
        Mean = mean;
        Variance = variance;
        StandardDeviation = variance is { } v ? Math.Sqrt(v) : null;
        StandardError = variance is { } w ? Math.Sqrt(w / n) : null;
        DegreesOfFreedom = variance is not null ? n - 1 : null;
        Interval = interval;
        UndefinedReason = undefinedReason;
    }

    /// <summary>Units behind the mean.</summary>
    public long N { get; }

    /// <summary>The sample mean, or null when n = 0.</summary>
    public double? Mean { get; }

    /// <summary>The sample variance s² (divisor n − 1), or null when n &lt; 2.</summary>
    public double? Variance { get; }

    /// <summary>The sample standard deviation s, or null when n &lt; 2.</summary>
    public double? StandardDeviation { get; }

    /// <summary>The standard error: s/√n, or the cluster-robust one when clustered; null when undefined.</summary>
    public double? StandardError { get; private init; }

    /// <summary>mean ± t_{1−α/2, df}·SE, or null when undefined.</summary>
    public ConfidenceInterval? Interval { get; private init; }

    /// <summary>Null when every part is defined; otherwise one of <see cref="UndefinedReasons"/>.</summary>
    public string? UndefinedReason { get; private init; }

    /// <summary>Degrees of freedom of the interval: n − 1, or G − 1 when clustered; null when undefined.</summary>
    public long? DegreesOfFreedom { get; private init; }

    /// <summary>Clusters (customers) with a value, when the variance is cluster-robust; null for independent units.</summary>
    public long? Clusters { get; private init; }

    /// <summary>V_cluster / (s²/n), when clustered and s² &gt; 0; null otherwise.</summary>
    public double? DesignEffect { get; private init; }

    /// <summary>
    /// The mean of units in clusters (customers) as a ratio mean Σsᵍ/Σmᵍ with the cluster-robust standard
    /// error √(G/(G − 1)·Σ(sᵍ − mean·mᵍ)²)/N (<see cref="ClusterVariance.OfMean"/>) and a Student t
    /// interval on G − 1 degrees of freedom. With one cluster (G = 1) the interval is null: nothing
    /// measures the spread between customers.
    /// </summary>
    /// <param name="n">Units with a value.</param>
    /// <param name="mean">The mean; required when n ≥ 1.</param>
    /// <param name="sampleVariance">The units' s² (divisor n − 1), for the design effect; required when n ≥ 2.</param>
    /// <param name="clusters">G, clusters with a value.</param>
    /// <param name="residualSquares">Σᵍ(sᵍ − mean·mᵍ)², computed centred.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, missing or not finite.</exception>
    public static MeanEstimate Clustered(long n, double? mean, double? sampleVariance, long clusters, double residualSquares, double level = 0.95)
    {
        var iid = FromMeanAndVariance(n, mean, sampleVariance, level);
        if (iid.Mean is not { } m || iid.Variance is not { } s2)
        {
            return iid with { Clusters = clusters };
        }

        if (ClusterVariance.OfMean(n, clusters, residualSquares) is not { } variance)
        {
            return iid with { Clusters = clusters, StandardError = null, DegreesOfFreedom = null, Interval = null, UndefinedReason = UndefinedReasons.SingleCluster };
        }

        var standardError = Math.Sqrt(variance);
        var t = StudentTDistribution.TwoSidedMultiplier(level, clusters - 1);
        return iid with
        {
            StandardError = standardError,
            DegreesOfFreedom = clusters - 1,
            Interval = ConfidenceInterval.Symmetric(m, t * standardError, level),
            Clusters = clusters,
            DesignEffect = s2 > 0.0 ? variance / (s2 / n) : null,
        };
    }

    /// <summary>
    /// From the SQL aggregates count, sum and sum of squares: mean = Σx/n and
    /// s² = (Σx² − (Σx)²/n)/(n − 1).
    /// </summary>
    /// <remarks>
    /// Cancellation caveat: the textbook one-pass formula subtracts two nearly equal numbers when the mean
    /// is large relative to the spread; its relative error is about ε·(1 + mean²/s²)·n/(n − 1) with
    /// ε ≈ 1.1e-16 (Chan, Golub &amp; LeVeque 1983). For a handle time of 300 s ± 1 s that is already ~1e-11;
    /// for timestamps in seconds it is useless. A tiny negative result from rounding is clamped to 0. When
    /// the warehouse can compute them (avg and var_samp in DuckDB, PostgreSQL and T-SQL use stable
    /// algorithms), prefer <see cref="FromMeanAndVariance"/>.
    /// </remarks>
    /// <param name="n">Units, at least 0.</param>
    /// <param name="sum">Σx, finite.</param>
    /// <param name="sumOfSquares">Σx², finite and at least 0.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range or not finite.</exception>
    public static MeanEstimate FromMoments(long n, double sum, double sumOfSquares, double level = 0.95)
    {
        Guard.Count(n, nameof(n));
        Guard.Finite(sum, nameof(sum));
        Guard.Finite(sumOfSquares, nameof(sumOfSquares));
        if (sumOfSquares < 0.0)
        {
            throw new ArgumentOutOfRangeException(nameof(sumOfSquares), sumOfSquares, StatisticsErrorMessages.NegativeVariance);
        }

        Guard.Level(level);
        if (n == 0)
        {
            return Create(0, null, null, level);
        }

        var mean = sum / n;
        if (n == 1)
        {
            return Create(1, mean, null, level);
        }

        // Σx² − mean·Σx equals Σ(x − mean)² in exact arithmetic; see the remarks for its rounding.
        var variance = Math.Max(0.0, (sumOfSquares - (mean * sum)) / (n - 1));
        return Create(n, mean, variance, level);
    }

    /// <summary>
    /// From a mean and sample variance computed stably upstream (SQL avg and var_samp). SQL returns NULL
    /// for them below one and two rows; pass those nulls through.
    /// </summary>
    /// <param name="n">Units, at least 0.</param>
    /// <param name="mean">The mean; required (finite) when n ≥ 1, ignored when n = 0.</param>
    /// <param name="sampleVariance">s² with divisor n − 1; required (finite, ≥ 0) when n ≥ 2, ignored otherwise.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, missing or not finite.</exception>
    public static MeanEstimate FromMeanAndVariance(long n, double? mean, double? sampleVariance, double level = 0.95)
    {
        Guard.Count(n, nameof(n));
        Guard.Level(level);
        if (n == 0)
        {
            return Create(0, null, null, level);
        }

        if (mean is not { } m)
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, StatisticsErrorMessages.MeanRequired);
        }

        Guard.Finite(m, nameof(mean));
        if (n == 1)
        {
            return Create(1, m, null, level);
        }

        if (sampleVariance is not { } v)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleVariance), sampleVariance, StatisticsErrorMessages.VarianceRequired);
        }

        Guard.Finite(v, nameof(sampleVariance));
        if (v < 0.0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleVariance), v, StatisticsErrorMessages.NegativeVariance);
        }

        return Create(n, m, v, level);
    }

    private static MeanEstimate Create(long n, double? mean, double? variance, double level)
    {
        if (mean is null)
        {
            return new MeanEstimate(n, null, null, null, UndefinedReasons.NoUnits);
        }

        if (variance is not { } v)
        {
            return new MeanEstimate(n, mean, null, null, UndefinedReasons.SingleUnit);
        }

        var t = StudentTDistribution.TwoSidedMultiplier(level, n - 1);
        var interval = ConfidenceInterval.Symmetric(mean.Value, t * Math.Sqrt(v / n), level);
        return new MeanEstimate(n, mean, v, interval, null);
    }
}
