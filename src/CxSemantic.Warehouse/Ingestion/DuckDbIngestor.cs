using System.Collections.Immutable;
using System.Diagnostics;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Schema;
using DuckDB.NET.Data;
using static CxSemantic.Warehouse.Ingestion.MappingExpressionSql;

namespace CxSemantic.Warehouse.Ingestion;

/// <summary>What an ingestion is doing.</summary>
public enum IngestStage
{
    /// <summary>Hashing the file and reading it into a staging table.</summary>
    Reading,

    /// <summary>Validating every row (set-based SQL).</summary>
    Validating,

    /// <summary>Writing good rows, the quarantine and the batch record in one transaction.</summary>
    Loading,
}

/// <summary>Progress of one file.</summary>
/// <param name="File">The file.</param>
/// <param name="Stage">What is being done.</param>
public sealed record IngestProgress(string File, IngestStage Stage);

/// <summary>
/// Ingests export files into a DuckDB warehouse. Each file is one batch: staged by DuckDB's own reader, validated
/// set-based (<see cref="IngestValidation"/>), then its good rows, its quarantined rows and its batch record are
/// written in one transaction — a crash leaves the warehouse as it was, and re-running a file whose content was
/// ingested before changes nothing.
/// </summary>
public static class DuckDbIngestor
{
    /// <summary>Ingests one file into <paramref name="table"/>.</summary>
    /// <param name="database">The warehouse (its tables must exist).</param>
    /// <param name="table">The canonical table.</param>
    /// <param name="path">The export file.</param>
    /// <param name="mapping">How its columns map (<see cref="IngestMapping.Identity"/> for none).</param>
    /// <param name="options">Threshold, check-only, watermark.</param>
    /// <param name="progress">Receives the stages.</param>
    /// <param name="cancellationToken">Interrupts DuckDB; nothing is written.</param>
    /// <returns>What happened.</returns>
    /// <exception cref="IngestException">The file cannot be read, or lacks a column the mapping needs.</exception>
    /// <exception cref="DuckDBException">The warehouse rejects the write (e.g. its tables do not exist).</exception>
    public static IngestReport Ingest(
        DuckDbDatabase database,
        string table,
        string path,
        IngestMapping mapping,
        IngestOptions options,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var target = IngestTable.Require(table);
        using var connection = database.Connect();

        // Timestamps without an offset are read in the mapping's zone; with one, as written.
        connection.Execute($"SET TimeZone = {Quote(mapping.TimeZone)}", cancellationToken);
        progress?.Report(new IngestProgress(path, IngestStage.Reading));
        var source = IngestSource.Open(connection, path, mapping);
        if (!options.CheckOnly && Count(connection, IngestLedger.HasLedgerSql) > 0 && Count(connection, IngestLedger.AlreadyIngestedSql(source.BatchId, target.Name)) > 0)
        {
            return new IngestReport(source.Path, target.Name, source.BatchId, IngestOutcome.AlreadyIngested, 0, 0, 0, [], [], WarehouseSchema.ReadWatermark(connection), clock.Elapsed);
        }

        var validation = new IngestValidation(target, mapping, source);
        try
        {
            source.Stage(connection, cancellationToken);
            progress?.Report(new IngestProgress(path, IngestStage.Validating));
            foreach (var sql in validation.CheckSql().Concat(validation.WarehouseCheckSql()))
            {
                connection.Execute(sql, cancellationToken);
            }

            var tally = IngestTally.ReadAsync(sql => Task.FromResult(connection.QueryRows(sql)), options.SampleSize).GetAwaiter().GetResult();
            var outcome = tally.Outcome(options);
            if (outcome == IngestOutcome.Loaded)
            {
                progress?.Report(new IngestProgress(path, IngestStage.Loading));
                Commit(connection, target, source, tally, options, cancellationToken);
            }

            return tally.Report(source, target.Name, outcome, TryReadWatermark(connection), clock.Elapsed);
        }
        finally
        {
            connection.Execute($"DROP TABLE IF EXISTS {IngestSource.StagingTable}; DROP TABLE IF EXISTS {IngestValidation.CheckedTable}", CancellationToken.None);
        }
    }

