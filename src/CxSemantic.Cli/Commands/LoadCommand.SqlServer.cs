using System.Data.Common;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Loading;
using CxSemantic.Warehouse.Loading.SqlServer;
using DuckDB.NET.Data;
using Microsoft.Data.SqlClient;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary><c>cxsem load --to "Server=…"</c>: the SQL Server target (SqlBulkCopy into a staging schema, then the swap).</summary>
internal static partial class LoadCommand
{
    /// <summary>
    /// True for a SQL Server connection string: it names <c>Server</c>, <c>Data Source</c>, <c>Address</c> or
    /// <c>Initial Catalog</c> and no <c>Host</c> (PostgreSQL targets are written with Npgsql's <c>Host=</c>).
    /// </summary>
    internal static bool IsSqlServerTarget(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return false; // Npgsql's parser reports the problem.
        }

        return !builder.ContainsKey("host")
            && SqlServerKeys.Any(builder.ContainsKey);
    }

    private static readonly string[] SqlServerKeys = ["server", "data source", "address", "addr", "initial catalog"];

    private static async Task<int> RunSqlServerAsync(FileInfo from, string to, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            _ = new SqlConnectionStringBuilder(to);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            error.WriteLine($"cxsem load: --to is not a valid SQL Server connection string: {ex.Message}");
            return 2;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        PostgreSqlLoadSummary summary;
        try
        {
            using var source = DuckDbDatabase.Open(from.FullName, new DuckDbConfig { ReadOnly = true });
            summary = await ShowProgressAsync(
                console,
                progress => SqlServerWarehouseLoader.LoadFromDuckDbAsync(source, to, null, progress, cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("cxsem load: cancelled; the staging schema was dropped and the warehouse in the target is as it was.");
            return 130;
        }
        catch (Exception ex) when (ex is SqlException or DuckDBException or IOException or InvalidOperationException)
        {
            error.WriteLine($"cxsem load: {DescribeSqlServer(ex)} The warehouse in the target is as it was.");
            return 1;
        }

        return Report(console, summary);
    }

    private static async Task<int?> HasSqlServerWarehouseAsync(string connectionString, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            if (await SqlServerWarehouseLoader.HasWarehouseAsync(connectionString, cancellationToken).ConfigureAwait(false))
            {
                output.WriteLine("cxsem: the target already holds a warehouse; nothing loaded (--if-empty).");
                return 0;
            }

            return null;
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"cxsem: --to is not a valid SQL Server connection string: {ex.Message}");
            return 2;
        }
        catch (SqlException ex)
        {
            error.WriteLine($"cxsem: {DescribeSqlServer(ex)}");
            return 1;
        }
    }

    /// <summary>A SQL Server error with its number (what its documentation is found by); other errors speak for themselves.</summary>
    private static string DescribeSqlServer(Exception ex) => ex switch
    {
        SqlException { Number: 0 or -2 or 53 or 40 or 2 or 10060 or 10061 or 11001 } sql =>
            $"cannot reach SQL Server ({sql.Message.TrimEnd('.')}); check Server (host,port) in --to, Encrypt/TrustServerCertificate, and that the server is running.",
        SqlException sql => $"SQL Server refused: {sql.Message.TrimEnd('.')} (error {sql.Number}).",
        _ => ex.Message.EndsWith('.') ? ex.Message : ex.Message + ".",
    };
}
