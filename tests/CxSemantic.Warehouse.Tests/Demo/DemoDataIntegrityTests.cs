using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Model;
using CxSemantic.Warehouse.Schema;
using Microsoft.EntityFrameworkCore;

namespace CxSemantic.Warehouse.Tests.Demo;

public class DemoDataIntegrityTests(DemoWarehouseFixture data) : IClassFixture<DemoWarehouseFixture>
{
    [Fact]
    public void Summary_counts_are_the_table_counts()
    {
        Assert.Equal(WarehouseSchema.TableNames.Order(), data.Summary.RowsPerTable.Keys);
        foreach (var (table, rows) in data.Summary.RowsPerTable)
        {
            Assert.Equal(rows, data.Count($"SELECT count(*) FROM {table}"));
        }

        Assert.Equal(DemoWarehouseFixture.Interactions, data.Summary.RowsPerTable["interactions"]);
        Assert.Equal(1, data.Summary.RowsPerTable["warehouse_meta"]);
    }

    [Fact]
    public void Every_row_satisfies_keys_references_and_checks_of_the_full_schema()
    {
        // Copy everything into a schema with the full profile: DuckDB enforces each primary key, foreign key,
        // NOT NULL and CHECK constraint on the way in.
        using var connection = data.Database.Connect();
        connection.Execute("CREATE SCHEMA strict; USE memory.strict;");
        WarehouseSchema.CreateIn(connection);
        foreach (var table in WarehouseSchema.TableNames)
        {
            Assert.Equal(data.Summary.RowsPerTable[table], connection.ExecuteNonQuery($"INSERT INTO strict.{table} SELECT * FROM main.{table}"));
        }
    }

    [Fact]
    public void Ids_are_dense_ordinals_under_the_start_minute_and_every_instant_lies_in_the_data_range()
    {
        var from = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        // Ordinals 1..N, each once; above them the minute the interaction starts, so ids grow with time.
        const long OrdinalMask = (1L << 28) - 1;
        Assert.Equal(1, data.Count($"SELECT min(interaction_id & {OrdinalMask}) FROM interactions"));
        Assert.Equal(DemoWarehouseFixture.Interactions, data.Count($"SELECT max(interaction_id & {OrdinalMask}) FROM interactions"));
        Assert.Equal(DemoWarehouseFixture.Interactions, data.Count($"SELECT count(DISTINCT interaction_id & {OrdinalMask}) FROM interactions"));
        Assert.Equal(0, data.Count("SELECT count(*) FROM interactions WHERE interaction_id >> 28 <> (epoch_us(started_at) - epoch_us($1)) // 60000000", from));
        Assert.Equal(0, data.Count("SELECT count(*) FROM interactions WHERE interaction_id >= 9007199254740992"));
        var watermark = new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(watermark, WarehouseSchema.ReadWatermark(data.Connection));
        Assert.Equal(watermark, data.Summary.Watermark);
        foreach (var (table, column) in new[]
                 {
                     ("interactions", "started_at"), ("interactions", "ended_at"), ("turns", "occurred_at"), ("evaluations", "evaluated_at"),
                     ("human_labels", "labeled_at"), ("surveys", "responded_at"), ("system_events", "occurred_at"), ("crm_writes", "written_at"),
                     ("suggestions", "shown_at"), ("policy_events", "occurred_at"), ("handoffs", "occurred_at"),
                 })
        {
            Assert.Equal(0, data.Count($"SELECT count(*) FROM {table} WHERE {column} < $1 OR {column} >= $2", from, watermark));
        }

        // Child rows happen within their interaction.
        Assert.Equal(0, data.Count("SELECT count(*) FROM turns t JOIN interactions i USING (interaction_id) WHERE t.occurred_at < i.started_at OR t.occurred_at > i.ended_at"));
        Assert.Equal(0, data.Count("SELECT count(*) FROM surveys s JOIN interactions i USING (interaction_id) WHERE s.responded_at < i.ended_at"));
    }

    [Fact]
    public void Conversations_are_consistent_with_how_they_were_handled()
    {
        // Bot-only conversations have no agent turns and no handoff; bot_to_agent ones have exactly one bot→agent handoff.
        Assert.Equal(0, data.Count("SELECT count(*) FROM turns t JOIN interactions i USING (interaction_id) WHERE i.handled_by = 'bot' AND t.actor = 'agent'"));
        Assert.Equal(0, data.Count("SELECT count(*) FROM turns t JOIN interactions i USING (interaction_id) WHERE i.handled_by = 'agent' AND t.actor = 'bot'"));
        Assert.Equal(
            data.Count("SELECT count(*) FROM interactions WHERE handled_by = 'bot_to_agent'"),
            data.Count("SELECT count(*) FROM handoffs WHERE from_actor = 'bot' AND to_actor = 'agent'"));
        Assert.Equal(0, data.Count("SELECT count(*) FROM handoffs h JOIN interactions i USING (interaction_id) WHERE h.from_actor = 'bot' AND i.handled_by <> 'bot_to_agent'"));
        Assert.Equal(0, data.Count("SELECT count(*) FROM interactions WHERE handled_by = 'agent' AND bot_release IS NOT NULL"));
        Assert.Equal(0, data.Count("SELECT count(*) FROM interactions WHERE epoch(ended_at - started_at) < handle_seconds + wait_seconds"));
        Assert.Equal(0, data.Count("SELECT count(*) FROM suggestions s JOIN interactions i USING (interaction_id) WHERE s.agent_id IS DISTINCT FROM i.agent_id"));
        var turnsPerInteraction = data.Scalar("SELECT count(*)::DOUBLE / (SELECT count(*) FROM interactions) FROM turns");
        Assert.InRange(turnsPerInteraction, 5, 9);
    }

