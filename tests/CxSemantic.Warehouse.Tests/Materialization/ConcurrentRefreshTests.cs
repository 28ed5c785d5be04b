using System.Collections.Concurrent;
using System.Collections.Immutable;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Loading;
using CxSemantic.Warehouse.Materialization;
using CxSemantic.Warehouse.Schema;
using CxSemantic.Warehouse.Tests.Answers;
using CxSemantic.Warehouse.Tests.PostgreSql;
using NodaTime;

namespace CxSemantic.Warehouse.Tests.Materialization;

/// <summary>
/// Refreshes never show a half-built table: queries running in a loop while tables are rebuilt and swapped all give
/// the raw-row answer; a refresh interrupted before or during its swap leaves the previous table serving.
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class ConcurrentRefreshTests(PostgreSqlWarehouseFixture postgreSql)
{
    private static readonly MetricQuery Query = new()
    {
        Metrics = ["containment_rate", "silent_failure_rate", "intent_fcr"],
        GroupBy = ["intent_complexity"],
        Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "Europe/Berlin", TimeGrain.Month),
        Caller = Caller.WithRole("cx_analyst"),
    };

    public static TheoryData<string> Engines => new() { "duckdb", "postgresql" };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Queries_during_refreshes_all_give_the_raw_row_answer(string engineName)
    {
        await using var target = await OpenAsync(engineName, "journeys_concurrent");
        var warehouse = target.Warehouse;
        var expected = await warehouse.Stitched.ExecuteAsync(Query);
        await warehouse.RefreshAsync();

        using var stop = new CancellationTokenSource();
        var sources = new ConcurrentBag<bool>();
        var tableAnswers = 0;
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var answers = 0;
            while (!stop.IsCancellationRequested || answers == 0)
            {
                var answer = await warehouse.Materialized.ExecuteAsync(Query);
                AnswerComparison.AssertSame(expected, answer, "stitched", "during refresh");
                var fromTable = answer.Statements.All(s => s.Sql.Text.Contains(warehouse.Intent.TableName, StringComparison.Ordinal));
                sources.Add(fromTable);
                if (fromTable)
                {
                    Interlocked.Increment(ref tableAnswers);
                }

                answers++;
            }
        })).ToArray();

        // Full rebuilds swapped in (a changed data version with a forced rebuild), and incremental refreshes.
        for (var i = 0; i < 4; i++)
        {
            await warehouse.Runner.ExecuteAsync([Sql($"UPDATE warehouse_meta SET source = 'refresh-{i}'"), Sql($"UPDATE {MaterializationRegistry.Table} SET fingerprint = 'forced'")], CancellationToken.None);
            Assert.Equal(RefreshMode.Full, Assert.Single(await warehouse.RefreshAsync()).Mode);
            await ReadersAnsweredFromTheTableAsync();
            await warehouse.Runner.ExecuteAsync([Sql($"UPDATE warehouse_meta SET source = 'append-{i}'")], CancellationToken.None);
            Assert.Equal(RefreshMode.Incremental, Assert.Single(await warehouse.RefreshAsync()).Mode);
            await ReadersAnsweredFromTheTableAsync();
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Contains(true, sources);

        // While the data version differs from the table's, queries stitch; once a refresh is current they read the table.
        // Waiting for a table answer after each refresh makes the readers overlap the swaps on a slow machine too.
        async Task ReadersAnsweredFromTheTableAsync()
        {
            var before = Volatile.Read(ref tableAnswers);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Volatile.Read(ref tableAnswers) == before && DateTime.UtcNow < deadline && !readers.Any(r => r.IsFaulted))
            {
                await Task.Delay(10);
            }

            if (readers.Any(r => r.IsFaulted))
            {
                await Task.WhenAll(readers);
            }

            Assert.True(Volatile.Read(ref tableAnswers) > before, "no reader answered from the refreshed journey table within 60 s");
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_interrupted_refresh_leaves_the_previous_table_serving(string engineName)
    {
        await using var target = await OpenAsync(engineName, "journeys_interrupted");
        var warehouse = target.Warehouse;
        await warehouse.RefreshAsync();
        var expected = await warehouse.Materialized.ExecuteAsync(Query);
        Assert.Contains(warehouse.Intent.TableName, expected.Statements[0].Sql.Text, StringComparison.Ordinal);
        var registry = await RegistryAsync(warehouse.Engine);

        // A new definition of the journey (a longer window) is refreshed, and interrupted: at the swap, and while building.
        var changed = ChangedCatalog();
        foreach (var interruptAt in new[] { "ALTER TABLE", "CREATE TABLE" })
        {
            using var cancellation = new CancellationTokenSource();
            var runner = new InterruptingRunner(warehouse.Runner, interruptAt, cancellation);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                MaterializationRefresh.RunAsync(MaterializedWarehouse.JourneyRefreshers(changed, warehouse.Engine, runner), cancellation.Token));

            Assert.Equal(string.Join("\n", registry), string.Join("\n", await RegistryAsync(warehouse.Engine)));
            var answer = await warehouse.Materialized.ExecuteAsync(Query);
            Assert.Contains(warehouse.Intent.TableName, answer.Statements[0].Sql.Text, StringComparison.Ordinal);
            AnswerComparison.AssertSame(expected, answer, "before", "after an interrupted refresh");
        }

        // Completed, the new definition's table replaces the old one, which is dropped with its registry row.
        var outcome = Assert.Single(await MaterializationRefresh.RunAsync(MaterializedWarehouse.JourneyRefreshers(changed, warehouse.Engine, warehouse.Runner), CancellationToken.None));
        Assert.Equal(RefreshMode.Full, outcome.Mode);
        Assert.Equal("the definition changed", outcome.Reason);
        var now = await RegistryAsync(warehouse.Engine);
        Assert.Equal(new[] { outcome.Table }, now.Select(e => e.Split('|')[0]));
        Assert.NotEqual(warehouse.Intent.TableName, outcome.Table);
        var stitched = await warehouse.Stitched.ExecuteAsync(Query);
        Assert.DoesNotContain(warehouse.Intent.TableName, (await warehouse.Materialized.ExecuteAsync(Query)).Statements[0].Sql.Text, StringComparison.Ordinal);
        AnswerComparison.AssertSame(stitched, await warehouse.Materialized.ExecuteAsync(Query), "stitched", "old catalog after the table of its definition was dropped");
    }

    [Fact]
    public async Task On_postgresql_a_refresh_waits_for_another_process_refreshing_the_same_database()
    {
        await using var target = await OpenAsync("postgresql", "journeys_locked");
        var warehouse = target.Warehouse;
        Assert.Equal(RefreshMode.Full, Assert.Single(await warehouse.RefreshAsync()).Mode);

        // Another process: sessions of its own (a data source of its own), holding the lock its refresh would hold.
        var engine = (PostgreSqlSqlEngine)warehouse.Engine;
        await using var otherDataSource = Npgsql.NpgsqlDataSource.Create(target.ConnectionString!);
        var other = new PostgreSqlSqlEngine(otherDataSource);
        var held = await other.AcquireAsync("cxsem:refresh:journeys", CancellationToken.None);
        await warehouse.Runner.ExecuteAsync([Sql("UPDATE warehouse_meta SET source = 'appended'")], CancellationToken.None);
        var refresh = warehouse.RefreshAsync();
        await WaitingForLockAsync(engine, 1);
        Assert.False(refresh.IsCompleted);
        await held.DisposeAsync();
        Assert.Equal(RefreshMode.Incremental, Assert.Single(await refresh).Mode);

        // Cancelled while waiting: it stops waiting, holds nothing, and the next refresh (in this process) runs.
        held = await other.AcquireAsync("cxsem:refresh:journeys", CancellationToken.None);
        await warehouse.Runner.ExecuteAsync([Sql("UPDATE warehouse_meta SET source = 'appended again'")], CancellationToken.None);
        using (var cancellation = new CancellationTokenSource())
        {
            var waiting = warehouse.RefreshAsync(cancellation.Token);
            await WaitingForLockAsync(engine, 1);
            await cancellation.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        await WaitingForLockAsync(engine, 0);
        await held.DisposeAsync();
        Assert.Equal(0L, Convert.ToInt64((await engine.QueryAsync(Sql(AdvisoryLocks + " AND granted"), CancellationToken.None))[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(RefreshMode.Incremental, Assert.Single(await warehouse.RefreshAsync()).Mode);
        Assert.Equal(RefreshMode.Current, Assert.Single(await warehouse.RefreshAsync()).Mode);

        // Two refreshes from two processes at once: one refreshes, the other then finds the table current.
        await warehouse.Runner.ExecuteAsync([Sql("UPDATE warehouse_meta SET source = 'appended a third time'")], CancellationToken.None);
        var both = await Task.WhenAll(
            warehouse.RefreshAsync(),
            MaterializationRefresh.RunAsync(MaterializedWarehouse.JourneyRefreshers(MaterializedWarehouse.Catalog, other, other), CancellationToken.None));
        Assert.Equal([RefreshMode.Current, RefreshMode.Incremental], both.Select(o => Assert.Single(o).Mode).Order());
        AnswerComparison.AssertSame(await warehouse.Stitched.ExecuteAsync(Query), await warehouse.Materialized.ExecuteAsync(Query), "stitched", "after two refreshes at once");
    }

    private const string AdvisoryLocks = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    /// <summary>Waits until <paramref name="sessions"/> sessions wait for an advisory lock of the database.</summary>
    private static async Task WaitingForLockAsync(ISqlEngine engine, long sessions)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long waiting;
        while ((waiting = Convert.ToInt64((await engine.QueryAsync(Sql(AdvisoryLocks + " AND NOT granted"), CancellationToken.None))[0][0], System.Globalization.CultureInfo.InvariantCulture)) != sessions
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(sessions, waiting);
    }

    /// <summary>The shipped catalog with the journey's window widened to 8 days: a new definition hash.</summary>
    private static MetricCatalog ChangedCatalog()
    {
        var folder = Directory.CreateTempSubdirectory("cxsem-changed-journey-");
        foreach (var file in Directory.EnumerateFiles(PostgreSqlWarehouseFixture.CatalogFolder, "*.yaml", SearchOption.AllDirectories))
        {
            var to = Path.Combine(folder.FullName, Path.GetRelativePath(PostgreSqlWarehouseFixture.CatalogFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            var text = File.ReadAllText(file);
            File.WriteAllText(to, Path.GetFileName(file) == "journeys.yaml" ? text.Replace("window: P7D", "window: P8D", StringComparison.Ordinal) : text);
        }

        var loaded = CatalogLoader.LoadDirectory(folder.FullName, WarehouseSchema.PhysicalSchema);
        folder.Delete(recursive: true);
        return loaded.Catalog ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics));
    }

    private static async Task<ImmutableArray<string>> RegistryAsync(ISqlEngine engine) =>
        [.. (await engine.QueryAsync(MaterializationRegistry.SelectSql(JourneyMaterialization.Kind), CancellationToken.None))
            .Select(MaterializationRegistry.Read)
            .Select(e => $"{e.TableName}|{e.DefinitionHash}|{e.WatermarkAt}|{e.DataVersion}|{e.BuiltAt}|{e.RowCount}")
            .Order(StringComparer.Ordinal)];

    private static SqlText Sql(string text) => new(text, []);

    private async Task<Target> OpenAsync(string engine, string name)
    {
        if (engine == "duckdb")
        {
            var database = DemoWarehouse.Generate(new DemoOptions { Interactions = 20_000, Seed = 42 });
            var duckDb = new DuckDbSqlEngine(database);
            return new Target(new MaterializedWarehouse(duckDb, duckDb), database);
        }

        var dataSource = await postgreSql.Server.CreateDatabaseAsync(name);
        await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(DemoWarehouse.Shared(PostgreSqlWarehouseFixture.Interactions, 42).Database, dataSource);
        var pg = new PostgreSqlSqlEngine(dataSource);
        return new Target(new MaterializedWarehouse(pg, pg), (IAsyncDisposable)dataSource) { ConnectionString = dataSource.ConnectionString };
    }

    private sealed class Target(MaterializedWarehouse warehouse, IAsyncDisposable resource) : IAsyncDisposable
    {
        public Target(MaterializedWarehouse warehouse, IDisposable resource)
            : this(warehouse, new SyncDisposal(resource))
        {
        }

        public MaterializedWarehouse Warehouse => warehouse;

        /// <summary>The PostgreSQL database's connection string (null on DuckDB).</summary>
        public string? ConnectionString { get; init; }

        public ValueTask DisposeAsync() => resource.DisposeAsync();

        private sealed class SyncDisposal(IDisposable inner) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                inner.Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }

    /// <summary>Cancels the refresh when it runs a statement starting with <paramref name="prefix"/>: before the swap (ALTER TABLE) commits, or while a table is built.</summary>
    private sealed class InterruptingRunner(ISqlStatementRunner inner, string prefix, CancellationTokenSource cancellation) : ISqlStatementRunner
    {
        public SqlDialectKind Dialect => inner.Dialect;

        public async Task ExecuteAsync(ImmutableArray<SqlText> statements, CancellationToken cancellationToken)
        {
            if (!statements.Any(s => s.Text.StartsWith(prefix, StringComparison.Ordinal)))
            {
                await inner.ExecuteAsync(statements, cancellationToken);
                return;
            }

            if (prefix == "ALTER TABLE")
            {
                // Stopped before the swap commits.
                await cancellation.CancelAsync();
                await inner.ExecuteAsync(statements, cancellation.Token);
                return;
            }

            // The build starts, and is cancelled while it runs.
            var running = inner.ExecuteAsync(statements, cancellationToken);
            cancellation.CancelAfter(TimeSpan.FromMilliseconds(30));
            await running;
        }
    }
}
