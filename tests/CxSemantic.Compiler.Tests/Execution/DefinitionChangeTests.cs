using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Schema;
using DuckDB.NET.Data;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Execution;

/// <summary>
/// Each definition changed for the AI-CX scorecard (issue 11), on a tiny hand-made warehouse: the same compiler runs the
/// OLD definitions (metric-definitions at a524254, kept in <c>OldDefinitions/a524254</c>) and the current catalog, and every
/// expected number is worked out by hand in the comments. The old definition gives a number the scorecard does not mean;
/// the new one gives the scorecard's. Every scenario lives in its own tenant, so a cell grouped by tenant is one scenario.
/// Suppression is switched off (min_cell_size 1 in both catalogs): cells of two to five units are the point here.
/// </summary>
public sealed class DefinitionChangeTests : IDisposable
{
    /// <summary>The data's watermark: journeys that started after 18 March (+ 14 days) are immature.</summary>
    private static readonly DateTime Watermark = Utc(2026, 4, 1);

    private static readonly TimeWindow February = new(new LocalDate(2026, 2, 1), new LocalDate(2026, 3, 1), "UTC");

    private static readonly TimeWindow March = new(new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 1), "UTC");

    private static readonly string OldMetrics = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../Execution/OldDefinitions/a524254/metrics"));

    /// <summary>The metrics of a524254 over the current models, journey and access policies (see OldDefinitions/README.md).</summary>
    private static readonly Lazy<MetricCatalog> OldCatalog = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("cxsem-old-definitions-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(TestCatalog.Folder, "*.yaml", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(TestCatalog.Folder, file);
                if (relative.StartsWith("metrics", StringComparison.Ordinal))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder.FullName, relative))!);
                File.Copy(file, Path.Combine(folder.FullName, relative));
            }

            Directory.CreateDirectory(Path.Combine(folder.FullName, "metrics"));
            foreach (var file in Directory.EnumerateFiles(OldMetrics, "*.yaml"))
            {
                File.Copy(file, Path.Combine(folder.FullName, "metrics", Path.GetFileName(file)));
            }

            var result = CatalogLoader.LoadDirectory(folder.FullName, WarehouseSchema.PhysicalSchema);
            var catalog = result.Catalog ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
            // At a524254 system-event confirmation had no `link`: any event of the same customer counted. Today a missing
            // `link` means `contact`, so the old meaning is restored explicitly (`link: customer`).
            return Unsuppressed(catalog with
            {
                Metrics = catalog.Metrics.ToImmutableSortedDictionary(
                    m => m.Key,
                    m => m.Value.Confirmation.Method == ConfirmationMethod.SystemEvent
                        ? m.Value with { Confirmation = m.Value.Confirmation with { Link = EventLink.Customer } }
                        : m.Value,
                    catalog.Metrics.KeyComparer),
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    });

    private static readonly Lazy<MetricCatalog> NewCatalog = new(() => Unsuppressed(TestCatalog.Scorecard));

    private readonly DuckDbDatabase _database = DuckDbDatabase.Open();
    private readonly DuckDBConnection _connection;
    private readonly HashSet<string> _customers = [];

    public DefinitionChangeTests()
    {
        _connection = _database.Connect();
        WarehouseSchema.CreateIn(_connection, SchemaProfile.BulkLoad);
        _connection.ExecuteNonQuery(
            "INSERT INTO warehouse_meta (meta_id, watermark_at, data_from, source, seed, schema_version) VALUES (1, $1, $2, 'definition-change', 0, 1)",
            Watermark, Utc(2026, 1, 1));
        // Chat rates: bot 0.10 per minute + 0.05 per contact; agent 1.00 per minute + 0.50 per contact.
        _connection.Execute(
            """
            INSERT INTO cost_rates (channel, actor, effective_from, effective_to, cost_per_minute, overhead_per_interaction) VALUES
                ('chat', 'bot', DATE '2025-01-01', NULL, 0.10, 0.05),
                ('chat', 'agent', DATE '2025-01-01', NULL, 1.00, 0.50)
            """);
    }

    private enum Definitions
    {
        Old,
        New,
    }

    [Fact]
    public async Task Containment_counts_returns_to_the_bot_rage_quits_and_forced_terminations_as_not_contained()
    {
        BotJourneys();

        // Old (v3): a2 and a3 dropped by the exclusions; a1 (last contact by the bot, no person), a4 and a5 contained: 3 / 3.
        Assert.Equal("n=3 value=1.000000 immature=0 funnel=[1,1]", await Describe(Definitions.Old, "containment_rate", "contain", February));
        // New (v4): every eligible journey counts; contained = one contact, no person, resolved: a4 and a5 of 5.
        Assert.Equal("n=5 value=0.400000 immature=0 funnel=[]", await Describe(Definitions.New, "containment_rate", "contain", February));
    }

    [Fact]
    public async Task Safe_automation_requires_no_policy_violation_and_no_near_miss()
    {
        BotJourneys();

        // Old (v1): bot, no person, no rage quit, no forced termination: a1 (came back), a4, a5 (near miss): 3 / 5.
        Assert.Equal("n=5 value=0.600000 immature=0 funnel=[]", await Describe(Definitions.Old, "safe_automation_rate", "contain", February));
        // New (v2): contained and no policy incident: a4 only: 1 / 5.
        Assert.Equal("n=5 value=0.200000 immature=0 funnel=[]", await Describe(Definitions.New, "safe_automation_rate", "contain", February));
    }

    /// <summary>Five bot journeys of eligible order_status questions in February (tenant "contain").</summary>
    private void BotJourneys()
    {
        // a1: bot, resolved, and the customer comes back to the bot two days later (bot, resolved): one journey of two contacts.
        Contact(101, "contain", "a1", "order_status", Utc(2026, 2, 2, 10));
        Contact(102, "contain", "a1", "order_status", Utc(2026, 2, 4, 10));
        // a2 rage-quits, a3 is force-terminated (both bot-only), a4 is resolved by the bot at once.
        Contact(111, "contain", "a2", "order_status", Utc(2026, 2, 5, 10), endReason: "rage_quit");
        Contact(121, "contain", "a3", "order_status", Utc(2026, 2, 6, 10), endReason: "forced_termination");
        Contact(131, "contain", "a4", "order_status", Utc(2026, 2, 7, 10));
        // a5: resolved by the bot at once, with a policy near miss in the conversation.
        Contact(141, "contain", "a5", "order_status", Utc(2026, 2, 8, 10));
        PolicyEvent(141, "near_miss", Utc(2026, 2, 8, 10, 2));
    }

    [Fact]
    public async Task Silent_failure_counts_a_linked_complaint_within_seven_days_without_recontact()
    {
        // b1: declared resolved, one contact, a complaint linked to it 5 days later.
        Contact(201, "silent", "b1", "billing_question", Utc(2026, 2, 3, 10), handledBy: "agent", declared: "resolved");
        SystemEvent(2001, "b1", 201, "complaint", Utc(2026, 2, 8, 10));
        // b2: the same, the complaint 8 days after the contact started (outside [start, start + 7 days]).
        Contact(211, "silent", "b2", "billing_question", Utc(2026, 2, 3, 10), handledBy: "agent", declared: "resolved");
        SystemEvent(2011, "b2", 211, "complaint", Utc(2026, 2, 11, 10));
        // b3: declared resolved, and the customer comes back two days later.
        Contact(221, "silent", "b3", "billing_question", Utc(2026, 2, 3, 10), handledBy: "agent", declared: "resolved");
        Contact(222, "silent", "b3", "billing_question", Utc(2026, 2, 5, 10), handledBy: "agent");
        // b4: cancel_subscription declared resolved and the account closed the next day: the goal, not a contradiction.
        Contact(231, "silent", "b4", "cancel_subscription", Utc(2026, 2, 3, 10), handledBy: "agent", declared: "resolved");
        SystemEvent(2031, "b4", 231, "account_closed", Utc(2026, 2, 4, 10));

        // Old (v1): contacts > 1 only: b3 of 4.
        Assert.Equal("n=4 value=0.250000 immature=0 funnel=[]", await Describe(Definitions.Old, "silent_failure_rate", "silent", February));
        // New (v2): contacts > 1 or contradicted: b3 and b1 of 4 (mature: 3 Feb + 14 days + 7 days of look-ahead ≤ watermark).
        Assert.Equal("n=4 value=0.500000 immature=0 funnel=[]", await Describe(Definitions.New, "silent_failure_rate", "silent", February));
    }

    [Fact]
    public async Task A_contradiction_counts_up_to_seven_days_after_the_contact_and_is_waited_for()
    {
        // b5: complaint exactly 7 days after the contact started (counts: [start, start + 7 days] is closed); b6: 1 s later.
        Contact(241, "lookahead", "b5", "billing_question", Utc(2026, 2, 3, 10), handledBy: "agent", declared: "resolved");
        SystemEvent(2041, "b5", 241, "complaint", Utc(2026, 2, 10, 10));
        Contact(251, "lookahead", "b6", "billing_question", Utc(2026, 2, 3, 10), handledBy: "agent", declared: "resolved");
        SystemEvent(2051, "b6", 251, "dispute_filed", Utc(2026, 2, 10, 10, 0, 1));
        // b7 starts 15 March: its horizon has passed at the watermark (29 March), the contradiction window of its last contact
        // not (5 April): final for recontact, not yet for silent failure.
        Contact(261, "lookahead", "b7", "billing_question", Utc(2026, 3, 15), handledBy: "agent", declared: "resolved");

        Assert.Equal("n=2 value=0.500000 immature=0 funnel=[]", await Describe(Definitions.New, "silent_failure_rate", "lookahead", February));
        Assert.Equal("n=0 value= immature=1 funnel=[]", await Describe(Definitions.New, "silent_failure_rate", "lookahead", March));
        Assert.Equal("n=1 value=0.000000 immature=0 funnel=[]", await Describe(Definitions.New, "recontact_rate", "lookahead", March));

        // The independent oracle (grouped by intent; this scenario is the only data) agrees on both boundaries.
        var oracle = Oracle.OracleQuery.Load("silent_failure_rate");
        var february = Assert.Single(oracle.Run(_connection, Oracle.OraclePeriod.Utc(new LocalDate(2026, 2, 1), new LocalDate(2026, 3, 1))));
        Assert.Equal((2L, 1.0, 0L), (february.N, february.Numerator!.Value, february.Immature!.Value));
        var march = Assert.Single(oracle.Run(_connection, Oracle.OraclePeriod.Utc(new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 1))));
        Assert.Equal((0L, 1L), (march.N, march.Immature!.Value));
    }

    [Fact]
    public async Task Resolution_accuracy_is_confirmed_only_by_the_intents_own_event_linked_to_the_contact_or_intent()
    {
        // c1: order_status; an order_shipped of the customer the next day, linked to no contact.
        Contact(301, "accuracy", "c1", "order_status", Utc(2026, 2, 2, 10), declared: "resolved");
        SystemEvent(3001, "c1", null, "order_shipped", Utc(2026, 2, 3, 10));
        // c2: order_status; a payment_received linked to the contact (another intent's event type).
        Contact(311, "accuracy", "c2", "order_status", Utc(2026, 2, 2, 10), declared: "resolved");
        SystemEvent(3011, "c2", 311, "payment_received", Utc(2026, 2, 3, 10));
        // c3: refund_request, first unresolved (1 Feb), then declared resolved (4 Feb); the refund is linked to the earlier contact.
        Contact(320, "accuracy", "c3", "refund_request", Utc(2026, 2, 1, 10), declared: "unresolved");
        Contact(321, "accuracy", "c3", "refund_request", Utc(2026, 2, 4, 10), declared: "resolved");
        SystemEvent(3021, "c3", 320, "refund_issued", Utc(2026, 2, 5, 10));
        // c4: cancel_subscription; account_closed linked to the contact the next day.
        Contact(331, "accuracy", "c4", "cancel_subscription", Utc(2026, 2, 2, 10), declared: "resolved");
        SystemEvent(3031, "c4", 331, "account_closed", Utc(2026, 2, 3, 10));
        // c5: plan_change (no business system records it); a ticket_closed linked to it the next day.
        Contact(341, "accuracy", "c5", "plan_change", Utc(2026, 2, 2, 10), declared: "resolved");
        SystemEvent(3041, "c5", 341, "ticket_closed", Utc(2026, 2, 3, 10));

        // Old (v1): any order_shipped/payment_received/ticket_closed/refund_issued of the customer within 3 days after the
        // contact ended: c1, c2, c3, c5 confirmed; c4 not (account_closed was not listed): 4 / 5.
        Assert.Equal("n=5 value=0.800000 immature=0 funnel=[]", await Describe(Definitions.Old, "resolution_accuracy", "accuracy", February));
        // New (v2): plan_change excluded by name; c1 (unlinked) and c2 (payment_received is not order_status's event) not
        // confirmed; c3 (linked to a contact of the same customer and intent) and c4 (account_closed) confirmed: 2 / 4.
        Assert.Equal("n=4 value=0.500000 immature=0 funnel=[1]", await Describe(Definitions.New, "resolution_accuracy", "accuracy", February));
    }

    [Fact]
    public async Task Sla_adherence_holds_bot_flows_to_their_first_response()
    {
        // A slow bot (5 s to first response), a person within 60 s, a fast bot (0.8 s), and a bot-to-agent contact whose bot
        // part answered in 3 s and whose queue wait was 30 s.
        Contact(401, "sla", "d1", "order_status", Utc(2026, 2, 2, 10), firstResponseMs: 5000);
        Contact(411, "sla", "d2", "order_status", Utc(2026, 2, 2, 11), handledBy: "agent", waitSeconds: 60);
        Contact(421, "sla", "d3", "order_status", Utc(2026, 2, 2, 12), firstResponseMs: 800);
        Contact(431, "sla", "d4", "order_status", Utc(2026, 2, 2, 13), handledBy: "bot_to_agent", firstResponseMs: 3000, waitSeconds: 30);

        // Old (v2): contacts that reached a person, wait ≤ 120 s: 411 and 431, both within: 2 / 2.
        Assert.Equal("n=2 value=1.000000 immature=0 funnel=[0]", await Describe(Definitions.Old, "sla_adherence", "sla", February));
        // New (v3): every live contact; within: 411 (wait) and 421 (bot first response); 401 and 431 miss the bot's 2 s: 2 / 4.
        Assert.Equal("n=4 value=0.500000 immature=0 funnel=[0]", await Describe(Definitions.New, "sla_adherence", "sla", February));
    }

    [Fact]
    public async Task Cost_per_resolved_intent_takes_cost_and_resolutions_from_the_same_mature_journeys()
    {
        // March, watermark 1 April: a journey is mature when it started by 18 March.
        // e1: bot, resolved, 120 s: 2 × 0.10 + 0.05 = 0.25. e2: bot, abandoned, 60 s: 0.10 + 0.05 = 0.15.
        Contact(501, "cost", "e1", "order_status", Utc(2026, 3, 2, 10), handleSeconds: 120);
        Contact(511, "cost", "e2", "order_status", Utc(2026, 3, 3, 10), handleSeconds: 60, endReason: "abandoned");
        // e3: agent, resolved, 600 s: 10 × 1.00 + 0.50 = 10.50, but the journey started 25 March: not mature yet.
        Contact(521, "cost", "e3", "billing_question", Utc(2026, 3, 25, 10), handledBy: "agent", handleSeconds: 600);

        // Old (v1, derived total_cost / resolved_intents): every March contact's cost, 0.25 + 0.15 + 10.50 = 10.90, over the one
        // mature resolved journey (e1): 10.90 — the immature journey's cost inflates the month.
        Assert.Equal("n=1 value=10.900000 immature=1 funnel=[]", await Describe(Definitions.Old, "cost_to_serve_per_resolved_intent", "cost", March));
        // New (v2, ratio over journeys): the mature journeys e1 and e2 cost 0.40, one of them resolved: 0.40; e3 immature.
        Assert.Equal("n=2 value=0.400000 immature=1 funnel=[]", await Describe(Definitions.New, "cost_to_serve_per_resolved_intent", "cost", March));
    }

    [Fact]
    public async Task Maturity_is_decided_from_the_journey_start_and_the_journey_is_read_over_its_horizon()
    {
        // f1: contacts on 10, 16, 22 and 27 March (gaps of 5–6 days: one run). Its start + 14 days = 24 March ≤ watermark: mature,
        // and its view holds the first three contacts (27 March is not before 24 March). The old rule (last contact + 7 days =
        // 3 April > watermark) held it back as immature, whatever its start.
        // f2: one contact on 20 March: start + 14 days = 3 April > watermark: immature. The old rule (20 + 7 = 27 March) counted
        // it as mature — only journeys that ended quickly were mature in the final weeks.
        foreach (var (id, day) in new[] { (601L, 10), (602L, 16), (603L, 22), (604L, 27) })
        {
            Contact(id, "mature", "f1", "order_status", Utc(2026, 3, day));
            Turns(id, customer: 1, bot: 1);
        }

        Contact(611, "mature", "f2", "order_status", Utc(2026, 3, 20));
        Turns(611, customer: 1, bot: 1);

        // Preconditions of the old rule, on the data: f1's last contact + 7 days is after the watermark, f2's is not.
        Assert.True(Utc(2026, 3, 27).AddDays(7) > Watermark && Utc(2026, 3, 20).AddDays(7) <= Watermark);

        // New: f1 counted (three contacts in its view: a recontact), f2 immature. Old rule: f1 immature, f2 counted (value 0).
        Assert.Equal("n=1 value=1.000000 immature=1 funnel=[]", await Describe(Definitions.New, "recontact_rate", "mature", March));
        // The view: f1's effort is its first three contacts' customer turns (3), not the fourth one's after the horizon.
        Assert.Equal("n=1 value=3.000000 immature=1 funnel=[]", await Describe(Definitions.New, "ai_customer_effort", "mature", March));
    }

    [Fact]
    public async Task A_gap_of_exactly_seven_days_continues_the_journey_and_one_second_more_starts_a_new_one()
    {
        Contact(701, "gap", "g1", "order_status", Utc(2026, 2, 2, 10));
        Contact(702, "gap", "g1", "order_status", Utc(2026, 2, 9, 10));
        Contact(711, "gap", "g2", "order_status", Utc(2026, 2, 2, 10));
        Contact(712, "gap", "g2", "order_status", Utc(2026, 2, 9, 10, 0, 1));

        // g1: one journey of two contacts; g2: two journeys of one contact. Recontact 1 / 3 under both definitions (the
        // stitching rule did not change).
        foreach (var definitions in new[] { Definitions.Old, Definitions.New })
        {
            Assert.Equal("n=3 value=0.333333 immature=0 funnel=[]", await Describe(definitions, "recontact_rate", "gap", February));
        }
    }

    [Fact]
    public async Task Ties_on_started_at_are_ordered_by_interaction_id()
    {
        // Two contacts of one identity at the same instant, the agent's inserted first but with the higher id: the bot's
        // contact (801) is the journey's first, the agent's (802) its last.
        Contact(802, "tie", "h1", "order_status", Utc(2026, 2, 10, 10), handledBy: "agent", declared: "resolved");
        Contact(801, "tie", "h1", "order_status", Utc(2026, 2, 10, 10), declared: "unresolved");

        var rows = await Rows(Definitions.New, "recontact_rate", February, "tenant", "first_handled_by");
        var cell = Assert.Single(rows, r => (string?)r.Dimensions[0] == "tie");
        Assert.Equal("bot", cell.Dimensions[1]);
        Assert.Equal("n=1 value=1.000000 immature=0 funnel=[]", Format(cell.Metrics["recontact_rate"]));
        // First declared outcome is the bot contact's (unresolved): not in silent failure's denominator at all.
        Assert.DoesNotContain(await Rows(Definitions.New, "silent_failure_rate", February, "tenant"), r => (string?)r.Dimensions[0] == "tie");
        // The last contact (the agent's) was resolved: a resolved journey.
        Assert.Equal("n=1 value=1.000000 immature=0 funnel=[]", await Describe(Definitions.New, "resolved_intents", "tie", February));
    }

    [Fact]
    public async Task Self_service_completion_time_runs_from_the_first_automated_contact_to_the_journeys_resolution()
    {
        // p1: bot 2 Feb 10:00–10:05 (resolved), the customer comes back: bot 3 Feb 10:00–10:04 (resolved).
        Contact(901, "selfservice", "p1", "order_status", Utc(2026, 2, 2, 10), handleSeconds: 300);
        Contact(902, "selfservice", "p1", "order_status", Utc(2026, 2, 3, 10), handleSeconds: 240);
        // p2: bot 5 Feb 10:00–10:03, resolved at once.
        Contact(911, "selfservice", "p2", "order_status", Utc(2026, 2, 5, 10), handleSeconds: 180);

        // Old (v1): mean handle time of resolved bot contacts, (300 + 240 + 180) / 3 = 240 s: the return trip is invisible.
        Assert.Equal("n=3 value=240.000000 immature=0 funnel=[0]", await Describe(Definitions.Old, "self_service_completion_time", "selfservice", February));
        // New (v2): per journey, first start to last end: p1 86 400 + 240 = 86 640 s, p2 180 s; mean 43 410 s.
        Assert.Equal("n=2 value=43410.000000 immature=0 funnel=[0]", await Describe(Definitions.New, "self_service_completion_time", "selfservice", February));
    }

    [Fact]
    public async Task Ai_flow_effort_counts_the_customer_turns_of_every_contact_of_the_journey()
    {
        // k1: bot first (3 customer turns), handed back two days later to an agent (2 customer turns): 5 steps.
        Contact(1001, "effort", "k1", "order_status", Utc(2026, 2, 2, 10), endReason: "abandoned");
        Turns(1001, customer: 3, bot: 2);
        Contact(1002, "effort", "k1", "order_status", Utc(2026, 2, 4, 10), handledBy: "agent");
        Turns(1002, customer: 2, agent: 2);
        // k2: bot, one customer turn. k3: agent-first (4 customer turns): not an AI flow.
        Contact(1011, "effort", "k2", "order_status", Utc(2026, 2, 5, 10));
        Turns(1011, customer: 1, bot: 1);
        Contact(1021, "effort", "k3", "billing_question", Utc(2026, 2, 5, 10), handledBy: "agent");
        Turns(1021, customer: 4, agent: 4);

        // New (v1): (5 + 1) / 2 = 3 customer turns per bot-started journey. The old catalog had no AI-flow effort at all
        // (only the CES survey), so the recontact's steps were counted nowhere.
        Assert.False(OldCatalog.Value.Metrics.ContainsKey("ai_customer_effort"));
        Assert.Equal("n=2 value=3.000000 immature=0 funnel=[]", await Describe(Definitions.New, "ai_customer_effort", "effort", February));
    }

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }

    private static MetricCatalog Unsuppressed(MetricCatalog catalog) => catalog with
    {
        Metrics = catalog.Metrics.ToImmutableSortedDictionary(
            m => m.Key,
            m => m.Value with { Segmentation = m.Value.Segmentation with { MinCellSize = 1 } },
            catalog.Metrics.KeyComparer),
    };

    private static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);

    private static string Format(MetricValue value) => string.Create(
        CultureInfo.InvariantCulture,
        $"n={value.N} value={value.Value:F6} immature={value.Immature} funnel=[{string.Join(",", value.Funnel.Select(f => f.Units))}]");

    /// <summary>The single cell of <paramref name="tenant"/> (grouped by the metric's required dimensions and tenant).</summary>
    private async Task<string> Describe(Definitions definitions, string metric, string tenant, TimeWindow window)
    {
        var catalog = definitions == Definitions.Old ? OldCatalog.Value : NewCatalog.Value;
        string[] groupBy = [.. catalog.Metrics[metric].Segmentation.Required, "tenant"];
        var rows = await Rows(definitions, metric, window, groupBy);
        return Format(Assert.Single(rows, r => (string?)r.Dimensions[^1] == tenant).Metrics[metric]);
    }

    private async Task<IReadOnlyList<ResultRow>> Rows(Definitions definitions, string metric, TimeWindow window, params string[] groupBy)
    {
        var catalog = definitions == Definitions.Old ? OldCatalog.Value : NewCatalog.Value;
        var executor = new MetricQueryExecutor(catalog, new DuckDbSqlEngine(_database));
        var result = await executor.ExecuteAsync(new MetricQuery
        {
            Metrics = [metric],
            GroupBy = [.. groupBy],
            Time = window,
            Caller = Caller.WithRole("cx_analyst"),
        });
        return result.Rows;
    }

    /// <summary>One chat contact (simple, eligible intent, support stage); it ends <paramref name="handleSeconds"/> after it starts.</summary>
    private void Contact(
        long id, string tenant, string customer, string intent, DateTime started, string handledBy = "bot", string endReason = "resolved",
        string? declared = null, int handleSeconds = 300, int waitSeconds = 0, int? firstResponseMs = null)
    {
        if (_customers.Add(customer))
        {
            _connection.ExecuteNonQuery(
                "INSERT INTO customers (customer_id, tenant_id, segment, region, tenure_band, customer_since) VALUES ($1, $2, 'consumer', 'emea', '1_3y', TIMESTAMPTZ '2025-01-01 00:00:00+00')",
                customer, tenant);
        }

        _connection.ExecuteNonQuery(
            """
            INSERT INTO interactions (interaction_id, customer_id, tenant_id, channel, queue, started_at, ended_at, intent_predicted,
                intent_confirmed, intent_complexity, eligible_for_automation, handled_by, agent_id, bot_release, end_reason,
                declared_outcome, handle_seconds, wait_seconds, first_response_ms, journey_stage, proactive)
            VALUES ($1, $2, $3, 'chat', 'orders', $4, $5, $6, NULL, 'simple', true, $7, NULL,
                CASE WHEN $7 = 'agent' THEN NULL ELSE 'r1' END, $8, $9, $10, $11, $12, 'support', false)
            """,
            id, customer, tenant, started, started.AddSeconds(handleSeconds), intent, handledBy, endReason, declared, handleSeconds, waitSeconds, firstResponseMs);
    }

    private void SystemEvent(long id, string customer, long? linkedContact, string type, DateTime at) =>
        _connection.ExecuteNonQuery(
            "INSERT INTO system_events (event_id, customer_id, interaction_id, event_type, occurred_at) VALUES ($1, $2, $3, $4, $5)",
            id, customer, linkedContact, type, at);

    private void PolicyEvent(long contact, string severity, DateTime at) =>
        _connection.ExecuteNonQuery(
            "INSERT INTO policy_events (interaction_id, policy_event_seq, policy, severity, human_override, occurred_at) VALUES ($1, 1, 'refund_limit', $2, false, $3)",
            contact, severity, at);

    /// <summary>Turns of a contact: the customer's first, then the bot's, then the agent's, a minute apart.</summary>
    private void Turns(long contact, int customer, int bot = 0, int agent = 0)
    {
        var actors = Enumerable.Repeat("customer", customer).Concat(Enumerable.Repeat("bot", bot)).Concat(Enumerable.Repeat("agent", agent));
        var started = _connection.ExecuteScalar<DateTime>("SELECT started_at FROM interactions WHERE interaction_id = $1", contact);
        foreach (var (actor, seq) in actors.Select((a, i) => (a, i)))
        {
            _connection.ExecuteNonQuery(
                "INSERT INTO turns (interaction_id, turn_seq, actor, occurred_at, latency_ms) VALUES ($1, $2, $3, $4, $5)",
                contact, (short)seq, actor, started.AddMinutes(seq), actor == "customer" ? (int?)null : 900);
        }
    }
}
