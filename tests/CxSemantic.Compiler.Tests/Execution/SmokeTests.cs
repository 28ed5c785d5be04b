using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Loading;
using CxSemantic.DuckDb;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Schema;
using NodaTime;
using Xunit.Abstractions;

namespace CxSemantic.Compiler.Tests.Execution;

public sealed class SmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Smoke()
    {
        var folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../metric-definitions"));
        var catalog = CatalogLoader.LoadDirectory(folder, WarehouseSchema.PhysicalSchema).Catalog!;
        using var db = DuckDbDatabase.Open();
        DemoWarehouseGenerator.Generate(db, new DemoOptions { Interactions = 20_000, Seed = 42 });
        var executor = new MetricQueryExecutor(catalog, new DuckDbSqlEngine(db));
        foreach (var metric in catalog.Metrics.Values)
        {
            var query = new MetricQuery
            {
                Metrics = [metric.Name],
                GroupBy = metric.Segmentation.Required,
                Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "Europe/Berlin", TimeGrain.Quarter),
                Caller = Caller.WithRole("cx_analyst"),
            };
            try
            {
                var result = await executor.ExecuteAsync(query);
                output.WriteLine($"{metric.Name}: {result.Rows.Length} rows; first: {result.Rows.FirstOrDefault()?.Period} [{string.Join(",", result.Rows.FirstOrDefault()?.Dimensions ?? [])}] value={result.Rows.FirstOrDefault()?.Metrics.Values.First().Value} n={result.Rows.FirstOrDefault()?.Metrics.Values.First().N} imm={result.Rows.FirstOrDefault()?.Metrics.Values.First().Immature}");
            }
            catch (Exception ex)
            {
                output.WriteLine($"{metric.Name}: FAILED {ex.GetType().Name}: {ex.Message}");
                output.WriteLine(executor.Compiler.CompileToText(query, SqlDialectKind.DuckDb));
            }
        }
    }
}
