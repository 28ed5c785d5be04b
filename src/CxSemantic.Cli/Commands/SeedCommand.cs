using System.CommandLine;
using System.Globalization;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem seed --interactions N --seed S --out FILE.duckdb</c>: generates the deterministic demo
/// warehouse into a DuckDB file, with a progress bar and a summary of rows per table. With
/// <c>--to "Host=…"</c> it then loads it into PostgreSQL as <c>cxsem load</c> does (through a temporary
/// DuckDB file unless <c>--out</c> is given).
/// </summary>
internal static class SeedCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var interactions = new Option<long>("--interactions", "-n")
        {
            Description = $"Interactions to generate (1 to {DemoOptions.MaxInteractions:N0}); every other table scales with it.",
            DefaultValueFactory = _ => 100_000,
        };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Random seed: the same seed gives the same data.", DefaultValueFactory = _ => 42 };
        var outPath = new Option<FileInfo>("--out", "-o") { Description = "The DuckDB file to write.", DefaultValueFactory = _ => new FileInfo("demo.duckdb") };
        var threads = new Option<int>("--threads") { Description = "Generator threads (the data does not depend on it).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var memory = new Option<string>("--memory-limit") { Description = "DuckDB memory limit while loading.", DefaultValueFactory = _ => "2GB" };
        var force = new Option<bool>("--force", "-f") { Description = "Replace the file if it exists." };
        var unordered = new Option<bool>("--unordered")
        {
            Description = "Leave the fact tables as generated, customer by customer, instead of in time order (as a warehouse loaded by day stores them): " +
                "faster to seed (at 100M, about an hour less), but time-bounded reads — a refresh's new rows, a month's query — then read every row group.",
        };
        var to = new Option<string?>("--to") { Description = "Also load the warehouse into PostgreSQL or SQL Server: " + LoadCommand.TargetDescription };
        var ifEmpty = new Option<bool>("--if-empty") { Description = "With --to: do nothing when the target already holds a warehouse (e.g. a container's first start only)." };

        var command = new Command("seed", "Generate the deterministic demo warehouse (with its planted effects) into a DuckDB file, and optionally load it into PostgreSQL.")
        {
            interactions, seed, outPath, threads, memory, force, unordered, to, ifEmpty,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new SeedRequest(parse.GetValue(interactions), parse.GetValue(seed), parse.GetValue(outPath)!, parse.GetValue(threads), parse.GetValue(memory)!, parse.GetValue(force)) { TimeOrdered = !parse.GetValue(unordered) };
            return parse.GetValue(to) is { } connectionString
                ? SeedIntoPostgreSqlAsync(request, keepFile: parse.GetResult(outPath) is { Implicit: false }, connectionString, parse.GetValue(ifEmpty), output, error, cancellationToken)
                : Task.FromResult(Run(request, output, error, cancellationToken));
        });
        return command;
    }

    /// <summary>Generates into a DuckDB file (a temporary one unless <paramref name="keepFile"/>), then loads it into PostgreSQL.</summary>
    internal static async Task<int> SeedIntoPostgreSqlAsync(SeedRequest request, bool keepFile, string connectionString, bool ifEmpty, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (ifEmpty && await LoadCommand.HasWarehouseAsync(connectionString, output, error, cancellationToken).ConfigureAwait(false) is { } loaded)
        {
            return loaded;
        }

        var file = keepFile ? request.Out : new FileInfo(Path.Combine(Path.GetTempPath(), $"cxsem-seed-{Guid.NewGuid():N}.duckdb"));
        try
        {
            var generated = Run(request with { Out = file }, output, error, cancellationToken);
            return generated != 0 ? generated : await LoadCommand.RunAsync(file, connectionString, output, error, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!keepFile)
            {
                DeleteDatabaseFiles(file.FullName);
            }
        }
    }

    internal static int Run(SeedRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (request.Interactions is < 1 or > DemoOptions.MaxInteractions)
        {
            error.WriteLine($"cxsem seed: --interactions must be between 1 and {DemoOptions.MaxInteractions:N0}; got {request.Interactions:N0}.");
            return 2;
        }

        var target = request.Out.FullName;
        if (File.Exists(target) && !request.Force)
        {
            error.WriteLine($"cxsem seed: {target} already exists; pass --force to replace it, or choose another --out.");
            return 2;
        }

        // Generate beside the target and move it into place only when complete: no half-written warehouse.
        var staging = target + ".partial";
        DeleteDatabaseFiles(staging);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var options = new DemoOptions { Interactions = request.Interactions, Seed = request.Seed, Parallelism = Math.Max(1, request.Threads), TimeOrdered = request.TimeOrdered };
        GenerationSummary summary;
        try
        {
            using var database = DuckDbDatabase.Open(staging, new DuckDbConfig { MemoryLimit = request.MemoryLimit, Threads = Math.Max(1, request.Threads) });
            summary = console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"Generating {request.Interactions:N0} interactions (seed {request.Seed})", maxValue: request.Interactions);
                    var result = DemoWarehouseGenerator.Generate(database, options, new SynchronousProgress(task), cancellationToken);
                    task.Value = request.Interactions;
                    return result;
                });
        }
        catch (OperationCanceledException)
        {
            DeleteDatabaseFiles(staging);
            error.WriteLine("cxsem seed: cancelled; nothing was written.");
            return 130;
        }
        catch (Exception ex) when (ex is DuckDBException or IOException or ArgumentException)
        {
            DeleteDatabaseFiles(staging);
            error.WriteLine($"cxsem seed: {ex.Message}");
            return 1;
        }

        DeleteDatabaseFiles(target);
        File.Move(staging, target);

        RowCountTable.Write(console, summary.RowsPerTable);
        console.MarkupLineInterpolated(
            $"Wrote [green]{target}[/] in {summary.Elapsed.TotalSeconds:F1} s ({summary.TotalRows / Math.Max(0.001, summary.Elapsed.TotalSeconds):N0} rows/s); watermark {summary.Watermark:yyyy-MM-ddTHH:mm:ssZ}.");
        return 0;
    }

    private static void DeleteDatabaseFiles(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
    }

    /// <summary>Progress from worker threads goes straight to the (thread-safe) task, without a sync context.</summary>
    private sealed class SynchronousProgress(ProgressTask task) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => task.Value = value.InteractionsWritten;
    }
}

/// <summary>The seed command's arguments.</summary>
internal sealed record SeedRequest(long Interactions, ulong Seed, FileInfo Out, int Threads, string MemoryLimit, bool Force)
{
    /// <summary>Store the fact tables in time order (<see cref="DemoOptions.TimeOrdered"/>).</summary>
    public bool TimeOrdered { get; init; } = true;
}
