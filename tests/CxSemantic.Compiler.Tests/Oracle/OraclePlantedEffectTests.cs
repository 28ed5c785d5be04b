using System.Globalization;
using CxSemantic.Warehouse.Demo;
using Xunit.Abstractions;

namespace CxSemantic.Compiler.Tests.Oracle;

/// <summary>The planted effects of docs/planted-effects.md are visible through the oracles (tolerances fail without them).</summary>
[Collection(OracleCollectionDefinition.Name)]
public sealed class OraclePlantedEffectTests(OracleFixture data, ITestOutputHelper output)
{
    /// <summary>The cell of <paramref name="group"/> and the pooled share (sum numerator / sum n) of every other cell.</summary>
    private (double Effect, double Others) Pooled(string metric, string group)
    {
        var rows = data.Run(metric, OracleSanityTests.WholeRangeUtc);
        var effect = rows.Single(r => r.GroupValue == group);
        var rest = rows.Where(r => r.GroupValue != group).ToList();
        var result = (effect.Value!.Value, rest.Sum(r => r.Numerator!.Value) / rest.Sum(r => r.N));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric}: {group} = {result.Item1:F4} (n = {effect.N}), others = {result.Item2:F4}"));
        return result;
    }

    [Fact]
    public void Silent_failure_rate_of_order_status_is_far_above_other_intents()
    {
        var (orderStatus, others) = Pooled("silent_failure_rate", PlantedEffects.SilentFailureIntent);
        Assert.InRange(orderStatus, 0.2, 0.4);
        Assert.InRange(others, 0.03, 0.12);
        Assert.True(orderStatus > 2.5 * others);
    }

    [Fact]
    public void Crm_mismatch_of_the_faulty_bot_release_is_several_times_the_baseline()
    {
        // The metric counts bot AND agent disposition writes against coalesce(intent_confirmed, intent_predicted), which dilutes
        // the planted 32 % (bot writes, against intent_confirmed) to about 22 %.
        var (faulty, others) = Pooled("crm_disposition_mismatch_rate", PlantedEffects.FaultyBotRelease);
        Assert.InRange(faulty, 0.15, 0.35);
        Assert.InRange(others, 0.02, 0.08);
        Assert.True(faulty > 3 * others);
    }

    [Fact]
    public void Renewal_has_a_lower_top_two_box_csat()
    {
        var (renewal, others) = Pooled("conversational_csat", PlantedEffects.LowCsatJourneyStage);
        Assert.True(others - renewal > 0.15, $"renewal {renewal:F3} vs {others:F3}");
    }

    [Fact]
    public void Smb_journeys_are_less_often_resolved_at_first_contact()
    {
        var (smb, others) = Pooled("intent_fcr", PlantedEffects.ResolutionGapSegment);
        Assert.InRange(others - smb, 0.05, 0.15);
    }

    [Fact]
    public void Tone_v2_scores_lower_than_v1_while_conversation_resolution_stays_flat()
    {
        var rows = data.Run("model_drift_index", OracleSanityTests.BerlinMonths).ToDictionary(r => (r.Period, r.GroupValue));
        double Mean(string month, string group) => rows[(month, group)].Value!.Value;
        var toneShift = Mean("2026-04-01", "tone/v2") - Mean("2026-03-01", "tone/v1");
        var resolutionShift = Mean("2026-04-01", "conversation_resolution/v2") - Mean("2026-03-01", "conversation_resolution/v2");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model_drift_index: tone v1 March -> v2 April {toneShift:+0.0000;-0.0000}, conversation_resolution v2 {resolutionShift:+0.0000;-0.0000}"));
        Assert.InRange(toneShift, PlantedEffects.DriftScoreShift - 0.025, PlantedEffects.DriftScoreShift + 0.025);
        Assert.InRange(resolutionShift, -0.02, 0.02);

        // Drift costs agreement with the human labels.
        var kappa = data.Run("evaluator_calibration", OracleSanityTests.WholeRangeUtc).ToDictionary(r => r.GroupValue!, r => r.Value);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evaluator_calibration: tone/v1 {kappa["tone/v1"]:F3}, tone/v2 {kappa["tone/v2"]:F3}, conversation_resolution/v1 {kappa["conversation_resolution/v1"]:F3}, /v2 {kappa["conversation_resolution/v2"]:F3}"));
        Assert.True(kappa["tone/v2"] < kappa["tone/v1"] - 0.05);
        Assert.True(kappa["conversation_resolution/v2"] > kappa["conversation_resolution/v1"]);
    }

    [Fact]
    public void Billing_queue_misses_the_wait_sla_more_often()
    {
        // The Monday breaches of the billing queue pull its whole-range adherence below the other queues (v3 also counts bot
        // contacts, on their first response, in every queue: the gap is smaller but still there).
        var (billing, others) = Pooled("sla_adherence", PlantedEffects.MondaySlaQueue);
        Assert.True(others - billing > 0.02, $"billing {billing:F3} vs {others:F3}");
    }
}
