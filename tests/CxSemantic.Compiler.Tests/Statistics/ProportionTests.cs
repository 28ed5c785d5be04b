using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Tests.Statistics;

public class ProportionTests
{
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat Med 17:857,
    // Table I, method 3 (Wilson score) — published to 4 decimals; full precision from mpmath (Wilson's
    // closed form at 40 digits).
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662, 0.25528851987827423, 0.36620957698280007)]
    [InlineData(15, 148, 0.0624, 0.1605, 0.06238639953073628, 0.16048724172330804)]
    [InlineData(0, 20, 0.0000, 0.1611, 0.0, 0.16112515805281939)]
    [InlineData(1, 29, 0.0061, 0.1718, 0.0061132142927626605, 0.17175521879320288)]
    public void Wilson_matches_Newcombe_1998(long x, long n, double publishedLow, double publishedHigh, double low, double high)
    {
        var estimate = Proportion.Wilson(x, n);
        Assert.True(estimate.IsDefined);
        Approx.Equal((double)x / n, estimate.Value);
        var interval = estimate.Interval!;
        Approx.Near(publishedLow, interval.Low, 5e-5);
        Approx.Near(publishedHigh, interval.High, 5e-5);
        Approx.Equal(low, interval.Low, 1e-13);
        Approx.Equal(high, interval.High, 1e-13);
        Assert.Equal(0.95, interval.Level);
        Assert.Null(estimate.UndefinedReason);
    }

    // mpmath, other levels and the all-successes edge.
    [Theory]
    [InlineData(29, 29, 0.95, 0.88303020150025923, 1.0)]
    [InlineData(5, 10, 0.90, 0.26927182113826718, 0.73072817886173282)]
    [InlineData(1, 1, 0.99, 0.13097754328018584, 1.0)]
    [InlineData(437, 1000, 0.95, 0.40655624686835735, 0.4679259247008226)]
    public void Wilson_matches_mpmath_at_other_levels(long x, long n, double level, double low, double high)
    {
        var interval = Proportion.Wilson(x, n, level).Interval!;
        Approx.Equal(low, interval.Low, 1e-13);
        Approx.Equal(high, interval.High, 1e-13);
        Assert.Equal(level, interval.Level);
    }

    [Fact]
    public void Wilson_bounds_are_exact_at_none_and_all()
    {
        var none = Proportion.Wilson(0, 50);
        Assert.Equal(0.0, none.Value);
        Assert.Equal(0.0, none.Interval!.Low);
        Assert.Equal(0.0, none.StandardError);
        Assert.True(none.Interval.High > 0.0);

        var all = Proportion.Wilson(50, 50);
        Assert.Equal(1.0, all.Value);
        Assert.Equal(1.0, all.Interval!.High);
        Assert.True(all.Interval.Low < 1.0);
    }

    [Fact]
    public void Standard_error_is_the_plug_in_binomial_one()
    {
        Approx.Equal(Math.Sqrt(0.3 * 0.7 / 200), Proportion.Wilson(60, 200).StandardError);
    }

    [Fact]
    public void No_units_is_undefined_without_NaN()
    {
        var estimate = Proportion.Wilson(0, 0);
        Assert.False(estimate.IsDefined);
        Assert.Null(estimate.Value);
        Assert.Null(estimate.StandardError);
        Assert.Null(estimate.Interval);
        Assert.Equal(UndefinedReasons.NoUnits, estimate.UndefinedReason);
    }

    [Theory]
    [InlineData(-1, 10, 0.95, StatisticsErrorMessages.SuccessesExceedTotal)]
    [InlineData(11, 10, 0.95, StatisticsErrorMessages.SuccessesExceedTotal)]
    [InlineData(0, -1, 0.95, StatisticsErrorMessages.NegativeCount)]
    [InlineData(1, 10, 0.0, StatisticsErrorMessages.LevelOutOfRange)]
    [InlineData(1, 10, 1.0, StatisticsErrorMessages.LevelOutOfRange)]
    [InlineData(1, 10, double.NaN, StatisticsErrorMessages.LevelOutOfRange)]
    public void Invalid_arguments_are_rejected_with_catalog_messages(long x, long n, double level, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Wilson(x, n, level));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accuracy_is_the_Wilson_proportion()
    {
        Assert.Equal(Proportion.Wilson(81, 263, 0.9), Agreement.Accuracy(81, 263, 0.9));
    }

    [Fact]
    public void Huge_counts_stay_finite()
    {
        var estimate = Proportion.Wilson(3_000_000_000L, 9_000_000_000L);
        Approx.Equal(1.0 / 3, estimate.Value);
        Assert.True(estimate.Interval!.Width is > 0 and < 1e-4);
    }
}
