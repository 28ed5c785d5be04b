using System.Globalization;
using CxSemantic.Warehouse.Demo;
using Xunit.Abstractions;

namespace CxSemantic.Warehouse.Tests.Demo;

/// <summary>
/// The edge cases of <see cref="DemoMechanics"/> (docs/planted-effects.md, "Related mechanics") exist in the demo data,
/// counted by hand-written SQL on the 40 000-interaction warehouse (seed 42). Each count is 0 without its mechanic.
/// </summary>
public class DemoMechanicsTests(DemoWarehouseFixture data, ITestOutputHelper output) : IClassFixture<DemoWarehouseFixture>
{
    private const long MicrosPerSecond = 1_000_000;
    private static readonly long JourneyWindowUs = (long)DemoMechanics.JourneyWindow.TotalSeconds * MicrosPerSecond;
    private static readonly long ConfirmationWindowUs = (long)DemoMechanics.ConfirmationWindow.TotalSeconds * MicrosPerSecond;
    private static readonly long SilentFailureWindowUs = (long)DemoMechanics.SilentFailureWindow.TotalSeconds * MicrosPerSecond;

    /// <summary>
    /// Contacts with their observed intent (the journey identity's intent) and that intent's confirming event type,
    /// from the catalog; durations are compared in epoch microseconds so that no calendar arithmetic is involved.
    /// </summary>
    private static readonly string Contacts =
        "WITH confirming(intent, confirming_type) AS (VALUES "
        + string.Join(", ", DemoCatalog.Intents.Select(i => $"('{i.Name}', {(i.ConfirmingEvent is null ? "NULL::VARCHAR" : $"'{i.ConfirmingEvent}'")})"))
        + """
        ),
        c AS (
            SELECT i.*, coalesce(i.intent_confirmed, i.intent_predicted) AS intent_seen, f.confirming_type
            FROM interactions i JOIN confirming f ON f.intent = coalesce(i.intent_confirmed, i.intent_predicted)),
        resolved AS (SELECT * FROM c WHERE declared_outcome = 'resolved'),
        ev AS (SELECT *, event_type IN ('order_shipped', 'payment_received', 'ticket_closed', 'refund_issued') AS confirms_some_intent FROM system_events)
        """;

    [Fact]
    public void Recontacts_come_exactly_one_window_and_one_second_over_it_after_the_previous_start()
    {
        var row = data.Connection.QueryRows(
            Contacts + """
            , g AS (SELECT epoch_us(started_at) - epoch_us(lag(started_at) OVER (PARTITION BY customer_id, intent_seen ORDER BY started_at, interaction_id)) AS gap FROM c)
            SELECT count(*) FILTER (WHERE gap = $1), count(*) FILTER (WHERE gap = $1 + $2), count(*) FILTER (WHERE gap > $1 - $2 AND gap < $1)
            FROM g
            """,
            JourneyWindowUs, MicrosPerSecond)[0];
        var (exact, justOver, justUnder) = (Convert.ToInt64(row[0]), Convert.ToInt64(row[1]), Convert.ToInt64(row[2]));
        Report($"gap = W exactly: {exact}, gap = W + 1 s: {justOver}, W - 1 s < gap < W: {justUnder}");
        Assert.InRange(exact, 60, 250);
        Assert.InRange(justOver, 60, 250);
        Assert.Equal(0, justUnder); // the planted gaps are exact to the microsecond
    }

    [Fact]
    public void Contacts_of_one_customer_and_intent_tie_on_start_time_on_different_channels()
    {
        var row = data.Connection.QueryRows(
            Contacts + """
            , ties AS (
                SELECT count(*) AS contacts, count(DISTINCT channel) AS channels, count(DISTINCT handled_by) AS handlers
                FROM c GROUP BY customer_id, intent_seen, started_at HAVING count(*) > 1)
            SELECT count(*), count(*) FILTER (WHERE channels = contacts), count(*) FILTER (WHERE handlers > 1), coalesce(max(contacts), 0) FROM ties
            """)[0];
        var (ties, onDistinctChannels, differentHandlers, largest) = (Convert.ToInt64(row[0]), Convert.ToInt64(row[1]), Convert.ToInt64(row[2]), Convert.ToInt64(row[3]));
        Report($"tied pairs: {ties}, on distinct channels: {onDistinctChannels}, handled differently: {differentHandlers}, largest tie: {largest}");
        Assert.InRange(ties, 60, 250);
        Assert.Equal(ties, onDistinctChannels);
        Assert.True(differentHandlers > 10, "ties must matter for first/last attributes (ordered by interaction_id)");
        Assert.Equal(2, largest);
    }

