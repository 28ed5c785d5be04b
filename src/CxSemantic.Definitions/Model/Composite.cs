using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;

namespace CxSemantic.Definitions.Model;

/// <summary>
/// A weighted scorecard composite: one average-type metric re-weighted over the values of one of its segment
/// dimensions (e.g. first contact resolution with costly or risky intents counting more), declared with a
/// <c>composite:</c> document.
/// </summary>
public sealed record Composite
{
    /// <summary>The composite's name (snake_case).</summary>
    public required string Name { get; init; }

    /// <summary>Bumped on every change of meaning (weights included).</summary>
    public required int Version { get; init; }

    /// <summary>A human label.</summary>
    public required string Label { get; init; }

    /// <summary>The team accountable for the weights.</summary>
    public required string Owner { get; init; }

    /// <summary>What the composite means and why the weights are what they are.</summary>
    public required string Description { get; init; }

    /// <summary>The metric re-weighted: a ratio, mean or distribution metric.</summary>
    public required string Metric { get; init; }

    /// <summary>The dimension whose values carry the weights; one of the metric's allowed segments.</summary>
    public required string WeightBy { get; init; }

    /// <summary>Weights by dimension value (non-negative; 0 excludes the value).</summary>
    public required ImmutableSortedDictionary<string, double> Weights { get; init; }

    /// <summary>The weight of a value not listed in <see cref="Weights"/> (0 excludes such values).</summary>
    public required double DefaultWeight { get; init; }

    /// <summary>Where the <c>composite:</c> key is.</summary>
    public SourceSpan Span { get; init; }

    /// <summary>Where parts are (<c>metric</c>, <c>weight_by</c>, <c>weights.VALUE</c>, <c>default_weight</c>).</summary>
    public ImmutableDictionary<string, SourceSpan> Locations { get; init; } = ImmutableDictionary<string, SourceSpan>.Empty;

    /// <summary>The weight of <paramref name="value"/>: its listed weight, else <see cref="DefaultWeight"/>.</summary>
    public double WeightOf(string value) => Weights.TryGetValue(value, out var w) ? w : DefaultWeight;

    /// <summary>The location of a part, or the composite's own span.</summary>
    public SourceSpan Locate(string path) => Locations.GetValueOrDefault(path, Span);
}
