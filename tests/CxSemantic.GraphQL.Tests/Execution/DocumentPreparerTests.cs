using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Execution;

/// <summary>The prepare step: parse, validate, select the operation, and the cache of prepared documents with their errors.</summary>
public class DocumentPreparerTests
{
    private static Schema BuildSchema() => new SchemaBuilder()
        .AddObjectType("Query", t => t.Field("a", "Int", _ => 1).Field("b", "Int", _ => 2))
        .AddObjectType("Mutation", t => t.Field("touch", "Int", _ => 3))
        .Build();

    [Fact]
    public void A_cache_hit_returns_the_same_prepared_document()
    {
        var schema = BuildSchema();
        var cache = new DocumentCache();
        var first = cache.GetOrPrepare(schema, "{ a }");
        var second = cache.GetOrPrepare(schema, "{ a }");
        Assert.Same(first, second);
        Assert.True(first.IsParsed);
        Assert.True(first.IsValidated);
        Assert.Empty(first.Errors);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_syntax_error_is_cached_with_its_code_and_location()
    {
        var schema = BuildSchema();
        var cache = new DocumentCache();
        var first = cache.GetOrPrepare(schema, "{ a");
        Assert.Same(first, cache.GetOrPrepare(schema, "{ a"));
        Assert.False(first.IsParsed);
        Assert.Null(first.Document);
        var error = Assert.Single(first.Errors);
        Assert.Same(first.SyntaxError, error);
        Assert.Equal("Syntax Error: Expected Name, found <EOF>.", error.Message);
        Assert.Equal(ErrorCodes.ParseFailed, error.Code);
        var location = Assert.Single(error.Locations);
        Assert.Equal((1, 4), (location.Line, location.Column));
        Assert.Empty(first.ValidationErrors);
    }

    [Fact]
    public void Validation_errors_are_cached_with_the_parsed_document()
    {
        var schema = BuildSchema();
        var cache = new DocumentCache();
        var first = cache.GetOrPrepare(schema, "{ nope }");
        Assert.Same(first, cache.GetOrPrepare(schema, "{ nope }"));
        Assert.True(first.IsParsed);
        Assert.Null(first.SyntaxError);
        var error = Assert.Single(first.ValidationErrors);
        Assert.Equal("Cannot query field \"nope\" on type \"Query\".", error.Message);
        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.Equal(first.ValidationErrors, first.Errors);
    }

    [Fact]
    public void The_cache_prepares_again_for_another_schema_and_evicts_the_least_recently_used()
    {
        var schema = BuildSchema();
        var cache = new DocumentCache(capacity: 2);
        var otherSchema = BuildSchema();
        var a = cache.GetOrPrepare(schema, "{ a }");
        var other = cache.GetOrPrepare(otherSchema, "{ a }");
        Assert.NotSame(a, other);
        Assert.Equal(1, cache.Count);

        var b = cache.GetOrPrepare(schema, "{ b }");
        Assert.Same(b, cache.GetOrPrepare(schema, "{ b }"));
        cache.GetOrPrepare(schema, "{ a b }");
        Assert.Equal(2, cache.Count);
        Assert.Same(b, cache.GetOrPrepare(schema, "{ b }"));
        // "{ a }" was the least recently used entry, so it was evicted and is prepared anew.
        Assert.NotSame(other, cache.GetOrPrepare(otherSchema, "{ a }"));
    }

    [Theory]
    [InlineData("{ a }", null, "query:")]
    [InlineData("query A { a } mutation B { touch }", "B", "mutation:B")]
    [InlineData("query A { a } mutation B { touch }", "A", "query:A")]
    public void The_operation_is_selected_by_name_or_as_the_only_one(string query, string? name, string expected)
    {
        var prepared = DocumentPreparer.Prepare(BuildSchema(), query);
        Assert.True(prepared.TryGetOperation(name, out var operation, out var error));
        Assert.Null(error);
        Assert.Equal(expected, $"{operation.Operation.ToString().ToLowerInvariant()}:{operation.Name?.Value}");
    }

    [Theory]
    [InlineData("query A { a } query B { b }", null, "Must provide operation name if query contains multiple operations.")]
    [InlineData("query A { a }", "C", "Unknown operation named \"C\".")]
    [InlineData("{ a }", "A", "Unknown operation named \"A\".")]
    [InlineData("fragment F on Query { a }", null, "Must provide an operation.")]
    public void Operation_selection_fails_with_the_spec_errors(string query, string? name, string message)
    {
        var prepared = DocumentPreparer.Prepare(BuildSchema(), query, validate: false);
        Assert.False(prepared.TryGetOperation(name, out var operation, out var error));
        Assert.Null(operation);
        Assert.Equal(message, error.Message);
        Assert.Equal(ErrorCodes.BadUserInput, error.Code);
        Assert.Empty(error.Locations);
    }

    [Fact]
    public void Operation_selection_on_a_syntax_error_returns_the_syntax_error()
    {
        var prepared = DocumentPreparer.Prepare(BuildSchema(), "query {");
        Assert.False(prepared.TryGetOperation(null, out _, out var error));
        Assert.Same(prepared.SyntaxError, error);
    }

    [Fact]
    public void Preparing_without_validation_keeps_the_document_unchecked()
    {
        var prepared = DocumentPreparer.Prepare(BuildSchema(), "{ nope }", validate: false);
        Assert.False(prepared.IsValidated);
        Assert.Empty(prepared.Errors);
    }

    [Fact]
    public async Task The_executor_runs_a_prepared_document_and_returns_its_errors_without_data()
    {
        var schema = BuildSchema();
        var cache = new DocumentCache();
        var ok = await Executor.ExecuteAsync(cache.GetOrPrepare(schema, "query A { a } query B { b }"), "B");
        Assert.Equal("""{"data":{"b":2}}""", ok.ToJson());

        var invalid = await Executor.ExecuteAsync(cache.GetOrPrepare(schema, "{ nope }"));
        Assert.False(invalid.HasData);
        Assert.Equal("""{"errors":[{"message":"Cannot query field \"nope\" on type \"Query\".","locations":[{"line":1,"column":3}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}""", invalid.ToJson());

        var ambiguous = await Executor.ExecuteAsync(cache.GetOrPrepare(schema, "query A { a } query B { b }"));
        Assert.False(ambiguous.HasData);
        Assert.Equal("Must provide operation name if query contains multiple operations.", Assert.Single(ambiguous.Errors).Message);
    }

    [Fact]
    public async Task Executing_a_text_through_the_options_cache_uses_the_prepared_document()
    {
        var schema = BuildSchema();
        var cache = new DocumentCache();
        var options = new ExecutionOptions { DocumentCache = cache };
        var syntax = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ a" }, options);
        Assert.Equal(cache.GetOrPrepare(schema, "{ a").Errors, syntax.Errors);
        Assert.Equal(1, cache.Count);
    }
}
