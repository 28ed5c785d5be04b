using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CxSemantic.Compiler;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Queries;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.DuckDb;
using NodaTime;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem bench</c>: measures (1) compile time of every scorecard metric's query and (2) for ten
/// dashboard queries on a warehouse, the compiled SQL's run time against the hand-written oracle
/// query of the same metric and cells (median of several runs each, same connection, warm, the two
/// queries' runs alternating so that a change in the machine's load weighs on both alike).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var definitions = ValidateCommand.DefinitionsArgument();
        var database = new Option<FileInfo?>("--db") { Description = "A warehouse to time dashboard queries on (skipped when absent)." };
        var oracles = new Option<DirectoryInfo>("--oracles") { Description = "The oracle SQL folder.", DefaultValueFactory = _ => new DirectoryInfo("tests/CxSemantic.Compiler.Tests/Oracle") };
        var runs = new Option<int>("--runs") { Description = "Runs per query (median reported).", DefaultValueFactory = _ => 5 };
        var command = new Command("bench", "Measure compile time per query, and compiled SQL vs hand-written oracle SQL on a warehouse.") { definitions, database, oracles, runs };
        command.Subcommands.Add(AbuseBenchCommand.Create(output, error));
        command.Subcommands.Add(SoakBenchCommand.Create(output, error));
        command.SetAction(parse =>
        {
            if (ValidateCommand.Load(parse.GetValue(definitions)!, error)?.Catalog is not { } catalog)
            {
                error.WriteLine("cxsem bench: the definitions are invalid (see cxsem validate).");
                return 2;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            var compiler = new MetricCompiler(catalog);
            var window = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "Europe/Berlin", TimeGrain.Week);
            var timings = new List<double>();
            foreach (var metric in catalog.Metrics.Values)
            {
                var query = new MetricQuery { Metrics = [metric.Name], GroupBy = metric.Segmentation.Required, Time = window, Caller = Caller.WithRole("cx_analyst") };
                for (var i = 0; i < 200; i++)
                {
                    var clock = Stopwatch.StartNew();
                    compiler.Compile(query, SqlDialectKind.DuckDb);
                    if (i >= 50)
                    {
                        timings.Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
            }

            timings.Sort();
            console.MarkupLine(CultureInfo.InvariantCulture, $"Compile (plan + SQL AST + DuckDB text), {catalog.Metrics.Count} metrics × 150 warm runs, weekly cells over 26 weeks: median [bold]{timings[timings.Count / 2]:F3} ms[/], p99 {timings[(int)(timings.Count * 0.99)]:F3} ms");

            if (parse.GetValue(database) is not { Exists: true } file)
            {
                return 0;
            }

            using var db = DuckDbDatabase.Open(file.FullName, new DuckDbConfig { ReadOnly = true });
            using var connection = db.Connect();
            var table = new Table().AddColumns("query", "compiled (ms)", "oracle (ms)", "ratio");
            var whole = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC");
            connection.Execute("CREATE OR REPLACE TEMP TABLE periods AS SELECT 'all' AS period, TIMESTAMPTZ '2026-01-01 00:00:00+00' AS period_start, TIMESTAMPTZ '2026-07-01 00:00:00+00' AS period_end");
            foreach (var (metric, groupBy) in DemoDashboard.Queries)
            {
                var query = new MetricQuery { Metrics = [metric], GroupBy = [.. groupBy], Time = whole, Caller = Caller.WithRole("cx_analyst") };
                var sql = compiler.Compile(query, SqlDialectKind.DuckDb).Facts.Single().Sql;
                var oracle = File.ReadAllText(Path.Combine(parse.GetValue(oracles)!.FullName, metric + ".sql"));
                var (compiled, handWritten) = PairedMedians(
                    parse.GetValue(runs),
                    () => connection.QueryRows(sql.Text, sql.Parameters, CancellationToken.None),
                    () => connection.QueryRows(oracle));
                table.AddRow($"{metric} by {string.Join(", ", groupBy)}", compiled.ToString("F1", CultureInfo.InvariantCulture), handWritten.ToString("F1", CultureInfo.InvariantCulture), (compiled / handWritten).ToString("F2", CultureInfo.InvariantCulture));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {metric}: compiled {compiled:F1} ms, oracle {handWritten:F1} ms"));
                output.Flush();
            }

            console.Write(table);
            var rows = connection.ExecuteScalar<long>("SELECT count(*) FROM interactions");
            console.MarkupLine(CultureInfo.InvariantCulture, $"Warehouse {file.Name}: {rows:N0} interactions; median of {parse.GetValue(runs)} warm runs each, alternating, on one connection.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Median times of two actions after a warm-up of each, their runs alternating in ABBA order (a
    /// load that rises or falls during the runs weighs on both alike).
    /// </summary>
    internal static (double First, double Second) PairedMedians(int runs, Action first, Action second)
    {
        first();
        second();
        var firstTimes = new List<double>();
        var secondTimes = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            if (i % 2 == 0)
            {
                firstTimes.Add(Time(first));
                secondTimes.Add(Time(second));
            }
            else
            {
                secondTimes.Add(Time(second));
                firstTimes.Add(Time(first));
            }
        }

        firstTimes.Sort();
        secondTimes.Sort();
        return (firstTimes[firstTimes.Count / 2], secondTimes[secondTimes.Count / 2]);
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }
}
