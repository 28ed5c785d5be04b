using System.Diagnostics;
using System.Globalization;
using CxSemantic.Compiler.Sql;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Schema;

namespace CxSemantic.Warehouse.Tests.PostgreSql;

[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlLoadTests(PostgreSqlWarehouseFixture fixture)
{
    [Fact]
    public void Server_is_postgresql_15_on_loopback()
    {
        Assert.StartsWith("15.", fixture.Server.Version, StringComparison.Ordinal);
        Assert.True(fixture.Server.Port > 0);
    }

    [Fact]
    public async Task Loader_copies_every_table_with_duckdbs_row_counts()
    {
        using var duck = fixture.DuckDb.Connect();
        var engine = new PostgreSqlSqlEngine(fixture.PostgreSql);
        Assert.Equal(WarehouseSchema.TableNames.Length, fixture.Load.RowsPerTable.Length);
        foreach (var (table, copied) in fixture.Load.RowsPerTable)
        {
            var inDuckDb = Convert.ToInt64(duck.ExecuteScalar<object>($"SELECT count(*) FROM \"{table}\""), CultureInfo.InvariantCulture);
            var rows = await engine.QueryAsync(new SqlText($"SELECT count(*) FROM \"{table}\"", []), CancellationToken.None);
            Assert.Equal(inDuckDb, copied);
            Assert.Equal(inDuckDb, (long)rows[0][0]!);
        }

        Assert.True(fixture.Load.RowsPerTable.Single(t => t.Key == "interactions").Value == PostgreSqlWarehouseFixture.Interactions);
    }

    [Fact]
    public async Task Loaded_values_round_trip_exactly()
    {
        // Aggregates over every column type: sums of integers, doubles, decimals, epochs of instants, dates, booleans, text.
        using var duck = fixture.DuckDb.Connect();
        var engine = new PostgreSqlSqlEngine(fixture.PostgreSql);
        const string Interactions = """
            SELECT count(*), sum(interaction_id), sum(handle_seconds), sum(coalesce(first_response_ms, -1)),
                   sum(CASE WHEN proactive THEN 1 ELSE 0 END), count(intent_confidence), round(sum(intent_confidence) * 1000000),
                   sum(length(channel) + length(coalesce(bot_release, ''))), min(started_at), max(ended_at)
            FROM interactions
            """;
        var expected = duck.QueryRows(Interactions)[0];
        var actual = (await engine.QueryAsync(new SqlText(Interactions, []), CancellationToken.None))[0];
        Assert.Equal(expected.Select(Normalize), actual.Select(Normalize));

        const string Rates = "SELECT channel, actor, effective_from, effective_to, cost_per_minute, overhead_per_interaction FROM cost_rates ORDER BY channel, actor, effective_from";
        Assert.Equal(
            duck.QueryRows(Rates).SelectMany(r => r).Select(Normalize),
            (await engine.QueryAsync(new SqlText(Rates, []), CancellationToken.None)).SelectMany(r => r).Select(Normalize));
    }

    [Fact]
    public async Task Parameters_of_every_supported_type_reach_the_server()
    {
        var engine = new PostgreSqlSqlEngine(fixture.PostgreSql);
        var instant = new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc);
        var rows = await engine.QueryAsync(
            new SqlText(
                "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9::text IS NULL",
                ["voice", 42L, 7, 1.25m, 0.5d, true, new DateOnly(2026, 1, 31), instant, null]),
            CancellationToken.None);
        Assert.Equal(["voice", 42L, 7, 1.25m, 0.5d, true, new DateOnly(2026, 1, 31), instant, true], rows[0]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)rows[0][7]!).Kind);
    }

    [Fact]
    public async Task Statements_run_in_utc_whatever_the_servers_time_zone()
    {
        // The test server runs in America/New_York on purpose: dates compared with instants
        // (e.g. cost_rates.effective_from) are midnight UTC, as in the warehouse's contract.
        var engine = new PostgreSqlSqlEngine(fixture.PostgreSql);
        var rows = await engine.QueryAsync(new SqlText("SELECT current_setting('TimeZone'), CAST(DATE '2026-03-01' AS TIMESTAMPTZ) = $1", [new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc)]), CancellationToken.None);
        Assert.Equal("UTC", rows[0][0]);
        Assert.Equal(true, rows[0][1]);
    }

    [Fact]
    public async Task Cancelling_the_token_stops_the_statement_on_the_server()
    {
        var engine = new PostgreSqlSqlEngine(fixture.PostgreSql);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.QueryAsync(new SqlText("SELECT pg_sleep(10)", []), cancellation.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"cancellation took {clock.Elapsed.TotalMilliseconds:F0} ms");

        // The server is not still sleeping on our behalf.
        var running = await engine.QueryAsync(
            new SqlText("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(10)' AND state = 'active'", []), CancellationToken.None);
        Assert.Equal(0L, running[0][0]);
    }

    private static string Normalize(object? value) => value switch
    {
        null => "null",
        DateTime t => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)[..27],
        IConvertible c when value is not string and not bool => c.ToDecimal(CultureInfo.InvariantCulture).ToString("0.########", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
