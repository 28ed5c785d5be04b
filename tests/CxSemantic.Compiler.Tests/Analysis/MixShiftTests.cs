using System.Collections.Immutable;
using CxSemantic.Compiler.Analysis;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.Compiler.Tests.Analysis;

/// <summary>The Kitagawa split on hand-made segments: planted mix and rate changes, exactness, symmetry, and the delta-method error.</summary>
public sealed class MixShiftTests
{
    private static SegmentRate S(string key, double weight, double rate, double? se = 0.01) =>
        new(key, [key], weight, (long)weight, rate, se);

    [Fact]
    public void Equal_rates_with_a_changed_mix_put_the_whole_change_in_mix()
    {
        // Automated contacts succeed 90 %, human ones 60 %, in both periods; automation grows from 50 % to 80 % of volume.
        var baseline = new[] { S("bot", 500, 0.9), S("agent", 500, 0.6) };
        var current = new[] { S("bot", 800, 0.9), S("agent", 200, 0.6) };
        var d = MixShift.Decompose(current, baseline);
        Assert.Equal(0.84 - 0.75, d.Total.Value, 12);
        Assert.Equal(d.Total.Value, d.Mix.Value, 12);
        Assert.Equal(0.0, d.Rate.Value);
        Assert.Equal(0.84, d.Current, 12);
        Assert.Equal(0.75, d.Baseline, 12);
        Assert.Equal(0.3 * 0.9 - 0.3 * 0.6, d.Segments.Sum(s => s.MixContribution), 12);
    }

    [Fact]
    public void Equal_mix_with_a_changed_rate_put_the_whole_change_in_rate()
    {
        var baseline = new[] { S("bot", 300, 0.9), S("agent", 700, 0.6) };
        var current = new[] { S("bot", 600, 0.9), S("agent", 1400, 0.5) };
        var d = MixShift.Decompose(current, baseline);
        Assert.Equal(0.0, d.Mix.Value);
        Assert.Equal(0.7 * -0.1, d.Rate.Value, 12);
        Assert.Equal(d.Total.Value, d.Rate.Value, 12);
        var agent = d.Segments.Single(s => s.Key == "agent");
        Assert.Equal(0.7, agent.CurrentShare, 12);
        Assert.Equal(0.7, agent.BaselineShare, 12);
        Assert.Equal(0.6, agent.BaselineRate);
        Assert.Equal(0.5, agent.CurrentRate);
    }

    [Fact]
    public void A_segment_new_in_the_window_contributes_only_mix_and_keeps_its_missing_rate_null()
    {
        var baseline = new[] { S("voice", 100, 0.5) };
        var current = new[] { S("voice", 100, 0.5), S("chat", 100, 0.8) };
        var d = MixShift.Decompose(current, baseline);
        var chat = d.Segments.Single(s => s.Key == "chat");
        Assert.Null(chat.BaselineRate);
        Assert.Equal(0, chat.BaselineUnits);
        Assert.Equal(0.5 * 0.8, chat.MixContribution, 12);
        Assert.Equal(0.0, chat.RateContribution);
        Assert.Equal(0.65 - 0.5, d.Total.Value, 12);
        Assert.Equal(d.Total.Value, d.Mix.Value + d.Rate.Value, 12);
    }

    [Fact]
    public void One_segment_has_no_mix_and_the_rate_variance_of_two_independent_rates()
    {
        var d = MixShift.Decompose([S("all", 400, 0.7, 0.03)], [S("all", 400, 0.6, 0.04)]);
        Assert.Equal(0.0, d.Mix.Value);
        Assert.Equal(0.0, d.Mix.StandardError!.Value, 12);
        Assert.Equal(0.05, d.Rate.StandardError!.Value, 12);
        Assert.Equal(0.05, d.Total.StandardError!.Value, 12);
        Assert.Equal(0.1 - (1.959963984540054 * 0.05), d.Total.Interval!.Low, 9);
    }

    [Fact]
    public void Share_variance_is_multinomial()
    {
        // Rates known exactly (SE 0): only the shares vary. Mix = Σ(w₁−w₀)(r₁+r₀)/2 with r = 1 and 0 is w₁ − w₀ of segment a:
        // Var = w(1−w)/N₁ + w(1−w)/N₀.
        var d = MixShift.Decompose([S("a", 300, 1, 0), S("b", 700, 0, 0)], [S("a", 500, 1, 0), S("b", 500, 0, 0)]);
        Assert.Equal(Math.Sqrt((0.3 * 0.7 / 1000) + (0.5 * 0.5 / 1000)), d.Mix.StandardError!.Value, 12);
        Assert.Equal(0.0, d.Rate.StandardError!.Value, 12);
    }

