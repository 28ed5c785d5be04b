using System.Text.RegularExpressions;
using CxSemantic.Cli;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Definitions.Loading;
using CxSemantic.Testing;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Schema;

namespace CxSemantic.Cli.Tests;

/// <summary><c>cxsem refresh</c> runs every refresher of the list: the journey tables and every rollup of the catalog.</summary>
public sealed class RefreshCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cxsem-refresh-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Refresh_builds_the_journey_tables_and_every_rollup_then_only_what_can_have_changed()
    {
        var file = Path.Combine(_temp, "w.duckdb");
        Assert.Equal(0, (await RunAsync("seed", "--interactions", "3000", "--seed", "7", "--out", file)).Exit);
        var catalog = CatalogLoader.LoadDirectory(RepositoryPaths.MetricDefinitions, WarehouseSchema.PhysicalSchema).Catalog!;
        var pairs = catalog.Rollups.Values.SelectMany(r => r.Metrics.Select(m => $"{r.Name}/{m}")).Order(StringComparer.Ordinal).ToArray();
        Assert.True(pairs.Length >= 10);

        var (exit, output, error) = await RunAsync("refresh", "--db", file, "--definitions", RepositoryPaths.MetricDefinitions);
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        var first = Lines(output);
        Assert.Equal(["journeys intent_journey"], first.Where(l => l.Kind == "journeys").Select(l => $"{l.Kind} {l.Source}"));
        Assert.Equal("full", first.Single(l => l.Kind == "journeys").Mode);
        Assert.Equal(pairs, first.Where(l => l.Kind == "rollups").Select(l => l.Source).Order(StringComparer.Ordinal));
        Assert.All(first.Where(l => l.Kind == "rollups"), l => Assert.Equal("full", l.Mode));

        using (var database = DuckDbDatabase.Open(file))
        {
            var engine = new DuckDbSqlEngine(database);

            // Every table's registry row counts its rows, and the planner's view finds them all current.
            foreach (var line in first)
            {
                var rows = await engine.QueryAsync(new($"SELECT count(*) FROM {line.Table}", []), CancellationToken.None);
                Assert.Equal(Convert.ToInt64(rows[0][0]), line.Rows);
                Assert.True(line.Rows > 0, line.Table);
            }

            var registry = await RollupRefresher.ReadAsync(engine);
            Assert.Equal(pairs, registry.Tables.Select(t => $"{t.Rollup}/{t.Metric}").Order(StringComparer.Ordinal));
            Assert.Equal(first.Where(l => l.Kind == "rollups").Select(l => l.Table).Order(), registry.Tables.Select(t => t.Table).Order());
            Assert.Equal(["intent_journey"], (await new MaterializedJourneys(catalog, engine).CurrentAsync(CancellationToken.None)).Keys);
        }

        // Nothing appended: every table is current, the partitions still open at the watermark (journeys whose horizon
        // reaches past it, the partition holding it) included — they were built at this very data state.
        var (again, second, _) = await RunAsync("refresh", "--db", file, "--definitions", RepositoryPaths.MetricDefinitions);
        Assert.Equal(0, again);
        var lines = Lines(second);
        Assert.Equal("current", lines.Single(l => l.Kind == "journeys").Mode);
        Assert.All(lines.Where(l => l.Kind == "rollups"), l => Assert.Equal("current", l.Mode));
        Assert.Contains(lines, l => l.Kind == "rollups" && l.Reason == "7 partitions unchanged");
        Assert.Equal(first.Select(l => (l.Table, l.Rows)), lines.Select(l => (l.Table, l.Rows)));

        // cxsem query reads what was built (an exact-cell rollup here), and prints the very table --raw prints.
        string[] nps = ["query", "--definitions", RepositoryPaths.MetricDefinitions, "--db", file, "-m", "nps", "-b", "channel", "--from", "2026-01-01", "--to", "2026-07-01", "--grain", "month", "--compare", "previous", "--sources"];
        var (fromBuilt, built, _) = await RunAsync(nps);
        var (fromRaw, rawText, _) = await RunAsync([.. nps, "--raw"]);
        Assert.Equal(0, fromBuilt);
        Assert.Equal(0, fromRaw);
        Assert.Matches(@"(?m)^nps: rollup: nps_monthly \(table rollup_nps_monthly_[0-9a-f]{16}, \d+ rows, watermark 2026-07-01T00:00:00Z\)$", built);
        Assert.Matches("(?m)^nps: raw rows$", rawText);
        static string Values(string text) => string.Join("\n", text.Split('\n').TakeWhile(l => !l.StartsWith("nps: ", StringComparison.Ordinal)));
        Assert.Contains("Δ", Values(built), StringComparison.Ordinal);
        Assert.Equal(Values(rawText), Values(built));
        var (containment, journeyText, _) = await RunAsync("query", "--definitions", RepositoryPaths.MetricDefinitions, "--db", file, "-m", "containment_rate", "-b", "intent_complexity", "-b", "channel", "--sources");
        Assert.Equal(0, containment);
        Assert.Matches(@"(?m)^containment_rate: journey table cxsem_journeys_[0-9a-f]{16}$", journeyText);

        // cxsem rollups refresh runs the same refresher on its own.
        var (alone, text, _) = await RunAsync("rollups", "refresh", RepositoryPaths.MetricDefinitions, "--db", file);
        Assert.Equal(0, alone);
        Assert.Contains($"{pairs.Length} rollup tables refreshed", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_stitches_a_full_build_in_the_slices_asked_for_with_the_rows_of_one_statement_and_prints_each_step()
    {
        var file = Path.Combine(_temp, "s.duckdb");
        Assert.Equal(0, (await RunAsync("seed", "--interactions", "3000", "--seed", "7", "--out", file)).Exit);
        var spill = Path.Combine(_temp, "spill");

        var (exit, output, error) = await RunAsync(
            "refresh", "--db", file, "--definitions", RepositoryPaths.MetricDefinitions, "--contacts-per-slice", "700", "--memory-limit", "1GB", "--temp-directory", spill, "--steps");

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        var journeys = Lines(output).Single(l => l.Kind == "journeys");
        Assert.Equal(("full", "no table yet; stitched in 5 slices"), (journeys.Mode, journeys.Reason));
        using var database = DuckDbDatabase.Open(file);
        var engine = new DuckDbSqlEngine(database);
        var catalog = CatalogLoader.LoadDirectory(RepositoryPaths.MetricDefinitions, WarehouseSchema.PhysicalSchema).Catalog!;
        var intent = JourneyMaterialization.For(catalog, catalog.Journeys["intent_journey"], engine.Dialect);
        Assert.Equal(intent.TableName, journeys.Table);

        // --steps: each slice a step with its statement and commit, then the swap (other tests' refreshes may
        // interleave: the listener hears the whole process, so only this build's lines are counted).
        static int Count(string text, string pattern) => Regex.Count(text, @"(?m)^ +\d+\.\d\d s  " + pattern + "$");
        Assert.Equal(
            ["1", "2", "3", "4", "5"],
            Regex.Matches(output, @"(?m)^ +\d+\.\d\d s      stitch slice (\d) of 5$").Select(m => m.Groups[1].Value));
        Assert.True(Count(output, $"      CREATE TABLE {journeys.Table}_build AS .*") >= 1, output);
        Assert.True(Count(output, $"      INSERT INTO {journeys.Table}_build .*") >= 4, output);
        Assert.True(Count(output, "    swap the table in") >= 1, output);
        Assert.True(Count(output, "      COMMIT") >= 6, output);
        await engine.ExecuteAsync([intent.CreateTable("one_statement")], CancellationToken.None);
        var difference = await engine.QueryAsync(
            new($"SELECT (SELECT count(*) FROM one_statement), (SELECT count(*) FROM (SELECT * FROM {journeys.Table} EXCEPT ALL SELECT * FROM one_statement) a), (SELECT count(*) FROM (SELECT * FROM one_statement EXCEPT ALL SELECT * FROM {journeys.Table}) b)", []),
            CancellationToken.None);
        Assert.Equal([journeys.Rows, 0L, 0L], difference[0].Select(Convert.ToInt64));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task Refresh_refuses_fewer_than_one_contact_per_slice(string contacts)
    {
        var (exit, output, error) = await RunAsync("refresh", "--db", Path.Combine(_temp, "none.duckdb"), "--contacts-per-slice", contacts);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"cxsem refresh: --contacts-per-slice must be at least 1 (got {contacts}); the default is 5,000,000.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Bench_journeys_times_the_ten_tiles_refreshes_after_one_day_and_leaves_the_warehouse_as_it_was()
    {
        var file = Path.Combine(_temp, "b.duckdb");
        Assert.Equal(0, (await RunAsync("seed", "--interactions", "3000", "--seed", "11", "--out", file)).Exit);
        var before = await FingerprintAsync(file);

        var (exit, output, error) = await RunAsync("bench", "journeys", RepositoryPaths.MetricDefinitions, "--db", file, "--all", "--runs", "1", "--raw-runs", "0", "--table-runs", "1");
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        Assert.Equal(before, await FingerprintAsync(file));

        // Ten tiles, none timed from raw rows (--raw-runs 0), the journey metrics timed from journey tables, each read from its exact-cell rollup.
        var tiles = Regex.Matches(output, @"^(\w+) by ([\w, ]+?) +– +([\d.]+|–) +([\d.]+)  rollup: (\w+) \(table ", RegexOptions.Multiline);
        Assert.Equal(
            CxSemantic.Warehouse.Demo.DemoDashboard.Queries.Select(q => $"{q.Metric} by {string.Join(", ", q.GroupBy)}"),
            tiles.Select(m => $"{m.Groups[1].Value} by {m.Groups[2].Value}"));
        Assert.All(tiles, m => Assert.EndsWith("_monthly", m.Groups[5].Value, StringComparison.Ordinal));
        Assert.Equal(
            ["containment_rate", "intent_fcr", "silent_failure_rate"],
            tiles.Where(m => m.Groups[3].Value != "–").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));

        // The full build starts from nothing; after the appended day the journeys and the open partitions are refreshed incrementally.
        var full = Regex.Matches(output, @"^full refresh: +(\w+) .*: full \(", RegexOptions.Multiline);
        var appended = Regex.Matches(output, @"^after appending one day \(([\d,]+) interactions\): (\w+) .*: incremental \(", RegexOptions.Multiline);
        Assert.Equal(full.Count, appended.Count);
        Assert.Contains(appended, m => m.Groups[2].Value == "journeys");
        Assert.True(full.Count > 10, output);
        Assert.NotEqual("0", appended[0].Groups[1].Value);
    }

    [Fact]
    public async Task Bench_journeys_as_is_refreshes_only_what_is_stale_and_times_the_tiles_on_the_warehouse_as_it_is()
    {
        var file = Path.Combine(_temp, "a.duckdb");
        Assert.Equal(0, (await RunAsync("seed", "--interactions", "3000", "--seed", "7", "--out", file)).Exit);
        Assert.Equal(0, (await RunAsync("refresh", "--db", file, "--definitions", RepositoryPaths.MetricDefinitions)).Exit);
        var before = await FingerprintAsync(file);

        var (exit, output, error) = await RunAsync("bench", "journeys", RepositoryPaths.MetricDefinitions, "--db", file, "--as-is", "--all", "--runs", "1", "--raw-runs", "0", "--table-runs", "0");

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        Assert.StartsWith("Warehouse: 3,000 interactions, as it is.\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(before, await FingerprintAsync(file));

        // Everything was current: no build, no day taken out; the ten tiles read their rollups.
        var refreshed = Regex.Matches(output, @"^refresh: +\w+ \S+ → \S+: (\w+) \(", RegexOptions.Multiline);
        Assert.True(refreshed.Count > 10, output);
        Assert.All(refreshed, m => Assert.Equal("current", m.Groups[1].Value));
        Assert.DoesNotContain("after appending one day", output, StringComparison.Ordinal);
        var tiles = Regex.Matches(output, @"^(\w+) by ([\w, ]+?) +– +– +([\d.]+)  rollup: (\w+) \(table ", RegexOptions.Multiline);
        Assert.Equal(CxSemantic.Warehouse.Demo.DemoDashboard.Queries.Length, tiles.Count);
    }

    [Fact]
    public async Task Bench_journeys_puts_back_the_day_an_interrupted_run_took_out_before_anything_else()
    {
        var file = Path.Combine(_temp, "i.duckdb");
        Assert.Equal(0, (await RunAsync("seed", "--interactions", "3000", "--seed", "5", "--out", file)).Exit);
        var before = await FingerprintAsync(file);
        long dayRows;
        using (var db = DuckDbDatabase.Open(file))
        {
            // What a run killed after taking the day out leaves.
            var engine = new DuckDbSqlEngine(db, file);
            await engine.ExecuteAsync([.. CxSemantic.Cli.Commands.JourneyBenchCommand.TakeOutDay(NodaTime.Instant.FromUtc(2026, 6, 30, 0, 0), "cxsem-demo")], CancellationToken.None);
            dayRows = Convert.ToInt64((await engine.QueryAsync(new("SELECT count(*) FROM bench_day.interactions", []), CancellationToken.None))[0][0]);
        }

        Assert.True(dayRows > 0);
        Assert.NotEqual(before, await FingerprintAsync(file));

        var (exit, output, error) = await RunAsync("bench", "journeys", RepositoryPaths.MetricDefinitions, "--db", file, "--runs", "1", "--raw-runs", "0", "--table-runs", "0", "--memory-limit", "2GB");

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        Assert.StartsWith($"An interrupted run had taken the day before 2026-07-01T00:00:00Z out: put back ({dayRows:N0} interactions).\nWarehouse: 3,000 interactions, watermark 2026-07-01T00:00:00Z;", output, StringComparison.Ordinal);
        Assert.Equal(before, await FingerprintAsync(file));
    }

    /// <summary>Rows and content of the tables the bench takes a day out of and puts back, and the data state.</summary>
    private static async Task<string> FingerprintAsync(string file)
    {
        using var db = DuckDbDatabase.Open(file);
        var engine = new DuckDbSqlEngine(db, file);
        var tables = new[] { "interactions", "turns", "handoffs", "evaluations", "surveys", "crm_writes", "system_events" };
        var sql = string.Join(" UNION ALL ", tables.Select(t => $"SELECT '{t}', count(*)::VARCHAR, coalesce(bit_xor(hash(x)), 0)::VARCHAR FROM {t} x"))
            + " UNION ALL SELECT 'meta', watermark_at::VARCHAR, source FROM warehouse_meta";
        var rows = await engine.QueryAsync(new CxSemantic.Compiler.Sql.SqlText(sql, []), CancellationToken.None);
        return string.Join("\n", rows.Select(r => string.Join(" ", r)).Order(StringComparer.Ordinal));
    }

    private sealed record Line(string Kind, string Source, string Table, string Mode, string Reason, long Rows);

    private static Line[] Lines(string output) =>
        [.. Regex.Matches(output, @"^(\w+) (\S+) → (\S+): (\w+) \((.*)\), ([\d,]+) rows, [\d.]+ s$", RegexOptions.Multiline)
            .Select(m => new Line(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value, m.Groups[5].Value, long.Parse(m.Groups[6].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)))];

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Program.RunAsync(args, output, error);
        return (exit, output.ToString().Replace("\r", string.Empty, StringComparison.Ordinal), error.ToString());
    }
}