    private static void Commit(DuckDBConnection connection, IngestTable target, IngestSource source, IngestTally tally, IngestOptions options, CancellationToken cancellationToken)
    {
        var span = IngestTally.BatchSpan(target, options, IngestTally.HasSpan(target) ? connection.QueryRows(IngestLedger.BatchSpanSql)[0] : []);
        var typed = $"CAST(json_object({string.Join(", ", target.Columns.Select(c => $"{Quote(c.Name)}, {c.Name}"))}) AS VARCHAR)";
        connection.Execute("BEGIN TRANSACTION", cancellationToken);
        try
        {
            foreach (var sql in IngestLedger.CommitSql(target, source, tally, span, typed))
            {
                connection.Execute(sql, cancellationToken);
            }

            options.BeforeCommit?.Invoke();
            connection.Execute("COMMIT", cancellationToken);
        }
        catch
        {
            connection.Execute("ROLLBACK", CancellationToken.None);
            throw;
        }
    }

    private static DateTime? TryReadWatermark(DuckDBConnection connection)
    {
        try
        {
            return WarehouseSchema.ReadWatermark(connection);
        }
        catch (DuckDBException)
        {
            return null;
        }
    }

    private static long Count(DuckDBConnection connection, string sql) => Convert.ToInt64(connection.QueryRows(sql)[0][0], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The counts of a validated file: rows in, rejected per reason, and the first rejected rows.</summary>
internal sealed record IngestTally(long RowsIn, ImmutableArray<KeyValuePair<RejectReason, long>> ByReason, ImmutableArray<RejectedRow> Sample)
{
    public long Rejected => ByReason.Sum(r => r.Value);

    /// <summary>Reads the tally of <see cref="IngestValidation.CheckedTable"/> through any engine's row query.</summary>
    public static async Task<IngestTally> ReadAsync(Func<string, Task<IReadOnlyList<object?[]>>> query, int sampleSize)
    {
        var rowsIn = Long((await query($"SELECT count(*) FROM {IngestValidation.CheckedTable}").ConfigureAwait(false))[0][0]);
        var byReason = (await query($"SELECT reject_reason, count(*) FROM {IngestValidation.CheckedTable} WHERE reject_reason IS NOT NULL GROUP BY reject_reason").ConfigureAwait(false))
            .Select(r => KeyValuePair.Create(RejectReasons.Parse((string)r[0]!), Long(r[1])))
            .OrderBy(p => p.Key);
        var sample = (await query($"SELECT source_line, reject_reason, reject_column, reject_detail FROM {IngestValidation.CheckedTable} WHERE reject_reason IS NOT NULL ORDER BY source_line LIMIT {sampleSize}").ConfigureAwait(false))
            .Select(r => new RejectedRow(Long(r[0]), RejectReasons.Parse((string)r[1]!), r[2] as string, (string)r[3]!));
        return new IngestTally(rowsIn, [.. byReason], [.. sample]);
    }

    /// <summary>The watermark a batch proposes (explicit, else an interactions batch's latest end) and its earliest start.</summary>
    /// <param name="target">The table.</param>
    /// <param name="options">The explicit watermark, if any.</param>
    /// <param name="span">The row of <see cref="IngestLedger.BatchSpanSql"/>.</param>
    public static (DateTime? Watermark, DateTime? DataFrom) BatchSpan(IngestTable target, IngestOptions options, object?[] span) =>
        HasSpan(target) ? (options.Watermark ?? AsUtc(span[0]), AsUtc(span[1])) : (options.Watermark, null);

    /// <summary>Whether the table's batches move the watermark by their own rows (interactions do).</summary>
    public static bool HasSpan(IngestTable target) => target.Name == "interactions";

    /// <summary>Checked when asked; refused when the rejected share exceeds the threshold; else loaded.</summary>
    public IngestOutcome Outcome(IngestOptions options) =>
        options.CheckOnly ? IngestOutcome.Checked
            : RowsIn > 0 && Rejected > options.MaxRejectedShare * RowsIn ? IngestOutcome.Refused
            : IngestOutcome.Loaded;

    public IngestReport Report(IngestSource source, string table, IngestOutcome outcome, DateTime? watermark, TimeSpan elapsed) =>
        new(source.Path, table, source.BatchId, outcome, RowsIn, outcome == IngestOutcome.Loaded ? RowsIn - Rejected : 0, Rejected, ByReason, Sample, watermark, elapsed);

    private static DateTime? AsUtc(object? value) => value is DateTime d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : null;

    private static long Long(object? value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
}
