using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;
using YamlDotNet.RepresentationModel;

namespace CxSemantic.Definitions.Loading;

/// <summary>Semantic models: entity, time column, dimensions, measures and joins.</summary>
internal sealed partial class DefinitionReader
{
    private SemanticModel ReadModel(MappingReader m)
    {
        var name = Name(m, ModelKey);
        var model = new SemanticModel
        {
            Name = name,
            Table = LocatedString(m, "table", "the warehouse table the model reads") ?? name,
            PrimaryKey = LocatedNames(m, "primary_key", "the column(s) that identify one row, so measures are never double-counted"),
            TimeColumn = m.String("time"),
            EndTimeColumn = m.String("end_time"),
            Description = m.String("description"),
            Span = m.KeySpan(ModelKey),
        };

        var dimensions = ImmutableArray.CreateBuilder<Dimension>();
        foreach (var (dimName, span, body) in m.NamedItems("dimensions"))
        {
            CheckName(dimName, span);
            dimensions.Add(ReadDimension(m, dimName, span, body));
        }

        var measures = NamedMappings(m, "measures", measureName => $"measure '{measureName}' of semantic model '{name}'", (measureName, span, r) =>
        {
            var agg = Enum(r, "agg", AggregationNames, "aggregation", "how rows are combined") ?? Aggregation.Count;
            return new Measure
            {
                Name = measureName,
                Aggregation = agg,
                Expression = Expression(r, "expr", agg == Aggregation.Count ? null : "the value to aggregate"),
                Percentile = Fraction(r, "percentile", agg == Aggregation.Percentile),
                Description = r.String("description"),
                Span = span,
            };
        });

        // A join is named after the model it joins, which need not be a new name.
        var joins = NamedMappings(m, "joins", target => $"join '{target}' of semantic model '{name}'", checkNames: false, read: (target, span, r) =>
        {
            var on = r.Names("on", "the key column(s) of this table that match the joined table").Select(n => n.Value).ToImmutableArray();
            var references = r.Has("references") ? r.Names("references").Select(n => n.Value).ToImmutableArray() : on;
            return new ModelJoin
            {
                Model = target,
                On = on,
                References = references,
                Relationship = Enum(r, "relationship", RelationshipNames, "relationship", "many_to_one, one_to_one or one_to_many, so fan-out can be prevented") ?? Relationship.ManyToOne,
                Condition = Expression(r, "condition", null),
                Span = span,
            };
        });

        return model with { Dimensions = dimensions.ToImmutable(), Measures = measures, Joins = joins, Locations = _locations.ToImmutable() };
    }

    private Dimension ReadDimension(MappingReader owner, string name, SourceSpan span, YamlNode body)
    {
        // `channel:` alone, or `channel: {}`, is the column of that name.
        var r = MappingReader.IsNull(body) ? null : Body(owner, body, $"dimension '{name}'");
        if (r is null)
        {
            return new Dimension { Name = name, Type = DimensionType.String, Expression = ColumnExpression(name, span), Span = span };
        }

        var type = Enum(r, "type", DimensionTypeNames, "dimension type", null);
        DimensionPath? via = null;
        if (r.String("via") is { } path)
        {
            var dot = path.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || dot == path.Length - 1 || path.IndexOf('.', dot + 1) >= 0)
            {
                diagnostics.Error(
                    DefinitionErrors.InvalidValue,
                    DefinitionErrors.Format(DefinitionErrors.InvalidValueMessage, path, "via path", "join.dimension, e.g. customers.segment", string.Empty),
                    r.ValueSpan("via"));
            }
            else
            {
                via = new DimensionPath(path[..dot], path[(dot + 1)..]);
            }
        }

        RelatedFact? related = null;
        if (r.String("from") is { } relatedModel)
        {
            var agg = Enum(r, "agg", RelatedAggregationNames, "related aggregation", "count or any, over the related rows") ?? RelatedAggregation.Count;
            related = new RelatedFact(relatedModel, agg, Expression(r, "where", null), r.Has("within") ? Window(r, "within", null) : null);
            type ??= agg == RelatedAggregation.Count ? DimensionType.Number : DimensionType.Boolean;
        }

        var expression = Expression(r, "expr", null);
        if (expression is null && via is null && related is null)
        {
            expression = ColumnExpression(name, span);
        }

        var values = r.Names("values").Select(v => v.Value).ToImmutableArray();
        var dimension = new Dimension
        {
            Name = name,
            Type = type ?? (values.IsEmpty ? DimensionType.String : DimensionType.Enum),
            Expression = expression,
            Via = via,
            Related = related,
            Values = values,
            Pii = r.Bool("pii", false),
            Label = r.String("label"),
            Description = r.String("description"),
            Span = span,
        };
        if (dimension.Type == DimensionType.Enum && r.Has("values") is var hasValues &&
            (values.IsEmpty || values.Distinct(StringComparer.Ordinal).Count() != values.Length))
        {
            var why = values.IsEmpty ? "the list is empty" : $"'{values.GroupBy(v => v).First(g => g.Count() > 1).Key}' is listed twice";
            diagnostics.Error(DefinitionErrors.BadEnumValues, DefinitionErrors.Format(DefinitionErrors.BadEnumValuesMessage, name, why), hasValues ? r.ValueSpan("values") : span);
        }

        r.Complete();
        return dimension;
    }
}
