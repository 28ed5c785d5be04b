using CxSemantic.Warehouse.Ingestion;

namespace CxSemantic.Warehouse.Tests.Ingestion;

/// <summary>
/// Hand-made exports with every kind of bad row: each is quarantined with the right reason, column and line,
/// every good row is loaded, and nothing is lost (rows in = rows loaded + rows quarantined).
/// </summary>
public sealed class BadRowTests : IDisposable
{
    internal static readonly string[] InteractionColumns =
    [
        "interaction_id", "customer_id", "tenant_id", "channel", "queue", "started_at", "ended_at", "intent_predicted",
        "intent_confidence", "intent_confirmed", "intent_complexity", "eligible_for_automation", "handled_by", "agent_id",
        "bot_release", "end_reason", "declared_outcome", "handle_seconds", "wait_seconds", "first_response_ms", "journey_stage", "proactive",
    ];

    private readonly IngestScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>A CSV line of an interaction: sensible defaults, with some columns replaced.</summary>
    internal static string Interaction(long id, params (string Column, string Value)[] changes)
    {
        var values = new Dictionary<string, string>
        {
            ["interaction_id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["customer_id"] = "c1",
            ["tenant_id"] = "acme",
            ["channel"] = "chat",
            ["queue"] = "billing",
            ["started_at"] = "2026-03-02T10:00:00Z",
            ["ended_at"] = "2026-03-02T10:05:00Z",
            ["intent_predicted"] = "billing_question",
            ["intent_confidence"] = "0.9",
            ["intent_confirmed"] = string.Empty,
            ["intent_complexity"] = "simple",
            ["eligible_for_automation"] = "true",
            ["handled_by"] = "bot",
            ["agent_id"] = string.Empty,
            ["bot_release"] = "r1",
            ["end_reason"] = "resolved",
            ["declared_outcome"] = "resolved",
            ["handle_seconds"] = "300",
            ["wait_seconds"] = "0",
            ["first_response_ms"] = "800",
            ["journey_stage"] = "support",
            ["proactive"] = "false",
        };
        foreach (var (column, value) in changes)
        {
            Assert.True(values.ContainsKey(column), column);
            values[column] = value;
        }

        return string.Join(',', InteractionColumns.Select(c => values[c]));
    }

    internal string LoadCustomers()
    {
        var path = _scratch.Write(
            "customers.csv",
            "customer_id,tenant_id,segment,region,tenure_band,customer_since",
            "c1,acme,consumer,emea,1_3y,2024-01-01T00:00:00Z",
            "c2,acme,smb,amer,under_3m,2025-12-01T00:00:00Z",
            "c3,acme,platinum,amer,under_3m,2025-12-01T00:00:00Z",
            "c4,acme,smb,,under_3m,2025-12-01T00:00:00Z",
            "c1,acme,smb,amer,under_3m,2025-12-01T00:00:00Z",
            "c5,acme,enterprise,apac,over_3y,not a date");
        var report = _scratch.Ingest("customers", path);
        Assert.Equal(IngestOutcome.Loaded, report.Outcome);
        return path;
    }

    [Fact]
    public void Customers_each_bad_row_has_its_reason_and_line()
    {
        LoadCustomers();
        Assert.Equal(
            ["4 not_allowed_value segment", "5 missing_required region", "6 duplicate_key -", "7 bad_type customer_since"],
            _scratch.Quarantine("customers"));
        Assert.Equal(["c1", "c2"], _scratch.Query("SELECT customer_id FROM customers ORDER BY 1").Select(r => (string)r[0]!));
        var detail = _scratch.Query("SELECT detail FROM ingest_quarantine ORDER BY source_line").Select(r => (string)r[0]!).ToList();
        Assert.Equal("segment: 'platinum' is not one of consumer, smb, enterprise", detail[0]);
        Assert.Equal("region is required but empty", detail[1]);
        Assert.Equal("key (customer_id) = (c1) is also on line 2", detail[2]);
        Assert.Equal("customer_since: 'not a date' is not a timestamp (ISO 8601)", detail[3]);
    }

    [Fact]
    public void Interactions_each_bad_row_has_its_reason_and_line_and_nothing_is_lost()
    {
        LoadCustomers();
        string[] lines =
        [
            string.Join(',', InteractionColumns),
            Interaction(1),                                                        // 2 good
            Interaction(2, ("interaction_id", "two")),                             // 3 bad_type interaction_id
            Interaction(3, ("started_at", "yesterday")),                           // 4 bad_type started_at
            Interaction(4, ("channel", string.Empty)),                             // 5 missing_required channel
            Interaction(5, ("channel", "fax")),                                    // 6 not_allowed_value channel
            Interaction(6, ("ended_at", "2026-03-02T09:59:59Z")),                  // 7 ended_before_started
            Interaction(1, ("queue", "other")),                                    // 8 duplicate_key (line 2)
            Interaction(7, ("customer_id", "c9")),                                 // 9 unknown_reference customer_id
            Interaction(8, ("handle_seconds", "-5")),                              // 10 check_failed (non-negative)
            Interaction(9, ("bot_release", string.Empty)),                         // 11 check_failed (bot needs a release)
            Interaction(10, ("intent_confidence", "1.5")),                         // 12 check_failed (0..1)
            Interaction(11, ("customer_id", "c3")),                                // 13 unknown_reference (c3 was quarantined)
            Interaction(12, ("started_at", "2026-03-02 11:00:00"), ("ended_at", "2026-03-02 11:01:00")), // 14 good (naive: UTC)
            Interaction(13, ("eligible_for_automation", "maybe")),                 // 15 bad_type boolean
            Interaction(14, ("handled_by", "agent"), ("bot_release", string.Empty), ("agent_id", "a1")), // 16 unknown_reference agent_id
        ];
        var report = _scratch.Ingest("interactions", _scratch.Write("interactions.csv", lines));

        Assert.Equal(
            [
                "3 bad_type interaction_id", "4 bad_type started_at", "5 missing_required channel", "6 not_allowed_value channel",
                "7 ended_before_started ended_at", "8 duplicate_key -", "9 unknown_reference customer_id", "10 check_failed -",
                "11 check_failed -", "12 check_failed -", "13 unknown_reference customer_id", "15 bad_type eligible_for_automation",
                "16 unknown_reference agent_id",
            ],
            _scratch.Quarantine("interactions"));
        Assert.Equal([1L, 12L], _scratch.Query("SELECT interaction_id FROM interactions ORDER BY 1").Select(r => (long)r[0]!));
        Assert.Equal(15, report.RowsIn);
        Assert.Equal(2, report.RowsLoaded);
        Assert.Equal(13, report.RowsRejected);
        Assert.Equal(report.RowsIn, report.RowsLoaded + report.RowsRejected);
        Assert.Equal(
            [
                KeyValuePair.Create(RejectReason.BadType, 3L), KeyValuePair.Create(RejectReason.MissingRequired, 1L),
                KeyValuePair.Create(RejectReason.NotAllowedValue, 1L), KeyValuePair.Create(RejectReason.EndedBeforeStarted, 1L),
                KeyValuePair.Create(RejectReason.CheckFailed, 3L), KeyValuePair.Create(RejectReason.DuplicateKey, 1L),
                KeyValuePair.Create(RejectReason.UnknownReference, 3L),
            ],
            report.RejectedByReason.ToArray());

        var details = _scratch.Query("SELECT source_line, detail FROM ingest_quarantine WHERE table_name = 'interactions' ORDER BY 1")
            .ToDictionary(r => (long)r[0]!, r => (string)r[1]!);
        Assert.Equal("ended_at 2026-03-02T09:59:59Z is before started_at 2026-03-02T10:00:00Z", details[7]);
        Assert.Equal("key (interaction_id) = (1) is also on line 2", details[8]);
        Assert.Equal("customer_id 'c9' is not in customers", details[9]);
        Assert.Equal("violates ck_interactions_handle_seconds: handle_seconds >= 0", details[10]);
        Assert.Equal("interaction_id: 'two' is not a whole number", details[3]);

        // The raw record travels with the rejected row, as read.
        var record = (string)_scratch.Query("SELECT record FROM ingest_quarantine WHERE source_line = 6 AND table_name = 'interactions'")[0][0]!;
        Assert.Contains("\"channel\":\"fax\"", record, StringComparison.Ordinal);

        // A timestamp without an offset is read in the mapping's zone (UTC by default).
        Assert.Equal(new DateTime(2026, 3, 2, 11, 0, 0), (DateTime)_scratch.Query("SELECT started_at FROM interactions WHERE interaction_id = 12")[0][0]!);
    }

    [Fact]
    public void Evaluations_in_json_lines_each_bad_row_has_its_reason_and_line()
    {
        LoadCustomers();
        _scratch.Ingest("interactions", _scratch.Write("i.csv", string.Join(',', InteractionColumns), Interaction(1), Interaction(2)));
        var path = _scratch.Write(
            "evaluations.jsonl",
            """{"interaction_id": 1, "evaluator": "tone", "evaluator_version": "v2", "score": 0.8, "label": "positive", "evaluated_at": "2026-03-02T11:00:00Z"}""",
            """{"interaction_id": 1, "evaluator": "tone", "score": 0.8, "label": "positive", "evaluated_at": "2026-03-02T11:00:00Z"}""",
            """{"interaction_id": 99, "evaluator": "tone", "evaluator_version": "v2", "score": 0.8, "label": "positive", "evaluated_at": "2026-03-02T11:00:00Z"}""",
            """{"interaction_id": 2, "evaluator": "tone", "evaluator_version": "v2", "score": 0.8, "label": "resolved", "evaluated_at": "2026-03-02T11:00:00Z"}""",
            """{"interaction_id": 2, "evaluator": "politeness", "evaluator_version": "v2", "score": "high", "label": "polite", "evaluated_at": "2026-03-02T11:00:00Z"}""",
            """{"interaction_id": 2, "evaluator": "tone", "evaluator_version": "v9", "score": 0.5, "label": "neutral", "evaluated_at": "2026-03-02T11:00:00Z"}""",
            """{"interaction_id": 2, "evaluator": "loop_detection", "evaluator_version": "v1", "score": 1, "label": "no_loop", "evaluated_at": "2026-03-02T11:00:00Z"}""");
        var report = _scratch.Ingest("evaluations", path);

        Assert.Equal(
            ["2 missing_evaluator_version evaluator_version", "3 unknown_reference interaction_id", "4 check_failed -", "5 bad_type score", "6 not_allowed_value evaluator_version"],
            _scratch.Quarantine("evaluations"));
        Assert.Equal(7, report.RowsIn);
        Assert.Equal(2, report.RowsLoaded);
        Assert.Equal(2, _scratch.Count("evaluations"));
    }
}
