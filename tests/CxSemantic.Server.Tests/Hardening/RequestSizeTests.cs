using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxSemantic.Server.Tests.Hardening;

/// <summary>
/// The soak's memory finding: a 1M-value in-list (17 MB) was read and parsed before TOO_MANY_FILTER_VALUES refused it,
/// and under 4 attackers the server's RSS grew from 775 to 2,081 MB in 60 s. Bodies over MaxRequestBytes (2 MiB) are
/// now refused with 413 before they are parsed, over the real Kestrel server, and the client's connection stays usable.
/// </summary>
[Collection("server")]
public sealed class RequestSizeTests(ServerFixture server)
{
    private const string InListQuery = "query($v: [String!]) { metrics(where: { intent: { in: $v } }) { rows { intentComplexity containmentRate { value } } } }";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_million_value_in_list_is_REQUEST_TOO_LARGE_before_it_is_read(bool chunked)
    {
        using var http = new HttpClient { BaseAddress = server.LoopbackAddress };
        var body = InListBody(1_000_000);
        using var content = chunked ? new StreamContent(new MemoryStream(body)) : (HttpContent)new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await http.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("REQUEST_TOO_LARGE", (string?)error["extensions"]!["code"]);
        var size = chunked ? "is longer than" : $"has {body.Length:N0} bytes; this server reads";
        Assert.Equal($"The request body {size} at most 2,097,152 bytes (CxSemantic:Limits:MaxRequestBytes). Send a shorter document and fewer filter values (an in list takes at most 1,000), or raise the limit.", (string?)error["message"]);

        // The same client goes on: a refused body does not cost it the server.
        var (status, answer, _) = await Gql.SendAsync(http, Gql.Post("{ metrics { rows { intentComplexity containmentRate { n } } } }"));
        Assert.Equal(200, status);
        Assert.Null(answer["errors"]);
    }

    [Fact]
    public async Task A_body_under_the_limit_still_reaches_the_filter_value_limit()
    {
        // 100,000 values (1.8 MB) fit in 2 MiB: the cost limit answers with its own code, as before.
        var body = InListBody(100_000);
        Assert.InRange(body.Length, 1_000_000, 2 * 1024 * 1024);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        var (_, answer, _) = await Gql.SendAsync(server.Client, request);
        Assert.Equal("TOO_MANY_FILTER_VALUES", (string?)answer["errors"]![0]!["extensions"]!["code"]);
    }

    private static byte[] InListBody(int values) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?> { ["query"] = InListQuery, ["variables"] = new Dictionary<string, object?> { ["v"] = Enumerable.Range(0, values).Select(i => "intent_" + i).ToArray() } });
}
