using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;

namespace CxSemantic.Server.Tests.Fuzz;

/// <summary>
/// A real server (Kestrel on 127.0.0.1) over the shared demo warehouse for hostile requests: Development (header
/// identity, cx_analyst), rate limit off so that the corpus is not cut short by 429s.
/// </summary>
public sealed class FuzzServer : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await TestPaths.EnsureWarehouseAsync();
        var settings = ServerFixture.BaseSettings();
        settings["CxSemantic:Limits:RequestsPerSecond"] = "0";
        _app = await ServerFixture.StartLoopbackAsync(settings);
        Client = new HttpClient { BaseAddress = ServerFixture.Address(_app), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>POSTs raw body bytes (which may be broken on purpose) as application/json.</summary>
    public async Task<FuzzResponse> PostAsync(byte[] body, string accept = "application/graphql-response+json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return await SendAsync(request);
    }

    /// <summary>GETs /graphql with an already encoded query string (so that broken percent-encodings reach the server).</summary>
    public async Task<FuzzResponse> GetAsync(string encodedQueryString)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?" + encodedQueryString);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        return await SendAsync(request);
    }

    private async Task<FuzzResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // Reported by the caller: every answer must be JSON.
        }

        return new FuzzResponse((int)response.StatusCode, body, text);
    }

    /// <summary>A JSON body <c>{"query": …, "variables": …}</c> from GraphQL text bytes and raw variables JSON bytes (both kept byte for byte).</summary>
    public static byte[] Body(ReadOnlySpan<byte> query, ReadOnlySpan<byte> variablesJson)
    {
        var body = new List<byte>(query.Length + variablesJson.Length + 32);
        body.AddRange("{\"query\":\""u8);
        foreach (byte b in query)
        {
            // JSON-escape what must be; every other byte passes through untouched, broken UTF-8 included.
            switch (b)
            {
                case (byte)'"': body.AddRange("\\\""u8); break;
                case (byte)'\\': body.AddRange("\\\\"u8); break;
                case < 0x20: body.AddRange(Encoding.ASCII.GetBytes($"\\u{b:x4}")); break;
                default: body.Add(b); break;
            }
        }

        body.Add((byte)'"');
        if (!variablesJson.IsEmpty)
        {
            body.AddRange(",\"variables\":"u8);
            body.AddRange(variablesJson.ToArray());
        }

        body.Add((byte)'}');
        return [.. body];
    }
}

/// <summary>A response: status, the JSON body (null when it is not JSON) and its text.</summary>
public sealed record FuzzResponse(int Status, JsonNode? Body, string Text)
{
    /// <summary>The errors' <c>extensions.code</c> values (null for an error without one).</summary>
    public IReadOnlyList<string?> Codes => Body?["errors"]?.AsArray().Select(e => (string?)e?["extensions"]?["code"]).ToList() ?? [];

    /// <summary>Why this answer breaks the rules (5xx, not JSON, an error without a code); null when it keeps them.</summary>
    public string? Violation =>
        Status >= 500 ? $"HTTP {Status}: {Shorten(Text)}"
        : Body is not JsonObject ? $"HTTP {Status} answer is not a JSON object: {Shorten(Text)}"
        : Body["errors"] is null && Body["data"] is null ? $"HTTP {Status} answer has neither data nor errors: {Shorten(Text)}"
        : Codes.Any(c => string.IsNullOrEmpty(c)) ? $"HTTP {Status} has an error without extensions.code: {Shorten(Text)}"
        : null;

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "…" : text;
}
