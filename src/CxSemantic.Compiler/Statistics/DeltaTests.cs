namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// A comparison of a value with its baseline (previous period, baseline window, other cohort):
/// <see cref="Value"/> = current − baseline, its interval and a two-sided p-value. Whether it is
/// significant is decided across all rows of a result by <see cref="BenjaminiHochberg"/>.
/// </summary>
/// <param name="Value">The difference, current − baseline.</param>
/// <param name="Interval">Its confidence interval.</param>
/// <param name="PValue">Two-sided p-value of "no difference".</param>
/// <param name="StandardError">The standard error used, when the method has one (not for Newcombe's interval).</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom, for comparisons of means.</param>
public sealed record DeltaEstimate(
    double Value,
    ConfidenceInterval? Interval,
    double? PValue,
    double? StandardError = null,
    double? DegreesOfFreedom = null);

/// <summary>
/// Tests of a difference between two independent groups. Each returns null when either side has no
/// estimate to compare (n = 0, or fewer than two units for a mean): a missing delta, never NaN.
/// </summary>
public static class DeltaTests
{
    /// <summary>
    /// p₁ − p₂ for x₁/n₁ versus x₂/n₂. Interval: Newcombe (1998, Stat Med 17:873) method 10, the hybrid
    /// score interval built from the two Wilson intervals (l₁,u₁), (l₂,u₂):
    /// [δ − √((p₁ − l₁)² + (u₂ − p₂)²), δ + √((u₁ − p₁)² + (p₂ − l₂)²)]. p-value: the pooled two-proportion
    /// z-test (equivalent to Pearson's χ² on the 2×2 table without continuity correction). When both groups
    /// are all successes or all failures the pooled SE is 0 and the difference 0, so the p-value is 1.
    /// </summary>
    /// <param name="successes1">x₁ (current).</param>
    /// <param name="n1">n₁.</param>
    /// <param name="successes2">x₂ (baseline).</param>
    /// <param name="n2">n₂.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range or the level outside (0, 1).</exception>
    public static DeltaEstimate? TwoProportions(long successes1, long n1, long successes2, long n2, double level = 0.95)
    {
        var first = Proportion.Wilson(successes1, n1, level);
        var second = Proportion.Wilson(successes2, n2, level);
        if (first is not { Value: { } p1, Interval: { } ci1 } || second is not { Value: { } p2, Interval: { } ci2 })
        {
            return null;
        }

        var delta = p1 - p2;
        var low = delta - Hypot(p1 - ci1.Low, ci2.High - p2);
        var high = delta + Hypot(ci1.High - p1, p2 - ci2.Low);
        var interval = new ConfidenceInterval(Math.Max(-1.0, low), Math.Min(1.0, high), level);

        var pooled = (double)(successes1 + successes2) / (n1 + n2);
        var pooledSe = Math.Sqrt(pooled * (1.0 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        var pValue = pooledSe > 0.0 ? NormalDistribution.TwoSidedPValue(delta / pooledSe) : 1.0;
        return new DeltaEstimate(delta, interval, pValue);
    }

    /// <summary>
    /// p₁ − p₂ for two share estimates. Independent units: <see cref="TwoProportions(long, long, long, long, double)"/>.
    /// Clustered (customers): Newcombe's hybrid interval built from the two estimates' own intervals
    /// (Wilson on the effective n), and the pooled z-test with each side's units replaced by its
    /// effective n: z = δ / √(p̄(1 − p̄)(1/n_eff,1 + 1/n_eff,2)), p̄ = (x₁ + x₂)/(n₁ + n₂). With design
    /// effects of 1 both reduce to the independent test; unlike a Wald test on V₁ + V₂ it stays defined
    /// when a side is all successes or all failures.
    /// </summary>
    /// <param name="current">The current share.</param>
    /// <param name="baseline">The baseline share.</param>
    /// <param name="level">Confidence level in (0, 1) (clustered estimates use their own intervals' level).</param>
    public static DeltaEstimate? TwoProportions(ProportionEstimate current, ProportionEstimate baseline, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(baseline);
        if (current.EffectiveN is null && baseline.EffectiveN is null)
        {
            return TwoProportions(current.Successes, current.N, baseline.Successes, baseline.N, level);
        }

        if (current is not { Value: { } p1, Interval: { } ci1 } || baseline is not { Value: { } p2, Interval: { } ci2 })
        {
            return null;
        }

        var delta = p1 - p2;
        var low = delta - Hypot(p1 - ci1.Low, ci2.High - p2);
        var high = delta + Hypot(ci1.High - p1, p2 - ci2.Low);
        var interval = new ConfidenceInterval(Math.Max(-1.0, low), Math.Min(1.0, high), ci1.Level);
        var pooled = (double)(current.Successes + baseline.Successes) / (current.N + baseline.N);
        var pooledSe = Math.Sqrt(pooled * (1.0 - pooled) * ((1.0 / (current.EffectiveN ?? current.N)) + (1.0 / (baseline.EffectiveN ?? baseline.N))));
        var pValue = pooledSe > 0.0 ? NormalDistribution.TwoSidedPValue(delta / pooledSe) : 1.0;
        return new DeltaEstimate(delta, interval, pValue);
    }

    /// <summary>
    /// mean_a − mean_b by Welch's (1947) unequal-variance t procedure: SE = √(s²_a/n_a + s²_b/n_b) (for
    /// clustered means the squares of their cluster-robust SEs, with G − 1 in place of n − 1 below),
    /// Welch–Satterthwaite ν = SE⁴ / ((s²_a/n_a)²/(n_a − 1) + (s²_b/n_b)²/(n_b − 1)), interval
    /// δ ± t_{1−α/2, ν}·SE and p-value from Student t with ν degrees of freedom. If both variances are 0
    /// the difference is known exactly: a point interval and p = 1 when it is 0, else p = 0.
    /// </summary>
    /// <param name="current">The current group.</param>
    /// <param name="baseline">The baseline group.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    public static DeltaEstimate? WelchMeans(MeanEstimate current, MeanEstimate baseline, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(baseline);
        Guard.Level(level);
        if (current is not { Mean: { } meanA, Variance: { } varianceA } || baseline is not { Mean: { } meanB, Variance: { } varianceB })
        {
            return null;
        }

        // Clustered means bring their cluster-robust SE and G − 1 degrees of freedom (Satterthwaite over those).
        if (current.StandardError is not { } seA || baseline.StandardError is not { } seB)
        {
            return null;
        }

        var delta = meanA - meanB;
        var a = current.Clusters is null ? varianceA / current.N : seA * seA;
        var b = baseline.Clusters is null ? varianceB / baseline.N : seB * seB;
        var dfA = (double)(current.DegreesOfFreedom ?? (current.N - 1));
        var dfB = (double)(baseline.DegreesOfFreedom ?? (baseline.N - 1));
        var sum = a + b;
        if (!(sum > 0.0))
        {
            return new DeltaEstimate(delta, new ConfidenceInterval(delta, delta, level), delta == 0.0 ? 1.0 : 0.0, 0.0);
        }

        // Shares of the variance keep ν free of overflow and underflow.
        var shareA = a / sum;
        var shareB = b / sum;
        var degreesOfFreedom = 1.0 / ((shareA * shareA / dfA) + (shareB * shareB / dfB));
        var standardError = Math.Sqrt(sum);
        var t = StudentTDistribution.TwoSidedMultiplier(level, degreesOfFreedom);
        var interval = ConfidenceInterval.Symmetric(delta, t * standardError, level);
        var pValue = StudentTDistribution.TwoSidedPValue(delta / standardError, degreesOfFreedom);
        return new DeltaEstimate(delta, interval, pValue, standardError, degreesOfFreedom);
    }

    /// <summary>
    /// A − B for two independent, approximately normal estimates (NPS, kappa, any value with a standard
    /// error): SE = √(SE_a² + SE_b²), interval δ ± z·SE, p-value 2(1 − Φ(|δ|/SE)). With SE = 0 the interval
    /// is a point and p is 1 for δ = 0, else 0.
    /// </summary>
    /// <param name="estimateA">Current value.</param>
    /// <param name="standardErrorA">Its standard error, ≥ 0.</param>
    /// <param name="estimateB">Baseline value.</param>
    /// <param name="standardErrorB">Its standard error, ≥ 0.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite, an SE negative, or the level outside (0, 1).</exception>
    public static DeltaEstimate Normal(double estimateA, double standardErrorA, double estimateB, double standardErrorB, double level = 0.95)
    {
        Guard.Finite(estimateA, nameof(estimateA));
        Guard.Finite(estimateB, nameof(estimateB));
        Guard.StandardError(standardErrorA, nameof(standardErrorA));
        Guard.StandardError(standardErrorB, nameof(standardErrorB));
        Guard.Level(level);
        var delta = estimateA - estimateB;
        var standardError = Hypot(standardErrorA, standardErrorB);
        if (!(standardError > 0.0))
        {
            return new DeltaEstimate(delta, new ConfidenceInterval(delta, delta, level), delta == 0.0 ? 1.0 : 0.0, 0.0);
        }

        var z = NormalDistribution.TwoSidedMultiplier(level);
        var interval = ConfidenceInterval.Symmetric(delta, z * standardError, level);
        return new DeltaEstimate(delta, interval, NormalDistribution.TwoSidedPValue(delta / standardError), standardError);
    }

    /// <summary>Difference of two net shares (NPS) by <see cref="Normal"/>; null when either is undefined.</summary>
    /// <param name="current">Current net share.</param>
    /// <param name="baseline">Baseline net share (same scale).</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    public static DeltaEstimate? NetShares(NetShareEstimate current, NetShareEstimate baseline, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(baseline);
        return NormalWhenDefined((current.Value, current.StandardError), (baseline.Value, baseline.StandardError), level);
    }

