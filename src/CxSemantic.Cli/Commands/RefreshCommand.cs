using System.CommandLine;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Definitions.Model;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Materialization;
using DuckDB.NET.Data;
using Npgsql;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem refresh --db W.duckdb</c> (or <c>--to "Host=…"</c>): brings every materialization of the catalog
/// (journey tables; see <see cref="MaterializationRefresh.For"/> for the others) up to date with the warehouse —
/// incrementally after appends, in full after a definition change — and prints what each refresher did.
/// </summary>
internal static class RefreshCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var db = new Option<FileInfo?>("--db") { Description = "The DuckDB warehouse file." };
        var to = new Option<string?>("--to") { Description = "Refresh a PostgreSQL warehouse instead: an Npgsql connection string (Host=…;Username=…;Database=…)." };
        var definitions = new Option<DirectoryInfo>("--definitions") { Description = "The definitions folder.", DefaultValueFactory = _ => new DirectoryInfo("metric-definitions") };
        var build = new MaterializationBuildOptions();
        var command = new Command("refresh", "Bring the materialized journeys (and other materializations) up to date with the warehouse: incremental after appends, full after a definition change.")
        {
            db, to, definitions,
        };
        build.AddTo(command);
        command.SetAction((parse, cancellationToken) => build.ContactsPerSlice(parse, "refresh", error) is { } contactsPerSlice
            ? RunAsync(parse.GetValue(db), parse.GetValue(to), parse.GetValue(definitions)!, output, error, build.DuckDbConfig(parse), contactsPerSlice, build.Steps(parse), cancellationToken)
            : Task.FromResult(2));
        return command;
    }

    internal static async Task<int> RunAsync(
        FileInfo? db,
        string? to,
        DirectoryInfo definitions,
        TextWriter output,
        TextWriter error,
        DuckDbConfig? duckDbConfig,
        long contactsPerSlice,
        bool steps,
        CancellationToken cancellationToken)
    {
        if ((db is null) == (to is null))
        {
            error.WriteLine("cxsem refresh: give the warehouse: --db FILE.duckdb or --to \"Host=…;Database=…\" (one of them).");
            return 2;
        }

        if (db is { Exists: false })
        {
            error.WriteLine($"cxsem refresh: {db.FullName} does not exist; create it with cxsem seed --out {db.Name} or cxsem ingest.");
            return 2;
        }

        if (ValidateCommand.LoadValid(definitions, error, out var exitCode) is not { } catalog)
        {
            return exitCode;
        }

        try
        {
            if (db is not null)
            {
                using var database = DuckDbDatabase.Open(db.FullName, duckDbConfig);
                var engine = new DuckDbSqlEngine(database, db.FullName);
                await RefreshAsync(catalog, engine, engine, output, contactsPerSlice, steps, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var dataSource = NpgsqlDataSource.Create(to!);
                var engine = new PostgreSqlSqlEngine(dataSource);
                await RefreshAsync(catalog, engine, engine, output, contactsPerSlice, steps, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }
        catch (Exception ex) when (ex is SqlEngineException or DuckDBException)
        {
            error.WriteLine($"cxsem refresh: the warehouse failed: {ex.Message} The previous materializations still serve.");
            return 1;
        }
    }

    /// <summary>Runs every refresher and prints one line per materialization, then, with <paramref name="steps"/>, the time of each step.</summary>
    internal static async Task RefreshAsync(
        MetricCatalog catalog, ISqlEngine engine, ISqlStatementRunner runner, TextWriter output, long contactsPerSlice, bool steps, CancellationToken cancellationToken)
    {
        using var timeline = steps ? new RefreshTimeline() : null;
        var outcomes = await MaterializationRefresh.RunAsync(MaterializationRefresh.For(catalog, engine, runner, contactsPerSlice), cancellationToken).ConfigureAwait(false);
        foreach (var outcome in outcomes)
        {
            output.WriteLine(Describe(outcome));
        }

        MaterializationBuildOptions.WriteSteps(timeline, output);
    }

    internal static string Describe(RefreshOutcome outcome) => string.Format(
        CultureInfo.InvariantCulture,
        "{0} {1} → {2}: {3} ({4}), {5:N0} rows, {6:F2} s",
        outcome.Kind,
        outcome.Source,
        outcome.Table,
        outcome.Mode.ToString().ToLowerInvariant(),
        outcome.Reason,
        outcome.Rows,
        outcome.Elapsed.TotalSeconds);
}
