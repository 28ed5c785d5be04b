using CxSemantic.Compiler.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.Compiler.Tests.Statistics;

/// <summary>
/// Cluster-robust (sandwich) variances: hand-computed cells written out cluster by cluster, and invariants
/// over random clusters. The expected values are computed here from the textbook formulas, not by the code
/// under test.
/// </summary>
public class ClusterVarianceTests
{
    private const double Z95 = 1.959963984540054;
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    /// <summary>V = G/(G − 1)·Σ(yᵍ − r·nᵍ)²/N², straight from the definition in doubles.</summary>
    private static double Sandwich(IReadOnlyList<(long N, long Y)> clusters)
    {
        double n = clusters.Sum(c => c.N), y = clusters.Sum(c => c.Y), g = clusters.Count(c => c.N > 0);
        var ratio = y / n;
        var residuals = clusters.Sum(c => Math.Pow(c.Y - (ratio * c.N), 2));
        return g / (g - 1) * residuals / (n * n);
    }

    /// <summary>The Wilson score interval in its textbook form (centre ± half-width over 1 + z²/n).</summary>
    private static (double Low, double High) TextbookWilson(double p, double n)
    {
        var z2 = Z95 * Z95;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = Z95 * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / (1 + (z2 / n));
        return (centre - half, centre + half);
    }

    [Fact]
    public void A_proportion_over_four_customers_matches_the_hand_computed_sandwich()
    {
        // Customers (units, successes): (3, 2), (1, 0), (2, 2), (4, 1). N = 10, Y = 5, p = 0.5.
        // Residuals yᵍ − p·nᵍ: 0.5, −0.5, 1, −1; their squares add to 2.5.
        // V = 4/3 · 2.5 / 100 = 1/30; V_iid = 0.25/10 = 0.025; deff = 4/3; n_eff = 0.25/(1/30) = 7.5.
        (long, long)[] clusters = [(3, 2), (1, 0), (2, 2), (4, 1)];
        var estimate = Proportion.Clustered(ClusterCounts.FromClusters(clusters));

        Approx.Equal(1.0 / 30, Sandwich(clusters));
        Approx.Equal(1.0 / 30, ClusterVariance.OfRatio(ClusterCounts.FromClusters(clusters)));
        Assert.Equal(0.5, estimate.Value);
        Assert.Equal(4L, estimate.Clusters);
        Approx.Equal(4.0 / 3, estimate.DesignEffect);
        Approx.Equal(7.5, estimate.EffectiveN);
        var (low, high) = TextbookWilson(0.5, 7.5);
        Approx.Equal(low, estimate.Interval!.Low, 1e-12);
        Approx.Equal(high, estimate.Interval.High, 1e-12);
        Approx.Equal(Math.Sqrt(1.0 / 30), estimate.StandardError);
    }

    [Fact]
    public void A_net_share_linearizes_scores_of_minus_one_zero_and_one()
    {
        // Customers: A 2 promoters + 1 detractor (n 3, d 1); B 1 passive (1, 0); C 2 detractors (2, −2);
        // D 2 promoters (2, 2). N = 8, 4 promoters, 3 detractors, net = 1/8 = 0.125.
        // Residuals dᵍ − 0.125·nᵍ: 0.625, −0.125, −2.25, 1.75 → squares 8.53125; V = 4/3·8.53125/64.
        // Multinomial V_iid = (4/8 + 3/8 − 0.125²)/8 = 0.107421875.
        var counts = ClusterCounts.FromClusters([(3, 1), (1, 0), (2, -2), (2, 2)]);
        var estimate = NetShare.Clustered(4, 3, counts, scale: 100);
        var variance = 4.0 / 3 * 8.53125 / 64;

        Approx.Equal(12.5, estimate.Value);
        Approx.Equal(100 * Math.Sqrt(variance), estimate.StandardError);
        Approx.Equal(variance / 0.107421875, estimate.DesignEffect);
        Approx.Equal(12.5 - (Z95 * 100 * Math.Sqrt(variance)), estimate.Interval!.Low, 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => NetShare.Clustered(4, 2, counts));
    }

