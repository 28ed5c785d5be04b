namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// A net share such as NPS: scale·(p⁺ − p⁻) with its multinomial standard error and normal interval.
/// Null parts and <see cref="UnitShareEstimate.UndefinedReason"/> when n = 0.
/// </summary>
/// <param name="Positives">Units in the positive class (promoters).</param>
/// <param name="Negatives">Units in the negative class (detractors).</param>
/// <param name="N">All responding units (including passives).</param>
/// <param name="Scale">100 for NPS points, 1 for a fraction.</param>
/// <param name="Value">scale·(p⁺ − p⁻), or null when n = 0.</param>
/// <param name="StandardError">scale·√((p⁺ + p⁻ − (p⁺ − p⁻)²)/n), or null when n = 0.</param>
/// <param name="Interval">Value ± z·SE clamped to [−scale, scale], or null when n = 0.</param>
/// <param name="UndefinedReason">Null when defined; otherwise one of <see cref="UndefinedReasons"/>.</param>
public sealed record NetShareEstimate(
    long Positives,
    long Negatives,
    long N,
    double Scale,
    double? Value,
    double? StandardError,
    ConfidenceInterval? Interval,
    string? UndefinedReason) : UnitShareEstimate(Value, StandardError, Interval, UndefinedReason);

/// <summary>Net shares (NPS and other top-minus-bottom box scores).</summary>
public static class NetShare
{
    /// <summary>
    /// NPS-style net share with the multinomial variance of a difference of two cell shares,
    /// Var(p⁺ − p⁻) = (p⁺(1 − p⁺) + p⁻(1 − p⁻) + 2p⁺p⁻)/n = (p⁺ + p⁻ − (p⁺ − p⁻)²)/n
    /// (from the multinomial covariance Cov(p̂ᵢ, p̂ⱼ) = −pᵢpⱼ/n; Agresti, Categorical Data Analysis), and the
    /// normal (Wald) interval.
    /// </summary>
    /// <remarks>
    /// The Wald interval collapses to a point when every response is in one class and under-covers for
    /// small n; the cell's minimum size (see <see cref="CellPolicy"/>) is the guard. For a top-box share
    /// (negatives = 0) this still works, but <see cref="Proportion.Wilson"/> is the better interval.
    /// </remarks>
    /// <param name="positives">Positive units, at least 0.</param>
    /// <param name="negatives">Negative units, at least 0.</param>
    /// <param name="n">All units; positives + negatives ≤ n.</param>
    /// <param name="scale">Positive finite scale (100 for NPS).</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static NetShareEstimate Estimate(long positives, long negatives, long n, double scale = 100, double level = 0.95)
    {
        Guard.Count(positives, nameof(positives));
        Guard.Count(negatives, nameof(negatives));
        Guard.Count(n, nameof(n));
        if (positives > n - negatives)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, StatisticsErrorMessages.NetShareCountsExceedTotal);
        }

        if (!(scale > 0.0 && double.IsFinite(scale)))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, StatisticsErrorMessages.ScaleNotPositive);
        }

        Guard.Level(level);
        if (n == 0)
        {
            return new NetShareEstimate(positives, negatives, n, scale, null, null, null, UndefinedReasons.NoUnits);
        }

        var total = (double)n;
        var pPlus = positives / total;
        var pMinus = negatives / total;
        var net = pPlus - pMinus;
        var variance = Math.Max(0.0, (pPlus + pMinus - (net * net)) / total);
        var value = scale * net;
        var standardError = scale * Math.Sqrt(variance);
        var z = NormalDistribution.TwoSidedMultiplier(level);
        var interval = ConfidenceInterval.Symmetric(value, z * standardError, level, -scale, scale);
        return new NetShareEstimate(positives, negatives, n, scale, value, standardError, interval, null);
    }

    /// <summary>
    /// The net share over units in clusters (customers): each unit scores +1 (positive), −1 (negative) or
    /// 0, and the net share is the ratio mean Σdᵍ/N with the linearization variance
    /// V = G/(G − 1)·Σ(dᵍ − net·nᵍ)²/N² (<see cref="ClusterVariance.OfRatio"/>); the interval is normal
    /// with SE = scale·√V. When V cannot inform (every unit in one class, or G = 1) the multinomial
    /// variance is inflated by the worst-case design effect Σnᵍ²/N.
    /// </summary>
    /// <param name="positives">Positive units.</param>
    /// <param name="negatives">Negative units.</param>
    /// <param name="clusters">The cluster sums of units and of dᵍ = positivesᵍ − negativesᵍ.</param>
    /// <param name="scale">Positive finite scale (100 for NPS).</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, or the cluster total is not positives − negatives.</exception>
    public static NetShareEstimate Clustered(long positives, long negatives, ClusterCounts clusters, double scale = 100, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var iid = Estimate(positives, negatives, clusters.Units, scale, level);
        if (clusters.Total != positives - negatives)
        {
            throw new ArgumentOutOfRangeException(nameof(clusters), clusters.Total, StatisticsErrorMessages.ClusterTotalMismatch);
        }

        if (iid.StandardError is not { } iidError)
        {
            return iid with { Clusters = clusters.Clusters };
        }

        var iidVariance = iidError / scale * (iidError / scale);
        var (variance, designEffect) = iidVariance > 0.0 && ClusterVariance.OfRatio(clusters) is { } v
            ? (v, v / iidVariance)
            : (iidVariance * clusters.WorstCaseDesignEffect, clusters.WorstCaseDesignEffect);
        var standardError = scale * Math.Sqrt(variance);
        var z = NormalDistribution.TwoSidedMultiplier(level);
        return iid with
        {
            StandardError = standardError,
            Interval = ConfidenceInterval.Symmetric(iid.Value!.Value, z * standardError, level, -scale, scale),
            Clusters = clusters.Clusters,
            DesignEffect = designEffect,
        };
    }
}
