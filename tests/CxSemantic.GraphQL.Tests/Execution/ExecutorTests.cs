using System.Text.Json;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Execution;

public class ExecutorTests
{
    private sealed record Metric(string Id, string Name, double Value);

    internal static Schema BuildSchema()
    {
        var metrics = new[] { new Metric("1", "revenue", 10.5), new Metric("2", "orders", 3) };
        return new SchemaBuilder()
            .AddInterfaceType("Node", t => t.Field("id", "ID!"))
            .AddObjectType("Metric", t => t
                .Description("A metric.")
                .Implements("Node")
                .Field("id", "ID!")
                .Field("name", "String!")
                .Field("value", "Float")
                .Field("old", "String", f => f.Deprecated("Use name").Resolve(_ => "x"))
                .Field("failing", "String", f => f.Resolve(_ => throw new GraphQLException("boom", "METRIC_FAILED")))
                .Field("failingNonNull", "String!", f => f.Resolve(_ => throw new GraphQLException("bad")))
                .Field("secret", "String", f => f.Resolve(_ => throw new InvalidOperationException("db password"))))
            .AddObjectType("Dimension", t => t.Implements("Node").Field("id", "ID!").Field("label", "String"))
            .AddUnionType("SearchResult", u => u.Types("Metric", "Dimension").ResolveType((v, _) => v is Metric ? "Metric" : "Dimension"))
            .AddEnumType("Order", e => e.Value("ASC").Value("DESC", v => v.Description("Descending")))
            .AddInputObjectType("MetricFilter", t => t.Field("name", "StringFilter").Field("minValue", "Float"))
            .AddInputObjectType("StringFilter", t => t.OneOf().Field("eq", "String").Field("in", "[String!]"))
            .AddScalarType(ScalarType.Date)
            .AddObjectType("Query", t => t
                .Field("metrics", "[Metric!]!", f => f
                    .Argument("where", "MetricFilter")
                    .Argument("order", "[Order!]", a => a.DefaultValue("[ASC]"))
                    .Argument("first", "Int", a => a.DefaultValue("10"))
                    .Resolve(ctx =>
                    {
                        IEnumerable<Metric> result = metrics;
                        if (ctx.GetArgument<object>("where") is IReadOnlyDictionary<string, object?> where && where.TryGetValue("name", out var nf) && nf is IReadOnlyDictionary<string, object?> nameFilter)
                        {
                            if (nameFilter.TryGetValue("eq", out var eq)) { result = result.Where(m => m.Name == (string?)eq); }
                        }
                        var order = (List<object?>)ctx.Arguments["order"]!;
                        result = (string?)order[0] == "DESC" ? result.OrderByDescending(m => m.Value) : result.OrderBy(m => m.Value);
                        return result.Take((int)ctx.Arguments["first"]!).ToList();
                    }))
                .Field("search", "[SearchResult]", _ => new object[] { metrics[0], new Dictionary<string, object?> { ["id"] = "d1", ["label"] = "Country" } })
                .Field("node", "Node", f => f.Argument("id", "ID!").ResolveAsync(async ctx =>
                {
                    await Task.Delay(1, ctx.CancellationToken);
                    return metrics.FirstOrDefault(m => m.Id == (string?)ctx.Arguments["id"]);
                }))
                .Field("today", "Date", _ => new DateOnly(2024, 1, 31))
                .Field("echoDate", "Date", f => f.Argument("d", "Date!").Resolve(ctx => ctx.Arguments["d"]))
                .Field("user", "String", f => f.Resolve(ctx => ctx.ContextData["user"])))
            .Build();
    }

