using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;

namespace CxSemantic.Definitions.Model;

/// <summary>
/// A semantic model: one warehouse table seen as a set of units (rows) with dimensions to group
/// by, measures to aggregate, and the joins that may be followed from it.
/// </summary>
public sealed record SemanticModel
{
    /// <summary>The model's name (snake_case).</summary>
    public required string Name { get; init; }

    /// <summary>The warehouse table.</summary>
    public required string Table { get; init; }

    /// <summary>The primary key column(s): one row per value, so measures are never double-counted.</summary>
    public required ImmutableArray<string> PrimaryKey { get; init; }

    /// <summary>The instant column that places a row in time (UTC), if any.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>The instant column at which a row ends (confirmation windows start there); <see cref="TimeColumn"/> when not given.</summary>
    public string? EndTimeColumn { get; init; }

    /// <summary>Prose for the glossary.</summary>
    public string? Description { get; init; }

    /// <summary>Dimensions, in file order.</summary>
    public ImmutableArray<Dimension> Dimensions { get; init; } = [];

    /// <summary>Measures, in file order.</summary>
    public ImmutableArray<Measure> Measures { get; init; } = [];

    /// <summary>Joins to other models.</summary>
    public ImmutableArray<ModelJoin> Joins { get; init; } = [];

    /// <summary>Where the model is defined.</summary>
    public SourceSpan Span { get; init; }

    /// <summary>Where parts are written, by key path (<c>unit_of_analysis</c>, <c>segmentation.allowed.1</c>…), for precise messages.</summary>
    public ImmutableDictionary<string, SourceSpan> Locations { get; init; } = ImmutableDictionary<string, SourceSpan>.Empty;

    /// <summary>Where the part at <paramref name="path"/> is written, or where the definition starts.</summary>
    public SourceSpan Locate(string path) => Locations.GetValueOrDefault(path, Span);

    /// <summary>The dimension called <paramref name="name"/>, if any.</summary>
    public Dimension? FindDimension(string name) => Dimensions.FirstOrDefault(d => d.Name == name);

    /// <summary>The measure called <paramref name="name"/>, if any.</summary>
    public Measure? FindMeasure(string name) => Measures.FirstOrDefault(m => m.Name == name);
}

/// <summary>The value type of a dimension, which decides filters and the GraphQL field type.</summary>
public enum DimensionType
{
    /// <summary>Free text.</summary>
    String,

    /// <summary>One of a declared list of values.</summary>
    Enum,

    /// <summary>A number.</summary>
    Number,

    /// <summary>True or false.</summary>
    Boolean,

    /// <summary>A calendar date.</summary>
    Date,

    /// <summary>An instant (UTC).</summary>
    Time,
}

/// <summary>
/// A dimension: a column of the model's table, an expression over its columns, or a dimension of a
/// joined model reached <c>via</c> a many-to-one join (<c>customers.segment</c>).
/// </summary>
public sealed record Dimension
{
    /// <summary>The dimension's name.</summary>
    public required string Name { get; init; }

    /// <summary>Its value type.</summary>
    public required DimensionType Type { get; init; }

    /// <summary>The expression (a bare column name when the dimension is a column); null for a <see cref="Via"/> dimension.</summary>
    public DefinitionExpression? Expression { get; init; }

    /// <summary>For a joined dimension: the join and the dimension on the other side.</summary>
    public DimensionPath? Via { get; init; }

    /// <summary>A per-unit fact over a related model's rows (<c>from: turns, agg: count</c>); null otherwise.</summary>
    public RelatedFact? Related { get; init; }

    /// <summary>The allowed values of an enum dimension, in display order.</summary>
    public ImmutableArray<string> Values { get; init; } = [];

    /// <summary>Personal data: only roles allowed PII may see or group by it.</summary>
    public bool Pii { get; init; }

    /// <summary>Human label for UIs.</summary>
    public string? Label { get; init; }

    /// <summary>Prose for the glossary.</summary>
    public string? Description { get; init; }

    /// <summary>Where it is defined.</summary>
    public SourceSpan Span { get; init; }
}

