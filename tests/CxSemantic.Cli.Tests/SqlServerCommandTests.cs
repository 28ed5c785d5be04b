using CxSemantic.Cli.Commands;

namespace CxSemantic.Cli.Tests;

/// <summary><c>cxsem load --to "Server=…"</c> without a SQL Server: the target is recognised, and failures are clear.</summary>
public sealed class SqlServerCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cxsem-cli-mssql-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Theory]
    [InlineData("Server=127.0.0.1,1433;Database=cx;User ID=sa;Password=x", true)]
    [InlineData("Data Source=db.example;Initial Catalog=cx;Integrated Security=true", true)]
    [InlineData("Address=db.example;Initial Catalog=cx", true)]
    [InlineData("Host=127.0.0.1;Port=5432;Username=cx;Database=cx", false)]
    [InlineData("Host=127.0.0.1;Server=ignored", false)]
    [InlineData("not a connection string", false)]
    public void A_sql_server_connection_string_is_told_from_an_npgsql_one(string connectionString, bool sqlServer) =>
        Assert.Equal(sqlServer, LoadCommand.IsSqlServerTarget(connectionString));

    [Fact]
    public async Task Schema_for_sqlserver_prints_efs_sqlserver_script()
    {
        var (exit, output, _) = await RunAsync("schema", "--dialect", "sqlserver");
        Assert.Equal(0, exit);
        Assert.Equal(Warehouse.Schema.WarehouseSchema.RenderDdl(Compiler.Dialects.SqlDialectKind.TSql), output);
        Assert.Contains("\nGO\n", output.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);

        (exit, _, var error) = await RunAsync("schema", "--dialect", "sqlserver", "--bulk-load");
        Assert.Equal(2, exit);
        Assert.StartsWith("cxsem schema: --bulk-load applies to duckdb only;", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_or_a_malformed_connection_string_is_a_clear_error()
    {
        var file = Path.Combine(_temp, "small.duckdb");
        Assert.Equal(0, (await RunAsync("seed", "-n", "50", "--out", file)).Exit);

        var (exit, _, error) = await RunAsync("load", "--from", file, "--to", "Server=127.0.0.1,1;Database=cx;User ID=sa;Password=s3cret!;Encrypt=false;Connect Timeout=2");
        Assert.Equal(1, exit);
        Assert.StartsWith("cxsem load: cannot reach SQL Server (", error, StringComparison.Ordinal);
        Assert.EndsWith(
            "check Server (host,port) in --to, Encrypt/TrustServerCertificate, and that the server is running. The warehouse in the target is as it was.\n",
            error.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("load", "--from", file, "--to", "Server=127.0.0.1;Connect Timeout=forever");
        Assert.Equal(2, exit);
        Assert.StartsWith("cxsem load: --to is not a valid SQL Server connection string:", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Program.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
