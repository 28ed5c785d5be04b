using System.Text;
using System.Text.Json.Nodes;

namespace CxSemantic.Server.Tests;

[Collection("server")]
public sealed class HttpProtocolTests(ServerFixture server)
{
    private const string Query = "{ metrics { rows { intentComplexity interactionCount { value n } } catalogVersion } }";

    [Fact]
    public async Task Get_and_post_give_the_same_answer()
    {
        var (postStatus, post, _) = await Gql.SendAsync(server.Client, Gql.Post(Query));
        var get = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(Query));
        get.Headers.Accept.ParseAdd("application/graphql-response+json");
        var (getStatus, got, contentType) = await Gql.SendAsync(server.Client, get);
        Assert.Equal(200, postStatus);
        Assert.Equal(200, getStatus);
        Assert.StartsWith("application/graphql-response+json", contentType, StringComparison.Ordinal);
        Assert.Equal(post.ToJsonString(), got.ToJsonString());
    }

    [Fact]
    public async Task Get_with_variables_and_operation_name()
    {
        const string query = "query A($n: String!) { metricDefinition(name: $n) { name } } query B { catalog { version } }";
        var url = $"/graphql?query={Uri.EscapeDataString(query)}&operationName=A&variables={Uri.EscapeDataString("{\"n\":\"nps\"}")}";
        var (status, body, _) = await Gql.SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Get, url));
        Assert.Equal(200, status);
        Assert.Equal("nps", (string?)body["data"]!["metricDefinition"]!["name"]);
    }

    [Fact]
    public async Task Mutations_over_get_are_405()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("mutation { x }"));
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(405, (int)response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("application/graphql-response+json", 400)]
    [InlineData("application/json", 200)]
    public async Task Parse_errors_follow_the_accepted_media_type(string accept, int status)
    {
        var (actual, body, contentType) = await Gql.SendAsync(server.Client, Gql.Post("{ metrics {", accept: accept));
        Assert.Equal(status, actual);
        Assert.StartsWith(accept, contentType, StringComparison.Ordinal);
        Assert.Equal("GRAPHQL_PARSE_FAILED", (string?)body["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task Malformed_requests_get_4xx()
    {
        using var notJson = await server.Client.PostAsync("/graphql", new StringContent("{", Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)notJson.StatusCode);
        using var wrongType = await server.Client.PostAsync("/graphql", new StringContent("query", Encoding.UTF8, "text/plain"));
        Assert.Equal(415, (int)wrongType.StatusCode);
        using var put = await server.Client.PutAsync("/graphql", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(405, (int)put.StatusCode);
        var notAcceptable = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ catalog { version } }"));
        notAcceptable.Headers.Accept.ParseAdd("text/plain");
        using var refused = await server.Client.SendAsync(notAcceptable);
        Assert.Equal(406, (int)refused.StatusCode);
        using var noQuery = await server.Client.PostAsync("/graphql", new StringContent("{\"variables\":{}}", Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)noQuery.StatusCode);
    }

    [Fact]
    public async Task Health_reports_status_and_catalog_version()
    {
        var health = JsonNode.Parse(await server.Client.GetStringAsync("/health"))!;
        Assert.Equal("healthy", (string?)health["status"]);
        Assert.Equal(server.Catalog.Version, (string?)health["catalogVersion"]);
        Assert.Empty(health["problems"]!.AsArray());
    }

    [Fact]
    public async Task Browsers_get_graphiql_from_local_assets()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await server.Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/graphiql/graphiql.min.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("unpkg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
        foreach (var asset in new[] { "graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js" })
        {
            using var file = await server.Client.GetAsync("/graphiql/" + asset);
            Assert.Equal(200, (int)file.StatusCode);
        }
    }

    [Fact]
    public async Task Real_socket_on_loopback_answers()
    {
        Assert.Equal("127.0.0.1", server.LoopbackAddress.Host);
        using var client = new HttpClient { BaseAddress = server.LoopbackAddress };
        var data = await Gql.DataAsync(client, Query);
        var inProcess = await Gql.DataAsync(server.Client, Query);
        Assert.Equal(inProcess.ToJsonString(), data.ToJsonString());
    }

    [Fact]
    public async Task Depth_limit_is_enforced()
    {
        var deep = "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", 14)) + "name" + new string('}', 14 + 4) + " }";
        var (_, body, _) = await Gql.SendAsync(server.Client, Gql.Post(deep));
        Assert.Equal("MAX_DEPTH_EXCEEDED", (string?)body["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task Headers_choose_the_role()
    {
        var request = Gql.Post("{ metrics { rows { intentComplexity containmentRate { value } } sql } }", role: "cx_leader");
        var (_, body, _) = await Gql.SendAsync(server.Client, request);
        Assert.Null(body["data"]!["metrics"]!["sql"]);
        request = Gql.Post("{ metrics { rows { intentComplexity containmentRate { value } } } }", role: "nobody");
        (_, body, _) = await Gql.SendAsync(server.Client, request);
        Assert.Equal("ACCESS_DENIED", (string?)body["errors"]![0]!["extensions"]!["code"]);
    }
}
