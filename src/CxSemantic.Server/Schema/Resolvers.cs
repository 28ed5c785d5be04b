using CxSemantic.GraphQL.Types;

namespace CxSemantic.Server.Schema;

/// <summary>The resolvers of the generated schema's root fields, one class per concern.</summary>
internal static class Resolvers
{
    public static void Register(SchemaBuilder builder)
    {
        builder.AddResolver(SchemaTypes.Query, "metrics", MetricsResolver.ResolveAsync);
        builder.AddResolver(SchemaTypes.Query, "metricDefinitions", DefinitionResolvers.MetricDefinitions);
        builder.AddResolver(SchemaTypes.Query, "metricDefinition", DefinitionResolvers.MetricDefinition);
        builder.AddResolver(SchemaTypes.Query, "dimensions", CatalogResolvers.Dimensions);
        builder.AddResolver(SchemaTypes.Query, "catalog", CatalogResolvers.Catalog);
        builder.AddResolver(SchemaTypes.Query, "explain", ExplainResolver.ResolveAsync);
        builder.AddResolver(SchemaTypes.Query, "composite", CompositeResolver.ResolveAsync);
        builder.AddResolver(SchemaTypes.Query, "dataWatermark", CatalogResolvers.DataWatermarkAsync);
    }
}