    [Fact]
    public void A_mean_over_three_customers_uses_the_cluster_residuals_and_t_on_G_minus_1()
    {
        // Customers' values: {10, 12}, {20}, {14, 16, 18}. N = 6, mean 15.
        // Residual totals sᵍ − 15·mᵍ: −8, 5, 3 → squares 98; V = 3/2·98/36 = 4.0833…
        // Unit deviations −5, −3, 5, −1, 1, 3 → s² = 70/5 = 14, V_iid = 14/6; deff = 1.75.
        var estimate = MeanEstimate.Clustered(6, 15.0, 14.0, 3, 98.0);
        var se = Math.Sqrt(1.5 * 98 / 36);
        const double t2 = 4.302652729749464; // t(0.975, 2 df)

        Approx.Equal(se, estimate.StandardError);
        Assert.Equal(2L, estimate.DegreesOfFreedom);
        Assert.Equal(3L, estimate.Clusters);
        Approx.Equal(1.75, estimate.DesignEffect);
        Approx.Equal(15 - (t2 * se), estimate.Interval!.Low, 1e-10);
        Approx.Equal(15 + (t2 * se), estimate.Interval.High, 1e-10);
        Assert.Equal(14.0, estimate.Variance);
    }

    [Fact]
    public void One_customer_leaves_a_mean_without_interval_and_says_why()
    {
        var estimate = MeanEstimate.Clustered(4, 3.0, 2.0, 1, 0.0);
        Assert.Equal(3.0, estimate.Mean);
        Assert.Null(estimate.Interval);
        Assert.Null(estimate.StandardError);
        Assert.Equal(UndefinedReasons.SingleCluster, estimate.UndefinedReason);
        Assert.Null(DeltaTests.WelchMeans(estimate, MeanEstimate.FromMeanAndVariance(10, 2.0, 1.0)));
    }

    [Fact]
    public void A_share_of_zero_takes_the_worst_case_design_effect_of_its_cluster_sizes()
    {
        // Customers of 3, 1 and 2 units, no successes: deff = Σn²/N = 14/6, n_eff = 6/(14/6) = 18/7.
        var estimate = Proportion.Clustered(ClusterCounts.FromClusters([(3, 0), (1, 0), (2, 0)]));
        Approx.Equal(14.0 / 6, estimate.DesignEffect);
        Approx.Equal(18.0 / 7, estimate.EffectiveN);
        Assert.Equal(0.0, estimate.Interval!.Low);
        Approx.Equal(Z95 * Z95 / ((18.0 / 7) + (Z95 * Z95)), estimate.Interval.High, 1e-12);

        // One customer: nothing varies between customers, so the same worst case (n_eff = 1).
        var single = Proportion.Clustered(ClusterCounts.FromClusters([(5, 2)]));
        Approx.Equal(5.0, single.DesignEffect);
        Approx.Equal(1.0, single.EffectiveN);
    }

    [Fact]
    public void Clustered_shares_compare_with_effective_n_and_reduce_to_the_iid_test_at_design_effect_one()
    {
        // One unit per customer: n_eff = N − 1 … but the iid overload is used when neither side is clustered.
        var a = Proportion.Clustered(ClusterCounts.FromClusters([(4, 3), (4, 1), (2, 1), (5, 4)]));
        var b = Proportion.Clustered(ClusterCounts.FromClusters([(3, 0), (6, 2), (1, 1), (2, 0), (3, 1)]));
        var delta = DeltaTests.TwoProportions(a, b)!;
        var pooled = (9.0 + 4.0) / (15 + 15);
        var z = (a.Value!.Value - b.Value!.Value) / Math.Sqrt(pooled * (1 - pooled) * ((1 / a.EffectiveN!.Value) + (1 / b.EffectiveN!.Value)));
        Approx.Equal(2 * NormalDistribution.UpperTail(Math.Abs(z)), delta.PValue, 1e-12);
        Approx.Equal(a.Value.Value - b.Value.Value - Math.Sqrt(Math.Pow(a.Value.Value - a.Interval!.Low, 2) + Math.Pow(b.Interval!.High - b.Value.Value, 2)), delta.Interval!.Low, 1e-12);

        var iid = DeltaTests.TwoProportions(Proportion.Wilson(9, 15), Proportion.Wilson(4, 15))!;
        Assert.Equal(DeltaTests.TwoProportions(9, 15, 4, 15)!.PValue, iid.PValue);
    }

    [Fact]
    public void Clustered_means_compare_by_welch_with_satterthwaite_over_G_minus_1()
    {
        var a = MeanEstimate.Clustered(6, 15.0, 14.0, 3, 98.0);
        var b = MeanEstimate.Clustered(8, 12.0, 9.0, 5, 40.0);
        var va = 1.5 * 98 / 36;
        var vb = 1.25 * 40 / 64;
        var nu = Math.Pow(va + vb, 2) / ((va * va / 2) + (vb * vb / 4));
        var delta = DeltaTests.WelchMeans(a, b)!;
        Approx.Equal(nu, delta.DegreesOfFreedom, 1e-12);
        Approx.Equal(Math.Sqrt(va + vb), delta.StandardError, 1e-12);
        Approx.Equal(StudentTDistribution.TwoSidedPValue(3 / Math.Sqrt(va + vb), nu), delta.PValue, 1e-12);
    }

