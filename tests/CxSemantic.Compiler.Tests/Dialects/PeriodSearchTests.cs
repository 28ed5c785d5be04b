using System.Globalization;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Testing;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Dialects;

/// <summary>
/// The fact SQL names a unit's period with a constant (one period) or a nested CASE search over the
/// period ends (several). Run on a small DuckDB warehouse, both must put every unit where the other
/// does: each day of a daily grain equals the same day queried alone, and hours across a DST change
/// (a three-level search) add up to their local days. The oracle suites check the values themselves.
/// </summary>
public sealed class PeriodSearchTests
{
    private const string Zone = "Europe/Berlin";
    /// <summary>A 5 000-interaction demo warehouse in memory (read only).</summary>
    private readonly DemoWarehouse _warehouse = DemoWarehouse.Shared(5_000, 11);

    [Theory]
    [InlineData("average_handle_time", "intent_complexity")]
    [InlineData("containment_rate", "intent_complexity")]
    public void Each_day_of_a_daily_grain_equals_that_day_queried_alone(string metric, string groupBy)
    {
        // 61 days across the spring DST change: a CASE of 16-day runs, each a CASE of days.
        var from = new LocalDate(2026, 3, 1);
        var to = new LocalDate(2026, 5, 1);
        var (sql, daily) = Facts(metric, groupBy, new TimeWindow(from, to, Zone, TimeGrain.Day));
        Assert.Contains("CASE WHEN", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("VALUES", sql, StringComparison.Ordinal);

        var alone = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        for (var day = from; day < to; day = day.PlusDays(1))
        {
            var (single, rows) = Facts(metric, groupBy, new TimeWindow(day, day.PlusDays(1), Zone));
            Assert.Contains($"SELECT '{day:yyyy-MM-dd}/{day.PlusDays(1):yyyy-MM-dd}' AS \"period\"", single, StringComparison.Ordinal);
            foreach (var row in rows)
            {
                Assert.Equal($"{day:yyyy-MM-dd}/{day.PlusDays(1):yyyy-MM-dd}", row[0]);
                alone[Key(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row[1])] = row;
            }
        }

        Assert.True(daily.Count > 100, $"only {daily.Count} daily cells");
        Assert.Equal(alone.Count, daily.Count);
        foreach (var row in daily)
        {
            var other = alone[Key((string)row[0]!, row[1])];
            for (var c = 1; c < row.Length; c++)
            {
                AssertSame(other[c], row[c]);
            }
        }
    }

    [Fact]
    public void Hours_across_a_DST_change_add_up_to_their_local_days()
    {
        // 14 days of hours (335: one hour is missing on 29 March) nest three CASE levels deep.
        var from = new LocalDate(2026, 3, 23);
        var to = new LocalDate(2026, 4, 6);
        var (sql, hourly) = Facts("average_handle_time", "intent_complexity", new TimeWindow(from, to, Zone, TimeGrain.Hour));
        Assert.Contains("THEN CASE WHEN", sql, StringComparison.Ordinal);
        var (_, daily) = Facts("average_handle_time", "intent_complexity", new TimeWindow(from, to, Zone, TimeGrain.Day));

        // Columns: period, group, included, excluded_1, immature, n, cnt (counts add up; sums of customers' counts are HUGEINT on DuckDB).
        var sums = hourly
            .GroupBy(r => Key(((string)r[0]!)[..10], r[1]), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Enumerable.Range(2, 5).Select(c => g.Sum(r => CellValues.ToLong(r[c]))).ToArray(), StringComparer.Ordinal);
        Assert.True(hourly.Count > 200, $"only {hourly.Count} hourly cells");
        Assert.Equal(daily.Count, sums.Count);
        foreach (var row in daily)
        {
            Assert.Equal(Enumerable.Range(2, 5).Select(c => CellValues.ToLong(row[c])).ToArray(), sums[Key((string)row[0]!, row[1])]);
        }
    }

    [Fact]
    public void An_empty_window_without_dimensions_has_no_cell()
    {
        var (_, empty) = Facts("interaction_count", null, new TimeWindow(new LocalDate(2030, 1, 1), new LocalDate(2030, 2, 1), Zone));
        Assert.Empty(empty);
        var (_, whole) = Facts("interaction_count", null, new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), Zone));
        var cell = Assert.Single(whole);
        Assert.Equal("2026-01-01/2026-07-01", cell[0]);
    }

    [Fact]
    public void Without_a_window_every_unit_is_in_one_NULL_period()
    {
        var (_, byChannel) = Facts("interaction_count", "channel", null);
        var (_, all) = Facts("interaction_count", null, null);
        var (_, window) = Facts("interaction_count", null, new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC"));
        Assert.All(byChannel, r => Assert.Null(r[0]));
        Assert.True(byChannel.Count > 1);
        Assert.Null(Assert.Single(all)[0]);
        Assert.Equal(5_000L, Convert.ToInt64(all[0][1], CultureInfo.InvariantCulture));
        Assert.Equal(5_000L, byChannel.Sum(r => Convert.ToInt64(r[2], CultureInfo.InvariantCulture)));
        Assert.Equal(5_000L, Convert.ToInt64(Assert.Single(window)[1], CultureInfo.InvariantCulture));
    }

    private (string Sql, IReadOnlyList<object?[]> Rows) Facts(string metric, string? groupBy, TimeWindow? window)
    {
        var query = new MetricQuery { Metrics = [metric], GroupBy = groupBy is null ? [] : [groupBy], Time = window, Caller = Caller.WithRole("cx_analyst") };
        var sql = new MetricCompiler(TestCatalog.Scorecard).Compile(query, SqlDialectKind.DuckDb).Facts.Single().Sql;
        using var connection = _warehouse.Database.Connect();
        return (sql.Text, connection.QueryRows(sql.Text, sql.Parameters, CancellationToken.None));
    }

    private static string Key(string period, object? group) => period + "\u001f" + group;

    private static void AssertSame(object? expected, object? actual)
    {
        if (expected is double e && actual is double a)
        {
            // Sums of doubles may add in another order.
            Assert.Equal(e, a, 1e-9 * Math.Max(1, Math.Abs(e)));
            return;
        }

        Assert.Equal(expected, actual);
    }
}
