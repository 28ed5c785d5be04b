namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// A share of units (successes / n) with its Wilson score interval. When <see cref="N"/> is 0 the value,
/// standard error and interval are null and <see cref="UnitShareEstimate.UndefinedReason"/> says why.
/// </summary>
/// <param name="Successes">Units counted in the numerator.</param>
/// <param name="N">Units in the denominator.</param>
/// <param name="Value">p̂ = successes / n, or null when n = 0.</param>
/// <param name="StandardError">√(p̂(1 − p̂)/n), the plug-in (Wald) standard error, for normal-theory comparisons.</param>
/// <param name="Interval">Wilson score interval, or null when n = 0.</param>
/// <param name="UndefinedReason">Null when defined; otherwise one of <see cref="UndefinedReasons"/>.</param>
public sealed record ProportionEstimate(
    long Successes,
    long N,
    double? Value,
    double? StandardError,
    ConfidenceInterval? Interval,
    string? UndefinedReason) : UnitShareEstimate(Value, StandardError, Interval, UndefinedReason)
{
    /// <summary>
    /// The number of independent units carrying the same information, p̂(1 − p̂)/V_cluster capped at n
    /// (the interval is Wilson's on it); null for independent units (then it is n).
    /// </summary>
    public double? EffectiveN { get; init; }
}

/// <summary>Estimators for a proportion of units.</summary>
public static class Proportion
{
    /// <summary>
    /// p̂ = x/n with the Wilson (1927) score interval, the interval recommended for binomial proportions
    /// by Newcombe (1998, Stat Med 17:857, method 3) and Brown, Cai &amp; DasGupta (2001): it stays within
    /// [0, 1], is never degenerate at x = 0 or x = n, and covers close to nominally for small n.
    /// </summary>
    /// <remarks>
    /// The bounds are computed in the rearranged form low = 2x² / (n(2x + z² + z√D)) with
    /// D = z² + 4x(n − x)/n, and high = 1 − the same expression for n − x; algebraically equal to
    /// (2x + z² ∓ z√D) / (2(n + z²)) but free of cancellation, so low is exactly 0 at x = 0 and high exactly
    /// 1 at x = n.
    /// </remarks>
    /// <param name="successes">x, in [0, n].</param>
    /// <param name="n">Units, at least 0.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0, x outside [0, n], or level outside (0, 1).</exception>
    public static ProportionEstimate Wilson(long successes, long n, double level = 0.95)
    {
        Guard.Count(n, nameof(n));
        if (successes < 0 || successes > n)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, StatisticsErrorMessages.SuccessesExceedTotal);
        }

        Guard.Level(level);
        if (n == 0)
        {
            return new ProportionEstimate(successes, n, null, null, null, UndefinedReasons.NoUnits);
        }

        var z = NormalDistribution.TwoSidedMultiplier(level);
        var p = (double)successes / n;
        var interval = WilsonInterval(successes, n, z, level);
        var standardError = Math.Sqrt(p * (1.0 - p) / n);
        return new ProportionEstimate(successes, n, p, standardError, interval, null);
    }

    /// <summary>
    /// p̂ = x/n over units in clusters (customers), with the Wilson interval on the effective n:
    /// V = G/(G − 1)·Σ(yᵍ − p̂nᵍ)²/N² (<see cref="ClusterVariance.OfRatio"/>), n_eff = p̂(1 − p̂)/V capped
    /// at n, the interval Wilson's for p̂ with n_eff units (Korn &amp; Graubard 1998's design-effect
    /// adjusted Wilson). When V cannot inform (p̂ = 0 or 1, or G = 1) the design effect is the worst case
    /// for the cluster sizes, Σnᵍ²/N (<see cref="ClusterCounts.WorstCaseDesignEffect"/>), and n_eff = n/deff.
    /// </summary>
    /// <param name="clusters">The cluster sums; their units and total are n and x.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">x outside [0, n], or level outside (0, 1).</exception>
    public static ProportionEstimate Clustered(ClusterCounts clusters, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var iid = Wilson(clusters.Total, clusters.Units, level);
        if (iid.Value is not { } p)
        {
            return iid with { Clusters = clusters.Clusters };
        }

        var n = (double)clusters.Units;
        var iidVariance = p * (1.0 - p) / n;
        double designEffect, effectiveN;
        if (iidVariance > 0.0 && ClusterVariance.OfRatio(clusters) is { } variance)
        {
            designEffect = variance / iidVariance;
            effectiveN = variance > 0.0 ? Math.Min(n, p * (1.0 - p) / variance) : n;
        }
        else
        {
            designEffect = clusters.WorstCaseDesignEffect;
            effectiveN = n / designEffect;
        }

        var z = NormalDistribution.TwoSidedMultiplier(level);
        return iid with
        {
            StandardError = Math.Sqrt(p * (1.0 - p) / effectiveN),
            Interval = WilsonInterval(p * effectiveN, effectiveN, z, level),
            Clusters = clusters.Clusters,
            DesignEffect = designEffect,
            EffectiveN = effectiveN,
        };
    }

    /// <summary>Wilson bounds for n &gt; 0 with a precomputed multiplier z.</summary>
    internal static ConfidenceInterval WilsonInterval(long successes, long n, double z, double level) => WilsonInterval((double)successes, n, z, level);

    /// <summary>Wilson bounds for x successes in a (possibly effective, non-integer) n &gt; 0.</summary>
    internal static ConfidenceInterval WilsonInterval(double successes, double n, double z, double level)
    {
        var x = successes;
        var total = n;
        var failures = total - x;
        var z2 = z * z;
        var root = z * Math.Sqrt(z2 + (4.0 * x * failures / total));
        var low = 2.0 * x * x / (total * ((2.0 * x) + z2 + root));
        var high = 1.0 - (2.0 * failures * failures / (total * ((2.0 * failures) + z2 + root)));

        // Rounding must never push p̂ outside its own interval.
        var p = x / total;
        return new ConfidenceInterval(Math.Clamp(Math.Min(low, p), 0.0, 1.0), Math.Clamp(Math.Max(high, p), 0.0, 1.0), level);
    }
}
