using System.Globalization;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Hosting;

namespace CxSemantic.Server.Schema;

/// <summary><c>Query.dimensions</c>, <c>Query.catalog</c> and <c>Query.dataWatermark</c>: what the catalog in service offers, how it loaded, and how recent the data is.</summary>
internal static class CatalogResolvers
{
    public static List<Dictionary<string, object?>> Dimensions(ResolverContext ctx) => Dimensions(RequestContext.Of(ctx).Snapshot);

    public static Dictionary<string, object?> Catalog(ResolverContext ctx) => Catalog(RequestContext.Of(ctx));

    /// <summary><c>Query.dataWatermark</c>: the instant up to which the warehouse's data is complete.</summary>
    public static async ValueTask<object?> DataWatermarkAsync(ResolverContext ctx)
    {
        var status = await RequestContext.Of(ctx).Queries.ProbeWarehouseAsync(ctx.CancellationToken).ConfigureAwait(false);
        return status.Watermark is { } watermark
            ? DateTime.SpecifyKind(watermark, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : null;
    }

    private static List<Dictionary<string, object?>> Dimensions(CatalogSnapshot snapshot) =>
        [.. snapshot.Schema.Dimensions.Select(d => new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = d.Name,
            ["field"] = d.Field,
            ["type"] = d.Type.ToString().ToUpperInvariant(),
            ["graphQLType"] = d.GraphQLType,
            ["values"] = d.Values,
            ["enumValues"] = d.Values.Select(v => d.ToGraphQL[v]).ToList(),
            ["label"] = d.Label,
            ["description"] = d.Description,
            ["pii"] = d.Pii,
            ["sources"] = d.Sources,
            ["metrics"] = snapshot.Catalog.Metrics.Values.Where(m => m.Segmentation.Allowed.Contains(d.Name) || m.Segmentation.Required.Contains(d.Name)).Select(m => m.Name).ToList(),
        })];

    private static Dictionary<string, object?> Catalog(RequestContext rc)
    {
        var catalog = rc.Snapshot.Catalog;

        // Absolute paths tell a caller about the server's machine: only roles trusted with the SQL see them.
        var trusted = catalog.AccessPolicies.TryGetValue(rc.Caller.Role, out var policy) && policy.ShowSql;
        var paths = new DefinitionPaths(rc.State.Directory, trusted);
        var problems = rc.State.Problems.Concat(catalog.Warnings)
            .Select(d => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = d.Code,
                ["message"] = d.Message,
                ["file"] = string.IsNullOrEmpty(d.Span.File) ? null : paths.Show(d.Span.File),
                ["line"] = d.Span.IsKnown ? d.Span.Line : null,
                ["column"] = d.Span.IsKnown ? d.Span.Column : null,
                ["severity"] = d.Severity.ToString().ToUpperInvariant(),
            })
            .Concat(rc.Snapshot.Schema.Problems.Select(p => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = "SCHEMA_NAME_COLLISION",
                ["message"] = p,
                ["file"] = null,
                ["line"] = null,
                ["column"] = null,
                ["severity"] = "WARNING",
            }))
            .ToList();
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["version"] = catalog.Version,
            ["hash"] = catalog.ContentHash,
            ["loadedAt"] = rc.Snapshot.LoadedAt.ToString("o", CultureInfo.InvariantCulture),
            ["problems"] = problems,
            ["metricCount"] = catalog.Metrics.Count,
            ["directory"] = paths.Show(rc.State.Directory),
        };
    }
}
