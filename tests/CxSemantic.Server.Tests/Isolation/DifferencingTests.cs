using System.Text.Json.Nodes;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Loading;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Schema;
using NodaTime;

namespace CxSemantic.Server.Tests.Isolation;

/// <summary>
/// Differencing attacks by one caller (tenant A's manager, whose row filter the suppression must respect): two answers
/// whose difference is a withheld cell must never both be shown.
/// </summary>
public sealed class DifferencingTests(TenantWarehouses warehouses) : IClassFixture<TenantWarehouses>
{
    private async Task<JsonArray> RowsAsync(string arguments, string dimensions)
    {
        var query = $"{{ metrics({arguments}) {{ rows {{ {dimensions} containmentRate {{ value n numerator denominator suppressed suppressionReason }} }} }} }}";
        var answer = JsonNode.Parse(await warehouses.Full.RunAsync(new GraphQLRequest { Query = query }, TenantWarehouses.Manager()))!;
        Assert.True(answer["errors"] is null, answer.ToJsonString());
        return answer["data"]!["metrics"]!["rows"]!.AsArray();
    }

    private static bool Shown(JsonNode? row) => row is not null && row["containmentRate"]!["numerator"] is not null;

    [Fact]
    public async Task A_withheld_cell_is_never_the_difference_of_a_margin_and_a_filtered_answer()
    {
        const string Window = "time: { from: \"2026-03-01\", to: \"2026-05-01\" }";
        var cells = await RowsAsync(Window, "intentComplexity channel");
        var withheld = cells.Where(c => (bool)c!["containmentRate"]!["suppressed"]! && (long)c["containmentRate"]!["n"]! > 0).ToList();
        Assert.NotEmpty(withheld);

        var margins = await RowsAsync(Window, "intentComplexity");
        int attacks = 0;
        foreach (var cell in withheld)
        {
            var complexity = (string)cell!["intentComplexity"]!;
            var channel = (string)cell["channel"]!;
            var filtered = await RowsAsync($"{Window}, where: {{ channel: {{ neq: {channel} }} }}", "intentComplexity");
            var margin = margins.SingleOrDefault(r => (string?)r!["intentComplexity"] == complexity);
            var rest = filtered.SingleOrDefault(r => (string?)r!["intentComplexity"] == complexity);
            attacks++;

            // Both shown would give the withheld numerator away as their difference.
            Assert.False(
                Shown(margin) && Shown(rest),
                $"{complexity} × {channel} (n {cell["containmentRate"]!["n"]}) is withheld, but margin {margin?.ToJsonString()} minus filtered {rest?.ToJsonString()} reveals it");
        }

        Assert.True(attacks > 0);
    }

    /// <summary>
    /// Known gap (issue 18, reported): the disclosure control protects filters, not time windows. Two windows that
    /// differ by one day are both shown, and their difference is that day's withheld cell (checked against the value
    /// computed without suppression). Un-skip when windows are protected (e.g. days as atoms, or windows snapped).
    /// </summary>
    [Fact(Skip = "Known gap: overlapping time windows give withheld day cells away by subtraction (see the summary).")]
    public async Task A_withheld_day_is_never_the_difference_of_two_overlapping_windows()
    {
        var found = new List<string>();
        foreach (var day in Enumerable.Range(0, 10).Select(i => new DateOnly(2026, 4, 1).AddDays(i)))
        {
            var w1 = await RowsAsync($"time: {{ from: \"2026-03-01\", to: \"{day:yyyy-MM-dd}\" }}", "intentComplexity");
            var w2 = await RowsAsync($"time: {{ from: \"2026-03-01\", to: \"{day.AddDays(1):yyyy-MM-dd}\" }}", "intentComplexity");
            var d = await RowsAsync($"time: {{ from: \"{day:yyyy-MM-dd}\", to: \"{day.AddDays(1):yyyy-MM-dd}\" }}", "intentComplexity");
            foreach (var cell in d.Where(c => (bool)c!["containmentRate"]!["suppressed"]!))
            {
                var k = (string)cell!["intentComplexity"]!;
                var a = w1.SingleOrDefault(r => (string?)r!["intentComplexity"] == k);
                var b = w2.SingleOrDefault(r => (string?)r!["intentComplexity"] == k);
                if (Shown(a) && Shown(b))
                {
                    var truth = await TruthAsync(day, k);
                    found.Add($"{day} {k}: day n {cell["containmentRate"]!["n"]}, numerator by difference {(double)b!["containmentRate"]!["numerator"]! - (double)a!["containmentRate"]!["numerator"]!}, true numerator {truth}");
                }
            }
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    /// <summary>The day cell's numerator computed without suppression (minimum cell size 1), for tenant A.</summary>
    private static async Task<double?> TruthAsync(DateOnly day, string complexity)
    {
        var catalog = CatalogLoader.LoadDirectory(TestPaths.Definitions, WarehouseSchema.PhysicalSchema).Catalog!;
        var metric = catalog.Metrics["containment_rate"];
        catalog = catalog with { Metrics = catalog.Metrics.SetItem("containment_rate", metric with { Segmentation = metric.Segmentation with { MinCellSize = 1 } }) };
        using var db = DuckDbDatabase.Open(TenantWarehouses.FullFile, new DuckDbConfig { ReadOnly = true });
        var executor = new MetricQueryExecutor(catalog, new DuckDbSqlEngine(db));
        var first = new LocalDate(day.Year, day.Month, day.Day);
        var result = await executor.ExecuteAsync(new MetricQuery
        {
            Metrics = ["containment_rate"],
            GroupBy = ["intent_complexity"],
            Time = new TimeWindow(first, first.PlusDays(1), null, null),
            Caller = TenantWarehouses.Manager(),
        });
        return result.Rows.Single(r => string.Equals((string?)r.Dimensions[0], complexity, StringComparison.OrdinalIgnoreCase)).Metrics["containment_rate"].Numerator;
    }
}
