using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Tests.Statistics;

public class DeltaTestsTests
{
    // Newcombe (1998), "Interval estimation for the difference between independent proportions",
    // Stat Med 17:873, Table II, method 10 (hybrid score), published to 4 decimals; full precision and
    // the pooled z-test p-value from mpmath at 40 digits.
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339, 0.052431472402364878, 0.33387265403690598, 0.0080450813681965847)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090, 0.17052272393450288, 0.80901797353548798, 0.0061698993205441622)]
    [InlineData(6, 7, 2, 7, 0.0582, 0.8062, 0.058227927482312202, 0.80624963752422776, 0.030753561259274572)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926, -0.038137147903536903, 0.19256001385511162, 0.097186568170579726)]
    [InlineData(0, 10, 0, 20, -0.1611, 0.2775, -0.16112515805281939, 0.27753279986288925, 1.0)]
    [InlineData(0, 10, 0, 10, -0.2775, 0.2775, -0.27753279986288925, 0.27753279986288925, 1.0)]
    [InlineData(10, 10, 0, 20, 0.6791, 1.0000, 0.67908603714191467, 1.0, 4.3204630578274973e-8)]
    [InlineData(10, 10, 0, 10, 0.6075, 1.0000, 0.60750935043052416, 1.0, 7.7442164310440836e-6)]
    public void Two_proportions_match_Newcombe_1998_method_10(long x1, long n1, long x2, long n2, double publishedLow, double publishedHigh, double low, double high, double pValue)
    {
        var delta = DeltaTests.TwoProportions(x1, n1, x2, n2);
        Assert.NotNull(delta);
        Approx.Equal(((double)x1 / n1) - ((double)x2 / n2), delta.Value, 1e-15);
        Approx.Near(publishedLow, delta.Interval!.Low, 5e-5);
        Approx.Near(publishedHigh, delta.Interval.High, 5e-5);
        Approx.Equal(low, delta.Interval.Low, 1e-12);
        Approx.Equal(high, delta.Interval.High, 1e-12);
        Approx.Equal(pValue, delta.PValue, 1e-10);
    }

    [Fact]
    public void Two_proportions_without_units_on_a_side_is_no_delta()
    {
        Assert.Null(DeltaTests.TwoProportions(0, 0, 3, 10));
        Assert.Null(DeltaTests.TwoProportions(3, 10, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeltaTests.TwoProportions(11, 10, 3, 10));
    }

    // Welch: mpmath (Satterthwaite ν, Student t via betainc/findroot at 40 digits).
    [Fact]
    public void Welch_matches_reference()
    {
        var a = MeanEstimate.FromMeanAndVariance(12, 5.2, 1.44);
        var b = MeanEstimate.FromMeanAndVariance(20, 4.5, 4.0);
        var delta = DeltaTests.WelchMeans(a, b);
        Assert.NotNull(delta);
        Approx.Equal(0.7, delta.Value, 1e-14);
        Approx.Equal(29.991031390134529, delta.DegreesOfFreedom, 1e-13);
        Approx.Equal(0.56568542494923802, delta.StandardError, 1e-14);
        Approx.Equal(-0.45529824969504867, delta.Interval!.Low, 1e-11);
        Approx.Equal(1.8552982496950487, delta.Interval.High, 1e-12);
        Approx.Equal(0.22552608869291017, delta.PValue, 1e-11);
    }

    [Fact]
    public void Welch_with_a_small_noisy_group_has_few_degrees_of_freedom()
    {
        var a = MeanEstimate.FromMeanAndVariance(5, 300, 2500);
        var b = MeanEstimate.FromMeanAndVariance(400, 310, 900);
        var delta = DeltaTests.WelchMeans(a, b)!;
        Approx.Equal(-10.0, delta.Value, 1e-14);
        Approx.Equal(4.0360801806453769, delta.DegreesOfFreedom, 1e-12);
        Approx.Equal(-72.003975165888266, delta.Interval!.Low, 1e-11);
        Approx.Equal(52.003975165888266, delta.Interval.High, 1e-11);
        Approx.Equal(0.67833898794260107, delta.PValue, 1e-11);
    }

    [Fact]
    public void Welch_edge_cases()
    {
        var one = MeanEstimate.FromMoments(1, 5, 25);
        var many = MeanEstimate.FromMeanAndVariance(10, 4, 1);
        Assert.Null(DeltaTests.WelchMeans(one, many));
        Assert.Null(DeltaTests.WelchMeans(many, MeanEstimate.FromMoments(0, 0, 0)));

        var constantA = MeanEstimate.FromMeanAndVariance(3, 2, 0);
        var constantB = MeanEstimate.FromMeanAndVariance(4, 2, 0);
        var same = DeltaTests.WelchMeans(constantA, constantB)!;
        Assert.Equal(0.0, same.Value);
        Assert.Equal(1.0, same.PValue);
        var differ = DeltaTests.WelchMeans(constantA, MeanEstimate.FromMeanAndVariance(4, 3, 0))!;
        Assert.Equal(0.0, differ.PValue);
        Assert.Equal(-1.0, differ.Interval!.Low);

        // One side constant: ν is the other side's n − 1.
        var half = DeltaTests.WelchMeans(constantA, MeanEstimate.FromMeanAndVariance(8, 1, 2))!;
        Approx.Equal(7.0, half.DegreesOfFreedom, 1e-14);
    }

    [Fact]
    public void Normal_difference_matches_reference()
    {
        // NPS 42 (SE 3.1) vs 35 (SE 2.7): mpmath.
        var delta = DeltaTests.Normal(42, 3.1, 35, 2.7);
        Approx.Equal(7.0, delta.Value, 1e-15);
        Approx.Equal(4.1109609582188931, delta.StandardError, 1e-14);
        Approx.Equal(-1.0573354199593012, delta.Interval!.Low, 1e-12);
        Approx.Equal(15.057335419959301, delta.Interval.High, 1e-13);
        Approx.Equal(0.088612075068065807, delta.PValue, 1e-12);

        var none = DeltaTests.Normal(1, 0, 1, 0);
        Assert.Equal(1.0, none.PValue);
        Assert.Throws<ArgumentOutOfRangeException>(() => DeltaTests.Normal(1, -1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeltaTests.Normal(double.NaN, 1, 0, 1));
    }

    [Fact]
    public void Net_share_and_kappa_deltas_go_through_the_normal_test()
    {
        var current = NetShare.Estimate(300, 100, 600);
        var baseline = NetShare.Estimate(45, 30, 100);
        var delta = DeltaTests.NetShares(current, baseline)!;
        Assert.Equal(DeltaTests.Normal(current.Value!.Value, current.StandardError!.Value, baseline.Value!.Value, baseline.StandardError!.Value), delta);
        Assert.Null(DeltaTests.NetShares(current, NetShare.Estimate(0, 0, 0)));

        var k1 = Agreement.CohensKappa(new long[,] { { 20, 5 }, { 10, 15 } });
        var k2 = Agreement.CohensKappa(new long[,] { { 30, 0 }, { 0, 20 } });
        var kappaDelta = DeltaTests.Kappas(k1, k2)!;
        Approx.Equal(-0.6, kappaDelta.Value, 1e-14);
        Assert.Null(DeltaTests.Kappas(k1, Agreement.CohensKappa(new long[,] { { 4 } })));
    }
}
