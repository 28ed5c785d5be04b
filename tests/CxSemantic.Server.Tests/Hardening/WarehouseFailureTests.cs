using System.Text.Json.Nodes;
using CxSemantic.Warehouse.Demo;

namespace CxSemantic.Server.Tests.Hardening;

/// <summary>A warehouse file that breaks, changes or goes away while the server runs is reported, never served silently.</summary>
[Collection("server")]
public sealed class WarehouseFailureTests
{
    private const string Counts = "{ metrics { rows { channel interactionCount { n } } } }";

    /// <summary>A second, different warehouse (2,000 interactions, seed 7), generated once per machine.</summary>
    private static readonly string Other = Path.Combine(Path.GetTempPath(), "cxsemantic-server-tests", "demo-2000-seed7.duckdb");

    [Fact]
    public async Task A_truncated_file_answers_WAREHOUSE_UNAVAILABLE_without_its_path_and_health_is_degraded()
    {
        var file = CopyOf(TestPaths.Warehouse);
        try
        {
            await using var factory = new CxServerFactory(Settings(file));
            using var client = factory.CreateClient();
            await Gql.DataAsync(client, Counts);
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                stream.SetLength(stream.Length / 3);
            }

            // Blocks read before may still be in DuckDB's buffers; a query reading others fails.
            var error = await Gql.ErrorAsync(client, "{ metrics(time: { from: \"2026-01-01\", to: \"2026-06-01\", grain: MONTH }) { rows { period intentComplexity conversationalCsat { n } containmentRate { n } } } }");
            Assert.Equal("WAREHOUSE_UNAVAILABLE", (string?)error["extensions"]!["code"]);
            Assert.StartsWith("The warehouse file cannot be read (an I/O error", (string?)error["message"], StringComparison.Ordinal);
            Assert.DoesNotContain(Path.GetTempPath(), error.ToJsonString(), StringComparison.Ordinal);

            var health = JsonNode.Parse(await client.GetStringAsync("/health"))!;
            Assert.Equal("degraded", (string?)health["status"]);
            Assert.Contains((string?)health["warehouse"]!["status"], new[] { "stale", "failing", "unavailable" });
            Assert.DoesNotContain(Path.GetTempPath(), health.ToJsonString(), StringComparison.Ordinal);
        }
        finally
        {
            Delete(file);
        }
    }

    [Fact]
    public async Task A_replaced_file_is_reopened_and_health_says_so()
    {
        await DemoWarehouseFile.EnsureAsync(Other, new DemoOptions { Interactions = 2_000, Seed = 7, Parallelism = 2 });
        var file = CopyOf(TestPaths.Warehouse);
        try
        {
            var settings = Settings(file);
            settings["CxSemantic:CacheEntries"] = "100";
            await using var factory = new CxServerFactory(settings);
            using var client = factory.CreateClient();
            var before = Total(await Gql.DataAsync(client, Counts));
            Assert.Equal(TestPaths.Interactions, before);

            // What cxsem seed --force does: the old file is deleted and a complete new one moved into place.
            File.Delete(file);
            var gone = JsonNode.Parse(await client.GetStringAsync("/health"))!;
            Assert.Equal("degraded", (string?)gone["status"]);
            Assert.Equal("stale", (string?)gone["warehouse"]!["status"]);
            Assert.StartsWith($"The warehouse file {Path.GetFileName(file)} is gone; still serving the data opened at ", (string?)gone["warehouse"]!["error"], StringComparison.Ordinal);
            Assert.Equal(TestPaths.Interactions, Total(await Gql.DataAsync(client, Counts)));

            File.Copy(Other, file);
            var health = JsonNode.Parse(await client.GetStringAsync("/health"))!;
            Assert.Equal("healthy", (string?)health["status"]);
            Assert.StartsWith("The warehouse file was replaced on disk and reopened at ", (string?)health["warehouse"]!["notice"], StringComparison.Ordinal);

            // The cached answer of the old file was dropped: the same query now counts the new file's interactions.
            Assert.Equal(2_000, Total(await Gql.DataAsync(client, Counts)));
        }
        finally
        {
            Delete(file);
        }
    }

    [Fact]
    public async Task A_changed_file_that_does_not_open_is_reported_stale_and_the_old_data_keeps_serving()
    {
        var file = CopyOf(TestPaths.Warehouse);
        try
        {
            await using var factory = new CxServerFactory(Settings(file));
            using var client = factory.CreateClient();
            await Gql.DataAsync(client, Counts);
            File.Delete(file);
            await File.WriteAllBytesAsync(file, new byte[64 * 1024]);
            var health = JsonNode.Parse(await client.GetStringAsync("/health"))!;
            Assert.Equal("degraded", (string?)health["status"]);
            Assert.Equal("stale", (string?)health["warehouse"]!["status"]);
            Assert.StartsWith($"The warehouse file {Path.GetFileName(file)} changed on disk and the new file cannot be opened; still serving the data opened at ", (string?)health["warehouse"]!["error"], StringComparison.Ordinal);
            Assert.Equal(TestPaths.Interactions, Total(await Gql.DataAsync(client, Counts)));
        }
        finally
        {
            Delete(file);
        }
    }

    [Fact]
    public async Task A_missing_definitions_folder_degrades_health_with_DEFINITIONS_MISSING()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cxsemantic-defs-" + Guid.NewGuid().ToString("N"));
        ReloadAndLimitsTests.CopyDirectory(TestPaths.Definitions, folder);
        try
        {
            var settings = ServerFixture.BaseSettings(folder);
            settings["CxSemantic:WatchDefinitions"] = "false";
            await using var factory = new CxServerFactory(settings);
            using var client = factory.CreateClient();
            Assert.Equal("healthy", (string?)JsonNode.Parse(await client.GetStringAsync("/health"))!["status"]);
            Directory.Delete(folder, recursive: true);

            var health = JsonNode.Parse(await client.GetStringAsync("/health"))!;
            Assert.Equal("degraded", (string?)health["status"]);
            var problem = health["problems"]![0]!;
            Assert.Equal("DEFINITIONS_MISSING", (string?)problem["code"]);
            Assert.StartsWith($"The definitions folder {Path.GetFileName(folder)} is gone; still serving catalog ", (string?)problem["message"], StringComparison.Ordinal);
            Assert.Equal(Path.GetFileName(folder), (string?)problem["location"]);

            // The catalog in service keeps answering.
            await Gql.DataAsync(client, Counts);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static Dictionary<string, string?> Settings(string file)
    {
        var settings = ServerFixture.BaseSettings();
        settings["CxSemantic:Warehouse:File"] = file;
        settings["CxSemantic:CacheEntries"] = "0";
        return settings;
    }

    private static long Total(JsonNode data) => data["metrics"]!["rows"]!.AsArray().Sum(r => (long)r!["interactionCount"]!["n"]!);

    private static string CopyOf(string source)
    {
        var file = Path.Combine(Path.GetTempPath(), "cxsemantic-warehouse-" + Guid.NewGuid().ToString("N") + ".duckdb");
        File.Copy(source, file);
        return file;
    }

    private static void Delete(string file)
    {
        File.Delete(file);
        File.Delete(file + ".wal");
    }
}
