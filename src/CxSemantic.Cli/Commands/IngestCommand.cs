using System.CommandLine;
using System.Globalization;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Ingestion;
using CxSemantic.Warehouse.Materialization;
using CxSemantic.Warehouse.Schema;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem ingest TABLE FILE... --db W.duckdb [--mapping M.yaml]</c> (or <c>--folder DIR</c>, or <c>--to "Host=…"</c>):
/// loads contact-center and evaluator exports (CSV, Parquet, JSON Lines) into the canonical tables, one validated,
/// idempotent, atomic batch per file; bad rows go to <c>ingest_quarantine</c> with their reason and line.
/// <c>--check</c> validates the mapping (and, with a target, every row) without writing.
/// </summary>
internal static class IngestCommand
{
    /// <summary>Exit code when a file has more rejected rows than <c>--max-rejected</c> allows.</summary>
    public const int RefusedExitCode = 3;

    /// <summary>Set to a file path, the batch stops just before COMMIT after writing that file (crash tests kill it there).</summary>
    internal const string HoldBeforeCommitVariable = "CXSEM_INGEST_HOLD_BEFORE_COMMIT";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var table = new Argument<string?>("table") { Description = "The canonical table (customers, interactions, evaluations, …); omit with --folder.", Arity = ArgumentArity.ZeroOrOne };
        var files = new Argument<FileInfo[]>("files") { Description = "Export files: .csv, .parquet or .jsonl.", Arity = ArgumentArity.ZeroOrMore };
        var folder = new Option<DirectoryInfo?>("--folder") { Description = "Ingest every export in a folder; a file's table is the canonical table its name starts with (interactions-2026-03.csv)." };
        var db = new Option<FileInfo?>("--db") { Description = "The DuckDB warehouse file (created, empty, when it does not exist)." };
        var to = new Option<string?>("--to") { Description = "Ingest into PostgreSQL instead: " + LoadCommand.TargetDescription };
        var mapping = new Option<FileInfo?>("--mapping", "-m") { Description = "Mapping file (YAML) from the export's columns to the canonical ones; without it columns are taken by name." };
        var check = new Option<bool>("--check") { Description = "Validate the mapping (and, with files and a target, every row) without writing anything." };
        var maxRejected = new Option<double>("--max-rejected") { Description = "Largest share of rejected rows a file may have (0–1); above it the file is not loaded and the exit code is 3.", DefaultValueFactory = _ => 0.05 };
        var watermark = new Option<string?>("--watermark") { Description = "The instant up to which the data is complete (ISO 8601, e.g. 2026-07-01T00:00:00Z); only moves it forward." };
        var definitions = new Option<DirectoryInfo?>("--definitions") { Description = "The definitions folder: after the appends, the warehouse's materialized journeys are refreshed with it (default: metric-definitions)." };
        var command = new Command("ingest", "Load exports (CSV, Parquet, JSON Lines) into the canonical tables: validated row by row, bad rows quarantined, idempotent and atomic per file.")
        {
            table, files, folder, db, to, mapping, check, maxRejected, watermark, definitions,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new IngestRequest(
                parse.GetValue(table), parse.GetValue(files) ?? [], parse.GetValue(folder), parse.GetValue(db), parse.GetValue(to),
                parse.GetValue(mapping), parse.GetValue(check), parse.GetValue(maxRejected), parse.GetValue(watermark)) { Definitions = parse.GetValue(definitions) },
            output,
            error,
            cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(IngestRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var mappings = IngestMappingSet.None;
        if (request.Mapping is { } mappingFile)
        {
            if (!mappingFile.Exists)
            {
                error.WriteLine($"cxsem ingest: the mapping file {mappingFile.FullName} does not exist.");
                return 2;
            }

            var read = IngestMappingReader.ReadFile(mappingFile.FullName);
            foreach (var diagnostic in read.Diagnostics)
            {
                error.WriteLine(diagnostic.ToString());
            }

            if (!read.Success)
            {
                error.WriteLine($"{read.Diagnostics.Count(d => d.Severity == Definitions.Diagnostics.DiagnosticSeverity.Error)} error(s) in the mapping file; nothing was ingested.");
                return 1;
            }

            mappings = read.Mappings;
            output.WriteLine($"{mappingFile.Name}: mappings for {(mappings.Mappings.IsEmpty ? "no table" : string.Join(", ", mappings.Mappings.Keys.Order(StringComparer.Ordinal)))} — valid.");
        }

        if (Usage(request) is { } problem)
        {
            if (request.Check && request.Files.Length == 0 && request.Folder is null)
            {
                return request.Mapping is null ? Fail(error, "--check needs --mapping, or files and a target.") : 0;
            }

            return Fail(error, problem);
        }

        if (!TryParseWatermark(request.Watermark, out var watermarkAt))
        {
            return Fail(error, $"--watermark '{request.Watermark}' is not an ISO 8601 instant; write e.g. 2026-07-01T00:00:00Z.");
        }

        List<(string Table, string Path)> jobs;
        try
        {
            jobs = Jobs(request);
        }
        catch (ArgumentException ex)
        {
            return Fail(error, ex.Message);
        }

        var options = new IngestOptions { MaxRejectedShare = request.MaxRejected, CheckOnly = request.Check, Watermark = watermarkAt, BeforeCommit = HoldBeforeCommit() };
        var exit = request.To is { } connectionString
            ? await PostgreSqlIngest.RunAsync(connectionString, jobs, mappings, options, output, error, cancellationToken).ConfigureAwait(false)
            : RunOnDuckDb(request.Db!, jobs, mappings, options, output, error, cancellationToken);
        return exit == 0 && !request.Check ? await RefreshMaterializationsAsync(request, output, error, cancellationToken).ConfigureAwait(false) : exit;
    }

    /// <summary>
    /// After appends, brings the warehouse's materializations up to date (incrementally) when it has any — a warehouse
    /// never refreshed (<c>cxsem refresh</c>) has none and is left alone.
    /// </summary>
    private static async Task<int> RefreshMaterializationsAsync(IngestRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var definitions = request.Definitions ?? new DirectoryInfo("metric-definitions");
        if (!await HasMaterializationsAsync(request, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        if (!definitions.Exists)
        {
            output.WriteLine($"The warehouse has materializations, but the definitions folder {definitions.FullName} does not exist: run cxsem refresh --definitions DIR to bring them up to date (queries compute from raw rows until then).");
            return 0;
        }

        output.WriteLine("Refreshing materializations:");
        return await RefreshCommand.RunAsync(request.Db, request.To, definitions, output, error, duckDbConfig: null, JourneyRefresher.DefaultContactsPerSlice, steps: false, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> HasMaterializationsAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        if (request.Db is { } db)
        {
            using var database = DuckDbDatabase.Open(db.FullName);
            var rows = await new Warehouse.Engines.DuckDbSqlEngine(database).QueryAsync(Compiler.Materialization.MaterializationRegistry.ExistsSql, cancellationToken).ConfigureAwait(false);
            return Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture) > 0;
        }

        await using var dataSource = Npgsql.NpgsqlDataSource.Create(request.To!);
        var found = await new Warehouse.Engines.PostgreSqlSqlEngine(dataSource).QueryAsync(Compiler.Materialization.MaterializationRegistry.ExistsSql, cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(found[0][0], CultureInfo.InvariantCulture) > 0;
    }

    private static int RunOnDuckDb(FileInfo db, List<(string Table, string Path)> jobs, IngestMappingSet mappings, IngestOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var created = !db.Exists;
        using var database = DuckDbDatabase.Open(db.FullName);
        if (created)
        {
            using var connection = database.Connect();
            WarehouseSchema.CreateIn(connection);
            output.WriteLine($"Created an empty warehouse in {db.FullName}.");
        }

        return RunJobs(jobs, options, (table, path, progress) => DuckDbIngestor.Ingest(database, table, path, mappings.For(table), options, progress, cancellationToken), output, error);
    }

    /// <summary>Runs each file in turn, prints its report, and turns failures into exit codes.</summary>
    internal static int RunJobs(List<(string Table, string Path)> jobs, IngestOptions options, Func<string, string, IProgress<IngestProgress>?, IngestReport> ingest, TextWriter output, TextWriter error)
    {
        // A spinner with the stage on a terminal; redirected output gets the reports only.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var interactive = console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        var exit = 0;
        foreach (var (table, path) in jobs)
        {
            IngestReport report;
            try
            {
                report = interactive
                    ? console.Status().Start($"{Path.GetFileName(path)}: reading", context => ingest(table, path, new StatusProgress(context)))
                    : ingest(table, path, null);
            }
            catch (IngestException ex)
            {
                error.WriteLine($"cxsem ingest: error {ex.Code}: {ex.Message} Nothing was written for this file.");
                exit = Math.Max(exit, 1);
                continue;
            }
            catch (OperationCanceledException)
            {
                error.WriteLine($"cxsem ingest: cancelled during {path}; that file's batch was rolled back.");
                return 130;
            }

            IngestReportWriter.Write(output, report);
            var overThreshold = report.Outcome == IngestOutcome.Refused || (report.Outcome == IngestOutcome.Checked && report.RejectedShare > options.MaxRejectedShare);
            exit = Math.Max(exit, overThreshold ? RefusedExitCode : 0);
        }

        return exit;
    }

    private static string? Usage(IngestRequest request) =>
        (request.Db, request.To) switch
        {
            (null, null) => "give the warehouse: --db FILE.duckdb or --to \"Host=…\".",
            (not null, not null) => "give one warehouse: --db or --to, not both.",
            _ when request.Folder is null && (request.Table is null || request.Files.Length == 0) => "give TABLE FILE... or --folder DIR.",
            _ when request.Folder is not null && (request.Table is not null || request.Files.Length > 0) => "give TABLE FILE... or --folder DIR, not both.",
            _ when request.MaxRejected is < 0 or > 1 => $"--max-rejected must be between 0 and 1; got {request.MaxRejected.ToString(CultureInfo.InvariantCulture)}.",
            _ => null,
        };

    /// <summary>The files to ingest with their tables, referenced tables first (customers before interactions before evaluations).</summary>
    private static List<(string Table, string Path)> Jobs(IngestRequest request)
    {
        if (request.Folder is null)
        {
            if (!IngestibleTables.Names.Contains(request.Table!))
            {
                throw new ArgumentException($"'{request.Table}' is not a table that can be ingested.{Definitions.Diagnostics.NameSuggester.Hint(request.Table!, IngestibleTables.Names)} Tables: {string.Join(", ", IngestibleTables.Names)}.");
            }

            var missing = request.Files.FirstOrDefault(f => !f.Exists);
            return missing is not null
                ? throw new ArgumentException($"{missing.FullName} does not exist.")
                : [.. request.Files.Select(f => (request.Table!, f.FullName))];
        }

        if (!request.Folder.Exists)
        {
            throw new ArgumentException($"the folder {request.Folder.FullName} does not exist.");
        }

        var order = IngestibleTables.Names;
        var jobs = new List<(string Table, string Path)>();
        foreach (var file in request.Folder.GetFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            // The longest table name the file's name starts with: human_labels.csv is not a 'human' anything.
            var table = order.Where(t => file.Name.StartsWith(t, StringComparison.Ordinal)).MaxBy(t => t.Length);
            if (table is not null && IsExport(file.Name))
            {
                jobs.Add((table, file.FullName));
            }
        }

        return jobs.Count == 0
            ? throw new ArgumentException($"no export in {request.Folder.FullName} is named after a table (e.g. interactions.csv, evaluations-2026-03.parquet).")
            : [.. jobs.OrderBy(j => order.IndexOf(j.Table)).ThenBy(j => j.Path, StringComparer.Ordinal)];
    }

    private static readonly string[] ExportExtensions = [".csv", ".csv.gz", ".parquet", ".jsonl", ".ndjson", ".jsonl.gz"];

    private static bool IsExport(string name) =>
        ExportExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static bool TryParseWatermark(string? text, out DateTime? watermark)
    {
        watermark = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            watermark = parsed.UtcDateTime;
            return true;
        }

        return false;
    }

    private static Action? HoldBeforeCommit()
    {
        if (Environment.GetEnvironmentVariable(HoldBeforeCommitVariable) is not { Length: > 0 } marker)
        {
            return null;
        }

        return () =>
        {
            File.WriteAllText(marker, "holding before COMMIT");
            Thread.Sleep(Timeout.Infinite);
        };
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"cxsem ingest: {message}");
        return 2;
    }

    private sealed class StatusProgress(StatusContext context) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) =>
            context.Status($"{Path.GetFileName(value.File)}: {value.Stage.ToString().ToLowerInvariant()}");
    }
}

/// <summary>The ingest command's arguments.</summary>
internal sealed record IngestRequest(
    string? Table, FileInfo[] Files, DirectoryInfo? Folder, FileInfo? Db, string? To, FileInfo? Mapping, bool Check, double MaxRejected, string? Watermark)
{
    /// <summary>The definitions folder, for refreshing materializations after the appends (default: metric-definitions).</summary>
    public DirectoryInfo? Definitions { get; init; }
}
