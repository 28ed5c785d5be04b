using System.CommandLine;
using System.Globalization;
using CxSemantic.DuckDb;
using CxSemantic.Warehouse.Loading;
using Npgsql;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem load --from FILE.duckdb --to "Host=…;Database=…"</c>: copies a DuckDB warehouse (e.g. written by
/// <c>cxsem seed</c>) into PostgreSQL with binary COPY, in one transaction, then ANALYZE.
/// </summary>
internal static class LoadCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var from = new Option<FileInfo>("--from") { Description = "The DuckDB warehouse file to read.", Required = true };
        var to = new Option<string>("--to")
        {
            Description = "Npgsql connection string of the target database, e.g. \"Host=127.0.0.1;Port=5432;Username=cx;Database=cx\" (the password may come from PGPASSWORD or ~/.pgpass).",
            Required = true,
        };
        var replace = new Option<bool>("--replace") { Description = "Drop existing warehouse tables in the target first." };
        var command = new Command("load", "Copy a DuckDB warehouse into PostgreSQL (binary COPY, one transaction, then ANALYZE).") { from, to, replace };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(replace), output, error, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(FileInfo from, string to, bool replace, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!from.Exists)
        {
            error.WriteLine($"cxsem load: {from.FullName} does not exist; write one with `cxsem seed --out {from.Name}`.");
            return 2;
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
                summary = await console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                        var progress = new SynchronousProgress(p =>
                        {
                            if (!tasks.TryGetValue(p.Table, out var task))
                            {
                                task = tasks[p.Table] = context.AddTask(p.Table, maxValue: Math.Max(1, p.TableRows));
                            }

                            task.Value = p.RowsCopied;
                        });
                        return await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(
                            source, target, new PostgreSqlLoadOptions { ReplaceExisting = replace }, progress, cancellationToken).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("cxsem load: cancelled; the transaction was rolled back, nothing was loaded.");
            return 130;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateTable)
        {
            error.WriteLine($"cxsem load: {ex.MessageText}; the target already has a warehouse. Pass --replace to drop it first.");
            return 1;
        }
        catch (Exception ex) when (ex is NpgsqlException or DuckDbException or IOException)
        {
            error.WriteLine($"cxsem load: {ex.Message}");
            return 1;
        }

        var table = new Table().AddColumn("table").AddColumn(new TableColumn("rows").RightAligned());
        foreach (var (name, rows) in summary.RowsPerTable)
        {
            table.AddRow(name, rows.ToString("N0", CultureInfo.InvariantCulture));
        }

        table.AddRow("[bold]total[/]", $"[bold]{summary.TotalRows.ToString("N0", CultureInfo.InvariantCulture)}[/]");
        console.Write(table);
        console.MarkupLineInterpolated(
            $"Loaded [green]{summary.TotalRows:N0}[/] rows in {summary.Elapsed.TotalSeconds:F1} s ({summary.TotalRows / Math.Max(0.001, summary.Elapsed.TotalSeconds):N0} rows/s).");
        return 0;
    }

    /// <summary>Reports on the loader's thread (Spectre's progress tasks are thread-safe).</summary>
    private sealed class SynchronousProgress(Action<PostgreSqlLoadProgress> report) : IProgress<PostgreSqlLoadProgress>
    {
        public void Report(PostgreSqlLoadProgress value) => report(value);
    }
}
