using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CxSemantic.Server.Http;

namespace CxSemantic.Server.Identity;

/// <summary>
/// Security headers: <c>X-Content-Type-Options: nosniff</c> on every response; on HTML pages (GraphiQL) a
/// Content-Security-Policy that allows only the server's own scripts plus the page's one inline script
/// (by hash), no framing (<c>frame-ancestors 'none'</c>, <c>X-Frame-Options: DENY</c>) and no referrer.
/// </summary>
internal static partial class SecurityHeaders
{
    /// <summary>The page's Content-Security-Policy.</summary>
    public static string ContentSecurityPolicy { get; } =
        "default-src 'self'; "
        + $"script-src 'self'{string.Concat(InlineScriptHashes(GraphiQLPage.Html).Select(h => $" 'sha256-{h}'"))}; "
        + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

    /// <summary>Adds the headers when the response starts.</summary>
    public static Task Apply(HttpContext http, Func<Task> next)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
            }

            return Task.CompletedTask;
        });
        return next();
    }

    /// <summary>Base64 SHA-256 of each inline script of a page (the form CSP hash sources take).</summary>
    internal static IEnumerable<string> InlineScriptHashes(string html) =>
        InlineScript().Matches(html).Select(m => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value))));

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
