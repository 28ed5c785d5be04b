using CxSemantic.DuckDb;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Loading;
using Npgsql;

namespace CxSemantic.Warehouse.Tests.PostgreSql;

[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlReloadTests(PostgreSqlWarehouseFixture fixture)
{
    [Fact]
    public async Task Loading_twice_needs_replace_and_a_cancelled_load_leaves_nothing()
    {
        using var small = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 1 });
        DemoWarehouseGenerator.Generate(small, new DemoOptions { Interactions = 500, Seed = 7 });
        await using var target = await fixture.Server.CreateDatabaseAsync("cxsem_reload");

        // A load cancelled part-way rolls back: not one table is left behind.
        using (var cancellation = new CancellationTokenSource())
        {
            var progress = new InlineProgress(p =>
            {
                if (p.Table == "turns")
                {
                    cancellation.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(small, target, progress, cancellation.Token));
        }

        await using (var tables = target.CreateCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
        {
            Assert.Equal(0L, await tables.ExecuteScalarAsync());
        }

        var first = await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(small, target);
        var again = await Assert.ThrowsAsync<PostgresException>(() => PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(small, target));
        Assert.Equal(PostgresErrorCodes.DuplicateTable, again.SqlState);

        var replaced = await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(small, target, new PostgreSqlLoadOptions { ReplaceExisting = true }, null, CancellationToken.None);
        Assert.Equal(first.RowsPerTable.ToArray(), replaced.RowsPerTable.ToArray());
        Assert.Equal(500, first.RowsPerTable.Single(t => t.Key == "interactions").Value);
    }

    /// <summary>Reports on the loader's own thread (Progress&lt;T&gt; would post to the thread pool, too late to cancel).</summary>
    private sealed class InlineProgress(Action<PostgreSqlLoadProgress> report) : IProgress<PostgreSqlLoadProgress>
    {
        public void Report(PostgreSqlLoadProgress value) => report(value);
    }
}
