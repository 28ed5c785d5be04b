using System.Collections.Immutable;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Tests.Answers;
using NodaTime;

namespace CxSemantic.Warehouse.Tests.Materialization;

/// <summary>
/// Dashboard-shaped queries over every journey metric of the catalog — windows, grains, time zones, filters,
/// group-bys, comparisons (deltas), role row filters — and the check that the answer read from the materialized
/// journeys is the stitched one, to the last digit that matters.
/// </summary>
internal static class JourneyQueryCorpus
{
    private static readonly LocalDate From = new(2026, 1, 1);
    private static readonly LocalDate To = new(2026, 7, 1);

    /// <summary>The named queries of one journey metric.</summary>
    public static IEnumerable<(string Name, MetricQuery Query)> For(string metric)
    {
        var catalog = MaterializedWarehouse.Catalog;
        var definition = catalog.Metrics[metric];
        var required = definition.Segmentation.Required;
        var analyst = Caller.WithRole("cx_analyst");
        MetricQuery Query(ImmutableArray<string> groupBy) => new() { Metrics = [metric], GroupBy = groupBy, Caller = analyst };

        yield return ("monthly in Berlin", Query(required) with { Time = new TimeWindow(From, To, "Europe/Berlin", TimeGrain.Month) });
        yield return ("whole window", Query(required) with { Time = new TimeWindow(From, To, "Europe/Berlin") });
        yield return ("weekly, previous period", Query(required) with
        {
            Time = new TimeWindow(new LocalDate(2026, 4, 6), new LocalDate(2026, 5, 4), "UTC", TimeGrain.Week),
            Compare = new PreviousPeriodComparison(),
        });
        yield return ("daily in New York", Query(required) with { Time = new TimeWindow(new LocalDate(2026, 6, 1), new LocalDate(2026, 6, 20), "America/New_York", TimeGrain.Day) });
        foreach (var dashboard in DemoDashboard.Queries.Where(q => q.Metric == metric))
        {
            yield return ("dashboard", Query([.. dashboard.GroupBy.Union(required)]) with { Time = new TimeWindow(From, To, "UTC", TimeGrain.Quarter) });
        }

        var allowed = definition.Segmentation.Allowed;
        if (allowed.Contains("channel"))
        {
            yield return ("filtered to voice and chat, by channel", Query([.. required.Append("channel").Distinct()]) with
            {
                Time = new TimeWindow(From, To, "UTC", TimeGrain.Month),
                Filters = [new DimensionFilter("channel", FilterOperator.In, ["voice", "chat"])],
            });
        }

        if (allowed.Contains("segment"))
        {
            yield return ("baseline comparison by segment", Query([.. required.Append("segment").Distinct()]) with
            {
                Time = new TimeWindow(new LocalDate(2026, 5, 1), To, "UTC", TimeGrain.Month),
                Compare = new BaselineComparison(new LocalDate(2026, 2, 1), new LocalDate(2026, 3, 1)),
            });
        }

        if (catalog.AccessPolicies["tenant_manager"].AllowsMetric(metric))
        {
            yield return ("tenant manager of acme", Query(required) with
            {
                Time = new TimeWindow(From, To, "Europe/Berlin", TimeGrain.Month),
                Caller = new Caller("tenant_manager", ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", ["acme"])),
            });
        }
    }

    /// <summary>Every (metric, query name) of the corpus.</summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var metric in MaterializedWarehouse.JourneyMetrics)
        {
            foreach (var (name, _) in For(metric))
            {
                data.Add(metric, name);
            }
        }

        return data;
    }

    public static MetricQuery Find(string metric, string name) => For(metric).First(q => q.Name == name).Query;

    /// <summary>
    /// Asserts the materialized answer is the stitched one (cells, n, values and intervals within 1e-9, immature
    /// counts, suppression, funnels, deltas) and that it was read from the journey table. Returns the values compared.
    /// </summary>
    public static async Task<int> AssertSameAsync(MaterializedWarehouse warehouse, MetricQuery query)
    {
        MetricQueryResult stitched;
        try
        {
            stitched = await warehouse.Stitched.ExecuteAsync(query);
        }
        catch (QueryException refused)
        {
            var same = await Assert.ThrowsAsync<QueryException>(() => warehouse.Materialized.ExecuteAsync(query));
            Assert.Equal(refused.Message, same.Message);
            return 0;
        }

        var materialized = await warehouse.Materialized.ExecuteAsync(query);
        Assert.All(materialized.Statements, s => Assert.Contains(warehouse.Intent.TableName, s.Sql.Text, StringComparison.Ordinal));
        Assert.All(stitched.Statements, s => Assert.DoesNotContain(warehouse.Intent.TableName, s.Sql.Text, StringComparison.Ordinal));
        var (_, compared) = AnswerComparison.AssertSame(stitched, materialized, "stitched", "materialized");
        AssertSameDeltas(stitched, materialized);
        return compared;
    }

    private static void AssertSameDeltas(MetricQueryResult expected, MetricQueryResult actual)
    {
        var byCell = actual.Rows.ToDictionary(Key, StringComparer.Ordinal);
        foreach (var row in expected.Rows)
        {
            foreach (var (metric, value) in row.Metrics)
            {
                var other = byCell[Key(row)].Metrics[metric];
                Assert.Equal(value.DeltaWithheld, other.DeltaWithheld);
                Assert.Equal(value.Delta is null, other.Delta is null);
                if (value.Delta is { } d && other.Delta is { } o)
                {
                    Close(d.Value, o.Value);
                    Close(d.PValue, o.PValue);
                    Close(d.QValue, o.QValue);
                    Close(d.Interval?.Low, o.Interval?.Low);
                    Close(d.Interval?.High, o.Interval?.High);
                    Assert.Equal(d.Significant, o.Significant);
                    Assert.Equal(d.BaselineN, o.BaselineN);
                }
            }
        }
    }

    private static void Close(double? x, double? y)
    {
        Assert.Equal(x is null, y is null);
        if (x is { } a && y is { } b)
        {
            Assert.True(a == b || Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b)), $"{a:R} vs {b:R}");
        }
    }

    private static string Key(ResultRow row) => (row.Period ?? "-") + "|" + string.Join("|", row.Dimensions);
}
