using System.Globalization;
using System.Text.Json.Nodes;
using CxSemantic.Compiler.Queries;
using Npgsql;

namespace CxSemantic.Server.Tests.PostgreSql;

/// <summary>
/// The API on a PostgreSQL warehouse: the same GraphQL queries answer the same as on DuckDB over the same data, and
/// database failures — a bad connection string, an unreachable server, a connection lost mid-query, the server's
/// statement_timeout — each give a clear error with its own code while the server keeps serving.
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlApiTests(PostgreSqlServerFixture fixture)
{
    private const string Window = "time: { from: \"2026-02-01\", to: \"2026-04-01\", grain: MONTH }";

    private const string Definitions = "{ metricDefinitions(first: 3) { edges { node { name } } } }";

    /// <summary>The application name of the server whose query loses its connection: its sessions are the ones ended.</summary>
    private const string LostQueryApplication = "cxsem-connection-lost-test";

    public static TheoryData<string> Queries => new()
    {
        $$"""{ metrics({{Window}}, where: { channel: { in: [VOICE, CHAT] } }) { rows { period intentComplexity containmentRate { value n numerator denominator ci { low high level } suppressed status exclusions { rule units } } } } }""",
        $$"""{ metrics({{Window}}, compare: { previousPeriod: true }) { rows { period intentComplexity containmentRate { value delta { value pValue qValue significant baseline baselineN ci { low high } } } } } }""",
        """{ metrics(time: { from: "2026-03-02", to: "2026-03-03" }) { rows { intentComplexity channel segment containmentRate { value n suppressed ci { low } } } } }""",
        $$"""{ metrics({{Window}}) { rows { period channel nps { value n ci { low high } status } } } }""",
        """{ metrics(time: { from: "2026-01-01", to: "2026-07-01", zone: "Europe/Berlin", grain: QUARTER }) { rows { period segment intentFcr { value n immature ci { low high } } } } }""",
        """{ metrics(order: [{ interactionCount: DESC }], limit: 2) { rows { channel interactionCount { value } } } }""",
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task A_query_answers_the_same_on_PostgreSQL_as_on_DuckDB(string query)
    {
        var onPostgreSql = await Gql.DataAsync(fixture.PostgreSqlClient, query);
        var onDuckDb = await Gql.DataAsync(fixture.DuckDbClient, query);
        Assert.NotEmpty(MetricsApiTests.Rows(onDuckDb)!.AsArray());
        Assert.Equal(Rounded(onDuckDb).ToJsonString(), Rounded(onPostgreSql).ToJsonString());
    }

    [Fact]
    public async Task Health_reports_the_engine_and_the_watermark()
    {
        var health = JsonNode.Parse(await fixture.PostgreSqlClient.GetStringAsync("/health"))!;
        Assert.Equal("healthy", (string?)health["status"]);
        var warehouse = health["warehouse"]!;
        Assert.Equal("PostgreSql", (string?)warehouse["engine"]);
        Assert.Equal($"127.0.0.1:{fixture.Server.Port}/{PostgreSqlServerFixture.Database}", (string?)warehouse["location"]);
        Assert.Equal("available", (string?)warehouse["status"]);

        var duck = JsonNode.Parse(await fixture.DuckDbClient.GetStringAsync("/health"))!;
        Assert.Equal((string?)duck["warehouse"]!["watermark"], (string?)warehouse["watermark"]);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Username=postgres;Database=cx;Timeout=2", "WAREHOUSE_UNAVAILABLE", "cannot be reached")]
    [InlineData("Host=127.0.0.1;Port=1;Database", "WAREHOUSE_UNAVAILABLE", "is not a valid Npgsql connection string")]
    [InlineData("Host=127.0.0.1;Nonsense=1", "WAREHOUSE_UNAVAILABLE", "is not a valid Npgsql connection string")]
    [InlineData("", "WAREHOUSE_UNAVAILABLE", "CxSemantic:Warehouse:ConnectionString is empty")]
    public async Task A_bad_connection_string_gives_a_clear_error_and_the_catalog_is_still_served(string connectionString, string code, string phrase)
    {
        await using var factory = new CxServerFactory(PostgreSqlServerFixture.Settings(connectionString));
        using var client = factory.CreateClient();

        var error = await Gql.ErrorAsync(client, "{ metrics { rows { intentComplexity containmentRate { value } } } }");
        Assert.Equal(code, (string?)error["extensions"]!["code"]);
        var message = (string)error["message"]!;
        Assert.Contains(phrase, message, StringComparison.Ordinal);
        Assert.Contains("CxSemantic:Warehouse:ConnectionString", message, StringComparison.Ordinal);

        Assert.NotEmpty((await Gql.DataAsync(client, Definitions))["metricDefinitions"]!["edges"]!.AsArray());
        var health = JsonNode.Parse(await client.GetStringAsync("/health"))!;
        Assert.Equal("degraded", (string?)health["status"]);
        Assert.Equal("unavailable", (string?)health["warehouse"]!["status"]);
    }

    [Theory]
    [InlineData("no_such_database", "WAREHOUSE_UNAVAILABLE", "database \"no_such_database\" does not exist")]
    [InlineData("cxsem_empty", "WAREHOUSE_NOT_LOADED", "Load it with `cxsem load --from FILE.duckdb --to \"…\"` or `cxsem seed --to \"…\"`.")]
    public async Task A_missing_database_or_warehouse_says_what_to_do(string database, string code, string phrase)
    {
        if (database == "cxsem_empty")
        {
            await (await fixture.Server.CreateDatabaseAsync(database)).DisposeAsync();
        }

        await using var factory = new CxServerFactory(PostgreSqlServerFixture.Settings(fixture.Server.ConnectionString(database)));
        using var client = factory.CreateClient();
        var error = await Gql.ErrorAsync(client, "{ metrics { rows { intentComplexity containmentRate { value } } } }");
        Assert.Equal(code, (string?)error["extensions"]!["code"]);
        Assert.Contains(phrase, (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_servers_statement_timeout_gives_QUERY_TIMEOUT_and_the_server_keeps_serving()
    {
        // The role's statement_timeout (here through the connection's startup options) stops a query that waits
        // on a lock held by another session.
        await using var factory = new CxServerFactory(Stitching(fixture.ConnectionString("Options=-c statement_timeout=300")));
        using var client = factory.CreateClient();
        const string Query = "{ metrics(time: { from: \"2026-02-01\", to: \"2026-03-01\" }) { rows { intentComplexity containmentRate { value } } } }";

        await using (var blocker = await LockInteractionsAsync())
        {
            var error = await Gql.ErrorAsync(client, Query);
            Assert.Equal(QueryErrorCodes.QueryTimeout, (string?)error["extensions"]!["code"]);
            Assert.StartsWith("PostgreSQL stopped the query at its statement time limit (canceling statement due to statement timeout).", (string)error["message"]!, StringComparison.Ordinal);
        }

        Assert.NotEmpty(MetricsApiTests.Rows(await Gql.DataAsync(client, Query))!.AsArray());
    }

    [Fact]
    public async Task A_connection_lost_mid_query_gives_a_clear_error_and_the_next_query_is_answered()
    {
        await using var factory = new CxServerFactory(Stitching(fixture.ConnectionString($"Application Name={LostQueryApplication}")));
        using var client = factory.CreateClient();
        const string Query = "{ metrics(time: { from: \"2026-03-01\", to: \"2026-04-01\" }) { rows { intentComplexity containmentRate { value } } } }";

        await using (var blocker = await LockInteractionsAsync())
        {
            var pending = Gql.ErrorAsync(client, Query);

            // The query is on the server, waiting for the lock: end its session, as a restart or crash would. Only
            // this test server's sessions (by application name): the fixture's server may have a background refresh
            // waiting on the same lock, and ending that one instead would leave the query waiting for its timeout.
            await using var admin = await fixture.Warehouse.OpenConnectionAsync();
            var terminated = 0L;
            for (var attempt = 0; attempt < 400 && !pending.IsCompleted; attempt++)
            {
                await using var kill = new NpgsqlCommand(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @application AND wait_event_type = 'Lock'",
                    admin);
                kill.Parameters.AddWithValue("application", LostQueryApplication);
                terminated += (long)(await kill.ExecuteScalarAsync())!;
                await Task.WhenAny(pending, Task.Delay(25));
            }

            Assert.True(terminated > 0, "the query never reached the server");
            var error = await pending;
            Assert.Equal("WAREHOUSE_CONNECTION_LOST", (string?)error["extensions"]!["code"]);
            Assert.StartsWith($"The connection to the PostgreSQL warehouse at 127.0.0.1:{fixture.Server.Port}/{PostgreSqlServerFixture.Database} was lost during the query", (string)error["message"]!, StringComparison.Ordinal);
        }

        Assert.NotEmpty(MetricsApiTests.Rows(await Gql.DataAsync(client, Query))!.AsArray());
    }

    /// <summary>Holds an exclusive lock on <c>interactions</c> until disposed: metric queries wait on the server.</summary>
    private async Task<TableLock> LockInteractionsAsync()
    {
        var connection = await fixture.Warehouse.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("LOCK TABLE interactions IN ACCESS EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new TableLock(connection, transaction);
    }

    private sealed class TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Every number rounded to 9 significant digits: the engines may differ in the last bits of a double.</summary>
    private static JsonNode Rounded(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Rounded(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(v => v is null ? null : Rounded(v))]),
        JsonValue v when v.TryGetValue<double>(out var d) => JsonValue.Create(double.Parse(d.ToString("G9", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        _ => node.DeepClone(),
    };

    /// <summary>
    /// A server that stitches journeys from the interactions table, which these tests lock: a materialized journey
    /// table (refreshed in the background) would answer without waiting on the lock.
    /// </summary>
    private static Dictionary<string, string?> Stitching(string connectionString)
    {
        var settings = PostgreSqlServerFixture.Settings(connectionString);
        settings["CxSemantic:Warehouse:Materializations"] = "off";
        return settings;
    }
}
