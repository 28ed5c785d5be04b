using Microsoft.Extensions.FileProviders;

namespace CxSemantic.Server.Http;

/// <summary>
/// The dashboard (<c>/dashboard</c>) and the live glossary (<c>/glossary</c>, <c>/glossary/{metric}</c>): static pages whose
/// scripts (under <c>/app/</c>) read everything through the public GraphQL API, so they see exactly what the caller may see.
/// </summary>
internal static class WebappPages
{
    /// <summary>Where the scripts, styles and the vendored chart library are served.</summary>
    public const string AssetPath = "/app";

    /// <summary>Maps the pages and their assets when the build copied them to the output (webapp/).</summary>
    public static void MapWebappPages(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "webapp");
        if (!Directory.Exists(root))
        {
            return;
        }

        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root), RequestPath = AssetPath });
        app.MapGet("/dashboard", () => Page(root, "dashboard.html"));
        app.MapGet("/glossary", () => Page(root, "glossary.html"));
        // One page per metric: the same document; its script reads the metric's name from the path.
        app.MapGet("/glossary/{metric}", () => Page(root, "glossary.html"));
    }

    // The security headers (CSP: scripts from 'self' only, no inline script) are added by SecurityHeaders on every text/html answer.
    private static IResult Page(string root, string file) =>
        Results.File(Path.Combine(root, file), "text/html; charset=utf-8");
}
