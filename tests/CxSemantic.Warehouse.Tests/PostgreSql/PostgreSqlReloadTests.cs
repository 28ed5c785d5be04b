using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Loading;
using CxSemantic.Warehouse.Migrations;
using Npgsql;

namespace CxSemantic.Warehouse.Tests.PostgreSql;

/// <summary>
/// Loads are idempotent and atomic: re-running one replaces the warehouse (never doubles it), a cancelled or failed
/// one leaves the live warehouse exactly as it was and no staging schema behind, and two loads never interleave.
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlReloadTests(PostgreSqlWarehouseFixture fixture)
{
    [Fact]
    public async Task Reloading_replaces_the_rows_and_a_cancelled_reload_changes_nothing()
    {
        using var small = Generate(500, seed: 7);
        using var other = Generate(300, seed: 8);
        await using var target = await fixture.Server.CreateDatabaseAsync("cxsem_reload");

        // A first load cancelled part-way leaves no table at all.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LoadCancelledDuringAsync(small, target, "turns"));
        Assert.Equal(0L, await ScalarAsync(target, "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"));

        var first = await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(small, target);
        var again = await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(small, target);
        Assert.Equal(first.RowsPerTable.ToArray(), again.RowsPerTable.ToArray());
        Assert.Equal(500L, await ScalarAsync(target, "SELECT count(*) FROM interactions"));
        var turns = first.RowsPerTable.Single(t => t.Key == "turns").Value;
        Assert.Equal(turns, await ScalarAsync(target, "SELECT count(*) FROM turns"));

        // A reload cancelled after some tables were copied: the live warehouse is still the first one.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LoadCancelledDuringAsync(other, target, "evaluations"));
        Assert.Equal(500L, await ScalarAsync(target, "SELECT count(*) FROM interactions"));
        Assert.Equal(turns, await ScalarAsync(target, "SELECT count(*) FROM turns"));
        Assert.Equal(0L, await ScalarAsync(target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'cxsem_staging'"));

        // A completed reload of other data replaces every table.
        var replaced = await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(other, target);
        Assert.Equal(300L, await ScalarAsync(target, "SELECT count(*) FROM interactions"));
        Assert.Equal(replaced.TotalRows, await ScalarAsync(target, string.Join(" + ", replaced.RowsPerTable.Select(t => $"(SELECT count(*) FROM {t.Key})")).Insert(0, "SELECT ")));
    }

    [Fact]
    public async Task The_schema_comes_from_the_EF_migrations_with_keys_indexes_and_foreign_keys_rebuilt()
    {
        var history = await ScalarAsync(fixture.PostgreSql, $"SELECT string_agg(\"MigrationId\", ',') FROM \"{WarehouseMigrations.HistoryTable}\"");
        Assert.Equal(WarehouseMigrations.LatestId, history);

        // Every key, index and foreign key of EF's script is in place after the load (they are dropped for the COPY).
        var script = WarehouseMigrations.Script(WarehouseMigrations.LatestId);
        var foreignKeys = System.Text.RegularExpressions.Regex.Count(script, "FOREIGN KEY");
        var indexes = System.Text.RegularExpressions.Regex.Count(script, "CREATE (UNIQUE )?INDEX");
        var primaryKeys = System.Text.RegularExpressions.Regex.Count(script, "PRIMARY KEY") + 1; // + the history table's
        Assert.Equal((long)foreignKeys, await ScalarAsync(fixture.PostgreSql, "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' AND c.contype = 'f' AND c.convalidated"));
        Assert.Equal((long)primaryKeys, await ScalarAsync(fixture.PostgreSql, "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' AND c.contype = 'p'"));
        Assert.Equal((long)(indexes + primaryKeys), await ScalarAsync(fixture.PostgreSql, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"));

        // ANALYZE ran before the swap: the planner knows the row counts.
        Assert.Equal(fixture.Load.RowsPerTable.Single(t => t.Key == "interactions").Value, await ScalarAsync(fixture.PostgreSql, "SELECT reltuples::bigint FROM pg_class WHERE oid = 'public.interactions'::regclass"));
    }

    [Fact]
    public async Task A_second_load_into_the_same_database_is_refused_while_one_runs()
    {
        using var small = Generate(50, seed: 9);
        await using var target = await fixture.Server.CreateDatabaseAsync("cxsem_lock");
        await using var holder = await target.OpenConnectionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgreSqlWarehouseLoader.LoadLockKey})", holder))
        {
            await take.ExecuteScalarAsync();
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(small, target));
        Assert.Equal("Another CxSemantic load into database 'cxsem_lock' is running; wait for it to finish (each load replaces the whole warehouse).", refused.Message);
    }

    [Fact]
    public async Task A_view_on_the_warehouse_makes_the_swap_fail_without_touching_the_live_rows()
    {
        using var small = Generate(80, seed: 10);
        using var other = Generate(40, seed: 11);
        await using var target = await fixture.Server.CreateDatabaseAsync("cxsem_view");
        await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(small, target);
        await using (var view = target.CreateCommand("CREATE VIEW my_report AS SELECT channel, count(*) AS n FROM interactions GROUP BY channel"))
        {
            await view.ExecuteNonQueryAsync();
        }

        // The user's view is never dropped behind their back: the swap fails, the transaction rolls back.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(other, target));
        Assert.Equal(PostgresErrorCodes.DependentObjectsStillExist, refused.SqlState);
        Assert.Equal(80L, await ScalarAsync(target, "SELECT sum(n) FROM my_report"));
        Assert.Equal(0L, await ScalarAsync(target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'cxsem_staging'"));
    }

    private static DuckDbDatabase Generate(long interactions, ulong seed) =>
        DemoWarehouse.Generate(new DemoOptions { Interactions = interactions, Seed = seed }, threads: 1);

    private static async Task LoadCancelledDuringAsync(DuckDbDatabase source, NpgsqlDataSource target, string table)
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new InlineProgress(p =>
        {
            if (p.Table == table)
            {
                cancellation.Cancel();
            }
        });
        await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(source, target, new PostgreSqlLoadOptions { Parallelism = 1 }, progress, cancellation.Token);
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is decimal d ? (long)d : value;
    }

    /// <summary>Reports on the loader's own thread (Progress&lt;T&gt; would post to the thread pool, too late to cancel).</summary>
    private sealed class InlineProgress(Action<PostgreSqlLoadProgress> report) : IProgress<PostgreSqlLoadProgress>
    {
        public void Report(PostgreSqlLoadProgress value) => report(value);
    }
}
