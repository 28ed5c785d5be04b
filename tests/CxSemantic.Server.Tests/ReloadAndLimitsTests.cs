using System.Text.Json.Nodes;

namespace CxSemantic.Server.Tests;

[Collection("server")]
public sealed class ReloadAndLimitsTests
{
    [Fact]
    public async Task Editing_yaml_reloads_and_an_invalid_edit_keeps_the_last_good_catalog()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cxsemantic-reload-" + Guid.NewGuid().ToString("N"));
        CopyDirectory(TestPaths.Definitions, folder);
        try
        {
            var settings = ServerFixture.BaseSettings(folder);
            settings["CxSemantic:ReloadDebounceMilliseconds"] = "100";
            await using var factory = new CxServerFactory(settings);
            using var client = factory.CreateClient();
            const string query = "{ metricDefinition(name: \"containment_rate\") { label } catalog { version problems { message file line } } metrics { rows { intentComplexity containmentRate { n } } catalogVersion } }";
            var before = await Gql.DataAsync(client, query);
            var version = (string)before["catalog"]!["version"]!;

            // A valid change shows up.
            var file = Path.Combine(folder, "metrics", "automation.yaml");
            var original = await File.ReadAllTextAsync(file);
            var label = (string)before["metricDefinition"]!["label"]!;
            Assert.Contains(label, original, StringComparison.Ordinal);
            await File.WriteAllTextAsync(file, original.Replace(label, label + " (edited)", StringComparison.Ordinal));
            var after = await WaitFor(client, query, d => (string?)d["metricDefinition"]!["label"] == label + " (edited)");
            var edited = (string)after["catalog"]!["version"]!;
            Assert.NotEqual(version, edited);
            Assert.Equal(edited, (string?)after["metrics"]!["catalogVersion"]);

            // An invalid change keeps serving the last good catalog and reports its problems.
            await File.WriteAllTextAsync(file, original.Replace("segmentation:", "segmentation: [oops", StringComparison.Ordinal));
            var broken = await WaitFor(client, query, d => d["catalog"]!["problems"]!.AsArray().Count > 0);
            Assert.Equal(edited, (string?)broken["catalog"]!["version"]);
            Assert.Contains(broken["catalog"]!["problems"]!.AsArray(), p => ((string?)p!["file"] ?? string.Empty).EndsWith("automation.yaml", StringComparison.Ordinal));
            Assert.Equal(after["metrics"]!["rows"]!.ToJsonString(), broken["metrics"]!["rows"]!.ToJsonString());
            var health = JsonNode.Parse(await client.GetStringAsync("/health"))!;
            Assert.Equal("degraded", (string?)health["status"]);
            Assert.NotEmpty(health["problems"]!.AsArray());

            // Fixing it recovers.
            await File.WriteAllTextAsync(file, original);
            var fixedData = await WaitFor(client, query, d => d["catalog"]!["problems"]!.AsArray().Count == 0);
            Assert.Equal(version, (string?)fixedData["catalog"]!["version"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Query_timeout_cancels_and_reports_QUERY_TIMEOUT()
    {
        var settings = ServerFixture.BaseSettings();
        // A timeout below a millisecond cancels at once: the database query is interrupted (or never starts) on every path.
        settings["CxSemantic:QueryTimeoutSeconds"] = "0.0000001";
        await using var factory = new CxServerFactory(settings);
        using var client = factory.CreateClient();
        var error = await Gql.ErrorAsync(client, "{ metrics(time: { from: \"2026-01-01\", to: \"2026-07-01\", grain: DAY }) { rows { intentComplexity channel containmentRate { value } } } }");
        Assert.Equal("QUERY_TIMEOUT", (string?)error["extensions"]!["code"]);
        Assert.Contains("QueryTimeoutSeconds", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Row_limit_refuses_large_answers_with_a_fix()
    {
        var settings = ServerFixture.BaseSettings();
        settings["CxSemantic:MaxRows"] = "5";
        await using var factory = new CxServerFactory(settings);
        using var client = factory.CreateClient();
        const string query = "{ metrics(time: { from: \"2026-01-01\", to: \"2026-03-01\", grain: MONTH }) { rows { period intentComplexity containmentRate { value } } } }";
        var error = await Gql.ErrorAsync(client, query);
        Assert.Equal("MAX_ROWS_EXCEEDED", (string?)error["extensions"]!["code"]);
        Assert.Contains("limit: 5", (string?)error["message"], StringComparison.Ordinal);
        var limited = await Gql.DataAsync(client, query.Replace("grain: MONTH }", "grain: MONTH }, limit: 5", StringComparison.Ordinal));
        Assert.Equal(5, limited["metrics"]!["rows"]!.AsArray().Count);
    }

    internal static async Task<JsonNode> WaitFor(HttpClient client, string query, Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var data = await Gql.DataAsync(client, query);
            if (done(data) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(data), "The catalog did not reload within 20 s: " + data.ToJsonString());
                return data;
            }

            await Task.Delay(100);
        }
    }

    internal static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
