using System.Collections.Immutable;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Tests.PostgreSql;

namespace CxSemantic.Warehouse.Tests.Engines;

/// <summary>Statements of one <see cref="ISqlStatementRunner.ExecuteAsync"/> call commit together or not at all.</summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class StatementRunnerTests(PostgreSqlWarehouseFixture postgreSql)
{
    public static TheoryData<string> Engines => new() { "duckdb", "postgresql" };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_failing_statement_rolls_back_every_statement_before_it(string engine)
    {
        await using var target = await OpenAsync(engine, "runner_rollback");
        await target.Runner.ExecuteAsync([Sql("CREATE TABLE swap_target (v INTEGER)"), Sql("INSERT INTO swap_target VALUES (1)")], CancellationToken.None);

        var failing = () => target.Runner.ExecuteAsync(
            [Sql("DELETE FROM swap_target"), Sql("INSERT INTO swap_target VALUES ($1)", 2), Sql("INSERT INTO no_such_table VALUES (3)")],
            CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(failing);
        var values = await ValuesAsync(target.Engine);
        Assert.Equal(new[] { 1 }, values);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Statements_commit_together_with_their_parameters(string engine)
    {
        await using var target = await OpenAsync(engine, "runner_commit");
        await target.Runner.ExecuteAsync(
            [Sql("CREATE TABLE swap_target (v INTEGER)"), Sql("INSERT INTO swap_target VALUES ($1), ($2)", 4, 5), Sql("ALTER TABLE swap_target RENAME TO swap_target_old"), Sql("CREATE TABLE swap_target AS SELECT v * 10 AS v FROM swap_target_old")],
            CancellationToken.None);

        var values = await ValuesAsync(target.Engine);
        Assert.Equal(new[] { 40, 50 }, values);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_cancelled_call_commits_nothing(string engine)
    {
        await using var target = await OpenAsync(engine, "runner_cancel");
        await target.Runner.ExecuteAsync([Sql("CREATE TABLE swap_target (v INTEGER)")], CancellationToken.None);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        // A statement that runs far longer than the token lives, after a write.
        var slow = engine == "duckdb"
            ? "SELECT count(*) FROM range(1000000000) a, range(1000) b WHERE a.range * b.range = -1"
            : "SELECT pg_sleep(30)";
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => target.Runner.ExecuteAsync([Sql("INSERT INTO swap_target VALUES (7)"), Sql(slow)], cancellation.Token));
        Assert.Empty(await ValuesAsync(target.Engine));
    }

    private static SqlText Sql(string text, params object?[] parameters) => new(text, [.. parameters]);

    private static async Task<int[]> ValuesAsync(ISqlEngine engine)
    {
        var rows = await engine.QueryAsync(Sql("SELECT v FROM swap_target ORDER BY v"), CancellationToken.None);
        return [.. rows.Select(r => Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture))];
    }

    private async Task<Target> OpenAsync(string engine, string name)
    {
        if (engine == "duckdb")
        {
            var database = DuckDbDatabase.Open();
            var duckDb = new DuckDbSqlEngine(database);
            return new Target(duckDb, duckDb, database);
        }

        var dataSource = await postgreSql.Server.CreateDatabaseAsync(name);
        var pg = new PostgreSqlSqlEngine(dataSource);
        return new Target(pg, pg, dataSource);
    }

    private sealed record Target(ISqlEngine Engine, ISqlStatementRunner Runner, IDisposable Owned) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Owned.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
