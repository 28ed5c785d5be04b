using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CxSemantic.Server.Identity;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Tests.Identity;

/// <summary>A governed server whose allow-list holds one document (registered before it starts).</summary>
public sealed class AllowListServer : GovernedServer
{
    public const string Registered = "query Channels { metrics { rows { channel interactionCount { value } } } }";

    public AllowListServer() => new PersistedQueryFolder(QueriesFolder).Add(Registered);

    public string QueriesFolder => Path.Combine(Folder, "persisted");

    protected override Dictionary<string, string?> Extra => new()
    {
        ["CxSemantic:PersistedQueries:Mode"] = "allow-list",
        ["CxSemantic:PersistedQueries:Folder"] = QueriesFolder,
    };
}

/// <summary>The persisted-query allow-list over a real socket: registered documents by text or hash run, others are refused with a code.</summary>
public sealed class PersistedQueryTests(AllowListServer server, GovernedServer open) : IClassFixture<AllowListServer>, IClassFixture<GovernedServer>
{
    private static readonly string Token = "Bearer " + GovernedServer.Token("alice", ["cx_analyst"]);

    /// <summary>SHA-256 of the UTF-8 text in hex, computed here independently of the server's helper.</summary>
    private static string Sha256(string text) => string.Concat(SHA256.HashData(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    private static HttpRequestMessage Post(string? query, string? hash)
    {
        var body = new JsonObject();
        if (query is not null)
        {
            body["query"] = query;
        }

        if (hash is not null)
        {
            body["extensions"] = new JsonObject { ["persistedQuery"] = new JsonObject { ["version"] = 1, ["sha256Hash"] = hash } };
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(Token);
        return request;
    }

    private static async Task<(int Status, JsonNode Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }
    }

    private static void AssertRows(int status, JsonNode body)
    {
        Assert.True(status == 200, body.ToJsonString());
        Assert.Null(body["errors"]);
        Assert.Equal(5, body["data"]!["metrics"]!["rows"]!.AsArray().Count);
    }

    private static void AssertRefused(int status, JsonNode body, int expectedStatus, string code, string messageStart)
    {
        Assert.Equal(expectedStatus, status);
        Assert.Null(body["data"]);
        var error = Assert.Single(body["errors"]!.AsArray())!;
        Assert.Equal(code, (string?)error["extensions"]!["code"]);
        Assert.StartsWith(messageStart, (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_document_runs_by_text_by_hash_and_by_both()
    {
        var hash = Sha256(AllowListServer.Registered);
        var (status, body) = await SendAsync(server.Client, Post(AllowListServer.Registered, null));
        AssertRows(status, body);
        (status, body) = await SendAsync(server.Client, Post(null, hash));
        AssertRows(status, body);
        (status, body) = await SendAsync(server.Client, Post(AllowListServer.Registered, hash.ToUpperInvariant()));
        AssertRows(status, body);
    }

    [Fact]
    public async Task A_registered_document_runs_by_hash_over_get()
    {
        var extensions = Uri.EscapeDataString("{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + Sha256(AllowListServer.Registered) + "\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?extensions=" + extensions);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var (status, body) = await SendAsync(server.Client, request);
        AssertRows(status, body);
    }

    [Fact]
    public async Task Other_documents_and_unknown_hashes_are_refused_with_403_and_a_code()
    {
        // One space more is another document: the allow-list compares exact text.
        var other = AllowListServer.Registered + " ";
        var (status, body) = await SendAsync(server.Client, Post(other, null));
        AssertRefused(status, body, 403, PersistedQueries.Required, $"This server runs registered documents only, and this one (SHA-256 {Sha256(other)}) is not registered");

        var unknown = new string('a', 64);
        (status, body) = await SendAsync(server.Client, Post(null, unknown));
        AssertRefused(status, body, 403, PersistedQueries.NotFound, $"No registered document has the hash {unknown}.");

        (status, body) = await SendAsync(server.Client, Post(other, Sha256(AllowListServer.Registered)));
        AssertRefused(status, body, 400, "BAD_USER_INPUT", $"extensions.persistedQuery.sha256Hash is {Sha256(AllowListServer.Registered)}, but the query text hashes to {Sha256(other)}");
    }

    [Fact]
    public async Task A_document_registered_while_the_server_runs_is_allowed_at_once()
    {
        const string Later = "{ catalog { version } }";
        var (status, body) = await SendAsync(server.Client, Post(Later, null));
        AssertRefused(status, body, 403, PersistedQueries.Required, "This server runs registered documents only");

        var (hash, added) = new PersistedQueryFolder(server.QueriesFolder).Add(Later);
        Assert.True(added);
        Assert.Equal(Sha256(Later), hash);
        (status, body) = await SendAsync(server.Client, Post(null, hash));
        Assert.True(status == 200, body.ToJsonString());
        Assert.NotNull((string?)body["data"]!["catalog"]!["version"]);
    }

    [Fact]
    public async Task Without_the_allow_list_any_text_runs_and_a_hash_alone_is_refused()
    {
        var (status, body) = await SendAsync(open.Client, Post(AllowListServer.Registered + " ", null));
        AssertRows(status, body);
        (status, body) = await SendAsync(open.Client, Post(null, Sha256(AllowListServer.Registered)));
        AssertRefused(status, body, 400, PersistedQueries.NotSupported, "This server runs no documents by hash alone");
    }

    [Theory]
    [InlineData("allow-list", "/nonexistent/cxsem-persisted", "CxSemantic:PersistedQueries:Mode is allow-list but the folder '/nonexistent/cxsem-persisted' does not exist")]
    [InlineData("strict", "x", "CxSemantic:PersistedQueries:Mode is 'strict'; use 'off' or 'allow-list'.")]
    public void Settings_under_which_nothing_could_run_are_refused_at_start(string mode, string folder, string message)
    {
        var options = new PersistedQueryOptions { Mode = mode, Folder = folder };
        var result = new PersistedQueryValidation().Validate(null, options);
        Assert.True(result.Failed);
        Assert.StartsWith(message, result.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(ValidateOptionsResult.Success, new PersistedQueryValidation().Validate(null, new PersistedQueryOptions()));
    }
}