    /// <summary>Difference of two kappas (independent samples) by <see cref="Normal"/>; null when either is undefined.</summary>
    /// <param name="current">Current kappa.</param>
    /// <param name="baseline">Baseline kappa.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    public static DeltaEstimate? Kappas(KappaEstimate current, KappaEstimate baseline, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(baseline);
        return NormalWhenDefined((current.Kappa, current.StandardError), (baseline.Kappa, baseline.StandardError), level);
    }

    /// <summary><see cref="Normal"/> when both estimates and their standard errors exist; null otherwise.</summary>
    private static DeltaEstimate? NormalWhenDefined((double? Value, double? StandardError) current, (double? Value, double? StandardError) baseline, double level) =>
        current is ({ } a, { } seA) && baseline is ({ } b, { } seB) ? Normal(a, seA, b, seB, level) : null;

    /// <summary>
    /// The mean of paired differences d = current − reference over n pairs (the same units measured
    /// twice): the one-sample t procedure on d, SE = s_d/√n, interval d̄ ± t_{1−α/2, n−1}·SE and p-value from
    /// Student t with n − 1 degrees of freedom. For 0/1 values (a share of units measured twice) this is the
    /// large-sample form of McNemar's test: n·d̄ is the difference of the discordant pairs. With s_d = 0 the
    /// difference is known exactly: a point interval and p = 1 when it is 0, else p = 0. Null when fewer than
    /// two pairs.
    /// </summary>
    /// <param name="differences">The paired differences' mean estimate (n = pairs).</param>
    public static DeltaEstimate? PairedMeans(MeanEstimate differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        if (differences is not { Mean: { } mean, Variance: { } variance, Interval: { } interval, DegreesOfFreedom: { } degreesOfFreedom })
        {
            return null;
        }

        var standardError = Math.Sqrt(variance / differences.N);
        if (!(standardError > 0.0))
        {
            return new DeltaEstimate(mean, new ConfidenceInterval(mean, mean, interval.Level), mean == 0.0 ? 1.0 : 0.0, 0.0, degreesOfFreedom);
        }

        var pValue = StudentTDistribution.TwoSidedPValue(mean / standardError, degreesOfFreedom);
        return new DeltaEstimate(mean, interval, pValue, standardError, degreesOfFreedom);
    }

    /// <summary>√(x² + y²) without intermediate overflow.</summary>
    private static double Hypot(double x, double y)
    {
        x = Math.Abs(x);
        y = Math.Abs(y);
        var max = Math.Max(x, y);
        if (max == 0.0)
        {
            return 0.0;
        }

        var min = Math.Min(x, y) / max;
        return max * Math.Sqrt(1.0 + (min * min));
    }
}
