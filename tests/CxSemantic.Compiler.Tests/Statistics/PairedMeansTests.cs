using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Tests.Statistics;

public class PairedMeansTests
{
    // d = 1, 2, 3, 4: mean 2.5, s = √(5/3), SE = s/2, t = 3.8730 on 3 df; p and t₀.₉₇₅,₃ from mpmath
    // (regularized incomplete beta, findroot) at 40 digits.
    [Fact]
    public void Paired_differences_match_the_one_sample_t_by_hand()
    {
        var delta = DeltaTests.PairedMeans(MeanEstimate.FromMoments(4, 10, 30));
        Assert.NotNull(delta);
        Approx.Equal(2.5, delta.Value, 1e-15);
        Approx.Equal(0.6454972243679028, delta.StandardError!.Value, 1e-14);
        Assert.Equal(3, delta.DegreesOfFreedom);
        Approx.Equal(0.030466291662170991, delta.PValue, 1e-9);
        Approx.Equal(0.44573974323947797, delta.Interval!.Low, 1e-9);
        Approx.Equal(4.5542602567605220, delta.Interval.High, 1e-9);
    }

    [Fact]
    public void Identical_differences_are_known_exactly_and_a_single_pair_is_no_delta()
    {
        var zero = DeltaTests.PairedMeans(MeanEstimate.FromMoments(5, 0, 0))!;
        Assert.Equal(1.0, zero.PValue);
        Assert.Equal((0.0, 0.0), (zero.Interval!.Low, zero.Interval.High));
        var shift = DeltaTests.PairedMeans(MeanEstimate.FromMoments(3, -1.5, 0.75))!;
        Assert.Equal(0.0, shift.PValue);
        Assert.Equal(-0.5, shift.Value);
        Assert.Null(DeltaTests.PairedMeans(MeanEstimate.FromMoments(1, 0.5, 0.25)));
        Assert.Null(DeltaTests.PairedMeans(MeanEstimate.FromMoments(0, 0, 0)));
    }
}
