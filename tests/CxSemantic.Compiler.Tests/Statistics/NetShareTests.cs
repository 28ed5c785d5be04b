using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Tests.Statistics;

public class NetShareTests
{
    // mpmath at 40 digits: value = 100(p⁺ − p⁻), SE = 100√((p⁺ + p⁻ − (p⁺ − p⁻)²)/n), z-interval clamped.
    [Theory]
    [InlineData(300, 100, 600, 33.333333333333333, 3.0429030972509229, 27.369352854276142, 39.297313812390524)]
    [InlineData(45, 30, 100, 15.0, 8.5293610546159904, -1.7172404781859157, 31.717240478185916)]
    [InlineData(1, 3, 4, -50.0, 43.301270189221932, -100.0, 34.868930055712887)]
    public void Nps_matches_reference(long positives, long negatives, long n, double value, double se, double low, double high)
    {
        var estimate = NetShare.Estimate(positives, negatives, n);
        Approx.Equal(value, estimate.Value, 1e-14);
        Approx.Equal(se, estimate.StandardError, 1e-13);
        Approx.Equal(low, estimate.Interval!.Low, 1e-13);
        Approx.Equal(high, estimate.Interval.High, 1e-13);
        Assert.Equal(100.0, estimate.Scale);
    }

    [Fact]
    public void Hand_derived_nps()
    {
        // 50 promoters, 20 detractors of 100: NPS 30; p⁺ + p⁻ − 0.3² = 0.61, SE = 100·√(0.0061) = 7.8102…
        var estimate = NetShare.Estimate(50, 20, 100, level: 0.95);
        Approx.Equal(30.0, estimate.Value, 1e-14);
        Approx.Equal(100.0 * Math.Sqrt(0.0061), estimate.StandardError, 1e-14);
        Approx.Near(30.0 - (1.959963985 * 7.8102496759), estimate.Interval!.Low, 1e-7);
    }

    [Fact]
    public void Fraction_scale_and_unanimous_responses()
    {
        var fraction = NetShare.Estimate(300, 100, 600, scale: 1);
        Approx.Equal(1.0 / 3, fraction.Value, 1e-14);
        Approx.Equal(0.030429030972509229, fraction.StandardError, 1e-13);

        // All promoters: variance 0, the Wald interval is the point 100 (documented limitation).
        var unanimous = NetShare.Estimate(5, 0, 5);
        Assert.Equal(100.0, unanimous.Value);
        Assert.Equal(0.0, unanimous.StandardError);
        Assert.Equal(100.0, unanimous.Interval!.Low);
        Assert.Equal(100.0, unanimous.Interval.High);
    }

    [Fact]
    public void Top_box_share_equals_the_proportion()
    {
        var top = NetShare.Estimate(30, 0, 120, scale: 1);
        var wilson = Proportion.Wilson(30, 120);
        Approx.Equal(wilson.Value!.Value, top.Value, 1e-15);
        Approx.Equal(wilson.StandardError!.Value, top.StandardError, 1e-14);
    }

    [Fact]
    public void No_responses_is_undefined()
    {
        var estimate = NetShare.Estimate(0, 0, 0);
        Assert.False(estimate.IsDefined);
        Assert.Null(estimate.StandardError);
        Assert.Null(estimate.Interval);
        Assert.Equal(UndefinedReasons.NoUnits, estimate.UndefinedReason);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.StartsWith(StatisticsErrorMessages.NetShareCountsExceedTotal, Assert.Throws<ArgumentOutOfRangeException>(() => NetShare.Estimate(6, 5, 10)).Message, StringComparison.Ordinal);
        Assert.StartsWith(StatisticsErrorMessages.NegativeCount, Assert.Throws<ArgumentOutOfRangeException>(() => NetShare.Estimate(-1, 5, 10)).Message, StringComparison.Ordinal);
        Assert.StartsWith(StatisticsErrorMessages.ScaleNotPositive, Assert.Throws<ArgumentOutOfRangeException>(() => NetShare.Estimate(1, 1, 10, 0)).Message, StringComparison.Ordinal);
        Assert.StartsWith(StatisticsErrorMessages.ScaleNotPositive, Assert.Throws<ArgumentOutOfRangeException>(() => NetShare.Estimate(1, 1, 10, double.PositiveInfinity)).Message, StringComparison.Ordinal);
        Assert.StartsWith(StatisticsErrorMessages.LevelOutOfRange, Assert.Throws<ArgumentOutOfRangeException>(() => NetShare.Estimate(1, 1, 10, 100, 0)).Message, StringComparison.Ordinal);
    }
}
