using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Schema;

namespace CxSemantic.Warehouse.Tests.Demo;

public class DeterminismTests
{
    private static readonly string[] CheckedTables = ["customers", "interactions", "turns", "evaluations", "system_events", "crm_writes", "human_labels"];

    [Fact]
    public void Same_seed_gives_the_same_rows_whatever_the_parallelism_or_entry_point()
    {
        var options = new DemoOptions { Interactions = 6_000, Seed = 7, BlockSize = 1_000 };
        var single = Fingerprint(options with { Parallelism = 1 }, useConnection: false);
        var parallel = Fingerprint(options with { Parallelism = 2 }, useConnection: false);
        var connection = Fingerprint(options, useConnection: true);
        Assert.Equal(single, parallel);
        Assert.Equal(single, connection);
    }

    /// <summary>
    /// Every table of the 1,000-interaction, seed-42 warehouse, row for row as the project's own DuckDB binding wrote it
    /// before DuckDB.NET's appender replaced it (counted and hashed by DuckDB 1.5.6 over both files: a DuckDB upgrade
    /// that changes <c>hash()</c> changes these numbers, not the data). DuckDB.NET writes a value in the width of the
    /// overload called, unchecked against the column, so a value appended with the wrong CLR type shows up here.
    /// The binding wrote ordinals as interaction ids; they are compared as such (the start minute above them is
    /// checked by DemoDataIntegrityTests).
    /// </summary>
    [Fact]
    public void The_appender_writes_exactly_the_rows_the_former_binding_wrote()
    {
        var expected = new Dictionary<string, (long Rows, ulong Checksum)>
        {
            ["agents"] = (24, 2005012324578824385),
            ["cost_rates"] = (15, 283577948196311230),
            ["crm_writes"] = (1287, 12481563259634640674),
            ["customers"] = (313, 5015518362980918013),
            ["evaluations"] = (7270, 418939460879145265),
            ["handoffs"] = (345, 16660807919208066191),
            ["human_labels"] = (64, 4236614633146359703),
            ["interactions"] = (1000, 598687491096038405),
            ["policy_events"] = (25, 5320640596610447079),
            ["suggestions"] = (629, 7587230229190519140),
            ["surveys"] = (257, 162562279700724018),
            ["system_events"] = (855, 12494947756006424516),
            ["turns"] = (7108, 8362445159879809210),
            ["warehouse_meta"] = (1, 9312683623138134748),
        };
        var actual = Fingerprint(new DemoOptions { Interactions = 1_000, Seed = 42 }, useConnection: false, [.. expected.Keys], idsAsOrdinals: true);
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
    }

    [Fact]
    public void Fact_tables_are_stored_in_time_order_the_same_whatever_the_parallelism()
    {
        var options = new DemoOptions { Interactions = 4_000, Seed = 11, BlockSize = 1_000 };
        var layouts = new[] { 1, 2 }.Select(parallelism =>
        {
            using var database = DuckDbDatabase.Open();
            using var connection = database.Connect();
            DemoWarehouseGenerator.Generate(database, options with { Parallelism = parallelism });
            return TimeOrderedLayout.FactTables.ToImmutableDictionary(
                f => f.Table,
                f =>
                {
                    // Rows whose time is earlier than the row stored before them; and the rows' hashes in storage order.
                    var row = connection.QueryRows(
                        $"SELECT count(*) FILTER (WHERE t < previous), count(*), hash(string_agg(CAST(h AS VARCHAR), ',' ORDER BY r)) FROM " +
                        $"(SELECT rowid AS r, hash(x) AS h, {f.TimeColumn} AS t, lag({f.TimeColumn}) OVER (ORDER BY rowid) AS previous FROM {f.Table} x)")[0];
                    Assert.Equal(0L, Convert.ToInt64(row[0], CultureInfo.InvariantCulture));
                    Assert.True(Convert.ToInt64(row[1], CultureInfo.InvariantCulture) > 0, f.Table);
                    return Convert.ToUInt64(row[2], CultureInfo.InvariantCulture);
                });
        }).ToArray();
        Assert.Equal(layouts[0].OrderBy(l => l.Key), layouts[1].OrderBy(l => l.Key));

        // Without the layout the rows stay as the workers appended them: customer by customer.
        using var unordered = DuckDbDatabase.Open();
        using var raw = unordered.Connect();
        DemoWarehouseGenerator.Generate(unordered, options with { TimeOrdered = false });
        Assert.True(Convert.ToInt64(raw.QueryRows("SELECT count(*) FROM (SELECT started_at < lag(started_at) OVER (ORDER BY rowid) AS back FROM interactions) WHERE back")[0][0], CultureInfo.InvariantCulture) > 100);
    }

    [Fact]
    public void A_rewrite_in_time_ranges_keeps_every_row_and_an_interrupted_one_is_undone_first()
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        DemoWarehouseGenerator.Generate(database, new DemoOptions { Interactions = 3_000, Seed = 5, TimeOrdered = false });
        var before = connection.QueryRows("SELECT count(*), bit_xor(hash(x)) FROM turns x")[0];

