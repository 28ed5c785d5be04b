using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Tests.Execution;
using CxSemantic.Warehouse.Demo;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Comparisons;

/// <summary>Comparisons on the 100 000-interaction demo warehouse: the planted tone drift, paired; deltas only between mature cells.</summary>
[Collection(DemoWarehouseCollectionDefinition.Name)]
public sealed class DemoComparisonTests(DemoWarehouseFixture demo)
{
    [Fact]
    public void Paired_tone_v2_against_v1_finds_the_planted_drift_on_the_shadow_pairs()
    {
        var shadow = new TimeWindow(LocalDate.FromDateTime(PlantedEffects.DriftShadowFrom), LocalDate.FromDateTime(PlantedEffects.DriftCutover));
        var result = demo.Run(new MetricQuery
        {
            Metrics = ["model_drift_index"],
            GroupBy = ["evaluator", "evaluator_version"],
            Filters = [new DimensionFilter("evaluator", FilterOperator.Equal, ["tone"])],
            Time = shadow,
            Compare = new GroupComparison("evaluator_version", "v1", Paired: true),
            Caller = Caller.WithRole("cx_analyst"),
        });
        var delta = result.Rows.Single(r => (string?)r.Dimensions[1] == "v2").Metrics["model_drift_index"].Delta!;

        // The same pairs by hand: both versions of one interaction, both evaluated inside the window.
        using var connection = demo.Database.Connect();
        var row = connection.QueryRows(
            """
            SELECT count(*), avg(b.score - a.score)
            FROM evaluations a JOIN evaluations b ON b.interaction_id = a.interaction_id AND b.evaluator = a.evaluator
            WHERE a.evaluator = 'tone' AND a.evaluator_version = 'v1' AND b.evaluator_version = 'v2'
              AND a.evaluated_at >= TIMESTAMPTZ '2026-03-18 00:00:00+00' AND a.evaluated_at < TIMESTAMPTZ '2026-04-01 00:00:00+00'
              AND b.evaluated_at >= TIMESTAMPTZ '2026-03-18 00:00:00+00' AND b.evaluated_at < TIMESTAMPTZ '2026-04-01 00:00:00+00'
            """)[0];
        Assert.Equal(Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture), delta.Pairs);
        Statistics.Approx.Equal(Convert.ToDouble(row[1], System.Globalization.CultureInfo.InvariantCulture), delta.Value, 1e-9);
        Assert.InRange(delta.Value, PlantedEffects.DriftScoreShift - 0.01, PlantedEffects.DriftScoreShift + 0.01);
        Assert.InRange(delta.Interval!.High - delta.Interval.Low, 0, 0.01);
        Assert.True(delta.Significant);
    }

    [Fact]
    public void Deltas_are_shown_only_between_mature_cells_and_withheld_with_the_reason_otherwise()
    {
        var result = demo.Run(new MetricQuery
        {
            Metrics = ["recontact_rate"],
            GroupBy = ["intent_complexity"],
            Time = new TimeWindow(new LocalDate(2026, 5, 4), new LocalDate(2026, 6, 29), null, TimeGrain.Week),
            Compare = new PreviousPeriodComparison(),
            Caller = Caller.WithRole("cx_analyst"),
        });
        var cells = result.Rows.ToDictionary(r => (r.Period, (string?)r.Dimensions[0]), r => r.Metrics["recontact_rate"]);
        var periods = result.Rows.Select(r => r.Period).Distinct().Order(StringComparer.Ordinal).ToList();
        var (shown, withheld) = (0, 0);
        foreach (var ((period, complexity), value) in cells)
        {
            var index = periods.IndexOf(period);
            if (index == 0 || value.Value is null)
            {
                continue; // the first week's reference is computed apart; no value, nothing to compare
            }

            var reference = cells[(periods[index - 1], complexity)];
            if (value.Immature > 0 || reference.Immature > 0)
            {
                withheld++;
                Assert.Null(value.Delta);
                Assert.Contains("immature", value.DeltaWithheld, StringComparison.Ordinal);
                Assert.Equal(value.Immature > 0, value.DeltaWithheld!.Contains($"this cell still has {value.Immature} immature unit", StringComparison.Ordinal));
                Assert.Equal(reference.Immature > 0, value.DeltaWithheld.Contains($"the reference period {periods[index - 1]} still has {reference.Immature} immature unit", StringComparison.Ordinal));
            }
            else if (reference.Value is not null)
            {
                shown++;
                Assert.Null(value.DeltaWithheld);
                Assert.NotNull(value.Delta);
                Statistics.Approx.Equal(value.Value!.Value - reference.Value.Value, value.Delta.Value, 1e-15);
            }
        }

        Assert.True(shown >= 9, $"{shown} deltas shown");
        Assert.True(withheld >= 3, $"{withheld} deltas withheld");
    }
}