    [Fact]
    public void Some_labels_have_two_or_three_reviewers_who_sometimes_disagree()
    {
        var byReviewers = data.Connection.QueryRows(
            """
            SELECT reviewers, count(*), count(*) FILTER (WHERE labels > 1)
            FROM (SELECT interaction_id, dimension, count(*) AS reviewers, count(DISTINCT label) AS labels FROM human_labels GROUP BY ALL)
            GROUP BY reviewers ORDER BY reviewers
            """).ToDictionary(r => Convert.ToInt64(r[0]), r => (Labels: Convert.ToInt64(r[1]), Disagreeing: Convert.ToInt64(r[2])));
        Report(string.Join("; ", byReviewers.Select(kv => $"{kv.Key} reviewer(s): {kv.Value.Labels} (interaction, dimension), {kv.Value.Disagreeing} disagreeing")));
        Assert.Equal([1L, 2L, 3L], byReviewers.Keys.Order());
        Assert.Equal(0, byReviewers[1].Disagreeing);
        var multi = byReviewers[2].Labels + byReviewers[3].Labels;
        var disagreeing = byReviewers[2].Disagreeing + byReviewers[3].Disagreeing;
        Assert.InRange((double)multi / (multi + byReviewers[1].Labels), DemoMechanics.MultiReviewerShare - 0.04, DemoMechanics.MultiReviewerShare + 0.04);
        Assert.InRange(disagreeing, multi / 50, multi / 2);

        // Each interaction's reviewers label every calibrated dimension, so the first reviewer by id is well defined.
        Assert.Equal(0, data.Count(
            "SELECT count(*) FROM (SELECT interaction_id, reviewer_id FROM human_labels GROUP BY ALL HAVING count(*) <> 4)"));
    }

    [Fact]
    public void Confirming_events_are_linked_to_the_contact_to_an_earlier_contact_or_to_nothing()
    {
        long Kind(string name, string where)
        {
            object[] parameters = where.Contains("$2", StringComparison.Ordinal) ? [ConfirmationWindowUs, MicrosPerSecond]
                : where.Contains("$1", StringComparison.Ordinal) ? [ConfirmationWindowUs] : [];
            var count = data.Count(Contacts + "SELECT count(*) FROM resolved r JOIN ev e ON " + where, parameters);
            Report($"{name}: {count}");
            return count;
        }

        const string within = "epoch_us(e.occurred_at) - epoch_us(r.ended_at) BETWEEN 1 AND $1";
        var own = Kind("linked to the contact, own type, within 3 days", $"e.interaction_id = r.interaction_id AND e.event_type = r.confirming_type AND {within}");
        var earlier = Kind(
            "linked to an earlier contact of the same customer and intent, own type, within 3 days of this one, none linked to this one",
            $"""
            e.customer_id = r.customer_id AND e.event_type = r.confirming_type AND {within}
            AND e.interaction_id IN (SELECT p.interaction_id FROM c p WHERE p.customer_id = r.customer_id AND p.intent_seen = r.intent_seen
                                     AND (p.started_at, p.interaction_id) < (r.started_at, r.interaction_id))
            AND NOT EXISTS (SELECT 1 FROM system_events o WHERE o.interaction_id = r.interaction_id AND o.event_type = r.confirming_type)
            """);
        var unlinked = Kind(
            "unlinked, own type, same customer, within 3 days, nothing linked to the contact",
            $"""
            e.interaction_id IS NULL AND e.customer_id = r.customer_id AND e.event_type = r.confirming_type AND {within}
            AND NOT EXISTS (SELECT 1 FROM system_events o WHERE o.interaction_id = r.interaction_id AND o.event_type = r.confirming_type)
            """);
        var foreign = Kind("linked to the contact, another intent's confirming type", "e.interaction_id = r.interaction_id AND e.confirms_some_intent AND e.event_type IS DISTINCT FROM r.confirming_type");
        var foreignNoType = Kind("… on an intent without a confirming type", "e.interaction_id = r.interaction_id AND e.confirms_some_intent AND r.confirming_type IS NULL");
        var atEnd = Kind("linked, own type, exactly 3 days after ended_at", "e.interaction_id = r.interaction_id AND e.event_type = r.confirming_type AND epoch_us(e.occurred_at) - epoch_us(r.ended_at) = $1");
        var justAfter = Kind("linked, own type, 3 days + 1 s after ended_at", "e.interaction_id = r.interaction_id AND e.event_type = r.confirming_type AND epoch_us(e.occurred_at) - epoch_us(r.ended_at) = $1 + $2");

        Assert.True(own > 3_000, $"own {own}");
        Assert.InRange(earlier, 100, own / 4);
        Assert.InRange(unlinked, 300, own / 2);
        Assert.InRange(foreign, 450, 1_500);
        Assert.InRange(foreignNoType, 130, foreign / 2);
        Assert.InRange(atEnd, 60, 300);
        Assert.InRange(justAfter, 60, 300);
    }

