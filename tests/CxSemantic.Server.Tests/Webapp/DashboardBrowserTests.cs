using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace CxSemantic.Server.Tests.Webapp;

/// <summary>
/// The dashboard and the glossary in headless Chromium (node/dashboard.mjs drives one session over both pages; its report
/// is shared by the facts below). Every value the pages show is checked against the API's own answer to an independent
/// request; the pages may not reach beyond 127.0.0.1; screenshots at 1280 and 390 px land in the test output (screenshots/).
/// </summary>
[Collection("server")]
public sealed class DashboardBrowserTests(ServerFixture server, ITestOutputHelper output)
{
    private const string Metric = "containment_rate";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static JsonNode? SharedReport;

    /// <summary>Where the screenshots are saved (kept after the run, for people to look at).</summary>
    public static string Screenshots => Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Scorecard_renders_every_visible_metric_with_the_APIs_values_for_the_current_period()
    {
        if (await ReportAsync() is not { } report)
        {
            return;
        }

        var watermark = (string)(await Gql.DataAsync(server.Client, "{ dataWatermark }"))["dataWatermark"]!;
        var lastDay = DateOnly.ParseExact(watermark[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-1);
        var from = new DateOnly(lastDay.Year, lastDay.Month, 1);
        Assert.Equal(from.ToString("yyyy-MM", CultureInfo.InvariantCulture), (string?)report["scorecardPeriod"]);

        var shown = report["scorecard"]!.AsArray().Select(r => r!).ToList();
        var definitions = (await Gql.DataAsync(server.Client, "{ metricDefinitions(first: 500) { nodes { name field segmentation { required } } } dimensions { name field } }"));
        var fields = definitions["dimensions"]!.AsArray().ToDictionary(d => (string)d!["name"]!, d => (string)d!["field"]!, StringComparer.Ordinal);
        var metrics = definitions["metricDefinitions"]!["nodes"]!.AsArray().Select(n => n!).ToList();
        Assert.Equal(metrics.Select(m => (string)m["name"]!).Order(StringComparer.Ordinal), shown.Select(r => (string)r["metric"]!).Distinct().Order(StringComparer.Ordinal));

        var compared = 0;
        foreach (var metric in metrics)
        {
            // Independent of the page's grouping: one request per metric, split by its required segments only.
            var name = (string)metric["name"]!;
            var field = (string)metric["field"]!;
            var required = metric["segmentation"]!["required"]!.AsArray().Select(r => (string)r!).ToList();
            var query = $$"""
                { metrics(time: { from: "{{from:yyyy-MM-dd}}", to: "{{from.AddMonths(1):yyyy-MM-dd}}" }, compare: { previousPeriod: true }) {
                    rows { {{string.Join(" ", required.Select(r => fields[r]))}} {{field}} { value n status version immature } } } }
                """;
            var rows = (await Gql.DataAsync(server.Client, query))["metrics"]!["rows"]!.AsArray().Where(r => r![field] is not null).ToList();
            var rendered = shown.Where(r => (string?)r["metric"] == name && r["segment"] is not null).ToList();
            Assert.True(rows.Count == rendered.Count, $"{name}: the API has {rows.Count} rows, the scorecard shows {rendered.Count}");
            foreach (var row in rows)
            {
                var segment = string.Join(", ", required.Select(r => $"{r}={(string?)row![fields[r]]}"));
                var cell = row![field]!;
                var page = Assert.Single(rendered, r => (string)r["segment"]! == segment);
                AssertSame((double?)cell["value"], Number(page["value"]), $"{name} {segment}");
                Assert.Equal((int)cell["n"]!, int.Parse((string)page["n"]!, CultureInfo.InvariantCulture));
                Assert.Equal((string?)cell["status"] ?? string.Empty, (string)page["status"]!);
                Assert.Equal((int)cell["version"]!, int.Parse((string)page["version"]!, CultureInfo.InvariantCulture));
                compared++;
            }
        }

        output.WriteLine($"{metrics.Count} metrics, {compared} scorecard cells equal to the API's; rendered in {report["scorecardMs"]} ms (navigation to table).");
    }

    [Fact]
    public async Task Explorer_sends_the_expected_request_and_its_table_and_csv_equal_the_answer()
    {
        if (await ReportAsync() is not { } report)
        {
            return;
        }

        var request = report["explorerRequest"]!;
        var query = (string)request["query"]!;
        Assert.Contains("metrics(time: $time, where: $where, compare: $compare) { rows { period intentComplexity channel containmentRate { ...Cell } } catalogVersion }", query, StringComparison.Ordinal);
        Assert.Equal(
            """{"time":{"from":"2026-04-01","to":"2026-07-01","grain":"MONTH"},"where":{"channel":{"in":["VOICE","CHAT"]}},"compare":{"previousPeriod":true}}""",
            request["variables"]!.ToJsonString());

        // The same request, sent by the test: the table shows exactly its rows, in order.
        var (status, body, _) = await Gql.SendAsync(server.Client, Gql.Post(query, JsonSerializer.Deserialize<JsonElement>(request["variables"]!.ToJsonString())));
        Assert.Equal(200, status);
        var rows = body["data"]!["metrics"]!["rows"]!.AsArray();
        var table = report["explorerRows"]!.AsArray();
        Assert.Equal(3 * 3 * 2, rows.Count); // 3 months × 3 complexities × 2 channels
        Assert.Equal(rows.Count, table.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cell = rows[i]!["containmentRate"]!;
            Assert.Equal((double?)cell["value"], Number(table[i]!["value"]));
            Assert.Equal((int)cell["n"]!, int.Parse((string)table[i]!["n"]!, CultureInfo.InvariantCulture));
            var cells = table[i]!["cells"]!.AsArray().Select(c => (string)c!).ToList();
            Assert.Equal(((string)rows[i]!["period"]!, (string)rows[i]!["intentComplexity"]!, (string)rows[i]!["channel"]!), (cells[0], cells[1], cells[2]));
        }

        var csv = ((string)report["csv"]!).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("period,intent_complexity,channel,metric,value,ci_low,ci_high,n,status,suppressed,immature_share,delta,delta_q_value,delta_significant,version", csv[0]);
        Assert.Equal(rows.Count + 1, csv.Length);
        var first = csv[1].Split(',');
        Assert.Equal((string)rows[0]!["period"]!, first[0]);
        Assert.Equal((int)rows[0]!["containmentRate"]!["n"]!, int.Parse(first[7], CultureInfo.InvariantCulture));

        // The shareable URL holds the view: opened fresh, it runs the same slice.
        var url = new Uri((string)report["shareUrl"]!);
        Assert.Equal("m=containment_rate&by=intent_complexity%2Cchannel&f=channel%3AVOICE%7CCHAT&from=2026-04-01&to=2026-07-01&grain=MONTH&cmp=previous", QueryWithout(url.Query, "period", "trend", "series"));
        Assert.Equal(rows.Count, (int)report["sharedRows"]!);
    }

    [Fact]
    public async Task A_refused_slice_shows_the_refusal_code_and_its_fix()
    {
        if (await ReportAsync() is not { } report)
        {
            return;
        }

        Assert.Equal("REQUIRED_SEGMENT_MISSING", (string?)report["refusal"]!["code"]);
        Assert.Equal(
            "Metric 'containment_rate' must be split by 'intent_complexity': unsplit values mislead (see its definition). Add it to the query's dimensions.",
            (string?)report["refusal"]!["message"]);
    }

    [Fact]
    public async Task Decomposition_panel_appears_with_the_explain_field_and_shows_the_APIs_split()
    {
        if (await ReportAsync() is not { } report)
        {
            return;
        }

        var fields = (await Gql.DataAsync(server.Client, "{ __type(name: \"Query\") { fields { name } } }"))["__type"]!["fields"]!.AsArray();
        if (!fields.Any(f => (string?)f!["name"] == "explain"))
        {
            // A server without the field: the panel stays hidden rather than offering requests that fail.
            Assert.False((bool)report["explainShown"]!);
            output.WriteLine("This server has no Query.explain: the decomposition panel is hidden.");
            return;
        }

        Assert.True((bool)report["explainShown"]!);
        var request = report["explainRequest"]!;
        Assert.Equal(
            """{"metric":"sla_adherence","time":{"from":"2026-06-01","to":"2026-07-01"},"baseline":{"from":"2026-05-01","to":"2026-06-01"},"by":["handledBy"]}""",
            request["variables"]!.ToJsonString());
        var (status, body, _) = await Gql.SendAsync(server.Client, Gql.Post((string)request["query"]!, JsonSerializer.Deserialize<JsonElement>(request["variables"]!.ToJsonString())));
        Assert.Equal(200, status);
        Assert.True(body["errors"] is null, body.ToJsonString());
        Assert.Equal("done", (string?)report["explainState"]);
        var explain = body["data"]!["explain"]!;
        var parts = report["explainParts"]!.AsArray().ToDictionary(p => (string)p!["part"]!, p => Number(p!["value"]), StringComparer.Ordinal);
        foreach (var part in new[] { "total", "mix", "rate" })
        {
            AssertSame((double)explain[part]!["value"]!, parts[part], part);
        }

        var segments = report["explainSegments"]!.AsArray();
        Assert.Equal(explain["segments"]!.AsArray().Count, segments.Count);
        foreach (var (api, page) in explain["segments"]!.AsArray().Zip(segments))
        {
            Assert.Equal((string?)api!["key"], (string?)page!["key"]);
            AssertSame((double)api["mixContribution"]!, Number(page["mix"]), $"{api["key"]} mix");
            AssertSame((double)api["rateContribution"]!, Number(page["rate"]), $"{api["key"]} rate");
        }

        output.WriteLine((string?)report["explainText"]);
    }

    [Fact]
    public async Task Glossary_page_of_a_metric_shows_its_four_elements_lineage_and_dashboard_link()
    {
        if (await ReportAsync() is not { } report)
        {
            return;
        }

        var d = (await Gql.DataAsync(server.Client, $$"""
            { metricDefinition(name: "{{Metric}}") { version unitOfAnalysis unitOfAnalysisText inclusion { name where } exclusions { name where }
              confirmation { method text } segmentation { required allowed minCellSize } lineage } }
            """))["metricDefinition"]!;
        var page = report["glossary"]!;
        var unit = (string)page["unit"]!;
        Assert.Contains((string)d["unitOfAnalysis"]!, unit, StringComparison.Ordinal);
        Assert.Contains((string)d["unitOfAnalysisText"]!, unit, StringComparison.Ordinal);
        foreach (var rule in d["inclusion"]!.AsArray().Concat(d["exclusions"]!.AsArray()))
        {
            Assert.Contains($"{rule!["name"]}: {rule["where"]}", (string)page["inclusion"]!, StringComparison.Ordinal);
        }

        Assert.Contains(((string)d["confirmation"]!["method"]!).ToLowerInvariant(), (string)page["confirmation"]!, StringComparison.Ordinal);
        Assert.Contains((string)d["confirmation"]!["text"]!, (string)page["confirmation"]!, StringComparison.Ordinal);
        var segmentation = (string)page["segmentation"]!;
        Assert.Contains("Must be split by\n" + string.Join(", ", d["segmentation"]!["required"]!.AsArray().Select(x => (string)x!)), segmentation, StringComparison.Ordinal);
        Assert.Contains("May be split by\n" + string.Join(", ", d["segmentation"]!["allowed"]!.AsArray().Select(x => (string)x!)), segmentation, StringComparison.Ordinal);
        Assert.Contains("Minimum cell size\n" + (int)d["segmentation"]!["minCellSize"]!, segmentation, StringComparison.Ordinal);
        Assert.Equal(d["lineage"]!.AsArray().Select(x => (string)x!), report["lineage"]!.AsArray().Select(x => (string)x!));
        Assert.Equal($"/dashboard?m={Metric}&trend={Metric}", (string?)report["dashboardLink"]);
        var history = Assert.Single(report["history"]!.AsArray())!;
        Assert.Equal("LOADED", (string?)history["kind"]);
        Assert.EndsWith($"v{d["version"]} in service when the server started", (string)history["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Glossary_index_lists_every_visible_metric_and_search_narrows_it()
    {
        if (await ReportAsync() is not { } report)
        {
            return;
        }

        var all = (await Gql.DataAsync(server.Client, "{ metricDefinitions(first: 500) { nodes { name label category owner description unitOfAnalysis } } }"))["metricDefinitions"]!["nodes"]!
            .AsArray().Select(n => n!).ToList();
        Assert.Equal(all.Select(n => (string)n["label"]!).Order(StringComparer.Ordinal), report["indexLinks"]!.AsArray().Select(x => (string)x!).Order(StringComparer.Ordinal));
        // The search matches name, label, category, owner, description and unit of analysis, ignoring case.
        var expected = all.Where(n => new[] { "name", "label", "category", "owner", "description", "unitOfAnalysis" }
                .Any(f => ((string)n[f]!).Contains("silent", StringComparison.OrdinalIgnoreCase)))
            .Select(n => (string)n["label"]!).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count);
        Assert.Equal(expected, report["searchLinks"]!.AsArray().Select(x => (string)x!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pages_stay_on_loopback_raise_no_console_error_and_fit_a_phone_screen()
    {
        if (await ReportAsync() is not { } report)
        {
            return;
        }

        var origin = server.LoopbackAddress.GetLeftPart(UriPartial.Authority);
        Assert.Empty(report["external"]!.AsArray());
        Assert.All(report["requests"]!.AsArray().Select(r => (string)r!), url => Assert.StartsWith(origin + "/", url, StringComparison.Ordinal));
        Assert.Equal("127.0.0.1", server.LoopbackAddress.Host);
        // CSP violations and script errors are console errors.
        Assert.Empty(report["consoleErrors"]!.AsArray());
        Assert.Equal(0, (int)report["phoneOverflow"]!);
        Assert.Equal(0, (int)report["phoneGlossaryOverflow"]!);
        foreach (var name in new[] { "dashboard-1280.png", "dashboard-390.png", "glossary-1280.png", "glossary-390.png" })
        {
            var file = new FileInfo(Path.Combine(Screenshots, name));
            Assert.True(file.Exists && file.Length > 10_000, $"{file.FullName} is missing or empty");
            output.WriteLine($"screenshot {file.FullName} ({file.Length / 1024} KiB)");
        }
    }

    /// <summary>
    /// Equal up to floating-point summation order: the page asks for metrics in groups, the test one by one, and the
    /// engine may add a group's doubles in another order (differences near 1e-15).
    /// </summary>
    private static void AssertSame(double? expected, double? actual, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: expected {expected}, shown {actual}");
        if (expected is { } e && actual is { } a)
        {
            Assert.True(Math.Abs(e - a) <= 1e-12 * Math.Max(1, Math.Abs(e)), $"{what}: expected {e:R}, shown {a:R}");
        }
    }

    [Fact]
    public async Task Glossary_page_follows_a_hot_reload_of_the_definitions()
    {
        if (await NodeTools.ChromiumForTestAsync(output) is not { } chromium)
        {
            return;
        }

        var folder = Path.Combine(Path.GetTempPath(), "cxsemantic-glossary-" + Guid.NewGuid().ToString("N"));
        ReloadAndLimitsTests.CopyDirectory(TestPaths.Definitions, folder);
        try
        {
            var settings = ServerFixture.BaseSettings(folder);
            settings["CxSemantic:ReloadDebounceMilliseconds"] = "100";
            await using var app = await ServerFixture.StartLoopbackAsync(settings);
            await NodeTools.EnsureInstalledAsync();
            var (code, text) = await NodeTools.RunAsync(
                "node",
                ["glossary-reload.mjs", ServerFixture.Address(app).GetLeftPart(UriPartial.Authority), chromium, Path.Combine(folder, "metrics", "automation.yaml"), Metric, "Containment rate", "Containment rate (edited)"],
                TestPaths.NodeTools,
                TimeSpan.FromMinutes(2));
            Assert.True(code == 0, text);
            var report = JsonNode.Parse(text.Trim().Split('\n')[^1])!;

            Assert.Equal("Containment rate", (string?)report["before"]);
            Assert.Equal("Containment rate (edited)", (string?)report["after"]);
            Assert.NotEqual((string?)report["catalogBefore"], (string?)report["catalogAfter"]);
            Assert.Equal($"Definitions reloaded: catalog {report["catalogAfter"]}.", (string?)report["announced"]);
            Assert.Equal(1, (int)report["navigations"]!); // the first load only: the page re-fetched, it was not reloaded
            Assert.Empty(report["consoleErrors"]!.AsArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double? Number(JsonNode? text) =>
        string.IsNullOrEmpty((string?)text) ? null : double.Parse((string)text!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string QueryWithout(string query, params string[] keys) =>
        string.Join("&", query.TrimStart('?').Split('&').Where(p => !keys.Contains(p.Split('=')[0], StringComparer.Ordinal)));

    /// <summary>Runs the browser session once for all facts; null (after saying why) when Chromium cannot be had.</summary>
    private async Task<JsonNode?> ReportAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (SharedReport is not null)
            {
                return SharedReport;
            }

            if (await NodeTools.ChromiumForTestAsync(output) is not { } chromium)
            {
                return null;
            }

            await NodeTools.EnsureInstalledAsync();
            var (code, text) = await NodeTools.RunAsync(
                "node",
                ["dashboard.mjs", server.LoopbackAddress.GetLeftPart(UriPartial.Authority), chromium, Screenshots, Metric],
                TestPaths.NodeTools,
                TimeSpan.FromMinutes(3));
            Assert.True(code == 0, text);
            SharedReport = JsonNode.Parse(text.Trim().Split('\n')[^1])!;
            return SharedReport;
        }
        finally
        {
            Gate.Release();
        }
    }
}
