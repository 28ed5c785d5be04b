using System.Text;
using CxSemantic.GraphQL.Serialization;

namespace CxSemantic.GraphQL.Tests.Serialization;

/// <summary>GraphQL-over-HTTP request reading: GET query strings and POST JSON bodies, with the client-facing errors.</summary>
public class GraphQLRequestReaderTests
{
    private static GraphQLRequestReadResult Get(params (string Name, string Value)[] parameters) =>
        GraphQLRequestReader.ReadQueryString(name => [.. parameters.Where(p => p.Name == name).Select(p => (string?)p.Value)]);

    private static async Task<GraphQLRequestReadResult> Post(string body)
    {
        var fromStream = await GraphQLRequestReader.ReadJsonBodyAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        var fromMemory = GraphQLRequestReader.ReadJsonBody(Encoding.UTF8.GetBytes(body));
        Assert.Equal(fromStream.Error, fromMemory.Error);
        return fromStream;
    }

    [Fact]
    public void A_get_request_reads_query_operation_name_variables_and_extensions()
    {
        var read = Get(("query", "query Q($n: Int) { a(n: $n) }"), ("operationName", "Q"), ("variables", """{"n": 3, "s": ["x"]}"""), ("extensions", """{"persistedQuery": {"version": 1}}"""));
        Assert.True(read.Succeeded);
        Assert.Null(read.Error);
        Assert.Equal("query Q($n: Int) { a(n: $n) }", read.Request.Query);
        Assert.Equal("Q", read.Request.OperationName);
        Assert.Equal(3, read.Request.Variables!["n"]);
        Assert.Equal(["x"], (List<object?>)read.Request.Variables["s"]!);
        Assert.Equal(1, ((Dictionary<string, object?>)read.Request.Extensions!["persistedQuery"]!)["version"]);
    }

    [Fact]
    public void A_get_request_treats_empty_operation_name_and_null_variables_as_absent()
    {
        var read = Get(("query", "{ a }"), ("operationName", ""), ("variables", "null"), ("extensions", ""));
        Assert.True(read.Succeeded);
        Assert.Null(read.Request.OperationName);
        Assert.Null(read.Request.Variables);
        Assert.Null(read.Request.Extensions);
    }

    [Theory]
    [InlineData("", "", "The query parameter is missing: /graphql?query={...}")]
    [InlineData("variables", "{", "The variables parameter is not valid JSON.")]
    [InlineData("variables", "[1]", "The variables parameter must be a JSON object.")]
    [InlineData("extensions", "nope", "The extensions parameter is not valid JSON.")]
    [InlineData("extensions", "2", "The extensions parameter must be a JSON object.")]
    [InlineData("query", "{ b }", "The query parameter is given more than once.")]
    [InlineData("operationName", "A", "The operationName parameter is given more than once.")]
    public void Malformed_get_requests_fail_with_a_message(string name, string value, string message)
    {
        // The query is given once unless the case adds it again; operationName is given once plus the case's value.
        var parameters = new List<(string, string)>();
        if (name.Length > 0)
        {
            parameters.Add(("query", "{ a }"));
            parameters.Add((name, value));
        }
        if (name == "operationName")
        {
            parameters.Add(("operationName", "B"));
        }

        var read = Get([.. parameters]);
        Assert.False(read.Succeeded);
        Assert.Null(read.Request);
        Assert.Equal(message, read.Error);
    }

    [Fact]
    public async Task A_post_body_reads_query_operation_name_variables_and_extensions()
    {
        var read = await Post("""{"query": "{ a }", "operationName": null, "variables": {"d": 1.5, "b": true, "z": null}, "extensions": {}}""");
        Assert.True(read.Succeeded);
        Assert.Equal("{ a }", read.Request.Query);
        Assert.Null(read.Request.OperationName);
        Assert.Equal(1.5, read.Request.Variables!["d"]);
        Assert.Equal(true, read.Request.Variables["b"]);
        Assert.True(read.Request.Variables.ContainsKey("z"));
        Assert.Empty(read.Request.Extensions!);
    }

    [Theory]
    [InlineData("{", "The request body is not valid JSON.")]
    [InlineData("", "The request body is not valid JSON.")]
    [InlineData("""["{ a }"]""", "The request body must be a JSON object with a query.")]
    [InlineData("""{"query": 1}""", "query must be a string.")]
    [InlineData("""{"query": null}""", "query must be a string.")]
    [InlineData("""{"query": ""}""", "The request has no query: {\"query\": \"{ catalog { version } }\"}.")]
    [InlineData("""{"variables": {}}""", "The request has no query: {\"query\": \"{ catalog { version } }\"}.")]
    [InlineData("""{"query": "{ a }", "operationName": 1}""", "operationName must be a string or null.")]
    [InlineData("""{"query": "{ a }", "variables": "{}"}""", "variables must be an object or null.")]
    [InlineData("""{"query": "{ a }", "extensions": []}""", "extensions must be an object or null.")]
    public async Task Malformed_post_bodies_fail_with_a_message(string body, string message)
    {
        var read = await Post(body);
        Assert.False(read.Succeeded);
        Assert.Equal(message, read.Error);
    }

    [Fact]
    public async Task A_persisted_query_hash_may_come_without_the_query_text()
    {
        var read = await Post("""{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}""");
        Assert.True(read.Succeeded, read.Error);
        Assert.Null(read.Request.Query);
        Assert.Equal("abc", GraphQLRequestReader.PersistedQueryHash(read.Request));

        var get = Get(("extensions", """{"persistedQuery": {"version": 1, "sha256Hash": "abc"}}"""));
        Assert.True(get.Succeeded, get.Error);
        Assert.Equal("abc", GraphQLRequestReader.PersistedQueryHash(get.Request));

        // An empty hash is no hash: the query is missing.
        Assert.Equal(GraphQLRequestReader.MissingBodyQuery, (await Post("""{"extensions": {"persistedQuery": {"sha256Hash": ""}}}""")).Error);
    }
}
