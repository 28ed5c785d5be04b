using System.CommandLine;
using System.Globalization;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Loading;
using DuckDB.NET.Data;
using Npgsql;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem load --from FILE.duckdb --to "Host=…;Database=…"</c>: copies a DuckDB warehouse (e.g. written by
/// <c>cxsem seed</c>) into PostgreSQL with binary COPY into a staging schema, then swaps it in atomically
/// (re-running replaces the warehouse; a failed load changes nothing). A SQL Server connection string
/// (<c>--to "Server=…;Database=…"</c>) loads SQL Server the same way, with SqlBulkCopy (LoadCommand.SqlServer.cs).
/// </summary>
internal static partial class LoadCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var from = new Option<FileInfo>("--from") { Description = "The DuckDB warehouse file to read.", Required = true };
        var to = new Option<string>("--to")
        {
            Description = TargetDescription,
            Required = true,
        };
        var command = new Command("load", "Copy a DuckDB warehouse into PostgreSQL or SQL Server (bulk copy into a staging schema, then an atomic swap; re-running replaces it).") { from, to };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(from)!, parse.GetValue(to)!, output, error, cancellationToken));
        return command;
    }

    /// <summary>The --to option, shared with <c>cxsem seed</c>.</summary>
    internal const string TargetDescription =
        "Connection string of the target database: PostgreSQL (Npgsql, with Host=), e.g. \"Host=127.0.0.1;Port=5432;Username=cx;Database=cx\" (the password may come from PGPASSWORD or ~/.pgpass), "
        + "or SQL Server (SqlClient, with Server= or Data Source=), e.g. \"Server=127.0.0.1,1433;Database=cx;User ID=sa;Password=…;TrustServerCertificate=true\".";

    internal static async Task<int> RunAsync(FileInfo from, string to, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!from.Exists)
        {
            error.WriteLine($"cxsem load: {from.FullName} does not exist; write one with `cxsem seed --out {from.Name}`.");
            return 2;
        }

        if (IsSqlServerTarget(to))
        {
            return await RunSqlServerAsync(from, to, output, error, cancellationToken).ConfigureAwait(false);
        }

        NpgsqlDataSource target;
        try
        {
            target = NpgsqlDataSource.Create(to);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"cxsem load: --to is not a valid connection string: {ex.Message}");
            return 2;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        PostgreSqlLoadSummary summary;
        try
        {
            await using (target.ConfigureAwait(false))
            {
                using var source = DuckDbDatabase.Open(from.FullName, new DuckDbConfig { ReadOnly = true });
                summary = await ShowProgressAsync(
                    console,
                    progress => PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(source, target, progress, cancellationToken)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("cxsem load: cancelled; the staging schema was dropped and the warehouse in the target is as it was.");
            return 130;
        }
        catch (Exception ex) when (ex is NpgsqlException or DuckDBException or IOException or InvalidOperationException)
        {
            error.WriteLine($"cxsem load: {Describe(ex)} The warehouse in the target is as it was.");
            return 1;
        }

        return Report(console, summary);
    }

    private static int Report(IAnsiConsole console, PostgreSqlLoadSummary summary)
    {
        RowCountTable.Write(console, summary.RowsPerTable);
        console.MarkupLineInterpolated(
            $"Loaded [green]{summary.TotalRows:N0}[/] rows in {summary.Elapsed.TotalSeconds:F1} s ({summary.TotalRows / Math.Max(0.001, summary.Elapsed.TotalSeconds):N0} rows/s).");
        return 0;
    }

    /// <summary>Runs a load with one progress bar per table being copied and one per later stage.</summary>
    private static Task<PostgreSqlLoadSummary> ShowProgressAsync(IAnsiConsole console, Func<IProgress<PostgreSqlLoadProgress>, Task<PostgreSqlLoadSummary>> load) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new SynchronousProgress(p =>
                {
                    var name = p.Stage == PostgreSqlLoadStage.Copying ? p.Table : StageNames[p.Stage];
                    if (p.Stage != PostgreSqlLoadStage.Copying)
                    {
                        foreach (var previous in tasks.Values)
                        {
                            previous.Value = previous.MaxValue;
                        }
                    }

                    if (!tasks.TryGetValue(name, out var task))
                    {
                        task = tasks[name] = context.AddTask(name, maxValue: p.Stage == PostgreSqlLoadStage.Copying ? Math.Max(1, p.TableRows) : 1);
                    }

                    task.Value = p.Stage == PostgreSqlLoadStage.Copying ? p.RowsCopied : 0;
                });
                return await load(progress).ConfigureAwait(false);
            });

    private static readonly Dictionary<PostgreSqlLoadStage, string> StageNames = new()
    {
        [PostgreSqlLoadStage.Indexing] = "keys, indexes, foreign keys",
        [PostgreSqlLoadStage.Analyzing] = "ANALYZE",
        [PostgreSqlLoadStage.Swapping] = "swap into place",
    };

    /// <summary>
    /// For <c>--if-empty</c>: 0 when the target already holds a warehouse (nothing to do), an error code when it cannot
    /// be checked, null when a load should go ahead.
    /// </summary>
    internal static async Task<int?> HasWarehouseAsync(string connectionString, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (IsSqlServerTarget(connectionString))
        {
            return await HasSqlServerWarehouseAsync(connectionString, output, error, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using var target = NpgsqlDataSource.Create(connectionString);
            if (await PostgreSqlWarehouseLoader.HasWarehouseAsync(target, cancellationToken).ConfigureAwait(false))
            {
                output.WriteLine("cxsem: the target already holds a warehouse; nothing loaded (--if-empty).");
                return 0;
            }

            return null;
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"cxsem: --to is not a valid connection string: {ex.Message}");
            return 2;
        }
        catch (NpgsqlException ex)
        {
            error.WriteLine($"cxsem: {Describe(ex)}");
            return 1;
        }
    }

    /// <summary>A connection failure names the server and the usual fixes; other errors speak for themselves.</summary>
    internal static string Describe(Exception ex) => ex switch
    {
        PostgresException pg => $"PostgreSQL refused: {pg.MessageText} (SQLSTATE {pg.SqlState}).",
        NpgsqlException { InnerException: System.Net.Sockets.SocketException socket } =>
            $"cannot reach the PostgreSQL server ({socket.Message}); check Host and Port in --to and that the server is running.",
        _ => ex.Message.EndsWith('.') ? ex.Message : ex.Message + ".",
    };

    /// <summary>
    /// Reports on the loader's thread, one report at a time: tables are copied in parallel and the task map the
    /// callback keeps is a plain dictionary (a concurrent insert while another report enumerates it corrupted it).
    /// </summary>
    private sealed class SynchronousProgress(Action<PostgreSqlLoadProgress> report) : IProgress<PostgreSqlLoadProgress>
    {
        private readonly Lock _gate = new();

        public void Report(PostgreSqlLoadProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
