using System.Numerics;

namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// Per-cell sums over clusters (customers) of a count outcome: each cluster g has nᵍ units and an
/// integer total yᵍ (successes, or promoters − detractors). Everything a cluster-robust variance of the
/// ratio Y/N needs, as exact integers (the SQL sums integers, so nothing is lost to rounding).
/// </summary>
/// <param name="Units">N = Σnᵍ.</param>
/// <param name="Total">Y = Σyᵍ.</param>
/// <param name="Clusters">G, clusters with at least one unit.</param>
/// <param name="UnitsSquared">Σnᵍ².</param>
/// <param name="TotalsSquared">Σyᵍ².</param>
/// <param name="UnitsTimesTotals">Σnᵍyᵍ.</param>
public sealed record ClusterCounts(long Units, long Total, long Clusters, BigInteger UnitsSquared, BigInteger TotalsSquared, BigInteger UnitsTimesTotals)
{
    /// <summary>The sums of the given clusters (a reference computation; the SQL computes the same).</summary>
    /// <param name="clusters">(nᵍ, yᵍ) per cluster; clusters with nᵍ = 0 are not counted in G.</param>
    public static ClusterCounts FromClusters(IEnumerable<(long Units, long Total)> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        long n = 0, y = 0, g = 0;
        BigInteger nn = 0, yy = 0, ny = 0;
        foreach (var (units, total) in clusters)
        {
            Guard.Count(units, nameof(clusters));
            n = checked(n + units);
            y = checked(y + total);
            g += units > 0 ? 1 : 0;
            nn += (BigInteger)units * units;
            yy += (BigInteger)total * total;
            ny += (BigInteger)units * total;
        }

        return new ClusterCounts(n, y, g, nn, yy, ny);
    }

    /// <summary>
    /// The largest design effect these cluster sizes allow, Σnᵍ²/N: the one of outcomes identical within
    /// every cluster (intra-cluster correlation 1). Used when the variance cannot be estimated from the
    /// outcomes (a share of 0 or 1, or a single cluster): a conservative choice, never an optimistic one.
    /// </summary>
    public double WorstCaseDesignEffect => Units == 0 ? 1.0 : Math.Max(1.0, (double)UnitsSquared / Units);
}

/// <summary>
/// Cluster-robust (sandwich, Taylor linearization) variances of ratio estimators when units come in
/// clusters (contacts of one customer are not independent). For r̂ = Σyᵍ/Σnᵍ over G clusters:
/// V(r̂) = G/(G − 1) · Σᵍ (yᵍ − r̂·nᵍ)² / N² (the CR1 small-sample factor of Liang &amp; Zeger 1986;
/// Cochran 1977, §6.11 for the ratio estimator). With one unit per cluster it is the iid variance
/// times G/(G − 1).
/// </summary>
public static class ClusterVariance
{
    /// <summary>
    /// V(Y/N) for integer outcomes, from <paramref name="counts"/>; null when G &lt; 2 (the variance
    /// between clusters needs two) or N = 0. The residual sum is computed exactly:
    /// N²·Σ(yᵍ − (Y/N)nᵍ)² = N²Σyᵍ² − 2NYΣnᵍyᵍ + Y²Σnᵍ², in integers, then divided once.
    /// </summary>
    /// <param name="counts">The cluster sums.</param>
    public static double? OfRatio(ClusterCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Clusters < 2 || counts.Units == 0)
        {
            return null;
        }

        BigInteger n = counts.Units;
        BigInteger y = counts.Total;
        var scaledResiduals = (n * n * counts.TotalsSquared) - (2 * n * y * counts.UnitsTimesTotals) + (y * y * counts.UnitsSquared);
        var g = (double)counts.Clusters;
        var n2 = (double)counts.Units * counts.Units;
        return g / (g - 1.0) * ((double)BigInteger.Max(scaledResiduals, BigInteger.Zero) / n2 / n2);
    }

    /// <summary>
    /// V(mean) of a ratio mean Σsᵍ/Σmᵍ from the sum of the clusters' squared residual totals
    /// Σ(sᵍ − mean·mᵍ)²; null when G &lt; 2 or N = 0.
    /// </summary>
    /// <param name="units">N = Σmᵍ, units with a value.</param>
    /// <param name="clusters">G, clusters with at least one value.</param>
    /// <param name="residualSquares">Σᵍ(sᵍ − mean·mᵍ)², at least 0.</param>
    public static double? OfMean(long units, long clusters, double residualSquares)
    {
        Guard.Count(units, nameof(units));
        Guard.Count(clusters, nameof(clusters));
        Guard.Finite(residualSquares, nameof(residualSquares));
        if (clusters < 2 || units == 0)
        {
            return null;
        }

        var n = (double)units;
        return clusters / (clusters - 1.0) * Math.Max(0.0, residualSquares) / n / n;
    }
}
