using CxSemantic.Compiler.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.Compiler.Tests.Statistics;

/// <summary>Invariants of the estimators over random inputs.</summary>
public class StatisticsPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true);

    private static readonly Gen<double> Levels = Gen.Elements(0.5, 0.8, 0.9, 0.95, 0.99, 0.999);

    private static Gen<(long X, long N)> Counts { get; } =
        from n in Gen.Frequency((3, Gen.Choose(1, 60)), (2, Gen.Choose(1, 100_000)), (1, Gen.Choose(1, int.MaxValue)))
        from x in Gen.Choose(0, n)
        select ((long)x, (long)n);

    [Fact]
    public void Wilson_stays_in_the_unit_interval_and_contains_the_estimate()
    {
        Prop.ForAll(Arb.From(Counts), Arb.From(Levels), ((long X, long N) c, double level) =>
        {
            var estimate = Proportion.Wilson(c.X, c.N, level);
            var interval = estimate.Interval!;
            return (interval.Low >= 0.0 && interval.High <= 1.0 && interval.Contains(estimate.Value!.Value) && interval.Width > 0.0)
                .Label($"{c.X}/{c.N} at {level}: [{interval.Low}, {interval.High}]");
        }).Check(Runs);
    }

    [Fact]
    public void Wilson_narrows_as_n_grows_for_a_fixed_share()
    {
        var gen =
            from x in Gen.Choose(0, 50)
            from extra in Gen.Choose(0, 50)
            from factor in Gen.Choose(2, 40)
            select (X: (long)x, N: (long)(x + extra), Factor: (long)factor);
        Prop.ForAll(Arb.From(gen.Where(g => g.N > 0)), g =>
        {
            var small = Proportion.Wilson(g.X, g.N).Interval!;
            var large = Proportion.Wilson(g.X * g.Factor, g.N * g.Factor).Interval!;
            return (large.Width < small.Width).Label($"{g.X}/{g.N} ×{g.Factor}: {small.Width} → {large.Width}");
        }).Check(Runs);
    }

    [Fact]
    public void Higher_levels_give_wider_wilson_intervals()
    {
        Prop.ForAll(Arb.From(Counts), c =>
            Proportion.Wilson(c.X, c.N, 0.99).Interval!.Width > Proportion.Wilson(c.X, c.N, 0.9).Interval!.Width).Check(Runs);
    }

    [Fact]
    public void Benjamini_Hochberg_q_values_are_bounded_and_monotone()
    {
        var pValue = Gen.Frequency(
            (1, Gen.Constant<double?>(null)),
            (4, Gen.Choose(0, 1_000_000).Select(i => (double?)(i / 1_000_000.0))),
            (2, Gen.Choose(0, 1000).Select(i => (double?)(i / 100_000.0))));
        var lists = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(pValue, n));
        Prop.ForAll(Arb.From(lists), Arb.From(Gen.Elements(0.01, 0.05, 0.1, 0.25)), (double?[] ps, double fdr) =>
        {
            var q = BenjaminiHochberg.Adjust(ps);
            var significant = BenjaminiHochberg.Significant(ps, fdr);
            var ok = q.Count == ps.Length && significant.Count == ps.Length;
            for (var i = 0; i < ps.Length && ok; i++)
            {
                ok = ps[i] is null
                    ? q[i] is null && !significant[i]
                    : q[i] >= ps[i] && q[i] <= 1.0;
                for (var j = 0; j < ps.Length && ok; j++)
                {
                    if (ps[i] is { } pi && ps[j] is { } pj && pi < pj)
                    {
                        ok = q[i] <= q[j];
                    }
                }
            }

            // Rejected rows are exactly those with q ≤ fdr (away from rounding at the boundary).
            for (var i = 0; i < ps.Length && ok; i++)
            {
                if (q[i] is { } qi && Math.Abs(qi - fdr) > 1e-12)
                {
                    ok = significant[i] == (qi <= fdr);
                }
            }

            return ok.Label(string.Join(", ", ps.Select(p => p?.ToString("R") ?? "null")));
        }).Check(Runs);
    }

    [Fact]
    public void Kappa_lies_between_minus_one_and_one()
    {
        var tables =
            from k in Gen.Choose(1, 5)
            from cells in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 500))), k * k)
            select (K: k, Cells: cells);
        Prop.ForAll(Arb.From(tables), Arb.From(Levels), (table, level) =>
        {
            var counts = new long[table.K, table.K];
            for (var i = 0; i < table.Cells.Length; i++)
            {
                counts[i / table.K, i % table.K] = table.Cells[i];
            }

            var kappa = Agreement.CohensKappa(counts, level);
            if (!kappa.IsDefined)
            {
                return (kappa.UndefinedReason is not null && kappa.Interval is null).Label("undefined without reason");
            }

            var interval = kappa.Interval!;
            return (kappa.Kappa >= -1.0 && kappa.Kappa <= 1.0
                    && interval.Low >= -1.0 && interval.High <= 1.0 && interval.Contains(kappa.Kappa!.Value)
                    && kappa.StandardError >= 0.0 && double.IsFinite(kappa.StandardError!.Value)
                    && kappa.PValue is null or (>= 0.0 and <= 1.0))
                .Label($"κ = {kappa.Kappa}, [{interval.Low}, {interval.High}]");
        }).Check(Runs);
    }

    [Fact]
    public void Mean_interval_contains_the_mean()
    {
        var gen =
            from n in Gen.Choose(2, 1_000_000)
            from mean in Gen.Choose(-100_000, 100_000)
            from sd in Gen.Choose(0, 10_000)
            select (N: (long)n, Mean: mean / 7.0, Variance: sd * sd / 9.0);
        Prop.ForAll(Arb.From(gen), Arb.From(Levels), (g, level) =>
        {
            var estimate = MeanEstimate.FromMeanAndVariance(g.N, g.Mean, g.Variance, level);
            return (estimate.Interval!.Contains(g.Mean) && estimate.Interval.Level == level).Label($"{g}");
        }).Check(Runs);
    }

    [Fact]
    public void Net_share_interval_is_within_the_scale_and_contains_the_value()
    {
        var gen =
            from n in Gen.Choose(1, 100_000)
            from positives in Gen.Choose(0, n)
            from negatives in Gen.Choose(0, n - positives)
            select (Positives: (long)positives, Negatives: (long)negatives, N: (long)n);
        Prop.ForAll(Arb.From(gen), g =>
        {
            var estimate = NetShare.Estimate(g.Positives, g.Negatives, g.N);
            var interval = estimate.Interval!;
            return (interval.Low >= -100.0 && interval.High <= 100.0 && interval.Contains(estimate.Value!.Value)).Label($"{g}");
        }).Check(Runs);
    }

    [Fact]
    public void Normal_cdf_inverts_the_quantile()
    {
        var probabilities = Gen.Frequency(
            (3, Gen.Choose(1, 999_999).Select(i => i / 1_000_000.0)),
            (1, Gen.Choose(1, 300).Select(e => Math.Pow(10, -e))));
        Prop.ForAll(Arb.From(probabilities), p =>
        {
            var z = NormalDistribution.Quantile(p);
            var back = NormalDistribution.Cdf(z);
            // Φ amplifies a relative error δ of z into about z²·δ in the tail, so the bound scales with z².
            return (Math.Abs(back - p) <= (1e-14 * (1.0 + (z * z)) * p) + 1e-300).Label($"p = {p:R}, z = {z:R}, Φ(z) = {back:R}");
        }).Check(Runs);
    }

    [Fact]
    public void Student_t_cdf_inverts_the_quantile()
    {
        var probabilities = Gen.Frequency(
            (3, Gen.Choose(1, 999_999).Select(i => i / 1_000_000.0)),
            (1, Gen.Choose(2, 12).Select(e => Math.Pow(10, -e))));
        var degrees = Gen.Frequency(
            (3, Gen.Choose(1, 60).Select(i => (double)i)),
            (2, Gen.Choose(100, 100_000).Select(i => i / 100.0)),
            (1, Gen.Elements(1e4, 1e5, 3e6, 1e8)),
            (1, Gen.Elements(0.3, 0.7, 1.5, 2.5)));
        Prop.ForAll(Arb.From(probabilities), Arb.From(degrees), (p, nu) =>
        {
            var t = StudentTDistribution.Quantile(p, nu);
            var back = StudentTDistribution.Cdf(t, nu);
            // As for the normal, the CDF amplifies the quantile's rounding by about t·f(t)/F(t).
            var amplification = 1.0 + Math.Abs(t * StudentTDistribution.Density(t, nu) / Math.Min(back, 1.0 - back));
            return (Math.Abs(back - p) <= 1e-13 * amplification * p).Label($"p = {p:R}, ν = {nu:R}, t = {t:R}, F(t) = {back:R}");
        }).Check(Runs);
    }

    [Fact]
    public void Newcombe_interval_contains_the_difference_and_stays_in_range()
    {
        Prop.ForAll(Arb.From(Counts), Arb.From(Counts), (a, b) =>
        {
            var delta = DeltaTests.TwoProportions(a.X, a.N, b.X, b.N)!;
            return (delta.Interval!.Contains(delta.Value) && delta.Interval.Low >= -1.0 && delta.Interval.High <= 1.0
                    && delta.PValue is >= 0.0 and <= 1.0)
                .Label($"{a} vs {b}: {delta}");
        }).Check(Runs);
    }
}
