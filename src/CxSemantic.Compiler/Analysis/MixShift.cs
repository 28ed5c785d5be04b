using System.Collections.Immutable;
using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Analysis;

/// <summary>A metric's value in one segment of one period, with the weight the segment has in the period's value.</summary>
/// <param name="Key">The segment's identity (its dimension values, joined), equal across periods.</param>
/// <param name="Values">The dimension values.</param>
/// <param name="Weight">What the metric averages over: the denominator of a ratio, otherwise the units.</param>
/// <param name="Units">Units behind the rate (the multinomial count of the segment shares' variance).</param>
/// <param name="Rate">The metric's value in the segment.</param>
/// <param name="StandardError">The rate's standard error (cluster-robust where the metric's is); null when it has none.</param>
public sealed record SegmentRate(string Key, ImmutableArray<object?> Values, double Weight, long Units, double Rate, double? StandardError);

/// <summary>One part of a decomposed change: its value, standard error and interval (null when a segment's rate has no standard error).</summary>
public sealed record MixShiftPart(double Value, double? StandardError, ConfidenceInterval? Interval);

/// <summary>A segment's shares, rates and contributions to the mix and rate parts.</summary>
/// <remarks>A segment absent from one period takes its rate from the other, so all of its contribution is mix.</remarks>
public sealed record MixShiftSegment(
    string Key,
    ImmutableArray<object?> Values,
    double CurrentShare,
    double BaselineShare,
    double? CurrentRate,
    double? BaselineRate,
    long CurrentUnits,
    long BaselineUnits,
    double MixContribution,
    double RateContribution);

/// <summary>
/// The change of a unit-weighted metric between two periods split into segment mix and within-segment rates.
/// <see cref="Mix"/> + <see cref="Rate"/> = <see cref="Total"/> = <see cref="Current"/> − <see cref="Baseline"/>, exactly.
/// </summary>
public sealed record MixShiftDecomposition(
    double Current,
    double Baseline,
    MixShiftPart Total,
    MixShiftPart Mix,
    MixShiftPart Rate,
    ImmutableArray<MixShiftSegment> Segments);

/// <summary>
/// Symmetric Kitagawa decomposition of R₁ − R₀ where R = Σₛ wₛ·rₛ (shares w, rates r per segment):
/// mix = Σ (w₁ − w₀)(r₁ + r₀)/2 and rate = Σ (r₁ − r₀)(w₁ + w₀)/2, whose sum is R₁ − R₀ with no interaction
/// term left over. Standard errors by the delta method, periods independent: each rate's own standard error, and
/// each period's shares multinomial over its units (Cov(wᵢ, wⱼ) = (wᵢδᵢⱼ − wᵢwⱼ)/N).
/// </summary>
public static class MixShift
{
    /// <summary>Decomposes the change from <paramref name="baseline"/> to <paramref name="current"/>.</summary>
    /// <exception cref="ArgumentException">A period has no weight, a key repeats, or a weight or rate is not finite and non-negative.</exception>
    public static MixShiftDecomposition Decompose(IReadOnlyList<SegmentRate> current, IReadOnlyList<SegmentRate> baseline, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(baseline);
        var now = Period.Of(current, nameof(current));
        var before = Period.Of(baseline, nameof(baseline));

        var keys = current.Select(s => s.Key).Concat(baseline.Select(s => s.Key).Where(k => !now.Segments.ContainsKey(k))).ToList();
        var segments = ImmutableArray.CreateBuilder<MixShiftSegment>(keys.Count);
        var mix = new Gradient(keys.Count);
        var rate = new Gradient(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var c = now.Segments.GetValueOrDefault(keys[i]);
            var b = before.Segments.GetValueOrDefault(keys[i]);
            var w1 = c is null ? 0 : c.Weight / now.Weight;
            var w0 = b is null ? 0 : b.Weight / before.Weight;
            var r1 = (c ?? b)!.Rate;
            var r0 = (b ?? c)!.Rate;
            var mixPart = (w1 - w0) * (r1 + r0) / 2;
            var ratePart = (r1 - r0) * (w1 + w0) / 2;

            // ∂/∂w₁, ∂/∂w₀, ∂/∂r₁, ∂/∂r₀ of each part; a borrowed rate is the other period's, so its derivative goes there.
            mix.Set(i, dw1: (r1 + r0) / 2, dw0: -(r1 + r0) / 2, dr1: (w1 - w0) / 2, dr0: (w1 - w0) / 2, c, b);
            rate.Set(i, dw1: (r1 - r0) / 2, dw0: (r1 - r0) / 2, dr1: (w1 + w0) / 2, dr0: -(w1 + w0) / 2, c, b);
            segments.Add(new MixShiftSegment(
                keys[i], (c ?? b)!.Values, w1, w0, c?.Rate, b?.Rate, c?.Units ?? 0, b?.Units ?? 0, mixPart, ratePart));
        }

        var valueNow = current.Sum(s => s.Weight / now.Weight * s.Rate);
        var valueBefore = baseline.Sum(s => s.Weight / before.Weight * s.Rate);
        var total = mix.Plus(rate);
        return new MixShiftDecomposition(
            valueNow,
            valueBefore,
            Part(valueNow - valueBefore, total, now, before, level),
            Part(segments.Sum(s => s.MixContribution), mix, now, before, level),
            Part(segments.Sum(s => s.RateContribution), rate, now, before, level),
            segments.MoveToImmutable());

        MixShiftPart Part(double value, Gradient gradient, Period a, Period b, double confidence)
        {
            var variance = gradient.Variance(keys, a, b);
            if (variance is not { } v)
            {
                return new MixShiftPart(value, null, null);
            }

            var se = Math.Sqrt(Math.Max(0, v));
            var z = NormalDistribution.TwoSidedMultiplier(confidence);
            return new MixShiftPart(value, se, new ConfidenceInterval(value - (z * se), value + (z * se), confidence));
        }
    }

