using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Tests.Rollups;

/// <summary>Asserts that two answers are the same: rows, cells, n, values within 1e-9 (relative above 1), intervals, deltas, suppression, maturity.</summary>
internal static class RollupAnswers
{
    public const double Tolerance = 1e-9;

    public static void Equal(MetricQueryResult expected, MetricQueryResult actual)
    {
        Assert.Equal(expected.Dimensions, actual.Dimensions);
        Assert.Equal(expected.Rows.Length, actual.Rows.Length);
        for (var i = 0; i < expected.Rows.Length; i++)
        {
            var (e, a) = (expected.Rows[i], actual.Rows[i]);
            var where = $"row {i} ({e.Period}, {string.Join(", ", e.Dimensions)})";
            Assert.True(e.Period == a.Period, $"{where}: period {a.Period}");
            Assert.Equal(e.Dimensions.Select(CellValues.Text), a.Dimensions.Select(CellValues.Text));
            Assert.Equal(e.Metrics.Keys.Order(), a.Metrics.Keys.Order());
            foreach (var (metric, value) in e.Metrics)
            {
                Same(value, a.Metrics[metric], $"{where} {metric}");
            }
        }
    }

    private static void Same(MetricValue e, MetricValue a, string where)
    {
        Assert.True(e.N == a.N, $"{where}: n {e.N} vs {a.N}");
        Close(e.Value, a.Value, where + " value");
        Close(e.Numerator, a.Numerator, where + " numerator");
        Close(e.Denominator, a.Denominator, where + " denominator");
        Interval(e.Interval, a.Interval, where + " ci");
        Assert.True(e.Suppressed == a.Suppressed, $"{where}: suppressed {e.Suppressed} vs {a.Suppressed}");
        Assert.Equal(e.SuppressionReason, a.SuppressionReason);
        Assert.True(e.Immature == a.Immature, $"{where}: immature {e.Immature} vs {a.Immature}");
        Assert.Equal(e.Funnel.ToArray(), a.Funnel.ToArray());
        Assert.Equal(e.Status, a.Status);
        Assert.Equal(e.EvaluatorVersions.ToArray(), a.EvaluatorVersions.ToArray());
        Close(e.DesignEffect, a.DesignEffect, where + " design effect");
        Assert.Equal(e.Clusters, a.Clusters);
        Close(e.EffectiveN, a.EffectiveN, where + " effective n");
        Assert.Equal(e.IntervalWithheld, a.IntervalWithheld);
        Assert.Equal(e.DeltaWithheld, a.DeltaWithheld);
        Assert.True((e.Delta is null) == (a.Delta is null), $"{where}: delta {e.Delta} vs {a.Delta}");
        if (e.Delta is { } d && a.Delta is { } ad)
        {
            Close(d.Value, ad.Value, where + " delta");
            Interval(d.Interval, ad.Interval, where + " delta ci");
            Close(d.PValue, ad.PValue, where + " p");
            Close(d.QValue, ad.QValue, where + " q");
            Assert.Equal(d.Significant, ad.Significant);
            Close(d.BaselineValue, ad.BaselineValue, where + " baseline");
            Assert.Equal(d.BaselineN, ad.BaselineN);
            Assert.Equal(d.Test, ad.Test);
        }
    }

    private static void Interval(ConfidenceInterval? e, ConfidenceInterval? a, string where)
    {
        Assert.True((e is null) == (a is null), $"{where}: {e} vs {a}");
        if (e is not null && a is not null)
        {
            Close(e.Low, a.Low, where + " low");
            Close(e.High, a.High, where + " high");
        }
    }

    public static void Close(double? e, double? a, string where)
    {
        Assert.True((e is null) == (a is null), $"{where}: {e} vs {a}");
        if (e is { } x && a is { } y)
        {
            Assert.True(Math.Abs(x - y) <= Tolerance * Math.Max(1, Math.Abs(x)), $"{where}: {x:R} vs {y:R}");
        }
    }
}
