using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;

namespace CxSemantic.Definitions.Model;

/// <summary>
/// The immutable, validated catalog of definitions: semantic models, journeys, metrics and access
/// policies, with a content hash that names this exact set of definitions.
/// </summary>
public sealed record MetricCatalog
{
    /// <summary>Semantic models by name.</summary>
    public required ImmutableSortedDictionary<string, SemanticModel> Models { get; init; }

    /// <summary>Journeys by name.</summary>
    public required ImmutableSortedDictionary<string, Journey> Journeys { get; init; }

    /// <summary>Metrics by name.</summary>
    public required ImmutableSortedDictionary<string, Metric> Metrics { get; init; }

    /// <summary>Weighted scorecard composites by name.</summary>
    public ImmutableSortedDictionary<string, Composite> Composites { get; init; } = ImmutableSortedDictionary<string, Composite>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Rollups (pre-aggregations) by name.</summary>
    public ImmutableSortedDictionary<string, Rollup> Rollups { get; init; } = ImmutableSortedDictionary<string, Rollup>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Access policies by role.</summary>
    public required ImmutableSortedDictionary<string, AccessPolicy> AccessPolicies { get; init; }

    /// <summary>SHA-256 (hex) over the definition files' paths and contents, in path order.</summary>
    public required string ContentHash { get; init; }

    /// <summary>A short form of <see cref="ContentHash"/> for display: its first 12 hex digits.</summary>
    public string Version => ContentHash[..12];

    /// <summary>Warnings found while loading (errors make loading fail).</summary>
    public ImmutableArray<Diagnostic> Warnings { get; init; } = [];

    /// <summary>The physical schema definitions were checked against.</summary>
    public required PhysicalSchema Schema { get; init; }
}