    private static async Task<string> Run(Schema schema, string query, string? variablesJson = null, ExecutionOptions? options = null, string? operationName = null)
    {
        var variables = variablesJson is null ? null : GraphQLRequest.ParseVariables(JsonDocument.Parse(variablesJson).RootElement);
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = query, Variables = variables, OperationName = operationName }, options);
        return result.ToJson();
    }

    [Fact]
    public async Task Executes_fields_arguments_aliases_and_typename()
    {
        var json = await Run(BuildSchema(), "{ metrics(order: [DESC]) { __typename id n: name value } }");
        Assert.Equal("""{"data":{"metrics":[{"__typename":"Metric","id":"1","n":"revenue","value":10.5},{"__typename":"Metric","id":"2","n":"orders","value":3}]}}""", json);
    }

    [Fact]
    public async Task Coerces_variables_into_filter_input_objects()
    {
        var json = await Run(BuildSchema(), "query($w: MetricFilter) { metrics(where: $w) { name } }", """{"w":{"name":{"eq":"orders"}}}""");
        Assert.Equal("""{"data":{"metrics":[{"name":"orders"}]}}""", json);
    }

    [Fact]
    public async Task Reports_variable_errors_with_bad_user_input()
    {
        var json = await Run(BuildSchema(), "query($w: MetricFilter) { metrics(where: $w) { name } }", """{"w":{"name":{"eq":"a","in":["b"]}}}""");
        Assert.Equal("""{"errors":[{"message":"Variable \"$w\" got invalid value { eq: \"a\", in: [\"b\"] } at \"w.name\"; Exactly one key must be specified for OneOf type \"StringFilter\".","locations":[{"line":1,"column":7}],"extensions":{"code":"BAD_USER_INPUT"}}]}""", json);
    }

    [Fact]
    public async Task Field_errors_have_path_and_null_propagates_to_nullable_parent()
    {
        var json = await Run(BuildSchema(), "{ metrics(first: 1) { failing } m: metrics(first: 1) { failingNonNull } }");
        Assert.Equal("""{"errors":[{"message":"boom","locations":[{"line":1,"column":23}],"path":["metrics",0,"failing"],"extensions":{"code":"METRIC_FAILED"}},{"message":"bad","locations":[{"line":1,"column":56}],"path":["m",0,"failingNonNull"]}],"data":null}""", json);
    }

    [Fact]
    public async Task Unexpected_exceptions_are_masked()
    {
        var json = await Run(BuildSchema(), "{ metrics(first: 1) { secret } }");
        Assert.Equal("""{"errors":[{"message":"Unexpected Execution Error","locations":[{"line":1,"column":23}],"path":["metrics",0,"secret"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":{"metrics":[{"secret":null}]}}""", json);
    }

    [Fact]
    public async Task Resolves_abstract_types_and_fragments_with_skip_include()
    {
        var json = await Run(BuildSchema(), """
            query($yes: Boolean!) {
              search { __typename ... on Node { id } ...D @include(if: $yes) ... on Metric @skip(if: $yes) { name } }
              node(id: "2") { ... on Metric { name } }
            }
            fragment D on Dimension { label }
            """, """{"yes":true}""");
        Assert.Equal("""{"data":{"search":[{"__typename":"Metric","id":"1"},{"__typename":"Dimension","id":"d1","label":"Country"}],"node":{"name":"orders"}}}""", json);
    }

    [Fact]
    public async Task Custom_scalars_and_context_data()
    {
        var options = new ExecutionOptions { ContextData = new Dictionary<string, object?> { ["user"] = "alice" } };
        var json = await Run(BuildSchema(), """{ today echoDate(d: "2020-02-29") user }""", options: options);
        Assert.Equal("""{"data":{"today":"2024-01-31","echoDate":"2020-02-29","user":"alice"}}""", json);
        json = await Run(BuildSchema(), """query($d: Date!) { echoDate(d: $d) }""", """{"d":"nope"}""");
        Assert.Contains("Variable \\\"$d\\\" got invalid value \\\"nope\\\"; Date cannot represent value: \\\"nope\\\"", json);
    }

    [Fact]
    public async Task Syntax_errors_are_request_errors()
    {
        var json = await Run(BuildSchema(), "{ metrics { ");
        Assert.Equal("""{"errors":[{"message":"Syntax Error: Expected Name, found <EOF>.","locations":[{"line":1,"column":13}],"extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]}""", json);
    }

    [Fact]
    public async Task Operation_selection_errors()
    {
        var schema = BuildSchema();
        Assert.Contains("Must provide operation name if query contains multiple operations.", await Run(schema, "query A { today } query B { today }"));
        Assert.Contains("Unknown operation named \\\"C\\\".", await Run(schema, "query A { today }", operationName: "C"));
        Assert.Equal("""{"data":{"today":"2024-01-31"}}""", await Run(schema, "query A { user } query B { today }", operationName: "B"));
    }

    [Fact]
    public async Task Cancellation_flows_to_resolvers()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Executor.ExecuteAsync(BuildSchema(), new GraphQLRequest { Query = "{ node(id: \"1\") { id } }" }, null, cts.Token));
    }

    [Fact]
    public async Task Root_query_fields_run_concurrently()
    {
        var gate = new TaskCompletionSource();
        int started = 0;
        var schema = new SchemaBuilder().AddObjectType("Query", t => t
            .Field("a", "Int", f => f.ResolveAsync(async _ => { if (Interlocked.Increment(ref started) == 2) { gate.SetResult(); } await gate.Task; return 1; }))
            .Field("b", "Int", f => f.ResolveAsync(async _ => { if (Interlocked.Increment(ref started) == 2) { gate.SetResult(); } await gate.Task; return 2; })))
            .Build();
        var run = Run(schema, "{ a b }");
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(5000)));
        Assert.Equal("""{"data":{"a":1,"b":2}}""", await run);
    }

    [Fact]
    public async Task Unvalidated_documents_fail_gracefully()
    {
        var result = await Executor.ExecuteAsync(BuildSchema(), new GraphQLRequest { Query = "query($b: Boolean) { today @skip(if: $b) }" }, new ExecutionOptions { ValidateDocument = false });
        Assert.Equal("""{"errors":[{"message":"Argument \"if\" of required type \"Boolean!\" was provided the variable \"$b\" which was not provided a runtime value.","locations":[{"line":1,"column":38}],"extensions":{"code":"BAD_USER_INPUT"}}],"data":null}""", result.ToJson());
    }

    [Fact]
    public async Task Writes_to_stream()
    {
        var result = await Executor.ExecuteAsync(BuildSchema(), "{ today }");
        using var stream = new MemoryStream();
        await result.WriteToAsync(stream);
        Assert.Equal("""{"data":{"today":"2024-01-31"}}""", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