    [Fact]
    public void A_rate_without_standard_error_leaves_the_parts_it_moves_without_interval()
    {
        var d = MixShift.Decompose([S("a", 100, 0.5, null), S("b", 100, 0.7)], [S("a", 100, 0.4, null), S("b", 100, 0.7)]);
        Assert.Null(d.Rate.Interval);
        Assert.Null(d.Total.Interval);
        Assert.Equal(0.05, d.Rate.Value, 12);
    }

    [Fact]
    public void The_delta_method_interval_covers_the_true_parts_about_95_percent_of_the_time()
    {
        // Simulated binomial segments (multinomial shares, binomial successes); true parts from the true shares and rates.
        double[] p0 = [0.5, 0.3, 0.2], p1 = [0.3, 0.4, 0.3], r0 = [0.8, 0.5, 0.3], r1 = [0.75, 0.55, 0.3];
        var trueMix = Enumerable.Range(0, 3).Sum(i => (p1[i] - p0[i]) * (r1[i] + r0[i]) / 2);
        var trueRate = Enumerable.Range(0, 3).Sum(i => (r1[i] - r0[i]) * (p1[i] + p0[i]) / 2);
        var random = new Random(20261205);
        int covered = 0, coveredRate = 0;
        const int runs = 2_000;
        for (var run = 0; run < runs; run++)
        {
            var d = MixShift.Decompose(Sample(p1, r1, 4_000, random), Sample(p0, r0, 4_000, random));
            covered += d.Mix.Interval!.Low <= trueMix && trueMix <= d.Mix.Interval.High ? 1 : 0;
            coveredRate += d.Rate.Interval!.Low <= trueRate && trueRate <= d.Rate.Interval.High ? 1 : 0;
        }

        Assert.InRange(covered / (double)runs, 0.93, 0.97);
        Assert.InRange(coveredRate / (double)runs, 0.93, 0.97);
    }

    private static List<SegmentRate> Sample(double[] shares, double[] rates, int n, Random random)
    {
        var counts = new int[shares.Length];
        for (var u = 0; u < n; u++)
        {
            var x = random.NextDouble();
            var s = 0;
            for (var acc = shares[0]; x > acc && s < shares.Length - 1; acc += shares[++s])
            {
            }

            counts[s]++;
        }

        return [.. counts.Select((c, i) =>
        {
            var successes = Enumerable.Range(0, c).Count(_ => random.NextDouble() < rates[i]);
            var rate = (double)successes / c;
            return new SegmentRate(i.ToString(System.Globalization.CultureInfo.InvariantCulture), [i], c, c, rate, Math.Sqrt(rate * (1 - rate) / c));
        })];
    }

    [Fact]
    public void Empty_periods_repeated_keys_and_negative_weights_are_refused()
    {
        Assert.Contains("no units", Assert.Throws<ArgumentException>(() => MixShift.Decompose([], [S("a", 1, 1)])).Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => MixShift.Decompose([S("a", 1, 1), S("a", 2, 1)], [S("a", 1, 1)])).Message, StringComparison.Ordinal);
        Assert.Contains("not finite and non-negative", Assert.Throws<ArgumentException>(() => MixShift.Decompose([S("a", -1, 1)], [S("a", 1, 1)])).Message, StringComparison.Ordinal);
    }

    private static Arbitrary<(SegmentRate[] Current, SegmentRate[] Baseline)> Periods()
    {
        var segment = from key in Gen.Elements("a", "b", "c", "d", "e")
                      from weight in Gen.Choose(1, 10_000)
                      from rate in Gen.Choose(-1_000, 1_000)
                      from se in Gen.Choose(0, 100)
                      select new SegmentRate(key, [key], weight, weight, rate / 100.0, se / 1000.0);
        var period = Gen.NonEmptyListOf(segment).Select(list => list.DistinctBy(s => s.Key).ToArray());
        return Arb.From(from current in period from baseline in period select (current, baseline));
    }

    [Fact]
    public void Mix_plus_rate_is_the_change_and_swapping_the_periods_negates_every_part() =>
        Prop.ForAll(Periods(), p =>
        {
            var d = MixShift.Decompose(p.Current, p.Baseline);
            var back = MixShift.Decompose(p.Baseline, p.Current);
            var scale = 1e-12 * Math.Max(1, Math.Abs(d.Current) + Math.Abs(d.Baseline));
            return Math.Abs(d.Mix.Value + d.Rate.Value - (d.Current - d.Baseline)) <= scale
                && Math.Abs(d.Total.Value - (d.Current - d.Baseline)) <= scale
                && Math.Abs(d.Mix.Value + back.Mix.Value) <= scale
                && Math.Abs(d.Rate.Value + back.Rate.Value) <= scale
                && Math.Abs(d.Segments.Sum(s => s.CurrentShare) - 1) <= 1e-12
                && Math.Abs(d.Mix.StandardError!.Value - back.Mix.StandardError!.Value) <= 1e-12 * Math.Max(1, d.Mix.StandardError.Value);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true));
}
