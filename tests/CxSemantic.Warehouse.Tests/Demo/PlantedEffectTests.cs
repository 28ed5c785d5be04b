using System.Globalization;
using CxSemantic.Warehouse.Demo;
using Xunit.Abstractions;

namespace CxSemantic.Warehouse.Tests.Demo;

/// <summary>
/// Each planted effect of docs/planted-effects.md, checked by direct SQL with tolerances that fail without it. Each test
/// writes what it measured (the doc's "measured" column) to the test output.
/// </summary>
public class PlantedEffectTests(DemoWarehouseFixture data, ITestOutputHelper output) : IClassFixture<DemoWarehouseFixture>
{
    private void Report(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void Tone_v2_scores_the_same_interactions_lower_than_v1()
    {
        var rows = data.Connection.QueryRows(
            """
            SELECT avg(v2.score - v1.score), count(*)
            FROM evaluations v1
            JOIN evaluations v2 ON v2.interaction_id = v1.interaction_id AND v2.evaluator = v1.evaluator
            WHERE v1.evaluator = $1 AND v1.evaluator_version = $2 AND v2.evaluator_version = $3
            """,
            PlantedEffects.DriftingEvaluator, PlantedEffects.DriftFromVersion, PlantedEffects.DriftToVersion);
        var shift = Convert.ToDouble(rows[0][0]);
        Report($"mean(v2 - v1) = {shift:F3} on {rows[0][1]} shadow pairs");
        Assert.InRange(shift, PlantedEffects.DriftScoreShift - 0.015, PlantedEffects.DriftScoreShift + 0.015);
        Assert.InRange(Convert.ToInt64(rows[0][1]), 2_000, 4_000); // two weeks of shadow scoring

        // Outside the shadow window, each interaction has exactly one tone version, chosen by the cut-over.
        Assert.Equal(0, data.Count(
            """
            SELECT count(*) FROM evaluations e JOIN interactions i USING (interaction_id)
            WHERE e.evaluator = 'tone' AND ((e.evaluator_version = 'v1' AND i.started_at >= $1) OR (e.evaluator_version = 'v2' AND i.started_at < $2))
            """,
            PlantedEffects.DriftCutover, PlantedEffects.DriftShadowFrom));
    }

    [Fact]
    public void Tone_time_series_breaks_at_the_cutover_while_resolution_does_not()
    {
        // March (v1) against April (v2) for the same population: tone drops by the drift, resolution stays put.
        const string sql =
            """
            SELECT avg(e.score) FROM evaluations e JOIN interactions i USING (interaction_id)
            WHERE e.evaluator = $1 AND e.evaluator_version = $2 AND i.started_at >= $3 AND i.started_at < $4
            """;
        var march = (new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), PlantedEffects.DriftShadowFrom);
        var april = (PlantedEffects.DriftCutover, new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc));
        var toneShift = data.Scalar(sql, "tone", "v2", april.Item1, april.Item2) - data.Scalar(sql, "tone", "v1", march.Item1, march.Item2);
        var resolutionShift = data.Scalar(sql, "conversation_resolution", "v2", april.Item1, april.Item2)
            - data.Scalar(sql, "conversation_resolution", "v2", march.Item1, march.Item2);
        Report($"tone v1 March {data.Scalar(sql, "tone", "v1", march.Item1, march.Item2):F3} -> v2 April {data.Scalar(sql, "tone", "v2", april.Item1, april.Item2):F3}; resolution v2 March {data.Scalar(sql, "conversation_resolution", "v2", march.Item1, march.Item2):F3} -> April {data.Scalar(sql, "conversation_resolution", "v2", april.Item1, april.Item2):F3}");
        Assert.InRange(toneShift, -0.105, -0.055);
        Assert.InRange(resolutionShift, -0.02, 0.02);
    }

    [Fact]
    public void Renewal_resolves_well_but_scores_lower_csat()
    {
        var rows = data.Connection.QueryRows(
            """
            SELECT i.journey_stage,
                   avg(CASE WHEN i.end_reason = 'resolved' THEN 1.0 ELSE 0.0 END),
                   avg(s.score) FILTER (WHERE s.kind = 'csat')
            FROM interactions i LEFT JOIN surveys s ON s.interaction_id = i.interaction_id AND s.kind = 'csat'
            GROUP BY i.journey_stage
            """).ToDictionary(r => (string)r[0]!, r => (Resolved: Convert.ToDouble(r[1]), Csat: Convert.ToDouble(r[2])));
        var renewal = rows[PlantedEffects.LowCsatJourneyStage];
        var support = rows["support"];
        Report($"resolved: renewal {renewal.Resolved:P1}, support {support.Resolved:P1}; CSAT: renewal {renewal.Csat:F2}, support {support.Csat:F2}");
        Assert.True(renewal.Resolved >= support.Resolved + 0.02, $"renewal resolved {renewal.Resolved:F3}, support {support.Resolved:F3}");
        Assert.InRange(renewal.Csat - support.Csat, -1.0, -0.5);
    }

    [Fact]
    public void Silent_failure_intent_has_high_containment_and_high_seven_day_recontact()
    {
        var rows = data.Connection.QueryRows(
            """
            WITH i AS (
                SELECT *, coalesce(intent_confirmed, intent_predicted) AS intent,
                       lead(started_at) OVER (PARTITION BY customer_id, coalesce(intent_confirmed, intent_predicted) ORDER BY started_at) AS next_contact
                FROM interactions)
            SELECT intent = $1,
                   avg(CASE WHEN handled_by = 'bot' AND end_reason = 'resolved' THEN 1.0 ELSE 0.0 END) FILTER (WHERE eligible_for_automation),
                   avg(CASE WHEN next_contact <= started_at + INTERVAL 7 DAY THEN 1.0 ELSE 0.0 END) FILTER (WHERE handled_by = 'bot' AND end_reason = 'resolved')
            FROM i
            WHERE started_at < (SELECT watermark_at FROM warehouse_meta) - INTERVAL 7 DAY
            GROUP BY ALL
            """,
            PlantedEffects.SilentFailureIntent).ToDictionary(r => (bool)r[0]!, r => (Containment: Convert.ToDouble(r[1]), Recontact: Convert.ToDouble(r[2])));
        var silent = rows[true];
        var others = rows[false];
        Report($"containment (eligible): {silent.Containment:P1} vs {others.Containment:P1}; 7-day recontact of contained: {silent.Recontact:P1} vs {others.Recontact:P1}");
        Assert.True(silent.Containment >= 0.55 && silent.Containment >= others.Containment + 0.2, $"containment {silent.Containment:F3} vs {others.Containment:F3}");
        Assert.InRange(silent.Recontact, 0.28, 0.45);
        Assert.True(silent.Recontact >= 3 * others.Recontact, $"recontact {silent.Recontact:F3} vs {others.Recontact:F3}");
    }

    [Fact]
    public void Faulty_bot_release_writes_wrong_disposition_codes()
    {
        var rows = data.Connection.QueryRows(
            """
            SELECT i.bot_release = $1, avg(CASE WHEN w.disposition_code <> i.intent_confirmed THEN 1.0 ELSE 0.0 END), count(*)
            FROM crm_writes w JOIN interactions i USING (interaction_id)
            WHERE w.written_by = 'bot' AND w.tool = 'log_disposition' AND i.intent_confirmed IS NOT NULL
            GROUP BY ALL
            """,
            PlantedEffects.FaultyBotRelease).ToDictionary(r => (bool)r[0]!, r => Convert.ToDouble(r[1]));
        Report($"wrong codes: faulty release {rows[true]:P1}, others {rows[false]:P1}");
        Assert.InRange(rows[true], PlantedEffects.FaultyReleaseWrongDispositionRate - 0.05, PlantedEffects.FaultyReleaseWrongDispositionRate + 0.05);
        Assert.InRange(rows[false], 0.015, 0.045);
    }

    [Fact]
    public void Smb_segment_resolves_about_ten_points_lower()
    {
        var gap = data.Scalar(
            """
            SELECT avg(CASE WHEN i.end_reason = 'resolved' THEN 1.0 ELSE 0.0 END) FILTER (WHERE c.segment = $1)
                 - avg(CASE WHEN i.end_reason = 'resolved' THEN 1.0 ELSE 0.0 END) FILTER (WHERE c.segment <> $1)
            FROM interactions i JOIN customers c USING (customer_id)
            """,
            PlantedEffects.ResolutionGapSegment);
        Report($"smb - rest = {gap:F3}");
        Assert.InRange(gap, PlantedEffects.ResolutionGap - 0.03, PlantedEffects.ResolutionGap + 0.03);
    }

    [Fact]
    public void Billing_queue_breaches_its_wait_sla_on_mondays()
    {
        var rows = data.Connection.QueryRows(
            """
            SELECT dayofweek(started_at) = 1, avg(CASE WHEN wait_seconds > $2 THEN 1.0 ELSE 0.0 END)
            FROM interactions
            WHERE queue = $1 AND channel <> 'email' AND handled_by <> 'bot'
            GROUP BY ALL
            """,
            PlantedEffects.MondaySlaQueue, PlantedEffects.WaitSlaSeconds).ToDictionary(r => (bool)r[0]!, r => Convert.ToDouble(r[1]));
        Report($"breach: Mondays {rows[true]:P1}, other days {rows[false]:P1}");
        Assert.InRange(rows[true], 0.5, 0.75);
        Assert.InRange(rows[false], 0.1, 0.25);
    }

    [Fact]
    public void Human_labels_calibrate_evaluators_with_meaningful_kappa()
    {
        var sample = data.Scalar("SELECT count(DISTINCT interaction_id)::DOUBLE / (SELECT count(*) FROM interactions) FROM human_labels");
        Assert.InRange(sample, 0.015, 0.025);
        var toneV1 = Kappa("tone", "v1");
        var toneV2 = Kappa("tone", "v2");
        Report($"sample {sample:P2}; kappa: resolution v1 {Kappa("conversation_resolution", "v1"):F2} / v2 {Kappa("conversation_resolution", "v2"):F2}, quality {Kappa("conversation_quality", "v1"):F2}, tone v1 {toneV1:F2} / v2 {toneV2:F2}, policy {Kappa("policy_compliance", "v1"):F2}");
        Assert.InRange(toneV1, 0.55, 0.75);
        Assert.InRange(Kappa("conversation_resolution", "v2"), 0.65, 0.85);
        Assert.InRange(Kappa("conversation_quality", "v1"), 0.5, 0.75);
        Assert.True(toneV2 < toneV1 - 0.05, $"drifted tone v2 kappa {toneV2:F3} should be below v1 {toneV1:F3}");
    }

    [Fact]
    public void Survey_response_rates_are_realistically_low()
    {
        var rates = data.Connection.QueryRows("SELECT kind, count(*)::DOUBLE / (SELECT count(*) FROM interactions) FROM surveys GROUP BY kind")
            .ToDictionary(r => (string)r[0]!, r => Convert.ToDouble(r[1]));
        Report($"csat {rates["csat"]:P1}, ces {rates["ces"]:P1}, nps {rates["nps"]:P1}");
        Assert.InRange(rates["csat"], 0.105, 0.13);
        Assert.InRange(rates["ces"], 0.068, 0.09);
        Assert.InRange(rates["nps"], 0.04, 0.058);
    }

    [Theory]
    [InlineData("emea", 1, "2026-03-29")] // Europe/Berlin springs forward
    [InlineData("amer", -5, "2026-03-08")] // America/New_York springs forward
    public void Local_business_hours_shift_utc_traffic_by_an_hour_at_dst(string region, int standardOffsetHours, string changeDay)
    {
        // Share of traffic in the morning ramp, 05:00-08:00 on the zone's *standard* clock (UTC + standard offset).
        // Traffic follows local business hours, so once daylight saving starts that window holds local 06:00-09:00
        // and fills up: ~7% of the day's weight before, ~12% after.
        var change = DateTime.SpecifyKind(DateTime.Parse(changeDay, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        const string sql =
            """
            SELECT avg(CASE WHEN (extract(hour FROM i.started_at AT TIME ZONE 'UTC') + $4 + 24) % 24 BETWEEN 5 AND 7 THEN 1.0 ELSE 0.0 END)
            FROM interactions i JOIN customers c USING (customer_id)
            WHERE c.region = $1 AND i.started_at >= $2 AND i.started_at < $3
            """;
        var before = data.Scalar(sql, region, change.AddDays(-28), change.AddDays(-1), standardOffsetHours);
        var after = data.Scalar(sql, region, change.AddDays(1), change.AddDays(28), standardOffsetHours);
        Report($"{region}: {before:P1} -> {after:P1}");
        Assert.InRange(before, 0.05, 0.09);
        Assert.InRange(after, 0.10, 0.15);
    }

    /// <summary>Cohen's kappa of the evaluator against the earliest reviewer label (docs/metric-semantics.md §5, agreement).</summary>
    private double Kappa(string dimension, string version) => data.Scalar(
        """
        WITH pairs AS (
            SELECT h.label AS human, e.label AS machine
            FROM (SELECT * FROM human_labels QUALIFY row_number() OVER (PARTITION BY interaction_id, dimension ORDER BY labeled_at, reviewer_id) = 1) h
            JOIN evaluations e ON e.interaction_id = h.interaction_id AND e.evaluator = h.dimension
            WHERE h.dimension = $1 AND e.evaluator_version = $2),
        t AS (SELECT count(*)::DOUBLE AS n, sum(CASE WHEN human = machine THEN 1 ELSE 0 END)::DOUBLE AS agree FROM pairs),
        hm AS (SELECT human AS label, count(*) AS c FROM pairs GROUP BY ALL),
        mm AS (SELECT machine AS label, count(*) AS c FROM pairs GROUP BY ALL),
        pe AS (SELECT sum(hm.c * mm.c)::DOUBLE / (SELECT n * n FROM t) AS pe FROM hm JOIN mm USING (label))
        SELECT (agree / n - pe) / (1 - pe) FROM t, pe
        """,
        dimension, version);
}
