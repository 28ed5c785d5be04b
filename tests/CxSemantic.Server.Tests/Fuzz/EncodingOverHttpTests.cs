using System.Text.Json.Nodes;

namespace CxSemantic.Server.Tests.Fuzz;

/// <summary>
/// Requests that are not valid Unicode, over a real socket: HTTP 400 with one error coded INVALID_ENCODING that names the
/// JSON path and byte offset (a lone surrogate escape inside the GraphQL document is a syntax error instead: the spec
/// makes it invalid in string values).
/// </summary>
public sealed class EncodingOverHttpTests(FuzzServer server) : IClassFixture<FuzzServer>
{
    private const string Metrics = "query($w: MetricFilterInput) { metrics(where: $w) { rows { interactionCount { value } } } }";

    private static JsonNode SingleError(FuzzResponse response, int status, string code)
    {
        Assert.True(response.Status == status, response.Text);
        Assert.Null(response.Body!["data"]);
        var error = Assert.Single(response.Body["errors"]!.AsArray())!;
        Assert.Equal(code, (string?)error["extensions"]!["code"]);
        return error;
    }

    [Theory]
    [InlineData("application/graphql-response+json")]
    [InlineData("application/json")]
    public async Task A_lone_surrogate_in_a_variable_is_400_invalid_encoding_with_path_and_offset(string accept)
    {
        var body = FuzzServer.Body(Metrics.Select(c => (byte)c).ToArray(), """{"w":{"intent":{"in":["billing","\udc00x"]}}}"""u8);
        var error = SingleError(await server.PostAsync(body, accept), 400, "INVALID_ENCODING");

        long offset = "{\"query\":\"".Length + Metrics.Length + "\",\"variables\":{\"w\":{\"intent\":{\"in\":[\"billing\",\"".Length;
        Assert.Equal(
            $"The request body has a lone UTF-16 surrogate \\udc00 at $.variables.w.intent.in[1] (byte {offset}): JSON strings must hold valid Unicode. Write a character outside the Basic Multilingual Plane as a surrogate pair (\\ud83d\\ude00) or as UTF-8, and drop unpaired halves.",
            (string?)error["message"]);
        Assert.Equal("$.variables.w.intent.in[1]", (string?)error["extensions"]!["jsonPath"]);
        Assert.Equal(offset, (long)error["extensions"]!["offset"]!);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_400_invalid_encoding_naming_the_byte()
    {
        byte[] body = [.. """{"query":"{ metrics { rows { channel interactionCount { value } } } }","operationName":"A"""u8, 0xC3, 0x28, .. "\"}"u8];
        var error = SingleError(await server.PostAsync(body), 400, "INVALID_ENCODING");
        Assert.Equal("$.operationName", (string?)error["extensions"]!["jsonPath"]);
        Assert.Equal(body.Length - 4, (long)error["extensions"]!["offset"]!);
        Assert.StartsWith($"The request body is not valid UTF-8 at byte {body.Length - 4} in $.operationName: send it encoded as UTF-8", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_surrogate_in_get_variables_is_400_invalid_encoding()
    {
        var query = Uri.EscapeDataString(Metrics);
        var variables = Uri.EscapeDataString("""{"w":{"queue":{"eq":"\ud800"}}}""");
        var error = SingleError(await server.GetAsync($"query={query}&variables={variables}"), 400, "INVALID_ENCODING");
        Assert.Equal("$.w.queue.eq", (string?)error["extensions"]!["jsonPath"]);
        Assert.Contains("The variables parameter has a lone UTF-16 surrogate \\ud800 at $.w.queue.eq (byte 21)", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_percent_encoded_utf8_in_a_get_query_never_reaches_the_parser_as_a_lone_surrogate()
    {
        // ASP.NET keeps an undecodable %-sequence as text; whatever it hands over, the answer is a coded 4xx.
        var response = await server.GetAsync("query=%7B%20catalog%20%7B%20version%28x%3A%22%ED%A0%80%22%29%20%7D%20%7D");
        Assert.Null(response.Violation);
        Assert.InRange(response.Status, 400, 499);
    }

    [Fact]
    public async Task A_lone_surrogate_escape_in_a_graphql_string_literal_is_a_syntax_error_at_its_column()
    {
        var query = """{ metrics(where: { intent: { eq: "\ud800" } }) { rows { interactionCount { value } } } }""";
        var error = SingleError(await server.PostAsync(FuzzServer.Body(query.Select(c => (byte)c).ToArray(), default)), 400, "GRAPHQL_PARSE_FAILED");
        Assert.Equal("Syntax Error: Invalid Unicode escape sequence: \"\\ud800\".", (string?)error["message"]);
        Assert.Equal(1, (int)error["locations"]![0]!["line"]!);
        Assert.Equal(query.IndexOf("\\ud800", StringComparison.Ordinal) + 1, (int)error["locations"]![0]!["column"]!);
    }

    [Fact]
    public async Task A_surrogate_pair_and_nul_in_variables_are_valid_and_simply_match_nothing()
    {
        var body = FuzzServer.Body(Metrics.Select(c => (byte)c).ToArray(), """{"w":{"intent":{"in":["\ud83d\ude00","a\u0000b"]}}}"""u8);
        var response = await server.PostAsync(body);
        Assert.True(response.Status == 200, response.Text);
        Assert.Null(response.Body!["errors"]);
        Assert.Empty(response.Body["data"]!["metrics"]!["rows"]!.AsArray());
    }
}
