using CxSemantic.GraphQL.Execution;

namespace CxSemantic.Server.Schema;

/// <summary>
/// <c>Query.metrics</c>: binds the selection and arguments to a metric query (<see cref="MetricQueryBinder"/>), runs it
/// through the service (cache, timeout, row limit) and writes the answer as rows (<see cref="MetricRowOutput"/>).
/// </summary>
internal static class MetricsResolver
{
    public static async ValueTask<object?> ResolveAsync(ResolverContext ctx)
    {
        var rc = RequestContext.Of(ctx);
        var snapshot = rc.Snapshot;
        var schema = snapshot.Schema;
        var children = ctx.GetSelectedFields();
        var result = new Dictionary<string, object?>(StringComparer.Ordinal) { ["catalogVersion"] = snapshot.Catalog.Version };
        if (!children.Any(f => f.Name.Value is "rows" or "sql"))
        {
            return result;
        }

        // The whole operation's cost is weighed before this (or any) metrics field runs a statement.
        rc.Limits?.CheckCost(ctx, schema, snapshot.Catalog, rc.Caller);
        var selected = ctx.LookAhead().Select("rows").FieldNames;
        var query = new MetricQueryBinder(schema).Bind(selected, ctx.Arguments, rc.Caller);
        var answer = await rc.AnswerAsync(query, ctx.CancellationToken).ConfigureAwait(false);
        result["catalogVersion"] = answer.CatalogVersion;
        result["rows"] = MetricRowOutput.Rows(schema, answer);
        var showSql = snapshot.Catalog.AccessPolicies.TryGetValue(rc.Caller.Role, out var policy) && policy.ShowSql;
        result["sql"] = showSql ? answer.Statements.Select(s => s.Sql.Text).ToList() : null;
        return result;
    }
}
