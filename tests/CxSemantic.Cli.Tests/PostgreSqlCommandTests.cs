using CxSemantic.Cli;
using CxSemantic.Testing;

namespace CxSemantic.Cli.Tests;

/// <summary><c>cxsem seed --to</c> and <c>cxsem load</c> against a real, private PostgreSQL 15.</summary>
public sealed class PostgreSqlCommandTests : IAsyncLifetime
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cxsem-cli-pg-").FullName;
    private PostgreSqlServer _server = null!;

    public async Task InitializeAsync() => _server = await PostgreSqlServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public async Task Seed_to_loads_once_if_empty_and_load_again_replaces_instead_of_doubling()
    {
        await using var database = await _server.CreateDatabaseAsync("cx");
        var target = _server.ConnectionString("cx");
        var file = Path.Combine(_temp, "demo.duckdb");

        var (exit, output, error) = await RunAsync("seed", "-n", "400", "--out", file, "--to", target, "--if-empty");
        Assert.True(exit == 0, error);
        Assert.Matches(@"Loaded \S*[\d,]+\S* rows in", output);
        Assert.True(File.Exists(file), "--out keeps the generated file");
        Assert.Equal(400L, await CountAsync(database, "interactions"));
        var turns = await CountAsync(database, "turns");

        (exit, output, _) = await RunAsync("seed", "-n", "999", "--to", target, "--if-empty");
        Assert.Equal(0, exit);
        Assert.Equal("cxsem: the target already holds a warehouse; nothing loaded (--if-empty).\n", output.Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal(400L, await CountAsync(database, "interactions"));

        (exit, _, error) = await RunAsync("load", "--from", file, "--to", target);
        Assert.True(exit == 0, error);
        Assert.Equal(400L, await CountAsync(database, "interactions"));
        Assert.Equal(turns, await CountAsync(database, "turns"));
    }

    [Fact]
    public async Task Ingest_to_postgresql_loads_good_rows_quarantines_bad_ones_and_is_idempotent()
    {
        await using var database = await _server.CreateDatabaseAsync("cx_ingest");
        var target = _server.ConnectionString("cx_ingest");
        Assert.Equal(0, (await RunAsync("seed", "-n", "50", "--to", target)).Exit);
        var file = Path.Combine(_temp, "customers.csv");
        File.WriteAllText(file, "customer_id,tenant_id,segment,region,tenure_band,customer_since\nnew1,acme,smb,emea,1_3y,2025-01-01\nnew1,acme,smb,emea,1_3y,2025-01-01\n");
        var customers = await CountAsync(database, "customers");

        var (exit, output, error) = await RunAsync("ingest", "customers", file, "--to", target, "--max-rejected", "0.5");
        Assert.True(exit == 0, error);
        Assert.Contains("customers.csv → customers: 2 rows, 1 loaded, 1 quarantined", output, StringComparison.Ordinal);
        Assert.Contains("customers.csv:3: duplicate_key: key (customer_id) = (new1) is also on line 2", output, StringComparison.Ordinal);
        Assert.Equal(customers + 1, await CountAsync(database, "customers"));

        (exit, output, _) = await RunAsync("ingest", "customers", file, "--to", target);
        Assert.Equal(0, exit);
        Assert.Contains("already ingested", output, StringComparison.Ordinal);
        Assert.Equal(customers + 1, await CountAsync(database, "customers"));
    }

    [Fact]
    public async Task An_unreachable_server_or_a_malformed_connection_string_is_a_clear_error()
    {
        var file = Path.Combine(_temp, "small.duckdb");
        Assert.Equal(0, (await RunAsync("seed", "-n", "50", "--out", file)).Exit);

        var (exit, _, error) = await RunAsync("load", "--from", file, "--to", "Host=127.0.0.1;Port=1;Username=cx;Database=cx;Timeout=2");
        Assert.Equal(1, exit);
        Assert.Equal(
            "cxsem load: cannot reach the PostgreSQL server (Connection refused); check Host and Port in --to and that the server is running. The warehouse in the target is as it was.\n",
            error.Replace("\r", "", StringComparison.Ordinal));

        (exit, _, error) = await RunAsync("load", "--from", file, "--to", "Host=127.0.0.1;Bogus=1");
        Assert.Equal(2, exit);
        Assert.StartsWith("cxsem load: --to is not a valid connection string:", error, StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("load", "--from", file, "--to", _server.ConnectionString("no_such_db"));
        Assert.Equal(1, exit);
        Assert.Equal(
            "cxsem load: PostgreSQL refused: database \"no_such_db\" does not exist (SQLSTATE 3D000). The warehouse in the target is as it was.\n",
            error.Replace("\r", "", StringComparison.Ordinal));
    }

    private static async Task<long> CountAsync(Npgsql.NpgsqlDataSource database, string table)
    {
        await using var command = database.CreateCommand($"SELECT count(*) FROM {table}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Program.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
