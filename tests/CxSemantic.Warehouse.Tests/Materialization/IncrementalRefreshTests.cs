using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Compiler.Sql;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Materialization;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.Warehouse.Tests.Materialization;

/// <summary>
/// Incremental refresh equals a full rebuild. A demo warehouse is kept whole in schema <c>whole</c>; the served tables
/// start with the rows that had arrived by a cut-off (its watermark), the journeys are materialized, and then random
/// chunks of the rest arrive in time order — each moving the watermark, some also bringing held-back rows from before
/// it (late data) — with a refresh after each. After every refresh the table equals the journeys rebuilt from scratch.
/// </summary>
public sealed class IncrementalRefreshTests : IDisposable
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(8).WithQuietOnSuccess(true);

    private static readonly DateTime DataStart = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Tables whose rows arrive over time, parents first; each with the instant a row arrives.</summary>
    private static readonly ImmutableArray<string> Children = ["turns", "handoffs", "evaluations", "human_labels", "surveys", "suggestions", "policy_events", "crm_writes"];

    private readonly CxSemantic.Warehouse.DuckDb.DuckDbDatabase _database = DemoWarehouse.Generate(new DemoOptions { Interactions = 3_000, Seed = 11 });
    private readonly DuckDbSqlEngine _engine;
    private readonly MaterializedWarehouse _warehouse;
    private readonly List<RefreshMode> _modes = [];

    public IncrementalRefreshTests()
    {
        _engine = new DuckDbSqlEngine(_database);
        _warehouse = new MaterializedWarehouse(_engine, _engine);
        Run(["CREATE SCHEMA whole", .. Children.Append("interactions").Append("system_events").Select(t => $"CREATE TABLE whole.{t} AS SELECT * FROM {t}")]);
    }

    /// <summary>A chunk of arrivals: hours of data, and whether held-back older rows arrive with it.</summary>
    public sealed record Chunk(int Hours, bool Late);

    private static readonly Gen<Chunk> ChunkGen =
        from hours in Gen.Choose(1, 24 * 12)
        from late in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Chunk(hours, late);

    [Fact]
    public void Incremental_refresh_after_random_appends_equals_a_full_rebuild()
    {
        var schedules = from cutDay in Gen.Choose(20, 150)
                        from chunks in Gen.ListOf(ChunkGen).Where(c => c.Count is > 0 and <= 4)
                        select (cutDay, chunks.ToArray());
        Prop.ForAll(Arb.From(schedules), schedule =>
        {
            var (cutDay, chunks) = schedule;
            var watermark = DataStart.AddDays(cutDay);
            Reset(watermark);
            Assert.Equal(RefreshMode.Full, Refresh());
            AssertEqualsRebuild();
            for (var i = 0; i < chunks.Length; i++)
            {
                var next = watermark.AddHours(chunks[i].Hours);
                Append(watermark, next, chunks[i].Late, $"chunk-{i}");
                var mode = Refresh();
                _modes.Add(mode);
                AssertEqualsRebuild();
                watermark = next;
            }
        }).Check(Runs);

        // Not vacuous: most refreshes were incremental, and late data was seen and rebuilt.
        Assert.Contains(RefreshMode.Incremental, _modes);
    }

    [Fact]
    public void Late_rows_before_the_watermark_force_a_full_rebuild_that_equals_the_stitching()
    {
        var watermark = DataStart.AddDays(60);
        Reset(watermark);
        Assert.Equal(RefreshMode.Full, Refresh());
        Append(watermark, watermark.AddDays(2), late: false, "day");
        Assert.Equal(RefreshMode.Incremental, Refresh());
        AssertEqualsRebuild();
        Append(watermark.AddDays(2), watermark.AddDays(3), late: true, "late");
        Assert.Equal(RefreshMode.Full, Refresh());
        AssertEqualsRebuild();
    }

    [Fact]
    public void The_re_stitch_reads_the_contacts_from_a_constant_bound_the_scan_filters_by()
    {
        var watermark = DataStart.AddDays(60);
        Reset(watermark);
        Assert.Equal(RefreshMode.Full, Refresh());
        Append(watermark, watermark.AddDays(1), late: false, "day");
        var intent = _warehouse.Intent;
        var collect = intent.CollectChanges(intent.TableName, At(watermark));
        Execute(collect);

        // System events count only within 7 days of their contact, so new ones touch contacts from W − 7 days on,
        // and the scan of the contacts says so; turns (no window) may point at any contact.
        var byEvents = Assert.Single(collect, s => s.Text.Contains("JOIN \"system_events\" \"r\"", StringComparison.Ordinal));
        Assert.Contains(ScanFilters(byEvents, ".interactions"), f => f.Contains("started_at>=" + Literal(At(watermark) - NodaTime.Duration.FromDays(7)), StringComparison.Ordinal));
        var byTurns = Assert.Single(collect, s => s.Text.Contains("JOIN \"turns\" \"r\"", StringComparison.Ordinal));
        Assert.DoesNotContain(ScanFilters(byTurns, ".interactions"), f => f.Contains("started_at>=", StringComparison.Ordinal));
        var earliest = MaterializationRegistry.ToInstant(Query(intent.EarliestChange(intent.TableName))[0][0]);

        // A related fact timed after the watermark can touch a contact before it, never one after the new data.
        Assert.InRange(earliest, At(watermark) - NodaTime.Duration.FromDays(8), At(watermark.AddDays(1)));
        var changes = intent.ApplyChanges(intent.TableName, earliest);
        var reStitch = Assert.Single(changes, s => s.Text.StartsWith("INSERT", StringComparison.Ordinal));
        var delete = Assert.Single(changes, s => s.Text.StartsWith("DELETE", StringComparison.Ordinal));

        // DuckDB pushes the bounds into the scans (so row groups before them are skipped by their zone maps): the
        // re-stitch's of the contacts from earliest − H − window, the DELETE's of the journeys from earliest − H.
        var bound = earliest - intent.Journey.Horizon.Duration - intent.Journey.Window.Duration;
        Assert.Contains(ScanFilters(reStitch, ".interactions"), f => f.Contains("started_at>=" + Literal(bound), StringComparison.Ordinal));
        Assert.Contains(ScanFilters(delete, "." + intent.TableName), f => f.Contains("journey_start>=" + Literal(earliest - intent.Journey.Horizon.Duration), StringComparison.Ordinal));

        // System events count within 7 days after their contact, so those of contacts from the bound on are from the
        // bound on too: the re-stitch reads them from there; turns (no window) it reads whole.
        Assert.Contains(ScanFilters(reStitch, ".system_events"), f => f.Contains("occurred_at>=" + Literal(bound), StringComparison.Ordinal));
        Assert.DoesNotContain(ScanFilters(reStitch, ".turns"), f => f.Contains("occurred_at>=", StringComparison.Ordinal));
        Execute(intent.ApplyChanges(intent.TableName, earliestChange: null)); // only drops the scratch tables
    }

    [Fact]
    public void The_journey_table_is_stored_in_start_order_so_start_bounds_skip_storage()
    {
        var watermark = DataStart.AddDays(90);
        Reset(watermark);
        Assert.Equal(RefreshMode.Full, Refresh());
        var table = _warehouse.Intent.TableName;

        // Rows in storage order (rowid) never step back in start; and there are enough of them to say so.
        Assert.True(Scalar($"SELECT count(*) FROM {table}") > 1_000);
        Assert.Equal(0, Scalar($"SELECT count(*) FROM (SELECT journey_start < lag(journey_start) OVER (ORDER BY rowid) AS back FROM {table}) WHERE back"));
    }

    [Fact]
    public void Summed_journey_attributes_are_stored_as_bigint_not_hugeint()
    {
        // DuckDB's SUM of integers is a HUGEINT, and a stored HUGEINT column scans some 30 times slower than a BIGINT.
        Reset(DataStart.AddDays(30));
        Assert.Equal(RefreshMode.Full, Refresh());
        var table = _warehouse.Intent.TableName;
        var types = Query(new SqlText($"SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{table}'", []))
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);

        Assert.Equal("BIGINT", types["human_contacts"]);
        Assert.Equal("BIGINT", types["customer_turns"]);
        Assert.Equal("BIGINT", types["contacts"]);
        Assert.DoesNotContain("HUGEINT", types.Values);
        Assert.Equal(
            Scalar($"SELECT CAST(sum(human_contacts) AS BIGINT) FROM {table}"),
            Scalar($"SELECT count(*) FROM interactions WHERE handled_by IS DISTINCT FROM 'bot' AND started_at < {Instant(DataStart.AddDays(30))}"));
    }

    [Fact]
    public void Each_related_fact_is_read_once_through_the_contacts_own_row_and_equals_hand_written_sql()
    {
        var build = _warehouse.Intent.BuildSelect().Text;

        // contradicted (any, over contradicted_within_7d) and contradicted_within_7d share one subquery, and the
        // subquery's condition on the contact's intent reads the contact's row, not a second scan of the contacts.
        Assert.Equal(1, Occurrences(build, "FROM \"system_events\""));
        Assert.Equal(1, Occurrences(build, "\"interactions\""));
        Assert.Contains("\"c_contradicted\" AS \"c_contradicted_within_7d\"", build, StringComparison.Ordinal);

        var watermark = DataStart.AddDays(150);
        Reset(watermark);
        Assert.Equal(RefreshMode.Full, Refresh());
        var table = _warehouse.Intent.TableName;
        const string contradicting = "(e.event_type IN ('complaint', 'dispute_filed') OR (e.event_type = 'account_closed' AND coalesce(i.intent_confirmed, i.intent_predicted) <> 'cancel_subscription'))";
        var expected = Scalar(
            $"SELECT count(*) FROM {table} j JOIN interactions i ON i.interaction_id = j.journey_pk0 WHERE EXISTS (SELECT 1 FROM system_events e " +
            $"WHERE e.interaction_id = i.interaction_id AND e.occurred_at BETWEEN i.started_at AND i.started_at + INTERVAL 7 DAY AND {contradicting})");
        Assert.True(expected > 0);
        Assert.Equal(expected, Scalar($"SELECT count(*) FROM {table} WHERE contradicted_within_7d = 1"));

        // Over the journey: any contact's.
        var expectedAny = Scalar(
            $"SELECT count(DISTINCT (j.k0, j.k1, j.journey_start)) FROM {table} j JOIN interactions i ON i.customer_id = j.k0 " +
            "AND coalesce(i.intent_confirmed, i.intent_predicted) = j.k1 AND i.started_at BETWEEN j.journey_start AND j.journey_last_at " +
            $"WHERE EXISTS (SELECT 1 FROM system_events e WHERE e.interaction_id = i.interaction_id AND e.occurred_at BETWEEN i.started_at AND i.started_at + INTERVAL 7 DAY AND {contradicting})");
        Assert.True(expectedAny > expected);
        Assert.Equal(expectedAny, Scalar($"SELECT count(*) FROM {table} WHERE contradicted = 1"));
    }

    [Fact]
    public void Row_counts_at_two_watermarks_equal_counting_each_and_read_only_the_rows_since_the_earliest()
    {
        var intent = _warehouse.Intent;
        var turns = Assert.Single(intent.Reads, r => r.Table == "turns");
        var customers = Assert.Single(intent.Reads, r => r.Table == "customers");
        var (early, late) = (DataStart.AddDays(30), DataStart.AddDays(120));
        var count = intent.CountRows(turns, [At(late), At(early)]);
        var counts = Query(count);

        // The one scan reading rows is bounded by the earliest watermark (zone maps skip the rest: the demo stores
        // turns in time order); the others count all rows (occurred_at is NOT NULL, so no scan for NULL times).
        var filters = ScanFilters(count, ".turns");
        Assert.Single(filters, f => f.Contains("occurred_at>=" + Literal(At(early)), StringComparison.Ordinal));
        Assert.All(filters.Where(f => !f.Contains("occurred_at>=", StringComparison.Ordinal)), f => Assert.Equal("", f));
        Assert.Equal(0, Scalar("SELECT count(*) FROM (SELECT occurred_at < lag(occurred_at) OVER (ORDER BY rowid) AS back FROM turns) WHERE back"));
        Assert.Equal(
            [Scalar($"SELECT count(*) FROM turns WHERE occurred_at < {Instant(late)}"), Scalar($"SELECT count(*) FROM turns WHERE occurred_at < {Instant(early)}")],
            counts[0].Select(n => Convert.ToInt64(n, CultureInfo.InvariantCulture)));
        Assert.True(Convert.ToInt64(counts[0][1], CultureInfo.InvariantCulture) > 0);
        Assert.True(Convert.ToInt64(counts[0][0], CultureInfo.InvariantCulture) > Convert.ToInt64(counts[0][1], CultureInfo.InvariantCulture));

        // Untimed tables count whole at every watermark.
        var whole = Scalar("SELECT count(*) FROM customers");
        Assert.Equal([whole, whole], Query(intent.CountRows(customers, [At(late), At(early)]))[0].Select(n => Convert.ToInt64(n, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_refresh_interrupted_after_collecting_the_changes_leaves_scratch_tables_the_next_refresh_replaces()
    {
        var watermark = DataStart.AddDays(40);
        Reset(watermark);
        Assert.Equal(RefreshMode.Full, Refresh());
        var before = Scalar($"SELECT count(*) FROM {_warehouse.Intent.TableName}");
        Append(watermark, watermark.AddDays(3), late: false, "days");

        // The first step ran and committed; the process died before the second.
        Execute(_warehouse.Intent.CollectChanges(_warehouse.Intent.TableName, At(watermark)));
        Assert.Equal(before, Scalar($"SELECT count(*) FROM {_warehouse.Intent.TableName}"));

        Assert.Equal(RefreshMode.Incremental, Refresh());
        AssertEqualsRebuild();
        Assert.Equal(0, Scalar($"SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '{_warehouse.Intent.TableName}_%'"));
    }

    [Fact]
    public void An_incremental_refresh_is_traced_step_by_step_with_each_statement_of_its_transaction_and_the_commit()
    {
        var watermark = DataStart.AddDays(60);
        Reset(watermark);
        Assert.Equal(RefreshMode.Full, Refresh());
        Append(watermark, watermark.AddDays(1), late: false, "day");
        using var root = new System.Diagnostics.Activity("test").Start();
        using var timeline = new RefreshTimeline(root.TraceId);
        Assert.Equal(RefreshMode.Incremental, Refresh());
        var spans = timeline.Take();

        var table = _warehouse.Intent.TableName;
        var refresh = Assert.Single(spans, s => s.Depth == 0);
        Assert.Equal(("refresh journeys", WarehouseTelemetry.RefreshSpan), (refresh.Name, refresh.Kind));
        Assert.Equal(
            ["wait for other refreshes", "CREATE TABLE IF NOT EXISTS cxsem_materializations", "COMMIT", "refresh " + table],
            spans.Where(s => s.Depth == 1).Select(s => s.Name));
        Assert.Equal(
            ["count the rows read", "collect the changed identities", "find the earliest change", "re-stitch the changed journeys", "count the journeys"],
            spans.Where(s => s.Depth == 2).Select(s => s.Name));
        Assert.All(spans.Where(s => s.Depth == 2), s => Assert.Equal(WarehouseTelemetry.StepSpan, s.Kind));
        var tableRefresh = spans.Single(s => s.Kind == WarehouseTelemetry.TableRefreshSpan);

        // The re-stitch's transaction, statement by statement (the summary names the table), then its commit.
        var reStitch = spans.Single(s => s.Name == "re-stitch the changed journeys");
        var inside = spans.Where(s => s.Depth == 3 && s.Started >= reStitch.Started && s.Started <= reStitch.Started + reStitch.Elapsed).ToList();
        string[] expected =
        [
            $"DELETE FROM {table} WHERE journey_start >= ", $"INSERT INTO {table} ", "DROP TABLE ", "DROP TABLE ",
            $"DELETE FROM {MaterializationRegistry.Table} WHERE ", $"INSERT INTO {MaterializationRegistry.Table}", $"UPDATE {MaterializationRegistry.Table} SET row_count =",
        ];
        var statements = inside.Where(s => s.Kind == WarehouseTelemetry.StatementSpan).Select(s => s.Name).ToList();
        Assert.True(
            statements.Count == expected.Length && statements.Zip(expected).All(p => p.First.StartsWith(p.Second, StringComparison.Ordinal)),
            string.Join('\n', statements));
        Assert.Equal(("COMMIT", WarehouseTelemetry.CommitSpan), (inside[^1].Name, inside[^1].Kind));
        Assert.All(inside, s => Assert.False(s.Failed));

        // Nested spans fit in their parents; the steps account for most of the refresh.
        Assert.True(inside.Sum(s => s.Elapsed.Ticks) <= reStitch.Elapsed.Ticks);
        Assert.True(spans.Where(s => s.Depth == 2).Sum(s => s.Elapsed.Ticks) <= tableRefresh.Elapsed.Ticks);
        Assert.Matches(@"^ +\d+\.\d\d s  refresh ", RefreshTimeline.Format(spans).First());
        Assert.Matches(@"^ +\d+\.\d\d s        COMMIT$", RefreshTimeline.Format(spans).Last(l => l.EndsWith("COMMIT", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_watermark_moved_without_new_rows_refreshes_incrementally_and_changes_nothing()
    {
        var watermark = DataStart.AddDays(90);
        Reset(watermark);
        Assert.Equal(RefreshMode.Full, Refresh());
        Run([$"CREATE TABLE before_journeys AS SELECT * FROM {_warehouse.Intent.TableName}"]);
        Append(watermark, watermark, late: false, "nothing");
        Run([$"UPDATE warehouse_meta SET watermark_at = {Instant(watermark.AddHours(6))}, source = 'quiet'"]);

        Assert.Equal(RefreshMode.Incremental, Refresh());
        Assert.Equal(0, Scalar($"SELECT count(*) FROM (SELECT * FROM {_warehouse.Intent.TableName} EXCEPT ALL SELECT * FROM before_journeys)"));
        Assert.Equal(0, Scalar($"SELECT count(*) FROM (SELECT * FROM before_journeys EXCEPT ALL SELECT * FROM {_warehouse.Intent.TableName})"));
        AssertEqualsRebuild();
    }

    private RefreshMode Refresh() => Assert.Single(_warehouse.RefreshAsync().GetAwaiter().GetResult()).Mode;

    /// <summary>The served tables hold the rows arrived before <paramref name="watermark"/>, except those held back.</summary>
    private void Reset(DateTime watermark)
    {
        var statements = new List<string>();
        statements.AddRange(Children.Append("system_events").Append("interactions").Select(t => $"DELETE FROM {t}"));
        statements.Add($"INSERT INTO interactions SELECT * FROM whole.interactions x WHERE NOT {Held("x")} AND x.started_at < {Instant(watermark)}");
        statements.AddRange(Children.Select(t => $"INSERT INTO {t} SELECT * FROM whole.{t} x WHERE NOT {Held("x")} AND {ChildArrival("x")} < {Instant(watermark)}"));
        statements.Add($"INSERT INTO system_events SELECT * FROM whole.system_events x WHERE NOT {Held("x")} AND {EventArrival("x")} < {Instant(watermark)}");
        statements.Add($"UPDATE warehouse_meta SET watermark_at = {Instant(watermark)}, source = 'initial'");
        statements.AddRange(_warehouse.Intent is { } m ? [$"DROP TABLE IF EXISTS {m.TableName}", "DROP TABLE IF EXISTS cxsem_materializations"] : []);
        Run(statements);
    }

    /// <summary>The rows arriving in [from, to) (and with <paramref name="late"/> the held-back rows before <paramref name="to"/>); the watermark moves to <paramref name="to"/>.</summary>
    private void Append(DateTime from, DateTime to, bool late, string source)
    {
        var window = $"BETWEEN {Instant(from)} AND {Instant(to)} - INTERVAL 1 MICROSECOND";
        var statements = new List<string>
        {
            $"INSERT INTO interactions SELECT * FROM whole.interactions x WHERE {Arrives("x", "x.started_at", window, late, to)} AND x.interaction_id NOT IN (SELECT interaction_id FROM interactions)",
        };
        statements.AddRange(Children.Select(t =>
            $"INSERT INTO {t} SELECT * FROM whole.{t} x WHERE {Arrives("x", ChildArrival("x"), window, late, to)} AND x.interaction_id IN (SELECT interaction_id FROM interactions) AND x.interaction_id NOT IN (SELECT interaction_id FROM {t})"));
        statements.Add($"INSERT INTO system_events SELECT * FROM whole.system_events x WHERE {Arrives("x", EventArrival("x"), window, late, to)} AND x.event_id NOT IN (SELECT event_id FROM system_events)");
        statements.Add($"UPDATE warehouse_meta SET watermark_at = {Instant(to)}, source = '{source}'");
        Run(statements);
    }

    private static string Arrives(string alias, string arrival, string window, bool late, DateTime to) =>
        late
            ? $"({arrival} {window} OR ({Held(alias)} AND {arrival} < {Instant(to)}))"
            : $"(NOT {Held(alias)} AND {arrival} {window})";

    /// <summary>One interaction in 40 (and its rows) is held back until a late chunk.</summary>
    private static string Held(string alias) => $"(coalesce({alias}.interaction_id, 1) % 40 = 0)";

    private static string ChildArrival(string alias) => $"(SELECT i.started_at FROM whole.interactions i WHERE i.interaction_id = {alias}.interaction_id)";

    private static string EventArrival(string alias) =>
        $"greatest({alias}.occurred_at, coalesce((SELECT i.started_at FROM whole.interactions i WHERE i.interaction_id = {alias}.interaction_id), {alias}.occurred_at))";

    private static string Instant(DateTime at) => $"TIMESTAMPTZ '{at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}+00'";

    /// <summary>The materialized table holds exactly the rows a rebuild from scratch gives (as a multiset).</summary>
    private void AssertEqualsRebuild()
    {
        var table = _warehouse.Intent.TableName;
        Run(["DROP TABLE IF EXISTS expected_journeys"]);
        _warehouse.Runner.ExecuteAsync([_warehouse.Intent.CreateTable("expected_journeys")], CancellationToken.None).GetAwaiter().GetResult();
        var expected = Scalar("SELECT count(*) FROM expected_journeys");
        Assert.True(expected > 0);
        Assert.Equal(expected, Scalar($"SELECT count(*) FROM {table}"));
        Assert.Equal(0, Scalar($"SELECT count(*) FROM (SELECT * FROM {table} EXCEPT ALL SELECT * FROM expected_journeys)"));
        Assert.Equal(0, Scalar($"SELECT count(*) FROM (SELECT * FROM expected_journeys EXCEPT ALL SELECT * FROM {table})"));
    }

    /// <summary>The filters DuckDB pushed into each scan of <paramref name="tableSuffix"/> when running <paramref name="statement"/>.</summary>
    private List<string> ScanFilters(SqlText statement, string tableSuffix)
    {
        var plan = (string)Query(statement with { Text = "EXPLAIN (FORMAT json) " + statement.Text })[0][1]!;
        return [.. Scans(JsonDocument.Parse(plan, new JsonDocumentOptions { MaxDepth = 256 }).RootElement)
            .Where(n => n.GetProperty("extra_info").TryGetProperty("Table", out var t) && t.GetString()!.EndsWith(tableSuffix, StringComparison.Ordinal))
            .Select(n => n.GetProperty("extra_info").TryGetProperty("Filters", out var f) ? f.ToString() : "")];
    }

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;

    private static string Literal(NodaTime.Instant at) => "'" + at.ToDateTimeUtc().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00'";

    /// <summary>Every table scan of a DuckDB JSON plan.</summary>
    private static IEnumerable<JsonElement> Scans(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            return node.EnumerateArray().SelectMany(Scans);
        }

        var children = node.TryGetProperty("children", out var c) ? Scans(c) : [];
        return node.GetProperty("name").GetString() is "TABLE_SCAN" or "SEQ_SCAN" ? children.Prepend(node) : children;
    }

    private static NodaTime.Instant At(DateTime utc) => NodaTime.Instant.FromDateTimeUtc(utc);

    private IReadOnlyList<object?[]> Query(SqlText sql) => _engine.QueryAsync(sql, CancellationToken.None).GetAwaiter().GetResult();

    private void Execute(ImmutableArray<SqlText> statements) => _engine.ExecuteAsync(statements, CancellationToken.None).GetAwaiter().GetResult();

    private long Scalar(string sql) => Convert.ToInt64(Query(new SqlText(sql, []))[0][0], CultureInfo.InvariantCulture);

    private void Run(IEnumerable<string> statements) => Execute([.. statements.Select(s => new SqlText(s, []))]);

    public void Dispose() => _database.Dispose();
}
