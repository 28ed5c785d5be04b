using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;
using NodaTime;

namespace CxSemantic.Definitions.Model;

/// <summary>
/// A journey: contacts of one identity (e.g. the same customer about the same intent) stitched
/// at query time. A new journey starts when the gap since the identity's previous contact
/// exceeds <see cref="Window"/>. Journeys are never stored, so changing the window is a
/// definition change, not a backfill.
/// </summary>
public sealed record Journey
{
    /// <summary>The journey's name (usable as a metric's unit of analysis).</summary>
    public required string Name { get; init; }

    /// <summary>The semantic model whose rows are the contacts.</summary>
    public required string From { get; init; }

    /// <summary>Dimensions of <see cref="From"/> that identify whose journey a contact belongs to.</summary>
    public required ImmutableArray<string> Identity { get; init; }

    /// <summary>The stitching gap.</summary>
    public required IsoWindow Window { get; init; }

    /// <summary>
    /// How long after its start a journey is read: its attributes are computed over the contacts that
    /// started within this horizon, and a journey is mature once the horizon (plus the look-ahead of any
    /// windowed related facts it reads) has passed at the watermark. Deciding maturity from the start,
    /// not from the last contact, keeps it independent of the outcome (DESIGN §5; issue 11): a rule based
    /// on the last contact would keep mostly single-contact journeys in the final weeks.
    /// </summary>
    public required IsoWindow Horizon { get; init; }

    /// <summary>Attributes derived over a journey's contacts (first channel, last outcome, handoffs…).</summary>
    public ImmutableArray<JourneyAttribute> Attributes { get; init; } = [];

    /// <summary>Prose for the glossary.</summary>
    public string? Description { get; init; }

    /// <summary>Where it is defined.</summary>
    public SourceSpan Span { get; init; }

    /// <summary>Where parts are written, by key path (<c>unit_of_analysis</c>, <c>segmentation.allowed.1</c>…), for precise messages.</summary>
    public ImmutableDictionary<string, SourceSpan> Locations { get; init; } = ImmutableDictionary<string, SourceSpan>.Empty;

    /// <summary>Where the part at <paramref name="path"/> is written, or where the definition starts.</summary>
    public SourceSpan Locate(string path) => Locations.GetValueOrDefault(path, Span);
}

/// <summary>How a journey attribute is derived from its contacts (in time order).</summary>
public enum JourneyAggregation
{
    /// <summary>The value at the first contact.</summary>
    First,

    /// <summary>The value at the last contact.</summary>
    Last,

    /// <summary>The number of contacts (non-null values, if an expression is given).</summary>
    Count,

    /// <summary>The sum over contacts.</summary>
    Sum,

    /// <summary>The smallest value.</summary>
    Min,

    /// <summary>The largest value.</summary>
    Max,

    /// <summary>True if the condition holds for any contact.</summary>
    Any,

    /// <summary>True if the condition holds for every contact.</summary>
    All,
}

/// <summary>An attribute of a journey, derived from its contacts.</summary>
public sealed record JourneyAttribute
{
    /// <summary>The attribute's name (usable in filters and as a dimension).</summary>
    public required string Name { get; init; }

    /// <summary>How contacts are combined.</summary>
    public required JourneyAggregation Aggregation { get; init; }

    /// <summary>The per-contact expression over the source model's dimensions and columns; null for a count of contacts.</summary>
    public DefinitionExpression? Expression { get; init; }

    /// <summary>Prose for the glossary.</summary>
    public string? Description { get; init; }

    /// <summary>Where it is defined.</summary>
    public SourceSpan Span { get; init; }
}

/// <summary>A fixed-length window written as an ISO-8601 duration (P7D, PT24H).</summary>
/// <param name="Text">As written.</param>
/// <param name="Duration">Its exact length.</param>
public sealed record IsoWindow(string Text, Duration Duration)
{
    /// <summary>The text as written.</summary>
    public override string ToString() => Text;
}
