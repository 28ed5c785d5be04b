using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler.Planning;

/// <summary>
/// The logical plan of one metric in a query: its unit source (a semantic model, or a journey
/// stitched from one), the cells (periods × dimensions), the filters that select units, and for a
/// derived metric the plans of the metrics it combines.
/// </summary>
public sealed record MetricPlan
{
    /// <summary>The metric.</summary>
    public required Metric Metric { get; init; }

    /// <summary>The model whose rows are the units or the journeys' contacts.</summary>
    public required SemanticModel Model { get; init; }

    /// <summary>The journey, when the unit is one.</summary>
    public Journey? Journey { get; init; }

    /// <summary>Dimensions of the cells, in output order.</summary>
    public required ImmutableArray<string> GroupBy { get; init; }

    /// <summary>The query's filters on unit dimensions.</summary>
    public ImmutableArray<DimensionFilter> Filters { get; init; } = [];

    /// <summary>The caller's row filters: dimension must be one of the claim values.</summary>
    public ImmutableArray<(string Dimension, ImmutableArray<string> Values)> RowFilters { get; init; } = [];

    /// <summary>The periods (empty without a time window).</summary>
    public ImmutableArray<ReportingPeriod> Periods { get; init; } = [];

    /// <summary>The window's first instant, if any.</summary>
    public Instant? Start => Periods.IsEmpty ? null : Periods[0].Start;

    /// <summary>The window's end instant, if any.</summary>
    public Instant? End => Periods.IsEmpty ? null : Periods[^1].End;

    /// <summary>
    /// The query's filters become 0/1 group columns after <see cref="GroupBy"/> instead of conditions
    /// (the disclosure atoms: every value of the filtered dimensions, flagged kept or dropped).
    /// </summary>
    internal bool FiltersAsFlags { get; init; }

    /// <summary>For derived metrics: the plans of the metrics the expression names.</summary>
    public ImmutableArray<MetricPlan> Components { get; init; } = [];

    /// <summary>
    /// For a paired group comparison: the fact query pairs each unit of a group with the reference group's
    /// unit of the same interaction and aggregates the differences (see <see cref="PairedGroups"/>).
    /// </summary>
    public PairedGroups? Pairing { get; init; }

    /// <summary>A readable description of the plan (for EXPLAIN-style output and tests).</summary>
    public string Describe() =>
        $"{Metric.Name} v{Metric.Version}: {Metric.Type.ToString().ToLowerInvariant()} over " +
        (Journey is { } j ? $"journey {j.Name} (stitched from {Model.Name} by {string.Join(", ", j.Identity)}, gap > {j.Window})" : $"{Model.Name} rows") +
        $"; cells: {(Periods.IsEmpty ? "all time" : $"{Periods.Length} period(s)")} × [{string.Join(", ", GroupBy)}]" +
        $"; inclusion {Metric.Inclusion.Length}, exclusions {Metric.Exclusions.Length}, confirmation {Metric.Confirmation.Method}" +
        (Components.IsEmpty ? string.Empty : $"; combines {string.Join(", ", Components.Select(c => c.Metric.Name))}");
}

/// <summary>A paired group comparison compiled into a fact query.</summary>
/// <param name="GroupIndex">Index in <see cref="MetricPlan.GroupBy"/> of the compared dimension.</param>
/// <param name="Reference">The reference group's value (as the warehouse stores it).</param>
public sealed record PairedGroups(int GroupIndex, string Reference);