    [Fact]
    public void Complaints_disputes_and_account_closures_follow_resolved_contacts_inside_at_and_beyond_seven_days()
    {
        var row = data.Connection.QueryRows(
            Contacts + """
            , x AS (
                SELECT e.event_type, r.intent_seen, epoch_us(e.occurred_at) - epoch_us(r.ended_at) AS delay
                FROM resolved r JOIN system_events e ON e.interaction_id = r.interaction_id
                WHERE e.event_type IN ('complaint', 'dispute_filed', 'account_closed')
                  AND NOT (e.event_type = 'account_closed' AND r.confirming_type = 'account_closed'))
            SELECT count(*) FILTER (WHERE delay BETWEEN 1 AND $1),
                   count(*) FILTER (WHERE delay = $1),
                   count(*) FILTER (WHERE delay > $1),
                   count(*) FILTER (WHERE event_type = 'account_closed' AND delay BETWEEN 1 AND $1),
                   count(*) FILTER (WHERE event_type = 'complaint' AND delay BETWEEN 1 AND $1),
                   count(*) FILTER (WHERE event_type = 'dispute_filed' AND delay BETWEEN 1 AND $1)
            FROM x
            """,
            SilentFailureWindowUs)[0];
        var counts = row.Select(v => Convert.ToInt64(v)).ToArray();
        Report($"contradictions within 7 days: {counts[0]} (exactly at 7 days: {counts[1]}), beyond: {counts[2]}; within, by type: account_closed {counts[3]}, complaint {counts[4]}, dispute_filed {counts[5]}");
        Assert.True(counts[0] > 1_000);
        Assert.InRange(counts[1], 20, 100);
        Assert.InRange((double)counts[2] / (counts[0] + counts[2]), DemoMechanics.ContradictionBeyondWindowShare - 0.03, DemoMechanics.ContradictionBeyondWindowShare + 0.03);
        Assert.InRange((double)counts[3] / counts[0], DemoMechanics.AccountClosedShare - 0.03, DemoMechanics.AccountClosedShare + 0.03);
        Assert.True(counts[4] > 0 && counts[5] > 0);
    }

