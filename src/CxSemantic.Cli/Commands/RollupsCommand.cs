using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Compiler.Sql;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using NodaTime;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem rollups refresh</c>: builds or refreshes the catalog's rollups in a DuckDB warehouse (by partition, one
/// transaction per table); <c>cxsem bench rollups</c>: times a full build, a refresh, and the ten dashboard queries
/// warm from rollups against raw rows (the same executor, answers checked equal).
/// </summary>
internal static class RollupsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var definitions = ValidateCommand.DefinitionsArgument();
        var database = new Option<FileInfo>("--db") { Description = "The DuckDB warehouse.", Required = true };
        var refresh = new Command("refresh", "Build or refresh the rollups declared in the definitions (only partitions that can have changed).") { definitions, database };
        refresh.SetAction(async (parse, cancellationToken) =>
        {
            if (ValidateCommand.Load(parse.GetValue(definitions)!, error)?.Catalog is not { } catalog)
            {
                error.WriteLine("cxsem rollups refresh: the definitions are invalid (see cxsem validate).");
                return 2;
            }

            using var db = DuckDbDatabase.Open(parse.GetValue(database)!.FullName);
            var engine = new DuckDbSqlEngine(db, parse.GetValue(database)!.FullName);
            var clock = Stopwatch.StartNew();
            var results = await new RollupRefresher(catalog, engine, engine).RefreshAsync(cancellationToken);
            Report(output, results);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{results.Length} rollup tables refreshed in {clock.Elapsed.TotalSeconds:F2} s."));
            return 0;
        });
        var command = new Command("rollups", "Rollups (pre-aggregations): build and refresh them.") { refresh };
        return command;
    }

    /// <summary><c>cxsem bench rollups</c>.</summary>
    public static Command CreateBench(TextWriter output, TextWriter error)
    {
        var definitions = ValidateCommand.DefinitionsArgument();
        var database = new Option<FileInfo>("--db") { Description = "The DuckDB warehouse (rollups are (re)built in it).", Required = true };
        var runs = new Option<int>("--runs") { Description = "Runs per query (median reported).", DefaultValueFactory = _ => 7 };
        var command = new Command("rollups", "Time rollup builds and refreshes, and the ten dashboard queries warm from rollups vs raw rows.") { definitions, database, runs };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (ValidateCommand.Load(parse.GetValue(definitions)!, error)?.Catalog is not { } catalog)
            {
                error.WriteLine("cxsem bench rollups: the definitions are invalid (see cxsem validate).");
                return 2;
            }

            var file = parse.GetValue(database)!;
            using var db = DuckDbDatabase.Open(file.FullName);
            var engine = new DuckDbSqlEngine(db, file.FullName);

            // A full build: forget what was built before.
            await engine.ExecuteAsync([new SqlText($"DROP TABLE IF EXISTS {RollupColumns.RegistryTable}", [])], cancellationToken);
            var refresher = new RollupRefresher(catalog, engine, engine);
            var clock = Stopwatch.StartNew();
            var full = await refresher.RefreshAsync(cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Full build: {full.Length} tables, {full.Sum(r => r.Rebuilt.Length)} partitions in {clock.Elapsed.TotalSeconds:F2} s"));
            Report(output, full);
            clock.Restart();
            var again = await refresher.RefreshAsync(cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Refresh at the same watermark (only the partitions still open: the newest month's journeys and confirmations): {again.Sum(r => r.Rebuilt.Length)} partitions rebuilt, {again.Sum(r => r.Kept)} kept, {clock.Elapsed.TotalSeconds:F2} s"));
            Report(output, again);

            var registry = await RollupRefresher.ReadAsync(engine, cancellationToken);
            var raw = new MetricQueryExecutor(catalog, engine);
            var rolled = new MetricQueryExecutor(catalog, engine, CompilerOptions.Default with { Rollups = registry });
            var window = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC", TimeGrain.Month);
            output.WriteLine("query | raw rows (ms) | rollup (ms) | speed-up | rollup read");
            foreach (var (metric, groupBy) in DemoDashboard.Queries)
            {
                var query = new MetricQuery { Metrics = [metric], GroupBy = [.. groupBy], Time = window, Caller = Caller.WithRole("cx_analyst") };
                var answer = await rolled.ExecuteAsync(query, cancellationToken);
                var (fromRaw, fromRollup) = BenchCommand.PairedMedians(
                    parse.GetValue(runs),
                    () => raw.ExecuteAsync(query, cancellationToken).GetAwaiter().GetResult(),
                    () => rolled.ExecuteAsync(query, cancellationToken).GetAwaiter().GetResult());
                var read = answer.Statements[0].Source;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric} by {string.Join(", ", groupBy)} | {fromRaw:F1} | {fromRollup:F1} | {fromRaw / fromRollup:F1}× | {read}"));
                output.Flush();
            }

            var rows = await engine.QueryAsync(new SqlText("SELECT count(*) FROM interactions", []), cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Warehouse {file.Name}: {Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture):N0} interactions; monthly cells 2026-01..06 UTC; whole answers (SQL + statistics) through MetricQueryExecutor, median of {parse.GetValue(runs)} warm runs, alternating."));
            return 0;
        });
        return command;
    }

    private static void Report(TextWriter output, ImmutableArray<RollupRefreshResult> results)
    {
        foreach (var result in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {result.Rollup}/{result.Metric} → {result.Table}: rebuilt [{string.Join(", ", result.Rebuilt)}], kept {result.Kept}, {result.Elapsed.TotalSeconds:F2} s"));
        }
    }
}
