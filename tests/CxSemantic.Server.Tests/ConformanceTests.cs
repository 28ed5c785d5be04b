using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace CxSemantic.Server.Tests;

[Collection("server")]
public sealed class ConformanceTests(ServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Graphql_http_audit_passes_with_no_failures_on_the_real_server()
    {
        await NodeTools.EnsureInstalledAsync();
        var url = new Uri(server.LoopbackAddress, "/graphql").ToString();
        var (code, text) = await NodeTools.RunAsync("node", ["audit.mjs", url], TestPaths.NodeTools, TimeSpan.FromMinutes(2));
        Assert.True(code == 0, text);
        var report = JsonNode.Parse(text.Trim().Split('\n')[^1])!;
        output.WriteLine($"graphql-http audit: {report["ok"]} ok, {report["failures"]!.AsArray().Count} failures, {report["warnings"]!.AsArray().Count} warnings");
        foreach (var warning in report["warnings"]!.AsArray())
        {
            output.WriteLine($"  warning {warning!["id"]}: {warning["name"]} — {warning["reason"]}");
        }

        Assert.True(report["failures"]!.AsArray().Count == 0, "Audit failures: " + report["failures"]!.ToJsonString());
        Assert.True((int)report["ok"]! > 40);
    }

    [Fact]
    public async Task Graphiql_renders_in_headless_chromium_and_runs_the_example_query()
    {
        var (chromium, reason) = await NodeTools.EnsureChromiumAsync();
        if (chromium is null)
        {
            // xunit 2 has no dynamic skip: report why and stop (only when apt-get itself is unavailable).
            Assert.False(File.Exists("/usr/bin/apt-get"), reason);
            output.WriteLine("SKIPPED: " + reason);
            return;
        }

        var url = new Uri(server.LoopbackAddress, "/graphql").ToString();
        var profile = Directory.CreateTempSubdirectory("cxsemantic-chromium-");
        try
        {
            var (code, dom) = await NodeTools.RunAsync(
                chromium!,
                ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                 $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000", "--dump-dom", url],
                profile.FullName,
                TimeSpan.FromMinutes(2));
            Assert.True(code == 0, dom);
            Assert.Contains("graphiql-container", dom, StringComparison.Ordinal);

            await NodeTools.EnsureInstalledAsync();
            var (runCode, text) = await NodeTools.RunAsync("node", ["graphiql.mjs", url, chromium!], TestPaths.NodeTools, TimeSpan.FromMinutes(2));
            Assert.True(runCode == 0, text);
            var report = JsonNode.Parse(text.Trim().Split('\n')[^1])!;
            Assert.Contains("MonthlyContainment", (string?)report["query"], StringComparison.Ordinal);
            // The result pane's text (CodeMirror: non-breaking spaces, fold markers) holds the answer.
            var result = ((string)report["result"]!).Replace('\u00a0', ' ');
            Assert.Contains("\"rows\"", result, StringComparison.Ordinal);
            Assert.Contains("\"containmentRate\"", result, StringComparison.Ordinal);
            Assert.DoesNotContain("\"errors\"", result, StringComparison.Ordinal);
            Assert.Empty(report["external"]!.AsArray());
            output.WriteLine("GraphiQL ran the example query; result pane starts: " + result[..Math.Min(200, result.Length)]);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
