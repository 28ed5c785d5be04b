using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using CxSemantic.Compiler.Queries;
using CxSemantic.Server.Audit;
using CxSemantic.Server.Identity;

namespace CxSemantic.Server.Tests.Identity;

/// <summary>Authentication over a real socket in Production: tokens, API keys, refusals, roles and tenants from verified claims, the audit trail.</summary>
[Collection("server")]
public sealed class AuthenticationTests(ServerFixture server, GovernedServer governed) : IClassFixture<GovernedServer>
{
    private const string ByChannel = "{ metrics { rows { channel interactionCount { value } } } }";

    private GovernedServer Governed => governed;

    [Fact]
    public async Task No_credentials_get_401_with_a_challenge_even_with_role_headers()
    {
        using var response = await Governed.Client.SendAsync(Gql.Post(ByChannel, role: "cx_analyst", claims: new Dictionary<string, string> { ["tenant"] = "acme" }));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["Bearer realm=\"CxSemantic\"", "ApiKey realm=\"CxSemantic\""], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal(CallerResolver.Unauthenticated, (string?)error["extensions"]!["code"]);
        Assert.StartsWith("This API needs credentials", (string?)error["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expired", "The token expired at ")]
    [InlineData("forged", "The token is signed with a key this server does not know.")]
    [InlineData("audience", "The token's audience (aud) is not accepted by this server.")]
    [InlineData("issuer", "The token's issuer (iss) is not trusted by this server.")]
    [InlineData("garbage", "The token is malformed.")]
    public async Task Bad_tokens_get_401_with_the_reason(string spoil, string reason)
    {
        var token = spoil switch
        {
            "expired" => GovernedServer.Token("alice", ["cx_analyst"], expires: DateTime.UtcNow.AddMinutes(-5)),
            "forged" => GovernedServer.Token("alice", ["cx_analyst"], secret: "another-secret-of-at-least-32-bytes-length"),
            "audience" => GovernedServer.Token("alice", ["cx_analyst"], audience: "someone-else"),
            "issuer" => GovernedServer.Token("alice", ["cx_analyst"], issuer: "https://evil.test"),
            _ => "not.a.jwt",
        };
        using var response = await Governed.Client.SendAsync(GovernedServer.Post(ByChannel, "Bearer " + token));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith(reason, (string?)body["errors"]![0]!["message"], StringComparison.Ordinal);
        Assert.Equal(CallerResolver.Unauthenticated, (string?)body["errors"]![0]!["extensions"]!["code"]);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Null(body["data"]);
    }

    [Fact]
    public async Task A_valid_token_without_a_role_gets_403_access_denied()
    {
        using var response = await Governed.Client.SendAsync(GovernedServer.Post(ByChannel, "Bearer " + GovernedServer.Token("norole")));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("ACCESS_DENIED", (string?)error["extensions"]!["code"]);
        Assert.Equal("The token carries no role (claim 'roles'); ask for one of the access policies.", (string?)error["message"]);
    }

    [Fact]
    public async Task The_role_header_only_chooses_among_the_tokens_roles()
    {
        var token = "Bearer " + GovernedServer.Token("bob", ["cx_leader"]);
        using var response = await Governed.Client.SendAsync(GovernedServer.Post(ByChannel, token, role: "cx_analyst"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Role 'cx_analyst' is not among the token's roles (cx_leader).", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["message"]);
    }

    [Fact]
    public async Task A_valid_token_gets_its_roles_data()
    {
        var (status, body, _) = await Gql.SendAsync(Governed.Client, GovernedServer.Post(ByChannel, "Bearer " + GovernedServer.Token("carol", ["cx_analyst"])));
        Assert.Equal(200, status);
        var expected = await server.Direct.ExecuteAsync(new MetricQuery { Metrics = ["interaction_count"], GroupBy = ["channel"], Caller = Caller.WithRole("cx_analyst") });
        Assert.Equal(Counts(expected), Counts(body));
    }

    [Fact]
    public async Task The_tenant_claim_of_the_token_filters_rows_and_is_audited()
    {
        var before = DateTimeOffset.UtcNow;
        var token = "Bearer " + GovernedServer.Token("dave", ["tenant_manager"], tenant: "globex");
        const string query = """
            { metrics(time: { from: "2026-01-01", to: "2026-04-01", grain: MONTH }, where: { channel: { in: [VOICE, CHAT] } }) {
                rows { period channel interactionCount { value suppressed } } } }
            """;
        var (status, body, _) = await Gql.SendAsync(Governed.Client, GovernedServer.Post(query, token));
        Assert.Equal(200, status);
        var own = new Caller("tenant_manager", ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", ["globex"]));
        var expected = await server.Direct.ExecuteAsync(new MetricQuery
        {
            Metrics = ["interaction_count"],
            GroupBy = ["channel"],
            Time = new TimeWindow(new NodaTime.LocalDate(2026, 1, 1), new NodaTime.LocalDate(2026, 4, 1), Grain: TimeGrain.Month),
            Filters = [new DimensionFilter("channel", FilterOperator.In, ["voice", "chat"])],
            Caller = own,
        });
        var everyone = await server.Direct.ExecuteAsync(new MetricQuery
        {
            Metrics = ["interaction_count"],
            GroupBy = ["channel"],
            Time = new TimeWindow(new NodaTime.LocalDate(2026, 1, 1), new NodaTime.LocalDate(2026, 4, 1), Grain: TimeGrain.Month),
            Filters = [new DimensionFilter("channel", FilterOperator.In, ["voice", "chat"])],
            Caller = Caller.WithRole("cx_analyst"),
        });
        var rows = body["data"]!["metrics"]!["rows"]!.AsArray();
        Assert.Equal(expected.Rows.Select(r => r.Metrics["interaction_count"].Value), rows.Select(r => (double?)r!["interactionCount"]!["value"]));
        Assert.True(rows.Sum(r => (double?)r!["interactionCount"]!["value"] ?? 0) < everyone.Rows.Sum(r => r.Metrics["interaction_count"].Value ?? 0), "the tenant sees fewer interactions than everyone");

        var entry = Assert.Single(AuditReader.Read(Governed.AuditFile).Entries, e => e.Who == "jwt:dave");
        Assert.Equal("jwt", entry.Method);
        Assert.Equal("tenant_manager", entry.Role);
        Assert.Equal(["globex"], entry.Claims["tenant"].ToArray());
        Assert.Single(entry.Claims);
        Assert.Equal(["interaction_count"], entry.Metrics.ToArray());
        Assert.Equal(["channel"], entry.Dimensions.ToArray());
        Assert.Equal(["channel In voice,chat"], entry.Filters.ToArray());
        Assert.Equal("2026-01-01..2026-04-01 Month", entry.Window);
        Assert.Null(entry.Compare);
        Assert.Equal(expected.CatalogVersion, entry.CatalogVersion);
        Assert.Equal(rows.Count, entry.Rows);
        Assert.Equal(rows.Count(r => (bool)r!["interactionCount"]!["suppressed"]!), entry.SuppressedCells);
        Assert.Equal("OK", entry.Outcome);
        Assert.Null(entry.Error);
        Assert.InRange(entry.Time, before, DateTimeOffset.UtcNow);
        Assert.InRange(entry.DurationMs, 0.001, 60_000);
        Assert.False(string.IsNullOrEmpty(entry.RequestId));
    }

    [Fact]
    public async Task A_refused_query_is_audited_with_its_code()
    {
        var token = "Bearer " + GovernedServer.Token("erin", ["tenant_manager"], tenant: "acme");
        var (_, body, _) = await Gql.SendAsync(Governed.Client, GovernedServer.Post("{ metrics { rows { channel totalCost { value } } } }", token));
        Assert.Equal("ACCESS_DENIED", (string?)body["errors"]![0]!["extensions"]!["code"]);
        var entry = Assert.Single(AuditReader.Read(Governed.AuditFile).Entries, e => e.Who == "jwt:erin");
        Assert.Equal(("ACCESS_DENIED", 0), (entry.Outcome, entry.Rows));
        Assert.Equal(["total_cost"], entry.Metrics.ToArray());
        Assert.Equal((string?)body["errors"]![0]!["message"], entry.Error);
    }

    [Fact]
    public async Task Api_keys_work_in_both_headers_until_revoked()
    {
        var keys = new ApiKeyFile(Governed.KeysFile);
        var (record, key) = keys.Add("exporter", "tenant_manager", ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", ["acme"]), DateTimeOffset.UtcNow);
        Assert.DoesNotContain(key, await File.ReadAllTextAsync(Governed.KeysFile), StringComparison.Ordinal);

        var expected = await server.Direct.ExecuteAsync(new MetricQuery
        {
            Metrics = ["interaction_count"],
            GroupBy = ["channel"],
            Caller = new Caller("tenant_manager", ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", ["acme"])),
        });
        var (status, body, _) = await Gql.SendAsync(Governed.Client, GovernedServer.Post(ByChannel, "ApiKey " + key));
        Assert.Equal(200, status);
        Assert.Equal(Counts(expected), Counts(body));
        var viaHeader = Gql.Post(ByChannel);
        viaHeader.Headers.Add("X-Api-Key", key);
        (status, body, _) = await Gql.SendAsync(Governed.Client, viaHeader);
        Assert.Equal(200, status);
        Assert.Equal(Counts(expected), Counts(body));
        Assert.Contains(AuditReader.Read(Governed.AuditFile).Entries, e => e.Who == "apikey:exporter" && e.Method == "apikey" && e.Claims["tenant"].SequenceEqual(["acme"]));

        Assert.True(keys.Revoke(record.Id, DateTimeOffset.UtcNow));
        using var revoked = await Governed.Client.SendAsync(GovernedServer.Post(ByChannel, "ApiKey " + key));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.StartsWith("The API key 'exporter' was revoked on ", (string?)JsonNode.Parse(await revoked.Content.ReadAsStringAsync())!["errors"]![0]!["message"], StringComparison.Ordinal);

        using var unknown = await Governed.Client.SendAsync(GovernedServer.Post(ByChannel, "ApiKey " + key[..^2] + "xx"));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("The API key is not known.", (string?)JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["errors"]![0]!["message"]);
    }

    [Fact]
    public async Task Unsupported_authorization_schemes_get_401()
    {
        using var response = await Governed.Client.SendAsync(GovernedServer.Post(ByChannel, "Basic YWxpY2U6c2VjcmV0"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("The authorization scheme 'Basic' is not supported", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_GraphiQL_page_needs_no_credentials_and_carries_security_headers_and_no_cors()
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        page.Headers.Accept.ParseAdd("text/html");
        page.Headers.Add("Origin", "https://evil.test");
        using var response = await Governed.Client.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' 'sha256-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        preflight.Headers.Add("Origin", "https://evil.test");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var answer = await Governed.Client.SendAsync(preflight);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static double?[] Counts(JsonNode body) =>
        [.. body["data"]!["metrics"]!["rows"]!.AsArray().Select(r => (double?)r!["interactionCount"]!["value"])];

    private static double?[] Counts(CxSemantic.Compiler.Execution.MetricQueryResult result) =>
        [.. result.Rows.Select(r => r.Metrics["interaction_count"].Value)];
}
