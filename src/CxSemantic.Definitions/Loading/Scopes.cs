using System.Collections.Immutable;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Definitions.Loading;

/// <summary>
/// The physical columns of one table, and of the tables its many-to-one joins reach (prefixed
/// with the join name, <c>cost_rates.cost_per_minute</c>): the scope of dimension, measure and
/// join-condition expressions.
/// </summary>
internal sealed class TableScope(PhysicalTable? table, IReadOnlyDictionary<string, PhysicalTable>? joined = null) : IExpressionScope
{
    public PhysicalTable? Table => table;

    public IEnumerable<string> VisibleNames =>
        (table?.Columns.Keys ?? []).Concat((joined ?? ImmutableDictionary<string, PhysicalTable>.Empty).SelectMany(j => j.Value.Columns.Keys.Select(c => $"{j.Key}.{c}")));

    public static TableScope ForModel(SemanticModel model, PhysicalSchema schema, IReadOnlyDictionary<string, SemanticModel> models)
    {
        var joined = new Dictionary<string, PhysicalTable>(StringComparer.Ordinal);
        foreach (var join in model.Joins.Where(j => j.Relationship != Relationship.OneToMany))
        {
            if (models.TryGetValue(join.Model, out var target) && schema.FindTable(target.Table) is { } targetTable)
            {
                joined[join.Model] = targetTable;
            }
        }

        return new TableScope(schema.FindTable(model.Table), joined);
    }

    public ScopeColumn? Resolve(ImmutableArray<string> path)
    {
        if (table is null)
        {
            // No warehouse schema was given: names cannot be checked, so accept them untyped.
            return new ScopeColumn(ExpressionType.Unknown);
        }

        var owner = table;
        if (path.Length == 2 && joined is not null && joined.TryGetValue(path[0], out var other))
        {
            owner = other;
            path = path[1..];
        }

        return path.Length == 1 && owner.Columns.TryGetValue(path[0], out var column)
            ? new ScopeColumn(column.Type, column.Nullable, column.AllowedValues.IsDefaultOrEmpty ? default : column.AllowedValues)
            : null;
    }
}

/// <summary>
/// What a metric's filters may name for its unit of analysis: for a semantic model, its
/// dimensions and columns and the dimensions of models reached through many-to-one joins
/// (<c>customers.segment</c>); for a journey, its attributes and the dimensions of its source model
/// (their values at the journey's first contact).
/// </summary>
internal sealed class UnitScope : IExpressionScope
{
    private readonly Dictionary<string, ScopeColumn> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dimensions = new(StringComparer.Ordinal);

    private UnitScope(SemanticModel model, Journey? journey)
    {
        Model = model;
        Journey = journey;
    }

    /// <summary>The model whose rows are (or make up) the units.</summary>
    public SemanticModel Model { get; }

    /// <summary>The journey, when the unit is one.</summary>
    public Journey? Journey { get; }

    public IEnumerable<string> VisibleNames => _names.Keys;

    /// <summary>Names a query may group by for this unit.</summary>
    public IEnumerable<string> DimensionNames => _dimensions;

    public bool HasDimension(string name) => _dimensions.Contains(name);

    public ScopeColumn? Resolve(ImmutableArray<string> path) => _names.GetValueOrDefault(string.Join('.', path));

    public static UnitScope? For(string unit, DefinitionIndex index, PhysicalSchema schema)
    {
        if (index.Journeys.TryGetValue(unit, out var journey))
        {
            return index.Models.TryGetValue(journey.From, out var from) ? ForJourney(journey, from, index, schema) : null;
        }

        return index.Models.TryGetValue(unit, out var model) ? ForModel(model, index, schema) : null;
    }

    public static UnitScope ForModel(SemanticModel model, DefinitionIndex index, PhysicalSchema schema)
    {
        var scope = new UnitScope(model, null);
        var table = schema.FindTable(model.Table);
        if (table is not null)
        {
            foreach (var column in table.Columns.Values)
            {
                scope._names[column.Name] = new ScopeColumn(column.Type, column.Nullable, column.AllowedValues.IsDefaultOrEmpty ? default : column.AllowedValues);
            }
        }

        scope.AddDimensions(model, prefix: null, index, schema, depth: 0);
        foreach (var join in model.Joins.Where(j => j.Relationship != Relationship.OneToMany))
        {
            if (index.Models.TryGetValue(join.Model, out var target))
            {
                scope.AddDimensions(target, prefix: join.Model + ".", index, schema, depth: 1);
            }
        }

        return scope;
    }

    private static UnitScope ForJourney(Journey journey, SemanticModel from, DefinitionIndex index, PhysicalSchema schema)
    {
        var source = ForModel(from, index, schema);
        var scope = new UnitScope(from, journey);
        foreach (var dimension in from.Dimensions)
        {
            if (source.Resolve([dimension.Name]) is { } column)
            {
                scope._names[dimension.Name] = column;
                scope._dimensions.Add(dimension.Name);
            }
        }

        foreach (var attribute in journey.Attributes)
        {
            scope._names[attribute.Name] = new ScopeColumn(AttributeType(attribute, source));
            scope._dimensions.Add(attribute.Name);
        }

        return scope;
    }

    /// <summary>The type of a dimension's values, from its expression, or from the joined dimension.</summary>
    internal static ScopeColumn DimensionColumn(Dimension dimension, SemanticModel model, DefinitionIndex index, PhysicalSchema schema, int depth)
    {
        var values = dimension.Values.IsEmpty ? default : dimension.Values;
        if (dimension.Via is { } via)
        {
            if (depth < 4 && index.Models.TryGetValue(via.Join, out var target) && target.FindDimension(via.Dimension) is { } far)
            {
                return DimensionColumn(far, target, index, schema, depth + 1);
            }

            return new ScopeColumn(ExpressionType.Unknown);
        }

        if (dimension.Related is { } related)
        {
            return new ScopeColumn(related.Aggregation == RelatedAggregation.Count ? ExpressionType.Integer : ExpressionType.Boolean, false);
        }

        var tableScope = TableScope.ForModel(model, schema, index.Models);
        if (dimension.Expression?.Syntax is { } syntax)
        {
            var type = ExpressionTypeChecker.Check(syntax, tableScope).Type;
            if (syntax is ColumnReference reference && tableScope.Resolve(reference.Path) is { } column)
            {
                return column with { AllowedValues = values.IsDefault ? column.AllowedValues : values };
            }

            return new ScopeColumn(type, true, values);
        }

        return new ScopeColumn(ExpressionType.Unknown);
    }

    private void AddDimensions(SemanticModel model, string? prefix, DefinitionIndex index, PhysicalSchema schema, int depth)
    {
        foreach (var dimension in model.Dimensions)
        {
            var name = prefix + dimension.Name;
            _names[name] = DimensionColumn(dimension, model, index, schema, depth);
            if (prefix is null)
            {
                _dimensions.Add(name);
            }
        }
    }

    private static ExpressionType AttributeType(JourneyAttribute attribute, IExpressionScope source) => attribute.Aggregation switch
    {
        JourneyAggregation.Count => ExpressionType.Integer,
        JourneyAggregation.Any or JourneyAggregation.All => ExpressionType.Boolean,
        _ when attribute.Expression?.Syntax is { } syntax => ExpressionTypeChecker.Check(syntax, source).Type,
        _ => ExpressionType.Unknown,
    };
}
