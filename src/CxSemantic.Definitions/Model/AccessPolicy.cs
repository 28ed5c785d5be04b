using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;

namespace CxSemantic.Definitions.Model;

/// <summary>
/// What a role may see: which metrics and dimensions, whether personal data, whether the SQL, and
/// which rows (a dimension must equal a claim of the caller, e.g. tenant = the user's tenant).
/// </summary>
public sealed record AccessPolicy
{
    /// <summary>The role this policy is for.</summary>
    public required string Role { get; init; }

    /// <summary>Allowed metrics; <c>*</c> allows all.</summary>
    public ImmutableArray<string> Metrics { get; init; } = [];

    /// <summary>Allowed dimensions; <c>*</c> allows all (PII still needs <see cref="Pii"/>).</summary>
    public ImmutableArray<string> Dimensions { get; init; } = [];

    /// <summary>May see and group by PII dimensions.</summary>
    public bool Pii { get; init; }

    /// <summary>May see the compiled SQL.</summary>
    public bool ShowSql { get; init; }

    /// <summary>Row filters applied to every query of this role.</summary>
    public ImmutableArray<RowFilter> RowFilters { get; init; } = [];

    /// <summary>Prose for the glossary.</summary>
    public string? Description { get; init; }

    /// <summary>Where it is defined.</summary>
    public SourceSpan Span { get; init; }

    /// <summary>Where parts are written, by key path (<c>unit_of_analysis</c>, <c>segmentation.allowed.1</c>…), for precise messages.</summary>
    public ImmutableDictionary<string, SourceSpan> Locations { get; init; } = ImmutableDictionary<string, SourceSpan>.Empty;

    /// <summary>Where the part at <paramref name="path"/> is written, or where the definition starts.</summary>
    public SourceSpan Locate(string path) => Locations.GetValueOrDefault(path, Span);

    /// <summary>True when <paramref name="metric"/> is allowed.</summary>
    public bool AllowsMetric(string metric) => Metrics.Contains("*") || Metrics.Contains(metric);

    /// <summary>True when <paramref name="dimension"/> is allowed (PII aside).</summary>
    public bool AllowsDimension(string dimension) => Dimensions.Contains("*") || Dimensions.Contains(dimension);
}

/// <summary>A row filter: <see cref="Dimension"/> must equal the caller's claim <see cref="Claim"/>.</summary>
/// <param name="Dimension">A dimension available on every metric's unit.</param>
/// <param name="Claim">The claim type whose value(s) the dimension must match.</param>
public sealed record RowFilter(string Dimension, string Claim);
