using System.Collections.Concurrent;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Tests.Oracle;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Model;
using CxSemantic.Warehouse.Engines;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Execution;

/// <summary>
/// The compiler's answer equals the independent, hand-written oracle query for every scorecard
/// metric: whole window in UTC, months in Europe/Berlin and weeks in America/New_York (both
/// crossing DST changes): n, immature units, the exclusion funnel and the value per cell.
/// The oracle always runs on DuckDB over <see cref="SeededWarehouse.Oracle"/> (it is the independent computation);
/// the compiled query runs on the engine of the derived class — <see cref="OracleEquivalenceTests"/> (DuckDB) and
/// <c>PostgreSql.PostgreSqlOracleEquivalenceTests</c> (the same rows copied into PostgreSQL).
/// </summary>
public abstract class OracleEquivalenceTestsBase
{
    /// <summary>Each case's oracle answer, computed once per run and compared with every engine's.</summary>
    private static readonly ConcurrentDictionary<(string Metric, string Window), Lazy<IReadOnlyList<OracleRow>>> OracleAnswers = new();

    /// <summary>Runs compiled queries on the engine under test, over (a copy of) <see cref="SeededWarehouse.Oracle"/>.</summary>
    protected abstract MetricQueryExecutor Executor { get; }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var metric in OracleQuery.MetricNames())
        {
            foreach (var window in new[] { "utc-all", "berlin-months", "new-york-weeks" })
            {
                data.Add(metric, window);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases), MemberType = typeof(OracleEquivalenceTestsBase))]
    public async Task The_compiled_metric_equals_its_oracle(string metric, string window)
    {
        var (time, periods) = window switch
        {
            "utc-all" => (new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC"), OraclePeriod.Utc(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1))),
            "berlin-months" => (new TimeWindow(new LocalDate(2026, 2, 1), new LocalDate(2026, 7, 1), "Europe/Berlin", TimeGrain.Month), OraclePeriod.For(new LocalDate(2026, 2, 1), new LocalDate(2026, 7, 1), "Europe/Berlin", OracleGrain.Month)),
            _ => (new TimeWindow(new LocalDate(2026, 2, 23), new LocalDate(2026, 4, 13), "America/New_York", TimeGrain.Week), OraclePeriod.For(new LocalDate(2026, 2, 23), new LocalDate(2026, 4, 13), "America/New_York", OracleGrain.Week)),
        };
        var oracleQuery = OracleQuery.Load(metric);
        var definition = TestCatalog.Scorecard.Metrics[metric];
        var groupBy = oracleQuery.GroupBy.Where(g => g != "none").ToArray();
        var query = new MetricQuery
        {
            Metrics = [metric],
            GroupBy = [.. groupBy],
            Time = time,
            Caller = Caller.WithRole("cx_analyst"),
        };

        var expected = OracleAnswers.GetOrAdd((metric, window), _ => new Lazy<IReadOnlyList<OracleRow>>(() =>
        {
            // A connection of its own: the oracle replaces the connection's `periods` temp table.
            using var connection = SeededWarehouse.Oracle.Database.Connect();
            return oracleQuery.Run(connection, periods);
        })).Value;
        var result = await Executor.ExecuteAsync(query);

        // Periods are matched by their start instant: labels differ in form, never in meaning.
        var compiledStarts = PeriodCalendar.Periods(time).ToDictionary(p => p.Label, p => p.Start);
        var oracleStarts = periods.ToDictionary(p => p.Label, p => p.Start);
        string Key(Instant start, string? group) => $"{start}|{group ?? "∅"}";
        var actual = result.Rows.ToDictionary(
            r => Key(compiledStarts[r.Period!], groupBy.Length == 0 ? "all" : string.Join("/", r.Dimensions.Select(Text))),
            r => r.Metrics[metric]);

        var comparable = expected.Where(e => definition.Type != MetricType.Agreement || e.N > 0).ToList();
        foreach (var row in comparable)
        {
            var key = Key(oracleStarts[row.Period], row.GroupValue);
            Assert.True(actual.TryGetValue(key, out var value), $"{metric}: the compiler has no cell {key}; it has {string.Join(", ", actual.Keys.Take(8))}…");
            var where = $"{metric} cell {key}";
            if (definition.Type != MetricType.Derived)
            {
                Assert.True(row.N == value.N, $"{where}: n {value.N} ≠ oracle {row.N}");
                Assert.True((row.Immature ?? 0) == value.Immature, $"{where}: immature {value.Immature} ≠ oracle {row.Immature}");
                Assert.Equal(row.Excluded.ToArray(), value.Funnel.Select(f => f.Units).ToArray());
            }

            if (value.Suppressed)
            {
                // Primary (n < k), or complementary: withheld so that a small cell cannot be derived by subtraction (metric-semantics §5).
                Assert.True(
                    value.N < definition.Segmentation.MinCellSize || definition.Type == MetricType.Derived || value.SuppressionReason?.StartsWith("withheld so that ", StringComparison.Ordinal) == true,
                    $"{where}: suppressed with n = {value.N} ({value.SuppressionReason})");
                continue;
            }

            AssertClose(row.Value, value.Value, where);
        }

        // No cell beyond the oracle's (agreement cells without labelled pairs aside).
        Assert.Equal(comparable.Count, actual.Count(a => definition.Type != MetricType.Agreement || a.Value.N > 0));
    }

    private static void AssertClose(double? expected, double? actual, string where)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{where}: value {actual} ≠ oracle {expected}");
            return;
        }

        var tolerance = 1e-9 * Math.Max(1, Math.Abs(expected.Value));
        Assert.True(Math.Abs(expected.Value - actual.Value) <= tolerance, $"{where}: value {actual.Value.ToString("R", CultureInfo.InvariantCulture)} ≠ oracle {expected.Value.ToString("R", CultureInfo.InvariantCulture)}");
    }

    private static string Text(object? value) => value switch
    {
        null => "∅",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}

/// <summary>The compiled queries on DuckDB, over the oracle fixture's warehouse.</summary>
[Collection(OracleCollectionDefinition.Name)]
public sealed class OracleEquivalenceTests(OracleFixture oracle) : OracleEquivalenceTestsBase
{
    protected override MetricQueryExecutor Executor { get; } = new(TestCatalog.Scorecard, new DuckDbSqlEngine(oracle.Database));
}