    /// <summary>One period's segments by key, their total weight and units.</summary>
    private sealed record Period(IReadOnlyDictionary<string, SegmentRate> Segments, double Weight, long Units)
    {
        public static Period Of(IReadOnlyList<SegmentRate> segments, string name)
        {
            var byKey = new Dictionary<string, SegmentRate>(StringComparer.Ordinal);
            foreach (var s in segments)
            {
                if (!double.IsFinite(s.Weight) || s.Weight < 0 || !double.IsFinite(s.Rate) || s.StandardError is { } se && (!double.IsFinite(se) || se < 0))
                {
                    throw new ArgumentException($"Segment '{s.Key}' has a weight, rate or standard error that is not finite and non-negative.", name);
                }

                if (!byKey.TryAdd(s.Key, s))
                {
                    throw new ArgumentException($"Segment '{s.Key}' appears twice.", name);
                }
            }

            var weight = segments.Sum(s => s.Weight);
            return weight > 0
                ? new Period(byKey, weight, segments.Sum(s => s.Units))
                : throw new ArgumentException("A period without weight (no units) has no value to decompose.", name);
        }
    }

    /// <summary>Derivatives of one part with respect to every segment's shares and rates.</summary>
    private sealed class Gradient(int count)
    {
        private readonly double[] _w1 = new double[count];
        private readonly double[] _w0 = new double[count];
        private readonly double[] _r1 = new double[count];
        private readonly double[] _r0 = new double[count];

        public void Set(int i, double dw1, double dw0, double dr1, double dr0, SegmentRate? current, SegmentRate? baseline)
        {
            _w1[i] = dw1;
            _w0[i] = dw0;
            _r1[i] = current is null ? 0 : dr1 + (baseline is null ? dr0 : 0);
            _r0[i] = baseline is null ? 0 : dr0 + (current is null ? dr1 : 0);
        }

        public Gradient Plus(Gradient other)
        {
            var sum = new Gradient(_w1.Length);
            for (var i = 0; i < _w1.Length; i++)
            {
                sum._w1[i] = _w1[i] + other._w1[i];
                sum._w0[i] = _w0[i] + other._w0[i];
                sum._r1[i] = _r1[i] + other._r1[i];
                sum._r0[i] = _r0[i] + other._r0[i];
            }

            return sum;
        }

        /// <summary>gᵀΣg over the rates (independent) and each period's multinomial shares; null when a rate that matters has no standard error.</summary>
        public double? Variance(IReadOnlyList<string> keys, Period current, Period baseline)
        {
            var variance = Shares(keys, current, _w1) + Shares(keys, baseline, _w0);
            for (var i = 0; i < keys.Count; i++)
            {
                if (!Add(current.Segments.GetValueOrDefault(keys[i]), _r1[i]) || !Add(baseline.Segments.GetValueOrDefault(keys[i]), _r0[i]))
                {
                    return null;
                }
            }

            return variance;

            bool Add(SegmentRate? segment, double derivative)
            {
                if (segment is null || derivative == 0)
                {
                    return true;
                }

                if (segment.StandardError is not { } se)
                {
                    return false;
                }

                variance += derivative * derivative * se * se;
                return true;
            }
        }

        private static double Shares(IReadOnlyList<string> keys, Period period, double[] derivative)
        {
            if (period.Units <= 0)
            {
                return 0;
            }

            double mean = 0, square = 0;
            for (var i = 0; i < keys.Count; i++)
            {
                if (period.Segments.TryGetValue(keys[i], out var s))
                {
                    var w = s.Weight / period.Weight;
                    mean += w * derivative[i];
                    square += w * derivative[i] * derivative[i];
                }
            }

            return (square - (mean * mean)) / period.Units;
        }
    }
}
