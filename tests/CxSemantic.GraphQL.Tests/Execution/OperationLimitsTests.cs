using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Tests.Conformance;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Execution;

public class OperationLimitsTests
{
    private static readonly Schema s_schema = ConformanceSchema.Build();

    private static async Task<GraphQLError> SingleError(string query, ExecutionOptions options)
    {
        var result = await Executor.ExecuteAsync(s_schema, new GraphQLRequest { Query = query }, options);
        Assert.False(result.HasData);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public async Task Depth_counts_nested_fields_through_fragments()
    {
        const string query = "{ me { friend { ...F } } } fragment F on User { friend { friend { id } } }";
        var error = await SingleError(query, new ExecutionOptions { MaxDepth = 4 });
        Assert.Equal("The operation has a depth of 5, which exceeds the maximum allowed depth of 4.", error.Message);
        Assert.Equal(ErrorCodes.MaxDepthExceeded, error.Code);
        Assert.Equal((1, 1), (error.Locations[0].Line, error.Locations[0].Column));

        var ok = await Executor.ExecuteAsync(s_schema, new GraphQLRequest { Query = query }, new ExecutionOptions { MaxDepth = 5 });
        Assert.Empty(ok.Errors);
    }

    [Fact]
    public async Task Field_count_expands_fragments_once_per_use()
    {
        const string query = "{ a: metrics { ...F } b: metrics { ...F } } fragment F on Metric { id name }";
        var error = await SingleError(query, new ExecutionOptions { MaxFieldCount = 5 });
        Assert.Equal("The operation selects 6 fields, which exceeds the maximum of 5.", error.Message);
        Assert.Equal(ErrorCodes.MaxFieldsExceeded, error.Code);
    }

    [Fact]
    public async Task Aliases_are_limited()
    {
        var error = await SingleError("{ a: version b: version c: version }", new ExecutionOptions { MaxAliases = 2 });
        Assert.Equal("The operation uses 3 aliases, which exceeds the maximum of 2.", error.Message);
        Assert.Equal(ErrorCodes.MaxAliasesExceeded, error.Code);
    }

    [Fact]
    public async Task Complexity_uses_field_costs()
    {
        var schema = new SchemaBuilder()
            .AddObjectType("Query", t => t
                .Field("cheap", "Int", f => f.Resolve(_ => 1))
                .Field("expensive", "Int", f => f.Cost(10).Resolve(_ => 2)))
            .Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ cheap expensive x: expensive }" }, new ExecutionOptions { MaxComplexity = 20 });
        var error = Assert.Single(result.Errors);
        Assert.Equal("The operation has a complexity of 21, which exceeds the maximum of 20.", error.Message);
        Assert.Equal(ErrorCodes.MaxComplexityExceeded, error.Code);
    }

    [Fact]
    public async Task Exponential_fragment_fan_out_is_measured_without_exponential_work()
    {
        var fragments = string.Concat(Enumerable.Range(0, 40).Select(i => $"fragment F{i} on User {{ friend {{ ...F{i + 1} }} f: friend {{ ...F{i + 1} }} }}\n"));
        var query = "{ me { ...F0 } }\n" + fragments + "fragment F40 on User { id }";
        var started = DateTime.UtcNow;
        var error = await SingleError(query, new ExecutionOptions { MaxDepth = 100, MaxFieldCount = 10_000, MaxAliases = null });
        Assert.Equal(ErrorCodes.MaxFieldsExceeded, error.Code);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Default_limits_allow_the_graphiql_introspection_query()
    {
        var result = await Executor.ExecuteAsync(s_schema, IntrospectionQuery.Text);
        Assert.Empty(result.Errors);
    }
}
