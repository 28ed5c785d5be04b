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

    /// <summary>The standard error s/√n, or null when n &lt; 2.</summary>
    public double? StandardError { get; }

    /// <summary>mean ± t_{1−α/2, n−1}·s/√n, or null when n &lt; 2.</summary>
    public ConfidenceInterval? Interval { get; }

    /// <summary>Null when every part is defined; otherwise one of <see cref="UndefinedReasons"/>.</summary>
    public string? UndefinedReason { get; }

    /// <summary>Degrees of freedom of the interval, n − 1, or null when n &lt; 2.</summary>
    public long? DegreesOfFreedom => N >= 2 ? N - 1 : null;

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