    [Fact]
    public void Bot_only_resolved_contacts_have_policy_events_of_both_severities()
    {
        var rows = data.Connection.QueryRows(
            """
            SELECT p.severity, count(DISTINCT i.interaction_id)
            FROM interactions i JOIN policy_events p USING (interaction_id)
            WHERE i.handled_by = 'bot' AND i.end_reason = 'resolved'
            GROUP BY ALL
            """).ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1]));
        var botResolved = data.Count("SELECT count(*) FROM interactions WHERE handled_by = 'bot' AND end_reason = 'resolved'");
        Report($"bot-only resolved contacts: {botResolved}; with a violation: {rows.GetValueOrDefault("violation")}, with a near miss: {rows.GetValueOrDefault("near_miss")}");
        Assert.True(rows["violation"] > 50 && rows["near_miss"] > 50);
        Assert.InRange((double)(rows["violation"] + rows["near_miss"]) / botResolved, 0.015, 0.035);
    }

    [Fact]
    public void Customer_turns_grow_with_effort_and_lower_the_effort_score()
    {
        var turns = data.Connection.QueryRows(
            """
            WITH t AS (SELECT interaction_id, count(*) FILTER (WHERE actor = 'customer') AS customer_turns FROM turns GROUP BY ALL)
            SELECT i.end_reason = 'resolved', avg(t.customer_turns)
            FROM interactions i JOIN t USING (interaction_id) WHERE i.handled_by = 'bot' GROUP BY ALL
            """).ToDictionary(r => (bool)r[0]!, r => Convert.ToDouble(r[1]));
        var correlation = data.Scalar(
            """
            WITH t AS (SELECT interaction_id, count(*) FILTER (WHERE actor = 'customer') AS customer_turns FROM turns GROUP BY ALL)
            SELECT corr(s.score, t.customer_turns)
            FROM surveys s JOIN t USING (interaction_id) JOIN interactions i USING (interaction_id)
            WHERE s.kind = 'ces' AND i.end_reason = 'resolved'
            """);
        Report($"customer turns of bot-only contacts: resolved {turns[true]:F2}, not resolved {turns[false]:F2}; corr(CES, customer turns | resolved) = {correlation:F3}");
        Assert.True(turns[false] > turns[true] + DemoMechanics.UnresolvedExtraExchanges - 0.2);
        Assert.InRange(correlation, -0.5, -0.1);
    }

    [Fact]
    public void Bots_answer_first_in_about_a_second_and_sometimes_slowly()
    {
        var row = data.Connection.QueryRows(
            """
            SELECT count(*) FILTER (WHERE first_response_ms IS NULL), median(first_response_ms),
                   avg(CASE WHEN first_response_ms >= 5000 THEN 1.0 ELSE 0.0 END), max(first_response_ms)
            FROM interactions i
            WHERE handled_by = 'bot' OR (handled_by = 'bot_to_agent' AND EXISTS (SELECT 1 FROM turns t WHERE t.interaction_id = i.interaction_id AND t.actor = 'bot'))
            """)[0];
        var (missing, median, slow, max) = (Convert.ToInt64(row[0]), Convert.ToDouble(row[1]), Convert.ToDouble(row[2]), Convert.ToInt64(row[3]));
        Report(string.Create(CultureInfo.InvariantCulture, $"bot first response: median {median} ms, ≥ 5 s {slow:P2}, max {max} ms"));
        Assert.Equal(0, missing);
        Assert.InRange(median, 1_000, 1_500);
        Assert.InRange(slow, DemoMechanics.SlowBotResponseRate - 0.01, DemoMechanics.SlowBotResponseRate + 0.015);
        Assert.InRange(max, 5_000, 30_000);

        // Agent-only contacts answer after the queue wait.
        Assert.Equal(0, data.Count("SELECT count(*) FROM interactions WHERE handled_by = 'agent' AND (first_response_ms IS NULL OR first_response_ms < wait_seconds * 1000)"));
    }

    [Fact]
    public void Some_journeys_run_past_the_journey_horizon()
    {
        var row = data.Connection.QueryRows(
            Contacts + """
            , g AS (
                SELECT *, epoch_us(started_at) - epoch_us(lag(started_at) OVER (PARTITION BY customer_id, intent_seen ORDER BY started_at, interaction_id)) AS gap
                FROM c),
            j AS (
                SELECT *, sum(CASE WHEN gap IS NULL OR gap > $1 THEN 1 ELSE 0 END)
                    OVER (PARTITION BY customer_id, intent_seen ORDER BY started_at, interaction_id ROWS UNBOUNDED PRECEDING) AS journey
                FROM g),
            spans AS (SELECT epoch_us(max(started_at)) - epoch_us(min(started_at)) AS span, count(*) AS contacts FROM j GROUP BY customer_id, intent_seen, journey)
            SELECT count(*) FILTER (WHERE span > $2), max(contacts) FROM spans
            """,
            JourneyWindowUs, (long)DemoMechanics.LongJourneyHorizon.TotalSeconds * MicrosPerSecond)[0];
        var (beyondHorizon, mostContacts) = (Convert.ToInt64(row[0]), Convert.ToInt64(row[1]));
        Report($"journeys longer than the horizon: {beyondHorizon}; most contacts in a journey: {mostContacts}");
        Assert.InRange(beyondHorizon, 15, 150);
        Assert.InRange(mostContacts, 6, 8);
    }

    private void Report(string line) => output.WriteLine(line);
}
