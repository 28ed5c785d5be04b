using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using CxSemantic.Definitions.Model;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Materialization;
using NodaTime;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem bench journeys --db W.duckdb</c>: the ten dashboard queries answered by stitching journeys at query time
/// against reading the materialized journeys (median of warm runs, alternating), and refresh times: a full build, and
/// an incremental refresh after one day of data is appended. The last day is taken out of the warehouse first (the
/// watermark moved back a day), the journeys built, then the day put back as an append would — so the warehouse ends
/// as it began. A run interrupted between the two leaves the day in schema <c>bench_day</c>; the next run puts it back
/// first, so nothing is lost.
/// </summary>
internal static class JourneyBenchCommand
{
    private const string DaySchema = "bench_day";

    /// <summary>Appended to the warehouse's source while its last day is out, to recognise an interrupted run.</summary>
    private const string BeforeDay = "-before-day";

    /// <summary>Tables whose rows belong to an interaction and arrive with it.</summary>
    private static readonly ImmutableArray<string> Children = ["turns", "handoffs", "evaluations", "human_labels", "surveys", "suggestions", "policy_events", "crm_writes"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var definitions = ValidateCommand.DefinitionsArgument();
        var database = new Option<FileInfo>("--db") { Description = "The DuckDB warehouse (opened read-write; left as it was).", Required = true };
        var runs = new Option<int>("--runs") { Description = "Runs per query (median reported).", DefaultValueFactory = _ => 5 };
        var all = new Option<bool>("--all") { Description = "Time all ten dashboard queries, not only the journey metrics among them (the others read raw rows either way)." };
        var rawRuns = new Option<int?>("--raw-runs") { Description = "Runs per query from raw rows (stitched at query time); 0 skips them (at 100M they take minutes each). Default: --runs." };
        var tableRuns = new Option<int?>("--table-runs") { Description = "Runs per query from journey tables without rollups; 0 skips them. Default: --runs." };
        var asIs = new Option<bool>("--as-is")
        {
            Description = "Keep the warehouse's day and its materializations: bring them current as cxsem refresh would (building only what is missing or stale), then time the dashboard. At 100M this times rollups added to current journey tables without rebuilding the journeys.",
        };
        var command = new Command("journeys", "Refresh every materialization (journey tables, the definitions' rollups) in full and after one appended day, and time the dashboard queries from raw rows, from journey tables, and from rollups.")
        {
            definitions, database, runs, all, rawRuns, tableRuns, asIs,
        };
        var build = new MaterializationBuildOptions();
        build.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (build.ContactsPerSlice(parse, "bench journeys", error) is not { } contactsPerSlice)
            {
                return 2;
            }

            if (ValidateCommand.Load(parse.GetValue(definitions)!, error)?.Catalog is not { } catalog)
            {
                error.WriteLine("cxsem bench journeys: the definitions are invalid (see cxsem validate).");
                return 2;
            }

            var file = parse.GetValue(database)!;
            if (!file.Exists)
            {
                error.WriteLine($"cxsem bench journeys: {file.FullName} does not exist; create it with cxsem seed --out {file.Name}.");
                return 2;
            }

            // The memory limit applies to the refreshes: taking the day out is one transaction DuckDB holds in memory.
            var config = build.DuckDbConfig(parse);
            using var db = DuckDbDatabase.Open(file.FullName, config with { MemoryLimit = null });
            var engine = new DuckDbSqlEngine(db, file.FullName);
            await PutBackInterruptedDayAsync(engine, output, cancellationToken).ConfigureAwait(false);
            var timed = Math.Max(1, parse.GetValue(runs));
            var dashboard = new DashboardRuns(timed, Math.Max(0, parse.GetValue(rawRuns) ?? timed), Math.Max(0, parse.GetValue(tableRuns) ?? timed), parse.GetValue(all));
            var limits = new RefreshLimits(config.MemoryLimit, contactsPerSlice);
            using var timeline = build.Steps(parse) ? new RefreshTimeline() : null;
            if (parse.GetValue(asIs))
            {
                await RunAsIsAsync(catalog, engine, dashboard, limits, timeline, output, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await RunAsync(catalog, engine, dashboard, limits, timeline, output, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>How the dashboard is timed: runs with every materialization, from raw rows and from journey tables alone (0: not timed), all ten queries or the journey ones.</summary>
    private sealed record DashboardRuns(int Runs, int RawRuns, int TableRuns, bool All);

    /// <summary>DuckDB's memory limit during the refreshes (null: its default) and the contacts per slice of a full journey build.</summary>
    private sealed record RefreshLimits(string? MemoryLimit, long ContactsPerSlice);

    private static async Task RunAsync(
        MetricCatalog catalog, DuckDbSqlEngine engine, DashboardRuns runs, RefreshLimits limits, RefreshTimeline? timeline, TextWriter output, CancellationToken cancellationToken)
    {
        var interactions = await ScalarAsync(engine, "SELECT count(*) FROM interactions", cancellationToken).ConfigureAwait(false);
        var state = await engine.QueryAsync(MaterializationRegistry.DataStateSql, cancellationToken).ConfigureAwait(false);
        var watermark = MaterializationRegistry.ToInstant(state[0][0]);
        var source = (string)state[0][1]!;
        var dayStart = watermark - Duration.FromDays(1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Warehouse: {interactions:N0} interactions, watermark {watermark}; the day from {dayStart} is taken out, then appended."));

        // Take the last day out, and every materialization with it: the full build starts from nothing.
        await engine.ExecuteAsync([.. TakeOutDay(dayStart, source)], cancellationToken).ConfigureAwait(false);
        var dayRows = await ScalarAsync(engine, $"SELECT count(*) FROM {DaySchema}.interactions", cancellationToken).ConfigureAwait(false);
        await SetMemoryLimitAsync(engine, limits, cancellationToken).ConfigureAwait(false);
        var refreshers = MaterializationRefresh.For(catalog, engine, engine, limits.ContactsPerSlice);
        timeline?.Take();
        var full = await MaterializationRefresh.RunAsync(refreshers, cancellationToken).ConfigureAwait(false);
        foreach (var outcome in full)
        {
            output.WriteLine("full refresh:        " + RefreshCommand.Describe(outcome));
        }

        MaterializationBuildOptions.WriteSteps(timeline, output);

        await DashboardAsync(catalog, engine, runs, output, cancellationToken).ConfigureAwait(false);

        // One day appended (its interactions first, then what belongs to them), the watermark moved to its end.
        await engine.ExecuteAsync([.. PutBackDay(watermark, source)], cancellationToken).ConfigureAwait(false);
        timeline?.Take();
        var incremental = await MaterializationRefresh.RunAsync(refreshers, cancellationToken).ConfigureAwait(false);
        foreach (var outcome in incremental)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after appending one day ({dayRows:N0} interactions): ") + RefreshCommand.Describe(outcome));
        }

        MaterializationBuildOptions.WriteSteps(timeline, output);
    }

    /// <summary>Brings every materialization current without moving data, then times the dashboard.</summary>
    private static async Task RunAsIsAsync(
        MetricCatalog catalog, DuckDbSqlEngine engine, DashboardRuns runs, RefreshLimits limits, RefreshTimeline? timeline, TextWriter output, CancellationToken cancellationToken)
    {
        var interactions = await ScalarAsync(engine, "SELECT count(*) FROM interactions", cancellationToken).ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Warehouse: {interactions:N0} interactions, as it is."));
        await SetMemoryLimitAsync(engine, limits, cancellationToken).ConfigureAwait(false);
        foreach (var outcome in await MaterializationRefresh.RunAsync(MaterializationRefresh.For(catalog, engine, engine, limits.ContactsPerSlice), cancellationToken).ConfigureAwait(false))
        {
            output.WriteLine("refresh:             " + RefreshCommand.Describe(outcome));
        }

        MaterializationBuildOptions.WriteSteps(timeline, output);

        await DashboardAsync(catalog, engine, runs, output, cancellationToken).ConfigureAwait(false);
    }

    private static async Task SetMemoryLimitAsync(DuckDbSqlEngine engine, RefreshLimits limits, CancellationToken cancellationToken)
    {
        if (limits.MemoryLimit is { } memoryLimit)
        {
            await engine.ExecuteAsync([Sql($"SET memory_limit = '{memoryLimit.Replace("'", "''", StringComparison.Ordinal)}'")], cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DashboardAsync(MetricCatalog catalog, DuckDbSqlEngine engine, DashboardRuns runs, TextWriter output, CancellationToken cancellationToken)
    {
        var stitched = new MetricQueryExecutor(catalog, engine);
        var journeyTables = new MetricQueryExecutor(catalog, engine, materializations: new MaterializedJourneys(catalog, engine));
        var everything = new MetricQueryExecutor(catalog, engine, materializations: MaterializationSources.For(catalog, engine));
        var months = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC", TimeGrain.Month);
        bool ReadsJourneys(string metric) => catalog.Journeys.ContainsKey(catalog.Metrics[metric].UnitOfAnalysis);
        var tiles = DemoDashboard.Queries.Where(q => runs.All || ReadsJourneys(q.Metric)).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tiles.Count} dashboard queries, monthly 2026-01..06 UTC, whole answers (SQL + statistics), median of warm runs after one cold run"));
        output.WriteLine("(journey tables: timed for journey metrics only; without rollups the others read raw rows, the first column):");
        output.WriteLine("query                                              raw rows (ms)  journey tables (ms)  rollups (ms)  read by the last");
        foreach (var (metric, groupBy) in tiles)
        {
            var query = new MetricQuery { Metrics = [metric], GroupBy = [.. groupBy], Time = months, Caller = Caller.WithRole("cx_analyst") };
            var source = (await everything.ExecuteAsync(query, cancellationToken).ConfigureAwait(false)).Statements[0].Source;
            var times = await AlternatingMediansAsync(
                [
                    (runs.RawRuns, () => stitched.ExecuteAsync(query, cancellationToken)),
                    (ReadsJourneys(metric) ? runs.TableRuns : 0, () => journeyTables.ExecuteAsync(query, cancellationToken)),
                    (runs.Runs, () => everything.ExecuteAsync(query, cancellationToken)),
                ]).ConfigureAwait(false);
            string Ms(double? ms, int width) => ms is { } value ? value.ToString("F1", CultureInfo.InvariantCulture).PadLeft(width) : "–".PadLeft(width);
            output.WriteLine($"{$"{metric} by {string.Join(", ", groupBy)}",-50} {Ms(times[0], 13)} {Ms(times[1], 20)} {Ms(times[2], 13)}  {source}");
            output.Flush();
        }
    }

    /// <summary>Moves the rows from <paramref name="dayStart"/> on into schema <c>bench_day</c> and the watermark back to it (one transaction).</summary>
    internal static IEnumerable<SqlText> TakeOutDay(Instant dayStart, string source)
    {
        var from = Literal(dayStart);
        yield return Sql($"DROP SCHEMA IF EXISTS {DaySchema} CASCADE");
        yield return Sql($"CREATE SCHEMA {DaySchema}");
        yield return Sql($"CREATE TABLE {DaySchema}.interactions AS SELECT * FROM interactions WHERE started_at >= {from}");
        foreach (var child in Children)
        {
            yield return Sql($"CREATE TABLE {DaySchema}.{child} AS SELECT * FROM {child} WHERE interaction_id IN (SELECT interaction_id FROM {DaySchema}.interactions)");
        }

        yield return Sql($"CREATE TABLE {DaySchema}.system_events AS SELECT * FROM system_events WHERE occurred_at >= {from} OR interaction_id IN (SELECT interaction_id FROM {DaySchema}.interactions)");
        foreach (var child in Children.Append("system_events"))
        {
            yield return Sql($"DELETE FROM {child} WHERE rowid IN (SELECT x.rowid FROM {child} x JOIN {DaySchema}.{child} d USING ({(child == "system_events" ? "event_id" : "interaction_id")}))");
        }

        yield return Sql($"DELETE FROM interactions WHERE interaction_id IN (SELECT interaction_id FROM {DaySchema}.interactions)");
        yield return Sql($"UPDATE warehouse_meta SET watermark_at = {from}, source = '{source.Replace("'", "''", StringComparison.Ordinal)}{BeforeDay}'");
        yield return Sql($"DROP TABLE IF EXISTS {MaterializationRegistry.Table}");
    }

    /// <summary>
    /// When a run was interrupted after taking the last day out (schema <c>bench_day</c> exists and the source is
    /// marked), puts the day back and the watermark a day later, as the run would have.
    /// </summary>
    internal static async Task PutBackInterruptedDayAsync(DuckDbSqlEngine engine, TextWriter output, CancellationToken cancellationToken)
    {
        var taken = await ScalarAsync(engine, $"SELECT count(*) FROM duckdb_schemas() WHERE schema_name = '{DaySchema}'", cancellationToken).ConfigureAwait(false);
        var state = await engine.QueryAsync(MaterializationRegistry.DataStateSql, cancellationToken).ConfigureAwait(false);
        if (taken == 0 || state is not [[{ } watermarkValue, string source]] || !source.EndsWith(BeforeDay, StringComparison.Ordinal))
        {
            return;
        }

        var watermark = MaterializationRegistry.ToInstant(watermarkValue) + Duration.FromDays(1);
        var rows = await ScalarAsync(engine, $"SELECT count(*) FROM {DaySchema}.interactions", cancellationToken).ConfigureAwait(false);
        await engine.ExecuteAsync([.. PutBackDay(watermark, source[..^BeforeDay.Length])], cancellationToken).ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"An interrupted run had taken the day before {watermark} out: put back ({rows:N0} interactions)."));
    }

    private static IEnumerable<SqlText> PutBackDay(Instant watermark, string source)
    {
        yield return Sql($"INSERT INTO interactions SELECT * FROM {DaySchema}.interactions");
        foreach (var child in Children.Append("system_events"))
        {
            yield return Sql($"INSERT INTO {child} SELECT * FROM {DaySchema}.{child}");
        }

        yield return Sql($"UPDATE warehouse_meta SET watermark_at = {Literal(watermark)}, source = '{source.Replace("'", "''", StringComparison.Ordinal)}'");
        yield return Sql($"DROP SCHEMA {DaySchema} CASCADE");
    }

    private static string Literal(Instant instant) =>
        "TIMESTAMPTZ '" + instant.ToString("uuuu'-'MM'-'dd HH':'mm':'ss.FFFFFF", CultureInfo.InvariantCulture) + "+00'";

    private static SqlText Sql(string text) => new(text, []);

    private static async Task<long> ScalarAsync(DuckDbSqlEngine engine, string sql, CancellationToken cancellationToken) =>
        Convert.ToInt64((await engine.QueryAsync(Sql(sql), cancellationToken).ConfigureAwait(false))[0][0], CultureInfo.InvariantCulture);

    /// <summary>
    /// Median times of actions, each after one warm-up run, taking turns (rotating the order every round) so a
    /// machine's drift touches them alike; an action with 0 runs is not run (null).
    /// </summary>
    private static async Task<double?[]> AlternatingMediansAsync<T>(ImmutableArray<(int Runs, Func<Task<T>> Action)> actions)
    {
        var times = actions.Select(_ => new List<double>()).ToArray();
        for (var round = -1; round < actions.Max(a => a.Runs); round++)
        {
            for (var k = 0; k < actions.Length; k++)
            {
                var i = (k + Math.Max(round, 0)) % actions.Length;
                if (actions[i].Runs == 0 || round >= actions[i].Runs)
                {
                    continue;
                }

                var clock = Stopwatch.StartNew();
                await actions[i].Action().ConfigureAwait(false);
                if (round >= 0)
                {
                    times[i].Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }

        return [.. times.Select(t => t.Count == 0 ? (double?)null : t.Order().ElementAt(t.Count / 2))];
    }
}
