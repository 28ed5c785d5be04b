using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Tests.Statistics;

public class MeanEstimateTests
{
    // Ten handle times (minutes): 12.5 9.8 14.1 11.0 10.4 13.3 8.9 12.2 11.7 10.1 — Σx = 114, Σx² = 1324.1.
    // Reference (mpmath, 40 digits): mean 11.4, s² = 2.7222…, s = 1.6499158227686109,
    // SE = 0.52174919474995093, 95% t(9) interval [10.219721321912203, 12.580278678087797],
    // 90% [10.443574803500887, 12.356425196499113].
    [Fact]
    public void From_moments_matches_reference()
    {
        var estimate = MeanEstimate.FromMoments(10, 114.0, 1324.1);
        Approx.Equal(11.4, estimate.Mean);
        Approx.Equal(2.7222222222222222, estimate.Variance, 1e-12);
        Approx.Equal(1.6499158227686109, estimate.StandardDeviation, 1e-12);
        Approx.Equal(0.52174919474995093, estimate.StandardError, 1e-12);
        Approx.Equal(10.219721321912203, estimate.Interval!.Low, 1e-12);
        Approx.Equal(12.580278678087797, estimate.Interval.High, 1e-12);
        Assert.Equal(9L, estimate.DegreesOfFreedom);
        Assert.Null(estimate.UndefinedReason);

        var ninety = MeanEstimate.FromMoments(10, 114.0, 1324.1, 0.90);
        Approx.Equal(10.443574803500887, ninety.Interval!.Low, 1e-12);
        Approx.Equal(12.356425196499113, ninety.Interval.High, 1e-12);
    }

    [Fact]
    public void From_mean_and_variance_agrees_with_from_moments()
    {
        var fromMoments = MeanEstimate.FromMoments(10, 114.0, 1324.1);
        var fromVariance = MeanEstimate.FromMeanAndVariance(10, 11.4, 2.7222222222222222);
        Approx.Equal(fromMoments.Interval!.Low, fromVariance.Interval!.Low, 1e-12);
        Approx.Equal(fromMoments.Interval.High, fromVariance.Interval.High, 1e-12);
    }

    [Fact]
    public void Textbook_t_interval_from_table_values()
    {
        // n = 11, mean 50, s = 10: 50 ± t(0.975, 10)·10/√11 with t = 2.228138852 (tables).
        var estimate = MeanEstimate.FromMeanAndVariance(11, 50.0, 100.0);
        Approx.Near(50.0 - (2.228138852 * 10.0 / Math.Sqrt(11)), estimate.Interval!.Low, 1e-8);
        Approx.Near(50.0 + (2.228138852 * 10.0 / Math.Sqrt(11)), estimate.Interval.High, 1e-8);
    }

    [Fact]
    public void One_unit_gives_the_mean_but_no_spread()
    {
        var estimate = MeanEstimate.FromMoments(1, 7.5, 56.25);
        Assert.Equal(7.5, estimate.Mean);
        Assert.Null(estimate.Variance);
        Assert.Null(estimate.StandardDeviation);
        Assert.Null(estimate.StandardError);
        Assert.Null(estimate.Interval);
        Assert.Null(estimate.DegreesOfFreedom);
        Assert.Equal(UndefinedReasons.SingleUnit, estimate.UndefinedReason);

        var viaVariance = MeanEstimate.FromMeanAndVariance(1, 7.5, null);
        Assert.Equal(7.5, viaVariance.Mean);
        Assert.Equal(UndefinedReasons.SingleUnit, viaVariance.UndefinedReason);
    }

    [Fact]
    public void No_units_is_undefined_without_NaN()
    {
        foreach (var estimate in new[] { MeanEstimate.FromMoments(0, 0, 0), MeanEstimate.FromMeanAndVariance(0, null, null) })
        {
            Assert.Null(estimate.Mean);
            Assert.Null(estimate.Interval);
            Assert.Equal(UndefinedReasons.NoUnits, estimate.UndefinedReason);
        }
    }

    [Fact]
    public void Constant_values_give_a_point_interval()
    {
        var estimate = MeanEstimate.FromMoments(4, 12.0, 36.0);
        Assert.Equal(3.0, estimate.Mean);
        Assert.Equal(0.0, estimate.Variance);
        Assert.Equal(3.0, estimate.Interval!.Low);
        Assert.Equal(3.0, estimate.Interval.High);
    }

    [Fact]
    public void Cancellation_below_zero_is_clamped()
    {
        // Σx² slightly below (Σx)²/n through rounding upstream: variance 0, not NaN.
        var estimate = MeanEstimate.FromMoments(3, 3e8, 3e16 - 4);
        Assert.Equal(0.0, estimate.Variance);
        Assert.NotNull(estimate.Interval);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.StartsWith(StatisticsErrorMessages.NegativeCount, Assert.Throws<ArgumentOutOfRangeException>(() => MeanEstimate.FromMoments(-1, 0, 0)).Message, StringComparison.Ordinal);
        Assert.StartsWith(StatisticsErrorMessages.NotFinite, Assert.Throws<ArgumentOutOfRangeException>(() => MeanEstimate.FromMoments(2, double.NaN, 0)).Message, StringComparison.Ordinal);
        Assert.StartsWith(StatisticsErrorMessages.NegativeVariance, Assert.Throws<ArgumentOutOfRangeException>(() => MeanEstimate.FromMoments(2, 1, -1)).Message, StringComparison.Ordinal);
        Assert.StartsWith(StatisticsErrorMessages.MeanRequired, Assert.Throws<ArgumentOutOfRangeException>(() => MeanEstimate.FromMeanAndVariance(2, null, 1)).Message, StringComparison.Ordinal);
        Assert.StartsWith(StatisticsErrorMessages.VarianceRequired, Assert.Throws<ArgumentOutOfRangeException>(() => MeanEstimate.FromMeanAndVariance(2, 1, null)).Message, StringComparison.Ordinal);
        Assert.StartsWith(StatisticsErrorMessages.NegativeVariance, Assert.Throws<ArgumentOutOfRangeException>(() => MeanEstimate.FromMeanAndVariance(2, 1, -0.5)).Message, StringComparison.Ordinal);
        Assert.StartsWith(StatisticsErrorMessages.LevelOutOfRange, Assert.Throws<ArgumentOutOfRangeException>(() => MeanEstimate.FromMeanAndVariance(2, 1, 1, 1.5)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Millions_of_units_use_the_large_sample_t()
    {
        // ν = 4,999,999: t multiplier within 1e-6 of z = 1.959963985 (t(0.975, 5e6) − z ≈ 4.8e-7, A&S 26.7.5).
        var estimate = MeanEstimate.FromMeanAndVariance(5_000_000, 300.0, 3600.0);
        var multiplier = (estimate.Interval!.High - 300.0) / estimate.StandardError!.Value;
        Assert.InRange(multiplier - 1.9599639845400542, 4.0e-7, 6.0e-7);
    }
}
