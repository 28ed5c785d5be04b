using System.Diagnostics;
using System.Globalization;
using System.Text;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Loading;
using NodaTime;
using Xunit.Abstractions;

namespace CxSemantic.Warehouse.Tests.PostgreSql;

/// <summary>Runs only when <c>CXSEM_PG_BENCH_DUCKDB</c> names a DuckDB warehouse file (e.g. from <c>cxsem seed -n 1000000</c>).</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgreSqlBenchmark.Variable)))
        {
            Skip = $"A measurement, not a test: set {PostgreSqlBenchmark.Variable}=/path/to/warehouse.duckdb to run it.";
        }
    }
}

/// <summary>
/// The dashboard benchmark of docs/postgresql.md: loads a DuckDB warehouse into a fresh PostgreSQL server
/// (timed), then runs ten dashboard queries on both engines, one cold run and <see cref="WarmRuns"/> warm
/// runs each, and reports the median warm time. Nothing is asserted about time.
/// </summary>
public sealed class PostgreSqlBenchmark(ITestOutputHelper output)
{
    public const string Variable = "CXSEM_PG_BENCH_DUCKDB";

    /// <summary>Optional: a connection string of a PostgreSQL database that already holds the same warehouse (the load is then skipped).</summary>
    public const string LoadedVariable = "CXSEM_PG_BENCH_CONNECTION";

    /// <summary>Warm runs per query and engine (<c>CXSEM_PG_BENCH_RUNS</c>, default 5).</summary>
    private static readonly int WarmRuns = int.TryParse(Environment.GetEnvironmentVariable("CXSEM_PG_BENCH_RUNS"), CultureInfo.InvariantCulture, out var runs) && runs > 0 ? runs : 5;

    [BenchmarkFact]
    public async Task Dashboard_queries_on_postgresql_and_duckdb()
    {
        var file = Environment.GetEnvironmentVariable(Variable)!;
        var report = new StringBuilder();
        using var duck = DuckDbDatabase.Open(file, new DuckDbConfig { ReadOnly = true, Threads = Environment.ProcessorCount });
        await using var server = Environment.GetEnvironmentVariable(LoadedVariable) is { Length: > 0 } ? null : await PostgreSqlServer.StartAsync();
        await using var target = server is null
            ? Npgsql.NpgsqlDataSource.Create(Environment.GetEnvironmentVariable(LoadedVariable)!)
            : await server.CreateDatabaseAsync("cxsem_bench");
        await using (var version = target.CreateCommand("SHOW server_version"))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"PostgreSQL {await version.ExecuteScalarAsync()}, DuckDB {DuckDbLibrary.Version}, {Environment.ProcessorCount} cores");
        }

        if (server is not null)
        {
            var load = await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(duck, target);
            report.AppendLine(CultureInfo.InvariantCulture, $"load: {load.TotalRows:N0} rows in {load.Elapsed.TotalSeconds:F1} s ({load.TotalRows / load.Elapsed.TotalSeconds:N0} rows/s; COPY {load.CopyElapsed.TotalSeconds:F1} s)");
            foreach (var (table, rows) in load.RowsPerTable)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  {table}: {rows:N0}");
            }
        }

        await using var sizeCommand = target.CreateCommand("SELECT pg_size_pretty(pg_database_size(current_database()))");
        report.AppendLine(CultureInfo.InvariantCulture, $"database size: {await sizeCommand.ExecuteScalarAsync()}");
        report.AppendLine();
        report.AppendLine($"| query | PostgreSQL cold ms | PostgreSQL warm median ms | DuckDB cold ms | DuckDB warm median ms | rows |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|");
        var engines = new[]
        {
            new MetricQueryExecutor(PostgreSqlWarehouseFixture.Catalog, new PostgreSqlSqlEngine(target)),
            new MetricQueryExecutor(PostgreSqlWarehouseFixture.Catalog, new DuckDbSqlEngine(duck)),
        };
        double totalPg = 0, totalDuck = 0;
        foreach (var (metric, groupBy) in DemoDashboard.Queries)
        {
            var query = new MetricQuery
            {
                Metrics = [metric],
                GroupBy = [.. groupBy],
                Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC"),
                Caller = Caller.WithRole("cx_analyst"),
            };
            var cells = new List<string>();
            var rows = 0;
            for (var e = 0; e < engines.Length; e++)
            {
                var times = new List<double>();
                for (var run = 0; run <= WarmRuns; run++)
                {
                    var clock = Stopwatch.StartNew();
                    var answer = await engines[e].ExecuteAsync(query);
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    rows = answer.Rows.Length;
                }

                var warm = times.Skip(1).Order().ToList();
                var median = warm[warm.Count / 2];
                (e == 0 ? ref totalPg : ref totalDuck) += median;
                cells.Add(times[0].ToString("F0", CultureInfo.InvariantCulture));
                cells.Add(median.ToString("F0", CultureInfo.InvariantCulture));
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"| {metric} by {string.Join("+", groupBy)} | {string.Join(" | ", cells)} | {rows} |");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"| **sum of medians** | | **{totalPg:F0}** | | **{totalDuck:F0}** | |");
        output.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "cxsem-pg-bench.md"), report.ToString());
    }
}
