using System.Text.Json;
using CxSemantic.Server.Http;
using CxSemantic.Server.Identity;
using CxSemantic.Server.Telemetry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Hosting;

/// <summary>Builds the server: services, the GraphQL endpoint, GraphiQL assets, the dashboard and glossary pages, and /health.</summary>
internal static class ServerApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(ServerOptions.DefaultUrl);
        }

        // The host logs a failed start with the whole stack, and the exception then reaches Program, which prints the one
        // line that matters: keep the host's own entries to Critical so the stack is not printed.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.Configure<ServerOptions>(builder.Configuration.GetSection(ServerOptions.Section));
        builder.Services.Configure<Limits.QueryLimitOptions>(builder.Configuration.GetSection(Limits.QueryLimitOptions.Section));
        builder.Services.AddSingleton<WarehouseHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WarehouseHost>());
        builder.Services.AddSingleton<CatalogState>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CatalogState>());
        builder.Services.AddSingleton<MaterializationHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MaterializationHost>());
        builder.Services.AddSingleton<MetricQueryService>();
        builder.Services.AddSingleton<GraphQLHttpHandler>();
        builder.Services.AddSingleton<HostFilter>();
        builder.Services.AddSingleton<UnexpectedErrors>();
        builder.AddGovernance();
        builder.AddTelemetry();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Use(app.Services.GetRequiredService<UnexpectedErrors>().HandleAsync);
        app.Use(app.Services.GetRequiredService<HostFilter>().FilterAsync);
        app.UseGovernance();
        var assets = Path.Combine(AppContext.BaseDirectory, "graphiql");
        if (Directory.Exists(assets))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(assets), RequestPath = "/graphiql" });
        }

        app.MapWebappPages();
        app.Map("/graphql", (HttpContext http, GraphQLHttpHandler handler) => handler.HandleAsync(http));
        app.MapGet("/health", Health);
        app.MapGet("/", () => Results.Redirect("/graphql"));
        app.Lifetime.ApplicationStarted.Register(() => AnnounceUrls(app));
        return app;
    }

    /// <summary>The one line printed when the server cannot start: the configuration problem and its fix, no stack trace.</summary>
    public static string DescribeStartupFailure(Exception exception)
    {
        // Hosted services' failures arrive as they were thrown (or wrapped once when several failed).
        var cause = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        var known = cause is StartupException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException or OptionsValidationException;
        var message = cause.Message.ReplaceLineEndings(" ");
        return known ? $"CxSemantic cannot start: {message}" : $"CxSemantic cannot start: {cause.GetType().Name}: {message}";
    }

    private static async Task Health(HttpContext http, CatalogState catalog, WarehouseHost warehouse, MetricQueryService queries)
    {
        var ready = catalog.Ready.IsCompletedSuccessfully && warehouse.Engine.IsCompletedSuccessfully;
        var problems = catalog.Problems;
        var data = await warehouse.ProbeAsync(http.RequestAborted).ConfigureAwait(false);
        // /health answers anyone: no absolute paths (the definitions folder and warehouse file show their names only).
        var paths = new DefinitionPaths(catalog.Directory, Trusted: false);
        var body = new Dictionary<string, object?>
        {
            ["status"] = !ready ? "starting" : problems.IsEmpty && data.Status == "available" ? "healthy" : "degraded",
            ["catalogVersion"] = ready ? catalog.Current.Catalog.Version : null,
            ["catalogHash"] = ready ? catalog.Current.Catalog.ContentHash : null,
            ["loadedAt"] = ready ? catalog.Current.LoadedAt : null,
            ["problems"] = problems.Select(p => new Dictionary<string, object?>
            {
                ["code"] = p.Code,
                ["message"] = p.Message,
                ["location"] = string.IsNullOrEmpty(p.Span.File) ? p.Span.ToString() : p.Span.ToString().Replace(p.Span.File, paths.Show(p.Span.File), StringComparison.Ordinal),
            }).ToList(),
            ["definitions"] = paths.Show(catalog.Directory),
            ["warehouse"] = new Dictionary<string, object?>
            {
                ["engine"] = ready ? warehouse.Engine.Result.Dialect.ToString() : null,
                ["location"] = warehouse.Location is { } location && Path.IsPathRooted(location) ? Path.GetFileName(location) : warehouse.Location,
                ["status"] = data.Status,
                ["watermark"] = data.Watermark,
                ["error"] = warehouse.Location is { } where && Path.IsPathRooted(where) ? data.Error?.Replace(where, Path.GetFileName(where), StringComparison.Ordinal) : data.Error,
                ["notice"] = data.Notice,
            },
            ["cachedAnswers"] = queries.CachedCount,
        };
        http.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
    }

    private static void AnnounceUrls(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var browser = File.Exists(Path.Combine(AppContext.BaseDirectory, "graphiql", "graphiql.min.js"))
            ? "open it in a browser for GraphiQL"
            : "GraphiQL's page was not built: npm was not on PATH at build time; install Node.js and rebuild for it";
        foreach (var address in addresses)
        {
            Console.WriteLine($"CxSemantic GraphQL API: {address.TrimEnd('/')}/graphql  ({browser}; health: {address.TrimEnd('/')}/health)");
        }
    }
}
