using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxSemantic.Compiler.Execution;
using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;
using CxSemantic.Server.Hosting;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CxSemantic.Server.Tests;

/// <summary>Paths shared by every server the tests start.</summary>
internal static class TestPaths
{
    public const long Interactions = 20_000;

    public static string Definitions => RepositoryPaths.MetricDefinitions;

    public static string NodeTools => RepositoryPaths.Combine("tests", "CxSemantic.Server.Tests", "node");

    /// <summary>The 20 000-interaction demo warehouse, generated once per machine (seed 42) and reused.</summary>
    public static string Warehouse { get; } = Path.Combine(Path.GetTempPath(), "cxsemantic-server-tests", $"demo-{Interactions}-seed42.duckdb");

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task EnsureWarehouseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            await DemoWarehouseFile.EnsureAsync(Warehouse, new DemoOptions { Interactions = Interactions, Seed = 42, Parallelism = 2 });
        }
        finally
        {
            Gate.Release();
        }
    }
}

/// <summary>The server in-process (WebApplicationFactory) with configurable settings.</summary>
public sealed class CxServerFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// Generates the shared demo warehouse first when the settings read it: on a fresh machine a test that starts its
    /// own server could otherwise run before any fixture made the file, and the server would not start.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        if (settings.TryGetValue("CxSemantic:Warehouse:File", out var file) && file == TestPaths.Warehouse)
        {
            // Off the test's synchronization context: CreateClient is synchronous, the generation is not.
            Task.Run(TestPaths.EnsureWarehouseAsync).GetAwaiter().GetResult();
        }

        return base.CreateHost(builder);
    }
}

/// <summary>One in-process server and one real Kestrel server on loopback, over the shared demo warehouse.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private WebApplication? _loopback;
    private DuckDbDatabase? _direct;

    public CxServerFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The real server's base address, e.g. http://127.0.0.1:41234.</summary>
    public Uri LoopbackAddress { get; private set; } = null!;

    public MetricCatalog Catalog { get; private set; } = null!;

    /// <summary>An executor on the same warehouse, bypassing HTTP and GraphQL (the independent path).</summary>
    public MetricQueryExecutor Direct { get; private set; } = null!;

    public DuckDbDatabase DirectDatabase => _direct!;

    public static Dictionary<string, string?> BaseSettings(string? definitions = null) => new()
    {
        ["CxSemantic:Warehouse:File"] = TestPaths.Warehouse,
        ["CxSemantic:Definitions"] = definitions ?? TestPaths.Definitions,
        ["CxSemantic:DefaultRole"] = "cx_analyst",
        ["CxSemantic:WatchDefinitions"] = definitions is null ? "false" : "true",
        ["CxSemantic:Warehouse:DuckDbThreads"] = "2",
    };

    public async Task InitializeAsync()
    {
        await TestPaths.EnsureWarehouseAsync();
        Factory = new CxServerFactory(BaseSettings());
        Client = Factory.CreateClient();
        _loopback = await StartLoopbackAsync(BaseSettings());
        LoopbackAddress = Address(_loopback);

        var load = CatalogLoader.LoadDirectory(TestPaths.Definitions, WarehouseSchema.PhysicalSchema);
        Catalog = load.Catalog ?? throw new InvalidOperationException(string.Join("\n", load.Diagnostics));
        _direct = DuckDbDatabase.Open(TestPaths.Warehouse, new DuckDbConfig { ReadOnly = true, Threads = 2 });
        Direct = new MetricQueryExecutor(Catalog, new DuckDbSqlEngine(_direct));
    }

    /// <summary>Starts the real server (Kestrel) on 127.0.0.1 with an ephemeral port.</summary>
    public static async Task<WebApplication> StartLoopbackAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var args = new List<string> { "--urls", "http://127.0.0.1:0", "--environment", "Development" };
        foreach (var (key, value) in settings)
        {
            args.Add($"--{key}={value}");
        }

        var app = ServerApp.Build([.. args]);
        await app.StartAsync();
        return app;
    }

    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        if (_loopback is not null)
        {
            await _loopback.DisposeAsync();
        }

        _direct?.Dispose();
    }
}

[CollectionDefinition("server")]
public sealed class ServerTestGroup : ICollectionFixture<ServerFixture>;

/// <summary>Small helpers to send GraphQL over HTTP.</summary>
internal static class Gql
{
    public static HttpRequestMessage Post(string query, object? variables = null, string? role = null, IReadOnlyDictionary<string, string>? claims = null, string accept = "application/graphql-response+json")
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object?> { ["query"] = query, ["variables"] = variables });
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        if (role is not null)
        {
            request.Headers.Add("X-CxSemantic-Role", role);
        }

        foreach (var (claim, value) in claims ?? new Dictionary<string, string>())
        {
            request.Headers.Add("X-CxSemantic-Claim-" + claim, value);
        }

        return request;
    }

    public static async Task<(int Status, JsonNode Body, string ContentType)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!, response.Content.Headers.ContentType?.ToString() ?? string.Empty);
    }

    public static async Task<JsonNode> DataAsync(HttpClient client, string query, string? role = null, IReadOnlyDictionary<string, string>? claims = null)
    {
        var (status, body, _) = await SendAsync(client, Post(query, role: role, claims: claims));
        Assert.True(body["errors"] is null, $"Unexpected errors: {body["errors"]?.ToJsonString()}");
        Assert.Equal(200, status);
        return body["data"]!;
    }

    public static async Task<JsonNode> ErrorAsync(HttpClient client, string query, string? role = null, IReadOnlyDictionary<string, string>? claims = null)
    {
        var (_, body, _) = await SendAsync(client, Post(query, role: role, claims: claims));
        var errors = body["errors"]?.AsArray();
        Assert.True(errors is { Count: > 0 }, $"Expected an error, got {body.ToJsonString()}");
        return errors![0]!;
    }
}