    [Fact]
    public void Intent_classifier_is_right_nine_times_in_ten_and_less_confident_when_wrong()
    {
        var rows = data.Connection.QueryRows(
            """
            SELECT intent_predicted = intent_confirmed, count(*), avg(intent_confidence)
            FROM interactions WHERE intent_confirmed IS NOT NULL GROUP BY ALL
            """).ToDictionary(r => (bool)r[0]!, r => (N: Convert.ToDouble(r[1]), Confidence: Convert.ToDouble(r[2])));
        Assert.InRange(rows[true].N / (rows[true].N + rows[false].N), 0.88, 0.92);
        Assert.InRange(rows[true].Confidence, 0.88, 0.94);
        Assert.InRange(rows[false].Confidence, 0.5, 0.6);
    }

    [Fact]
    public void Customers_come_back_and_every_vocabulary_value_occurs()
    {
        Assert.InRange(data.Scalar("SELECT count(*)::DOUBLE / count(DISTINCT customer_id) FROM interactions"), 2.5, 3.5);
        Assert.InRange(
            data.Scalar("SELECT avg(CASE WHEN n > 1 THEN 1.0 ELSE 0.0 END) FROM (SELECT count(*) AS n FROM interactions GROUP BY customer_id)"),
            0.5, 0.8);
        AssertAllOccur("interactions", "channel", WarehouseVocabulary.Channels);
        AssertAllOccur("interactions", "handled_by", WarehouseVocabulary.HandledBy);
        AssertAllOccur("interactions", "end_reason", WarehouseVocabulary.EndReasons);
        AssertAllOccur("interactions", "journey_stage", WarehouseVocabulary.JourneyStages);
        AssertAllOccur("interactions", "intent_complexity", WarehouseVocabulary.IntentComplexities);
        AssertAllOccur("system_events", "event_type", WarehouseVocabulary.SystemEventTypes);
        AssertAllOccur("evaluations", "evaluator", WarehouseVocabulary.Evaluators.Select(e => e.Name));
        AssertAllOccur("customers", "segment", WarehouseVocabulary.Segments);
        AssertAllOccur("customers", "region", WarehouseVocabulary.Regions);
        AssertAllOccur("customers", "tenure_band", WarehouseVocabulary.TenureBands);
        AssertAllOccur("handoffs", "reason", WarehouseVocabulary.HandoffReasons);
        AssertAllOccur("policy_events", "severity", WarehouseVocabulary.PolicySeverities);
        AssertAllOccur("suggestions", "kind", WarehouseVocabulary.SuggestionKinds);
        AssertAllOccur("crm_writes", "tool", WarehouseVocabulary.CrmTools);
        Assert.Equal(20, data.Count("SELECT count(DISTINCT intent_predicted) FROM interactions"));
    }

    [Fact]
    public void System_events_confirm_real_fixes_and_contradict_silent_failures()
    {
        // Declared-resolved contacts followed by a complaint or dispute are far more often recontacted than confirmed ones.
        var rows = data.Connection.QueryRows(
            """
            SELECT e.event_type IN ('complaint', 'dispute_filed'), count(*)
            FROM system_events e JOIN interactions i USING (interaction_id)
            WHERE i.declared_outcome = 'resolved' AND e.occurred_at > i.ended_at
            GROUP BY ALL
            """).ToDictionary(r => (bool)r[0]!, r => Convert.ToInt64(r[1]));
        Assert.True(rows[false] > 5 * rows[true] && rows[true] > 500, $"confirming {rows[false]}, contradicting {rows[true]}");
        Assert.True(data.Count("SELECT count(*) FROM system_events WHERE interaction_id IS NULL") > 10_000);
    }

    private void AssertAllOccur(string table, string column, IEnumerable<string> values)
    {
        var present = data.Connection.QueryRows($"SELECT DISTINCT {column} FROM {table}").Select(r => (string)r[0]!).ToHashSet();
        Assert.Equal(values.Order(), present.Order());
    }
}
