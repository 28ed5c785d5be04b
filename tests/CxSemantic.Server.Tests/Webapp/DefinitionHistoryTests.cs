namespace CxSemantic.Server.Tests.Webapp;

/// <summary><c>MetricDefinition.history</c>: the version in service at start, then each hot reload's changes (as cxsem diff compares).</summary>
public sealed class DefinitionHistoryTests
{
    private const string Query = """
        { metricDefinition(name: "containment_rate") { version history { kind version previousVersion changedFields at } }
          catalog { version loadedAt } }
        """;

    [Fact]
    public async Task A_hot_reload_that_changes_a_metric_appends_its_new_version_and_changed_fields()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cxsemantic-history-" + Guid.NewGuid().ToString("N"));
        ReloadAndLimitsTests.CopyDirectory(TestPaths.Definitions, folder);
        try
        {
            var settings = ServerFixture.BaseSettings(folder);
            settings["CxSemantic:ReloadDebounceMilliseconds"] = "100";
            await using var factory = new CxServerFactory(settings);
            using var client = factory.CreateClient();

            var before = await Gql.DataAsync(client, Query);
            var start = Assert.Single(before["metricDefinition"]!["history"]!.AsArray())!;
            Assert.Equal("LOADED", (string?)start["kind"]);
            Assert.Equal(4, (int)start["version"]!);
            Assert.Null(start["previousVersion"]);
            Assert.Empty(start["changedFields"]!.AsArray());
            Assert.Equal(DateTimeOffset.Parse((string)before["catalog"]!["loadedAt"]!), DateTimeOffset.Parse((string)start["at"]!));

            // A new version with a new label; an unrelated metric's file is untouched.
            var file = Path.Combine(folder, "metrics", "automation.yaml");
            var original = await File.ReadAllTextAsync(file);
            var edited = original.Replace("metric: containment_rate\nversion: 4\nlabel: Containment rate\n", "metric: containment_rate\nversion: 5\nlabel: Containment rate (bot only)\n", StringComparison.Ordinal);
            Assert.NotEqual(original, edited);
            await File.WriteAllTextAsync(file, edited);

            var after = await ReloadAndLimitsTests.WaitFor(client, Query, d => (int)d["metricDefinition"]!["version"]! == 5);
            var history = after["metricDefinition"]!["history"]!.AsArray();
            Assert.Equal(2, history.Count);
            Assert.Equal(start.ToJsonString(), history[0]!.ToJsonString());
            var change = history[1]!;
            Assert.Equal("CHANGED", (string?)change["kind"]);
            Assert.Equal((5, 4), ((int)change["version"]!, (int)change["previousVersion"]!));
            Assert.Equal(["label", "version"], change["changedFields"]!.AsArray().Select(f => (string)f!));
            Assert.Equal(DateTimeOffset.Parse((string)after["catalog"]!["loadedAt"]!), DateTimeOffset.Parse((string)change["at"]!));

            // A metric the reload did not change keeps its one entry.
            var other = await Gql.DataAsync(client, "{ metricDefinition(name: \"nps\") { history { kind } } }");
            Assert.Equal(["LOADED"], other["metricDefinition"]!["history"]!.AsArray().Select(h => (string)h!["kind"]!));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