    [Fact]
    public void With_one_unit_per_customer_the_cluster_variance_is_the_iid_variance_times_G_over_G_minus_1()
    {
        var outcomes = Gen.Choose(0, 1).ListOf().Where(l => l.Count >= 2 && l.Distinct().Count() == 2);
        Prop.ForAll(Arb.From(outcomes), list =>
        {
            var clusters = list.Select(y => (1L, (long)y)).ToArray();
            var g = (double)clusters.Length;
            var p = list.Average();
            var estimate = Proportion.Clustered(ClusterCounts.FromClusters(clusters));
            var iid = p * (1 - p) / g;
            var variance = ClusterVariance.OfRatio(ClusterCounts.FromClusters(clusters))!.Value;
            return (Math.Abs(variance - (iid * g / (g - 1))) <= 1e-12 * iid
                    && Math.Abs(estimate.DesignEffect!.Value - (g / (g - 1))) <= 1e-12
                    && Math.Abs(variance - Sandwich(clusters)) <= 1e-12 * variance)
                .Label($"G {g}, p {p}: V {variance}, iid·G/(G−1) {iid * g / (g - 1)}, deff {estimate.DesignEffect}");
        }).Check(Runs);
    }

    [Fact]
    public void Repeating_every_customers_units_k_times_multiplies_the_design_effect_by_k()
    {
        var cluster = from n in Gen.Choose(1, 6) from y in Gen.Choose(0, n) select ((long)n, (long)y);
        var gen =
            from clusters in cluster.ListOf().Where(l => l.Count >= 2)
            from k in Gen.Choose(2, 8)
            select (Clusters: clusters.ToArray(), K: (long)k);
        Prop.ForAll(Arb.From(gen.Where(g => g.Clusters.Sum(c => c.Item2) is var y && y > 0 && y < g.Clusters.Sum(c => c.Item1))), g =>
        {
            var once = Proportion.Clustered(ClusterCounts.FromClusters(g.Clusters));
            var repeated = Proportion.Clustered(ClusterCounts.FromClusters(g.Clusters.Select(c => (c.Item1 * g.K, c.Item2 * g.K))));
            // (A design effect of 0 — every customer's share exactly p — stays 0.)
            var expected = g.K * once.DesignEffect!.Value;
            return (Math.Abs(repeated.DesignEffect!.Value - expected) <= (1e-9 * expected) + 1e-12 && repeated.Value == once.Value)
                .Label($"k {g.K}: deff {once.DesignEffect} → {repeated.DesignEffect}");
        }).Check(Runs);
    }

    [Fact]
    public void Identical_outcomes_within_customers_of_k_units_give_a_design_effect_near_k()
    {
        // Each of G customers has k units, all successes or all failures: deff = k·G/(G − 1) exactly.
        var gen =
            from outcomes in Gen.Choose(0, 1).ListOf().Where(l => l.Count >= 2 && l.Distinct().Count() == 2)
            from k in Gen.Choose(1, 10)
            select (Outcomes: outcomes, K: (long)k);
        Prop.ForAll(Arb.From(gen), g =>
        {
            var estimate = Proportion.Clustered(ClusterCounts.FromClusters(g.Outcomes.Select(y => (g.K, g.K * y))));
            var expected = g.K * g.Outcomes.Count / (g.Outcomes.Count - 1.0);
            return (Math.Abs(estimate.DesignEffect!.Value - expected) <= 1e-9 * expected).Label($"k {g.K}, G {g.Outcomes.Count}: {estimate.DesignEffect}");
        }).Check(Runs);
    }

    [Fact]
    public void The_exact_integer_residual_sum_agrees_with_the_definition_on_large_counts()
    {
        var cluster = from n in Gen.Choose(1, 2_000_000) from y in Gen.Choose(0, n) select ((long)n, (long)y);
        Prop.ForAll(Arb.From(cluster.ListOf().Where(l => l.Count >= 2)), list =>
        {
            var clusters = list.ToArray();
            var exact = ClusterVariance.OfRatio(ClusterCounts.FromClusters(clusters))!.Value;
            var direct = Sandwich(clusters);
            return (Math.Abs(exact - direct) <= (1e-9 * direct) + 1e-300).Label($"{exact} vs {direct}");
        }).Check(Runs);
    }
}