        // Interrupted: the rows moved aside, the new table created and partly filled, then the process died.
        connection.Execute("ALTER TABLE turns RENAME TO turns__unordered");
        connection.Execute("CREATE TABLE turns AS SELECT * FROM turns__unordered LIMIT 10");

        // 5 columns, 2,000 values a range: turns go back in more than ten ranges of time, each sorted.
        var rows = WarehouseSchema.RewriteInOrder(connection, "turns", "occurred_at", valuesPerChunk: 2_000);
        Assert.Equal(Convert.ToInt64(before[0], CultureInfo.InvariantCulture), rows);
        Assert.Equal(before, connection.QueryRows("SELECT count(*), bit_xor(hash(x)) FROM turns x")[0]);
        Assert.Equal(0L, connection.QueryRows("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'turns__unordered'")[0][0]);
        Assert.Equal(0L, connection.QueryRows(
            "SELECT count(*) FROM (SELECT (occurred_at, interaction_id, turn_seq) < lag((occurred_at, interaction_id, turn_seq)) OVER (ORDER BY rowid) AS back FROM turns) WHERE back")[0][0]);
    }

    [Fact]
    public void A_different_seed_gives_different_rows()
    {
        var a = Fingerprint(new DemoOptions { Interactions = 3_000, Seed = 1 }, useConnection: false);
        var b = Fingerprint(new DemoOptions { Interactions = 3_000, Seed = 2 }, useConnection: false);
        foreach (var table in CheckedTables)
        {
            Assert.NotEqual(a[table].Checksum, b[table].Checksum);
        }
    }

    [Fact]
    public void Rows_per_table_scale_linearly_with_interactions()
    {
        var small = Generate(new DemoOptions { Interactions = 5_000, Seed = 3 });
        var large = Generate(new DemoOptions { Interactions = 20_000, Seed = 3 });
        foreach (var table in new[] { "customers", "interactions", "turns", "handoffs", "evaluations", "surveys", "system_events", "suggestions", "crm_writes" })
        {
            Assert.InRange((double)large.RowsPerTable[table] / small.RowsPerTable[table], 3.6, 4.4);
        }

        static GenerationSummary Generate(DemoOptions options)
        {
            using var database = DuckDbDatabase.Open();
            return DemoWarehouseGenerator.Generate(database, options);
        }
    }

    [Fact]
    public void Options_are_validated_and_cancellation_stops_generation()
    {
        using var database = DuckDbDatabase.Open();
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoWarehouseGenerator.Generate(database, new DemoOptions { Interactions = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoWarehouseGenerator.Generate(database, new DemoOptions { Interactions = DemoOptions.MaxInteractions + 1 }));

        // Interaction ids hold the start minute above 28 bits of ordinal, below 2^53: 2^25 minutes, about 63 years.
        var tooLong = Assert.Throws<ArgumentException>(() => DemoWarehouseGenerator.Generate(database, new DemoOptions { From = new(1960, 1, 1), To = new(2026, 6, 30) }));
        Assert.StartsWith("The data range 1960-01-01..2026-06-30 is longer than interaction ids have room for (63 years).", tooLong.Message, StringComparison.Ordinal);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var other = DuckDbDatabase.Open();
        Assert.ThrowsAny<OperationCanceledException>(() => DemoWarehouseGenerator.Generate(other, new DemoOptions { Interactions = 1_000 }, null, cancelled.Token));
    }

    [Fact]
    public void Progress_reaches_the_total()
    {
        using var database = DuckDbDatabase.Open();
        var reports = new List<GenerationProgress>();
        var progress = new SynchronousProgress(reports);
        DemoWarehouseGenerator.Generate(database, new DemoOptions { Interactions = 2_500, BlockSize = 1_000 }, progress);
        Assert.Equal(3, reports.Count);
        Assert.Equal(2_500, reports.Max(r => r.InteractionsWritten));
        Assert.All(reports, r => Assert.Equal(2_500, r.InteractionsTotal));
    }

    private static ImmutableDictionary<string, (long Rows, ulong Checksum)> Fingerprint(DemoOptions options, bool useConnection, string[]? tables = null, bool idsAsOrdinals = false)
    {
        const long OrdinalMask = (1L << 28) - 1;
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        if (useConnection)
        {
            DemoWarehouseGenerator.Generate(connection, options);
        }
        else
        {
            DemoWarehouseGenerator.Generate(database, options);
        }

        return (tables ?? CheckedTables).ToImmutableDictionary(
            t => t,
            t =>
            {
                var hasId = idsAsOrdinals && connection.QueryRows($"SELECT 1 FROM information_schema.columns WHERE table_name = '{t}' AND column_name = 'interaction_id'").Count > 0;
                var rows = hasId ? $"(SELECT * REPLACE (interaction_id & {OrdinalMask} AS interaction_id) FROM {t})" : t;
                var row = connection.QueryRows($"SELECT count(*), bit_xor(hash(x)) FROM {rows} x")[0];
                return (Convert.ToInt64(row[0]), Convert.ToUInt64(row[1]));
            });
    }

    private sealed class SynchronousProgress(List<GenerationProgress> reports) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
