using CxSemantic.Compiler.Analysis;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.Compiler.Tests.Analysis;

/// <summary>The composite's value and uncertainty on hand-made segments.</summary>
public sealed class WeightedCompositeTests
{
    [Fact]
    public void Value_and_standard_error_match_a_hand_computation()
    {
        // W = 1 + 3 = 4; value = (1·0.5 + 3·0.8) / 4 = 0.725; SE = √((1/4)²·0.1² + (3/4)²·0.2²) = √0.023125.
        var c = WeightedComposite.Combine([new("a", 100, 0.5, 0.1, 1), new("b", 50, 0.8, 0.2, 3)]);
        Assert.Equal(0.725, c.Value, 15);
        Assert.Equal(Math.Sqrt(0.023125), c.StandardError!.Value, 14);
        Assert.Equal(0.725 - (1.959963984540054 * Math.Sqrt(0.023125)), c.Interval!.Low, 12);
        Assert.Equal(0.725 + (1.959963984540054 * Math.Sqrt(0.023125)), c.Interval.High, 12);
        Assert.Equal(150, c.Units);
        Assert.Equal([0.25, 0.75], c.Components.Select(x => x.Share));
    }

    [Fact]
    public void A_segment_without_a_standard_error_withholds_the_interval_not_the_value()
    {
        var c = WeightedComposite.Combine([new("a", 10, 2, null, 1), new("b", 10, 4, 0.1, 1)]);
        Assert.Equal((3.0, (double?)null, true), (c.Value, c.StandardError, c.Interval is null));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void A_weight_that_is_not_positive_is_rejected(double weight) =>
        Assert.Throws<ArgumentException>(() => WeightedComposite.Combine([new("a", 10, 0.5, 0.1, weight)]));

    [Fact]
    public void Scaling_every_weight_changes_nothing_and_equal_rates_give_that_rate() =>
        Prop.ForAll(
            Arb.From(
                from weights in Gen.Choose(1, 1000).NonEmptyListOf()
                from scale in Gen.Choose(1, 1000)
                select (weights, scale)),
            c =>
            {
                var (weights, scale) = c;
                var inputs = weights.Select((w, i) => new CompositeInput($"s{i}", 10, (i % 7) / 7.0, 0.01 * ((i % 3) + 1), w)).ToArray();
                var a = WeightedComposite.Combine(inputs);
                var b = WeightedComposite.Combine(inputs.Select(x => x with { Weight = x.Weight * scale }).ToArray());
                var flat = WeightedComposite.Combine(inputs.Select(x => x with { Rate = 0.42 }).ToArray());
                return Math.Abs(a.Value - b.Value) < 1e-12 && Math.Abs(a.StandardError!.Value - b.StandardError!.Value) < 1e-12 && Math.Abs(flat.Value - 0.42) < 1e-12;
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true));
}
