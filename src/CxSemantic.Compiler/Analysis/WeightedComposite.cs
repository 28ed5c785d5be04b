using System.Collections.Immutable;
using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Analysis;

/// <summary>A segment's governed rate and the weight a composite gives it.</summary>
/// <param name="Value">The weight dimension's value.</param>
/// <param name="Units">Units behind the rate.</param>
/// <param name="Rate">The metric's value in the segment.</param>
/// <param name="StandardError">The rate's standard error; null when it has none.</param>
/// <param name="Weight">The composite's weight for the value (positive).</param>
public sealed record CompositeInput(string Value, long Units, double Rate, double? StandardError, double Weight);

/// <summary>A segment in a composite: its rate and its share wᵢ/W of the composite.</summary>
public sealed record CompositeComponent(string Value, long Units, double Rate, double? StandardError, double Weight, double Share);

/// <summary>A weighted average of segment rates with its standard error and interval (null when a rate has no standard error).</summary>
public sealed record CompositeValue(double Value, double? StandardError, ConfidenceInterval? Interval, long Units, ImmutableArray<CompositeComponent> Components);

/// <summary>
/// value = Σ wᵢ·rᵢ / Σ wᵢ and SE = √Σ (wᵢ/W)²·SEᵢ². The weights are fixed by definition (not estimated), and the
/// segments are treated as independent: they partition the units, and a unit's outcome is in one segment only.
/// Clustering across segments (one customer in several intents) is not modelled; each rate's own standard error is
/// cluster-robust where the metric's is. Interval normal at <c>level</c>.
/// </summary>
public static class WeightedComposite
{
    /// <summary>Combines <paramref name="inputs"/>.</summary>
    /// <exception cref="ArgumentException">No input, a repeated value, or a weight, rate or standard error that is not finite, or a weight that is not positive.</exception>
    public static CompositeValue Combine(IReadOnlyList<CompositeInput> inputs, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("A composite needs at least one weighted segment.", nameof(inputs));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (!seen.Add(input.Value))
            {
                throw new ArgumentException($"Segment '{input.Value}' appears twice.", nameof(inputs));
            }

            if (!double.IsFinite(input.Weight) || input.Weight <= 0 || !double.IsFinite(input.Rate) || input.StandardError is { } se && (!double.IsFinite(se) || se < 0))
            {
                throw new ArgumentException($"Segment '{input.Value}' has a weight that is not positive, or a rate or standard error that is not finite.", nameof(inputs));
            }
        }

        var total = inputs.Sum(i => i.Weight);
        var components = inputs.Select(i => new CompositeComponent(i.Value, i.Units, i.Rate, i.StandardError, i.Weight, i.Weight / total)).ToImmutableArray();
        var value = components.Sum(c => c.Share * c.Rate);
        double? standardError = components.All(c => c.StandardError is not null)
            ? Math.Sqrt(components.Sum(c => c.Share * c.Share * c.StandardError!.Value * c.StandardError.Value))
            : null;
        var interval = standardError is { } s
            ? new ConfidenceInterval(value - (NormalDistribution.TwoSidedMultiplier(level) * s), value + (NormalDistribution.TwoSidedMultiplier(level) * s), level)
            : null;
        return new CompositeValue(value, standardError, interval, components.Sum(c => c.Units), components);
    }
}