/// <summary>How a related fact summarizes the related rows of one unit.</summary>
public enum RelatedAggregation
{
    /// <summary>The number of related rows (0 when there are none).</summary>
    Count,

    /// <summary>True when at least one related row exists.</summary>
    Any,
}

/// <summary>
/// A per-unit fact read from a related model's rows that point at the unit through their many-to-one
/// join (the turns, policy events or linked system events of one interaction): a count, or whether
/// any exists, of the rows matching <see cref="Where"/>, optionally only those within
/// <see cref="Within"/> after the unit's start. It never fans out: it is one value per unit.
/// </summary>
/// <param name="Model">The related semantic model (it joins many-to-one to the unit's model).</param>
/// <param name="Aggregation">Count or any.</param>
/// <param name="Where">Which related rows count (over the related model's dimensions); null: all.</param>
/// <param name="Within">Only related rows whose time is in [unit start, unit start + window]; null: any time.</param>
public sealed record RelatedFact(string Model, RelatedAggregation Aggregation, DefinitionExpression? Where, IsoWindow? Within);

/// <summary>A dimension reached through a join: <c>join.dimension</c>.</summary>
/// <param name="Join">The join (named after the target model).</param>
/// <param name="Dimension">The dimension of the joined model.</param>
public sealed record DimensionPath(string Join, string Dimension)
{
    /// <summary><c>join.dimension</c>.</summary>
    public override string ToString() => $"{Join}.{Dimension}";
}

/// <summary>Aggregations of a measure.</summary>
public enum Aggregation
{
    /// <summary>count(*) of units, or count of non-null values of an expression.</summary>
    Count,

    /// <summary>Count of distinct values.</summary>
    CountDistinct,

    /// <summary>Sum.</summary>
    Sum,

    /// <summary>Arithmetic mean.</summary>
    Average,

    /// <summary>Minimum.</summary>
    Min,

    /// <summary>Maximum.</summary>
    Max,

    /// <summary>A percentile (continuous), with its fraction.</summary>
    Percentile,
}

/// <summary>A measure: an aggregation of an expression over the model's rows.</summary>
public sealed record Measure
{
    /// <summary>The measure's name.</summary>
    public required string Name { get; init; }

    /// <summary>How rows are aggregated.</summary>
    public required Aggregation Aggregation { get; init; }

    /// <summary>The aggregated expression; null for <c>count</c> of rows.</summary>
    public DefinitionExpression? Expression { get; init; }

    /// <summary>The fraction for <see cref="Aggregation.Percentile"/> (0..1).</summary>
    public double? Percentile { get; init; }

    /// <summary>Prose for the glossary.</summary>
    public string? Description { get; init; }

    /// <summary>Where it is defined.</summary>
    public SourceSpan Span { get; init; }
}

/// <summary>How many rows of the other side match one row of this side.</summary>
public enum Relationship
{
    /// <summary>At most one row on the other side: safe to follow for dimensions.</summary>
    ManyToOne,

    /// <summary>Exactly one row on each side.</summary>
    OneToOne,

    /// <summary>Many rows on the other side: following it repeats this side's rows (fan-out).</summary>
    OneToMany,
}

/// <summary>A join from a model to another model on key columns.</summary>
public sealed record ModelJoin
{
    /// <summary>The target model (also the join's name).</summary>
    public required string Model { get; init; }

    /// <summary>This table's key column(s).</summary>
    public required ImmutableArray<string> On { get; init; }

    /// <summary>The other table's column(s) matched, in the same order; defaults to <see cref="On"/>.</summary>
    public required ImmutableArray<string> References { get; init; }

    /// <summary>The cardinality.</summary>
    public required Relationship Relationship { get; init; }

    /// <summary>
    /// An extra match condition over both tables (the joined table's columns prefixed with the join
    /// name), e.g. a validity range; the declared relationship must still hold with it.
    /// </summary>
    public DefinitionExpression? Condition { get; init; }

    /// <summary>Where it is defined.</summary>
    public SourceSpan Span { get; init; }
}
