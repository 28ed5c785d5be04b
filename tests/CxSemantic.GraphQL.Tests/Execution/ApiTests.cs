using System.ComponentModel;
using System.Text.Json;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Printing;
using CxSemantic.GraphQL.Serialization;
using CxSemantic.GraphQL.Tests.Conformance;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Execution;

public class ApiTests
{
    private enum Direction { Ascending, Descending }

    private sealed class Shape
    {
        public string Kind { get; init; } = "";
        public double Area { get; init; }
    }

    [Fact]
    public async Task Look_ahead_reports_selected_fields_after_fragments_and_directives()
    {
        IReadOnlyList<string>? seen = null;
        var schema = new SchemaBuilder()
            .AddObjectType("Row", t => t.Field("a", "Int").Field("b", "Int").Field("c", "Int"))
            .AddObjectType("Query", t => t.Field("rows", "[Row!]!", f => f.Resolve(ctx =>
            {
                seen = [.. ctx.GetSelectedFields().Select(n => n.ResponseKey + ":" + n.Name.Value)];
                return Array.Empty<object>();
            })))
            .Build();
        var result = await Executor.ExecuteAsync(schema, "query($no: Boolean!) { rows { a x: b @skip(if: $no) ...F } } fragment F on Row { c a }", variables: new Dictionary<string, object?> { ["no"] = true });
        Assert.Empty(result.Errors);
        Assert.Equal(["a:a", "c:c"], seen);
    }

    [Fact]
    public async Task Enum_runtime_values_and_clr_objects_with_is_type_of()
    {
        var schema = new SchemaBuilder()
            .AddEnumType("Direction", e => e.Value("ASC", v => v.RunsAs(Direction.Ascending)).Value("DESC", v => v.RunsAs(Direction.Descending)))
            .AddInterfaceType("Figure", t => t.Field("area", "Float!"))
            .AddObjectType("Shape", t => t.Implements("Figure").IsTypeOf(v => v is Shape).Field("kind", "String!").Field("area", "Float!"))
            .AddObjectType("Query", t => t
                .Field("flip", "Direction!", f => f.Argument("d", "Direction!").Resolve(ctx => (Direction)ctx.Arguments["d"]! == Direction.Ascending ? Direction.Descending : Direction.Ascending))
                .Field("figure", "Figure", _ => new Shape { Kind = "square", Area = 4 }))
            .Build();
        var result = await Executor.ExecuteAsync(schema, "{ flip(d: ASC) figure { __typename area ... on Shape { kind } } }");
        Assert.Equal("""{"data":{"flip":"DESC","figure":{"__typename":"Shape","area":4,"kind":"square"}}}""", result.ToJson());
    }

    [Fact]
    public async Task Mutations_run_serially_in_document_order()
    {
        var log = new List<string>();
        var schema = new SchemaBuilder()
            .AddObjectType("Query", t => t.Field("x", "Int", _ => 1))
            .AddObjectType("Mutation", t => t.Field("step", "Int", f => f.Argument("n", "Int!").ResolveAsync(async ctx =>
            {
                int n = (int)ctx.Arguments["n"]!;
                await Task.Delay(n == 1 ? 30 : 1, ctx.CancellationToken);
                lock (log) { log.Add($"step{n}"); }
                return n;
            })))
            .Build();
        var result = await Executor.ExecuteAsync(schema, "mutation { a: step(n: 1) b: step(n: 2) c: step(n: 3) }");
        Assert.Equal("""{"data":{"a":1,"b":2,"c":3}}""", result.ToJson());
        Assert.Equal(["step1", "step2", "step3"], log);
    }

    [Fact]
    public async Task Json_element_sources_and_request_from_json_body()
    {
        using var data = JsonDocument.Parse("""{"items":[{"id":1,"tags":["a","b"],"child":{"id":2,"tags":[],"child":null}}]}""");
        var root = data.RootElement.Clone();
        var schema = new SchemaBuilder()
            .AddObjectType("Item", t => t.Field("id", "Int!").Field("tags", "[String!]!").Field("child", "Item"))
            .AddObjectType("Query", t => t.Field("items", "[Item!]!", ctx => root.GetProperty("items")))
            .Build();
        var read = GraphQLRequestReader.ReadJsonBody("""{"query":"query Q($d: Boolean!) { items { id tags child @include(if: $d) { id child { id } } } }","operationName":"Q","variables":{"d":true}}"""u8.ToArray());
        Assert.True(read.Succeeded, read.Error);
        var result = await Executor.ExecuteAsync(schema, read.Request);
        Assert.Equal("""{"data":{"items":[{"id":1,"tags":["a","b"],"child":{"id":2,"child":null}}]}}""", result.ToJson());
    }

