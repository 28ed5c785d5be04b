using CxSemantic.Warehouse.Ingestion;
using CxSemantic.Warehouse.Loading;
using CxSemantic.Warehouse.Schema;
using CxSemantic.Warehouse.Tests.Ingestion;
using Npgsql;

namespace CxSemantic.Warehouse.Tests.PostgreSql;

/// <summary>
/// Ingestion into PostgreSQL validates exactly as into DuckDB (same rows loaded, same reasons on the same lines), is
/// idempotent, and rolls a failed batch back whole.
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlIngestTests(PostgreSqlWarehouseFixture fixture) : IDisposable
{
    private readonly IngestScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Same_files_give_the_same_warehouse_and_quarantine_as_on_duckdb()
    {
        await using var target = await EmptyWarehouseAsync("cxsem_ingest_parity");
        string[] customers =
        [
            "customer_id,tenant_id,segment,region,tenure_band,customer_since",
            "c1,acme,consumer,emea,1_3y,2024-01-01T00:00:00Z", "c2,acme,platinum,amer,under_3m,2025-12-01", "c1,acme,smb,amer,under_3m,2025-12-01",
        ];
        string[] interactions =
        [
            string.Join(',', BadRowTests.InteractionColumns),
            BadRowTests.Interaction(1), BadRowTests.Interaction(2, ("interaction_id", "two")), BadRowTests.Interaction(3, ("channel", "fax")),
            BadRowTests.Interaction(4, ("ended_at", "2026-03-02T09:00:00Z")), BadRowTests.Interaction(1), BadRowTests.Interaction(5, ("customer_id", "c2")),
            BadRowTests.Interaction(6, ("handle_seconds", "-1")), BadRowTests.Interaction(7, ("started_at", "2026-03-01 23:30:00"), ("ended_at", "2026-03-01 23:40:00")),
        ];
        var files = new[] { ("customers", _scratch.Write("customers.csv", customers)), ("interactions", _scratch.Write("interactions.csv", interactions)) };
        var options = new IngestOptions { MaxRejectedShare = 1, Watermark = new DateTime(2026, 3, 3, 0, 0, 0, DateTimeKind.Utc) };
        foreach (var (table, path) in files)
        {
            var onDuck = _scratch.Ingest(table, path, options: options);
            var onPostgres = await PostgreSqlIngestor.IngestAsync(target, table, path, IngestMapping.Identity(table), options);
            Assert.Equal((onDuck.Outcome, onDuck.RowsIn, onDuck.RowsLoaded, onDuck.RowsRejected), (onPostgres.Outcome, onPostgres.RowsIn, onPostgres.RowsLoaded, onPostgres.RowsRejected));
            Assert.Equal(onDuck.RejectedByReason.ToArray(), onPostgres.RejectedByReason.ToArray());
            Assert.Equal(onDuck.Sample.ToArray(), onPostgres.Sample.ToArray());
            Assert.Equal(onDuck.Watermark, onPostgres.Watermark);
        }

        const string Quarantine = "SELECT table_name || ' ' || source_line || ' ' || reason || ' ' || coalesce(column_name, '-') || ' ' || detail FROM ingest_quarantine ORDER BY table_name, source_line";
        Assert.Equal(_scratch.Query(Quarantine).Select(r => (string)r[0]!), await StringsAsync(target, Quarantine));
        const string Loaded = "SELECT interaction_id || ' ' || customer_id || ' ' || CAST(extract(epoch FROM started_at) AS BIGINT) FROM interactions ORDER BY 1";
        Assert.Equal(_scratch.Query(Loaded).Select(r => (string)r[0]!), await StringsAsync(target, Loaded));
        Assert.Equal(2, (await StringsAsync(target, Loaded)).Count);

        // Again: nothing changes.
        var again = await PostgreSqlIngestor.IngestAsync(target, "interactions", files[1].Item2, IngestMapping.Identity("interactions"), options);
        Assert.Equal(IngestOutcome.AlreadyIngested, again.Outcome);
        Assert.Equal(["1"], await StringsAsync(target, "SELECT count(*)::text FROM ingest_batches WHERE table_name = 'interactions'"));
    }

    [Fact]
    public async Task A_batch_failing_before_commit_changes_nothing()
    {
        await using var target = await EmptyWarehouseAsync("cxsem_ingest_rollback");
        var path = _scratch.Write("c.csv", "customer_id,tenant_id,segment,region,tenure_band,customer_since", "c1,acme,smb,emea,1_3y,2025-01-01");
        var failing = new IngestOptions { BeforeCommit = () => throw new InvalidOperationException("power cut") };
        await Assert.ThrowsAsync<InvalidOperationException>(() => PostgreSqlIngestor.IngestAsync(target, "customers", path, IngestMapping.Identity("customers"), failing));
        Assert.Equal(["0", "0"], await StringsAsync(target, "SELECT count(*)::text FROM customers UNION ALL SELECT count(*)::text FROM information_schema.tables WHERE table_name = 'ingest_batches'"));
        var loaded = await PostgreSqlIngestor.IngestAsync(target, "customers", path, IngestMapping.Identity("customers"), new IngestOptions());
        Assert.Equal(1, loaded.RowsLoaded);
    }

    /// <summary>A database holding the warehouse schema and no rows (an empty DuckDB warehouse, loaded).</summary>
    private async Task<NpgsqlDataSource> EmptyWarehouseAsync(string name)
    {
        var target = await fixture.Server.CreateDatabaseAsync(name);
        using var empty = DuckDbDatabase.Open();
        using (var connection = empty.Connect())
        {
            WarehouseSchema.CreateIn(connection);
        }

        await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(empty, target);
        return target;
    }

    private static async Task<List<string>> StringsAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
