using System.Net;
using System.Text.Json.Nodes;

namespace CxSemantic.Server.Tests.Identity;

/// <summary>A server with a tight per-caller rate limit and one allowed CORS origin.</summary>
public sealed class LimitedServer : GovernedServer
{
    protected override Dictionary<string, string?> Extra => new()
    {
        ["CxSemantic:Limits:RequestsPerSecond"] = "1",
        ["CxSemantic:Limits:Burst"] = "2",
        ["CxSemantic:Limits:CorsOrigins:0"] = "https://dashboards.test",
    };
}

/// <summary>Per-caller rate limits (429 with Retry-After) and configured CORS, over a real socket.</summary>
[Collection("server")]
public sealed class LimitsTests(LimitedServer limited) : IClassFixture<LimitedServer>
{
    private const string Query = "{ catalog { version } }";

    [Fact]
    public async Task A_caller_over_its_rate_gets_429_with_retry_after_while_another_caller_passes()
    {
        var alice = "Bearer " + GovernedServer.Token("alice", ["cx_leader"]);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4 && refused is null; i++)
        {
            var response = await limited.Client.SendAsync(GovernedServer.Post(Query, alice));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(2));
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 2);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("RATE_LIMITED", (string?)error["extensions"]!["code"]);

        using var bob = await limited.Client.SendAsync(GovernedServer.Post(Query, "Bearer " + GovernedServer.Token("bob", ["cx_leader"])));
        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
    }

    [Fact]
    public async Task Only_configured_origins_get_cors_headers()
    {
        foreach (var (origin, allowed) in new[] { ("https://dashboards.test", true), ("https://evil.test", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/graphql");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            using var response = await limited.Client.SendAsync(preflight);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
        }
    }
}
