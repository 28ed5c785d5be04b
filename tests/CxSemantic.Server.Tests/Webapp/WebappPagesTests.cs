using System.Globalization;
using System.Text.Json.Nodes;
using CxSemantic.Server.Identity;

namespace CxSemantic.Server.Tests.Webapp;

/// <summary>The dashboard and glossary pages over HTTP (no browser): routes, assets, security headers, the watermark field.</summary>
[Collection("server")]
public sealed class WebappPagesTests(ServerFixture server)
{
    [Theory]
    [InlineData("/dashboard", "<title>CxSemantic scorecard</title>")]
    [InlineData("/glossary", "<title>CxSemantic glossary</title>")]
    [InlineData("/glossary/containment_rate", "<title>CxSemantic glossary</title>")]
    public async Task Pages_are_html_with_the_servers_content_security_policy_and_no_inline_script(string path, string title)
    {
        using var response = await server.Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(title, html, StringComparison.Ordinal);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        // Scripts come from files only: the policy allows no inline script but GraphiQL's one (by hash).
        Assert.Empty(SecurityHeaders.InlineScriptHashes(html));
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/app/vendor/chart.umd.min.js", "text/javascript", "Chart.js v4.6.1")]
    [InlineData("/app/js/dashboard.js", "text/javascript", "loadScorecard")]
    [InlineData("/app/css/app.css", "text/css", "table.scorecard")]
    public async Task Assets_are_served_locally(string path, string mediaType, string content)
    {
        using var response = await server.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_watermark_is_the_warehouse_watermark_health_reports()
    {
        var data = await Gql.DataAsync(server.Client, "{ dataWatermark }");
        var health = JsonNode.Parse(await server.Client.GetStringAsync("/health"))!;

        var fromHealth = DateTime.Parse((string)health["warehouse"]!["watermark"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.Equal(fromHealth.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), (string?)data["dataWatermark"]);
        // The demo data ends on 2026-07-01 (UTC midnight): the scorecard's current period is June 2026.
        Assert.Equal("2026-07-01T00:00:00Z", (string?)data["dataWatermark"]);
    }
}