    [Fact]
    public void Sdl_ast_printer_round_trips_the_conformance_schema()
    {
        var original = GraphQLParser.Parse(ConformanceSchema.Sdl);
        var printed = AstPrinter.Print(original);
        Assert.Equal(printed, AstPrinter.Print(GraphQLParser.Parse(printed)));
        Assert.Equal(Schema.FromSdl(ConformanceSchema.Sdl).ToSdl(), Schema.FromSdl(printed).ToSdl());
    }

    [Fact]
    public async Task Variable_and_argument_defaults_fill_input_objects()
    {
        var schema = ConformanceSchema.Build();
        var result = await Executor.ExecuteAsync(schema, "mutation { createMetric(input: {name: \"n\"}) { aggregation tags description } }");
        Assert.Equal("""{"data":{"createMetric":{"aggregation":"SUM","tags":["new"],"description":"{precision:2,rounding:\"HALF_UP\"}"}}}""", result.ToJson());
    }

    [Fact]
    public async Task Variables_may_be_json_elements_and_context_data_is_typed()
    {
        var schema = new SchemaBuilder()
            .AddInputObjectType("F", t => t.Field("eq", "String").Field("in", "[Int!]"))
            .AddObjectType("Query", t => t.Field("echo", "String", f => f.Argument("f", "F").Resolve(ctx =>
            {
                var f = (IReadOnlyDictionary<string, object?>)ctx.Arguments["f"]!;
                return $"{ctx.GetContextData<string>("tenant")}:{f["eq"]}:{string.Join(",", (List<object?>)f["in"]!)}:{ctx.GetContextData<int>("missing")}";
            })))
            .Build();
        using var json = JsonDocument.Parse("""{"eq":"x","in":[1,2]}""");
        var result = await Executor.ExecuteAsync(
            schema,
            new GraphQLRequest { Query = "query($f: F) { echo(f: $f) }", Variables = new Dictionary<string, object?> { ["f"] = json.RootElement } },
            new ExecutionOptions { ContextData = new Dictionary<string, object?> { ["tenant"] = "acme" } });
        Assert.Equal("""{"data":{"echo":"acme:x:1,2:0"}}""", result.ToJson());
    }

    [Fact]
    public async Task Document_cache_skips_parse_and_validation_for_repeated_queries_and_keeps_errors()
    {
        var schema = ConformanceSchema.Build();
        var cache = new DocumentCache(capacity: 2);
        var options = new ExecutionOptions { DocumentCache = cache };
        Assert.Equal("""{"data":{"version":"1.0"}}""", (await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ version }" }, options)).ToJson());
        Assert.Equal(1, cache.Count);
        Assert.Equal("""{"data":{"version":"1.0"}}""", (await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ version }" }, options)).ToJson());
        Assert.Equal(1, cache.Count);

        // Invalid documents are cached with their errors, so a repeated bad query is not parsed again.
        var invalid = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ versions }" }, options);
        Assert.Equal(ErrorCodes.ValidationFailed, Assert.Single(invalid.Errors).Code);
        Assert.Equal(2, cache.Count);

        await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ a: version }" }, options);
        await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ b: version }" }, options);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task GetArgument_converts_enum_names_and_numbers()
    {
        string? seen = null;
        var schema = new SchemaBuilder()
            .AddEnumType("Dir", e => e.Value("ASCENDING").Value("DESCENDING"))
            .AddObjectType("Query", t => t.Field("x", "Int", f => f.Argument("d", "Dir").Argument("n", "Int").Resolve(ctx =>
            {
                seen = $"{ctx.GetArgument<ListSortDirection>("d")} {ctx.GetArgument<long>("n")} {ctx.GetArgument<ListSortDirection?>("missing")}";
                return 1;
            })))
            .Build();
        await Executor.ExecuteAsync(schema, "{ x(d: DESCENDING, n: 7) }");
        Assert.Equal("Descending 7 ", seen);
    }

    [Fact]
    public void Builder_rejects_duplicate_and_reserved_names()
    {
        Assert.Throws<SchemaException>(() => new SchemaBuilder().AddObjectType("Query", t => t.Field("a", "Int")).AddObjectType("Query", t => t.Field("b", "Int")));
        var ex = Assert.Throws<SchemaException>(() => new SchemaBuilder().AddObjectType("Query", t => t.Field("a", "Int")).AddObjectType("__Bad", t => t.Field("b", "Int")).Build());
        Assert.Contains("Name \"__Bad\" must not begin with \"__\", which is reserved by GraphQL introspection.", ex.Message);
        Assert.Throws<SchemaException>(() => new SchemaBuilder().AddObjectType("Query", t => t.Field("bad-name", "Int")));
    }
}
