using System.Globalization;
using CxSemantic.Compiler.Execution;

namespace CxSemantic.Warehouse.Tests.Answers;

/// <summary>
/// Asserts that two answers to one metric query are the same: same cells (periods, dimension values), same n,
/// immature counts, suppression, exclusion funnels, evaluator versions and status, values and intervals within
/// 1e-9 relative. Used to compare engines (DuckDB and PostgreSQL) and warehouses (the demo and its re-ingested copy).
/// </summary>
internal static class AnswerComparison
{
    /// <summary>Asserts equality and returns (rows, values compared).</summary>
    /// <param name="expected">The reference answer.</param>
    /// <param name="actual">The answer under test.</param>
    /// <param name="expectedName">What the reference is, for messages ("DuckDB").</param>
    /// <param name="actualName">What the other is ("PostgreSQL").</param>
    public static (int Rows, int Values) AssertSame(MetricQueryResult expected, MetricQueryResult actual, string expectedName, string actualName)
    {
        var e = expected.Rows.OrderBy(Key, StringComparer.Ordinal).ToList();
        var a = actual.Rows.OrderBy(Key, StringComparer.Ordinal).ToList();
        Assert.Equal(e.Select(Key), a.Select(Key));
        Assert.NotEmpty(e);
        var compared = 0;
        for (var i = 0; i < e.Count; i++)
        {
            var cell = Key(e[i]);
            Assert.Equal(e[i].Metrics.Keys.Order(), a[i].Metrics.Keys.Order());
            foreach (var (metric, x) in e[i].Metrics)
            {
                var y = a[i].Metrics[metric];
                var where = $"{metric} at {cell}";
                Assert.True(x.N == y.N, $"{where}: n {x.N} on {expectedName}, {y.N} on {actualName}");
                Assert.True(x.Immature == y.Immature, $"{where}: immature {x.Immature} on {expectedName}, {y.Immature} on {actualName}");
                Assert.True(x.Suppressed == y.Suppressed, $"{where}: suppressed differs");
                Assert.Equal(x.Funnel.ToArray(), y.Funnel.ToArray());
                Assert.Equal(x.EvaluatorVersions.ToArray(), y.EvaluatorVersions.ToArray());
                AssertClose(x.Value, y.Value, where + ": value");
                AssertClose(x.Numerator, y.Numerator, where + ": numerator");
                AssertClose(x.Denominator, y.Denominator, where + ": denominator");
                AssertClose(x.Interval?.Low, y.Interval?.Low, where + ": interval low");
                AssertClose(x.Interval?.High, y.Interval?.High, where + ": interval high");
                Assert.Equal(x.Status, y.Status);
                compared += x.Value is null ? 0 : 1;
            }
        }

        return (e.Count, compared);

        void AssertClose(double? x, double? y, string what)
        {
            if (x is null || y is null)
            {
                Assert.True(x is null && y is null, $"{what}: {Show(x)} on {expectedName}, {Show(y)} on {actualName}");
                return;
            }

            var scale = Math.Max(1e-300, Math.Max(Math.Abs(x.Value), Math.Abs(y.Value)));
            Assert.True(x.Value == y.Value || Math.Abs(x.Value - y.Value) / scale <= 1e-9, $"{what}: {Show(x)} on {expectedName}, {Show(y)} on {actualName}");
        }
    }

    private static string Show(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "null";

    private static string Key(ResultRow row) =>
        (row.Period ?? "-") + " | " + string.Join(" | ", row.Dimensions.Select(d => d switch
        {
            null => "null",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => d.ToString(),
        }));
}
