using System.Collections.Frozen;
using System.Collections.Immutable;
using CxSemantic.Definitions.Glossary;
using CxSemantic.Definitions.Model;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.Server.Schema;

/// <summary>
/// Generates the GraphQL schema from a catalog: one typed <c>MetricRow</c> field per dimension
/// (GraphQL enums for enum dimensions) and per metric, HotChocolate-style filter and order inputs,
/// and the definition, dimension and catalog queries.
/// </summary>
internal static class MetricsSchemaFactory
{
    private static readonly FrozenSet<string> ReservedRowFields = FrozenSet.ToFrozenSet(["period", "__typename"], StringComparer.Ordinal);

    public static MetricsSchema Build(MetricCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = ImmutableArray.CreateBuilder<string>();
        var dimensions = BuildDimensions(catalog, problems);
        var metrics = BuildMetrics(catalog, dimensions, problems);
        var sdl = CatalogSdl.Write(dimensions, metrics);
        var builder = new SchemaBuilder()
            .AddScalarType(ScalarType.Date)
            .AddTypeDefinitions(sdl);
        Resolvers.Register(builder);
        var pages = GlossaryBuilder.Build(catalog).ToDictionary(p => p.Path, StringComparer.Ordinal);
        var glossary = catalog.Metrics.Values.ToFrozenDictionary(
            m => m.Name,
            m => new MetricGlossary(pages["metrics/" + m.Name], GlossaryBuilder.Facts(catalog, m)),
            StringComparer.Ordinal);
        return new MetricsSchema(builder.Build(), sdl, dimensions, metrics, glossary, problems.ToImmutable());
    }

    private static ImmutableArray<DimensionField> BuildDimensions(MetricCatalog catalog, ImmutableArray<string>.Builder problems)
    {
        // Every dimension some metric may be split by, typed from its model definition.
        var names = catalog.Metrics.Values.SelectMany(m => m.Segmentation.Allowed.Concat(m.Segmentation.Required))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var modelDimensions = catalog.Models.Values.SelectMany(m => m.Dimensions.Select(d => (Model: m, Dimension: d))).ToList();
        var result = ImmutableArray.CreateBuilder<DimensionField>();
        var usedFields = new HashSet<string>(ReservedRowFields, StringComparer.Ordinal);
        var usedTypes = new HashSet<string>(FixedSdl.TypeNames.Concat(SchemaTypes.Generated), StringComparer.Ordinal);
        foreach (var name in names)
        {
            var definitions = modelDimensions.Where(x => x.Dimension.Name == name).ToList();
            var sources = definitions.Select(x => x.Model.Name).ToList();
            var journeyAttributes = catalog.Journeys.Values.SelectMany(j => j.Attributes.Where(a => a.Name == name).Select(a => (Journey: j, Attribute: a))).ToList();
            sources.AddRange(journeyAttributes.Select(x => x.Journey.Name));

            // An enum definition anywhere (also behind a journey attribute over a model dimension) types the field.
            var typed = definitions.Select(x => x.Dimension).FirstOrDefault(d => d.Type == DimensionType.Enum && !d.Values.IsEmpty)
                ?? journeyAttributes.Select(x => x.Attribute.Expression?.Text.Trim())
                    .SelectMany(text => modelDimensions.Where(x => x.Dimension.Name == text).Select(x => x.Dimension))
                    .FirstOrDefault(d => d.Type == DimensionType.Enum && !d.Values.IsEmpty)
                ?? definitions.Select(x => x.Dimension).FirstOrDefault(d => d.Via is null)
                ?? definitions.Select(x => x.Dimension).FirstOrDefault();
            var via = definitions.Select(x => x.Dimension.Via).FirstOrDefault(v => v is not null);
            if (typed is { Type: not DimensionType.Enum } && via is not null)
            {
                // Follow the join to the model that defines it (e.g. segment via customers.segment).
                typed = modelDimensions.Where(x => x.Model.Name == via.Join && x.Dimension.Name == via.Dimension).Select(x => x.Dimension).FirstOrDefault() ?? typed;
            }

            var type = typed?.Type ?? DimensionType.String;
            var field = GraphQLNames.Camel(name);
            if (!usedFields.Add(field))
            {
                problems.Add($"Dimension '{name}' cannot be a MetricRow field: '{field}' is taken; rename the dimension.");
                continue;
            }

            string graphQLType;
            var toGraphQL = FrozenDictionary<string, string>.Empty;
            var fromGraphQL = FrozenDictionary<string, string>.Empty;
            ImmutableArray<string> values = [];
            if (type == DimensionType.Enum && typed is not null)
            {
                graphQLType = GraphQLNames.Pascal(name);
                if (!usedTypes.Add(graphQLType))
                {
                    graphQLType += "Value";
                    usedTypes.Add(graphQLType);
                }

                values = typed.Values;
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                var reverse = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var value in values)
                {
                    var gql = GraphQLNames.EnumValue(value);
                    while (reverse.ContainsKey(gql))
                    {
                        gql += "_";
                    }

                    map[value] = gql;
                    reverse[gql] = value;
                }

                toGraphQL = map.ToFrozenDictionary(StringComparer.Ordinal);
                fromGraphQL = reverse.ToFrozenDictionary(StringComparer.Ordinal);
            }
            else
            {
                graphQLType = type switch
                {
                    DimensionType.Number => SchemaTypes.Float,
                    DimensionType.Boolean => SchemaTypes.Boolean,
                    DimensionType.Date => SchemaTypes.Date,
                    _ => SchemaTypes.String,
                };
            }

            var described = definitions.Select(x => x.Dimension).FirstOrDefault(d => d.Description is not null);
            result.Add(new DimensionField(
                name,
                field,
                type,
                graphQLType,
                toGraphQL,
                fromGraphQL,
                definitions.Select(x => x.Dimension.Label).FirstOrDefault(l => l is not null),
                described?.Description ?? journeyAttributes.Select(x => x.Attribute.Description).FirstOrDefault(d => d is not null),
                definitions.Any(x => x.Dimension.Pii),
                [.. sources.Distinct(StringComparer.Ordinal)])
            {
                Values = values,
            });
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<MetricField> BuildMetrics(MetricCatalog catalog, ImmutableArray<DimensionField> dimensions, ImmutableArray<string>.Builder problems)
    {
        var used = new HashSet<string>(ReservedRowFields, StringComparer.Ordinal);
        used.UnionWith(dimensions.Select(d => d.Field));
        var result = ImmutableArray.CreateBuilder<MetricField>();
        foreach (var metric in catalog.Metrics.Values)
        {
            var field = GraphQLNames.Camel(metric.Name);
            if (!used.Add(field))
            {
                problems.Add($"Metric '{metric.Name}' cannot be a MetricRow field: '{field}' is taken by a dimension or another metric; rename one of them.");
                continue;
            }

            result.Add(new MetricField(metric.Name, field, metric));
        }

        return result.ToImmutable();
    }
}
