using System.Collections.Immutable;
using System.Diagnostics;
using CxSemantic.DuckDb;
using CxSemantic.Warehouse.Schema;
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
    /// <exception cref="DuckDbException">The warehouse rejects the write (e.g. its tables do not exist).</exception>
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
        var target = IngestTable.Tables.GetValueOrDefault(table)
            ?? throw new IngestException(IngestErrors.UnknownTable, IngestErrors.Format(IngestErrors.UnknownTableMessage, table, string.Empty, string.Join(", ", IngestTable.Names)));
        using var connection = database.Connect();

        // Timestamps without an offset are read in the mapping's zone; with one, as written.
        connection.Execute($"SET TimeZone = {Quote(mapping.TimeZone)}", cancellationToken);
        progress?.Report(new IngestProgress(path, IngestStage.Reading));
        var source = IngestSource.Open(connection, path, mapping);
        if (!options.CheckOnly && Count(connection, IngestLedgerQueries.HasLedger) > 0 && Count(connection, IngestLedger.AlreadyIngestedSql(source.BatchId, target.Name)) > 0)
        {
            return new IngestReport(source.Path, target.Name, source.BatchId, IngestOutcome.AlreadyIngested, 0, 0, 0, [], [], WarehouseSchema.ReadWatermark(connection), clock.Elapsed);
        }

        var validation = new IngestValidation(target, mapping, source);
        try
        {
            Stage(connection, source, cancellationToken);
            progress?.Report(new IngestProgress(path, IngestStage.Validating));
            connection.Execute(validation.CheckSql(), cancellationToken);
            foreach (var sql in validation.WarehouseCheckSql())
            {
                connection.Execute(sql, cancellationToken);
            }

            var tally = IngestTally.Read(connection.QueryRows, options.SampleSize);
            var outcome = options.CheckOnly ? IngestOutcome.Checked
                : tally.RowsIn > 0 && tally.Rejected > options.MaxRejectedShare * tally.RowsIn ? IngestOutcome.Refused
                : IngestOutcome.Loaded;
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

    private static void Stage(DuckDbConnection connection, IngestSource source, CancellationToken cancellationToken)
    {
        try
        {
            connection.Execute(source.StageSql, cancellationToken);
        }
        catch (DuckDbException ex) when (ex.ErrorType is not DuckDbErrorType.Interrupt)
        {
            // A malformed record (wrong field count, broken JSON) stops the reader: the file is refused whole.
            throw new IngestException(IngestErrors.UnreadableFile, IngestErrors.Format(IngestErrors.UnreadableFileMessage, source.Path, IngestSource.Name(source.Format), ex.Message));
        }
    }

    private static void Commit(DuckDbConnection connection, IngestTable target, IngestSource source, IngestTally tally, IngestOptions options, CancellationToken cancellationToken)
    {
        var (watermark, dataFrom) = BatchSpan(connection, target, options);
        connection.Execute("BEGIN TRANSACTION", cancellationToken);
        try
        {
            connection.Execute(IngestLedger.CreateSql, cancellationToken);
            connection.Execute(IngestLedger.InsertRowsSql(target, IngestValidation.CheckedTable), cancellationToken);
            var typed = $"CAST(json_object({string.Join(", ", target.Columns.Select(c => $"{Quote(c.Name)}, {c.Name}"))}) AS VARCHAR)";
            connection.Execute(IngestLedger.QuarantineSql(target, IngestValidation.CheckedTable, source, typed), cancellationToken);
            connection.Execute(IngestLedger.RecordBatchSql(target, source, tally.RowsIn, tally.RowsIn - tally.Rejected, tally.Rejected), cancellationToken);
            foreach (var sql in IngestLedger.WatermarkSql(watermark, dataFrom, source.BatchId))
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

    /// <summary>The watermark a batch proposes (explicit, else an interactions batch's latest end) and its earliest start.</summary>
    private static (DateTime? Watermark, DateTime? DataFrom) BatchSpan(DuckDbConnection connection, IngestTable target, IngestOptions options)
    {
        if (target.Name != "interactions")
        {
            return (options.Watermark, null);
        }

        var row = connection.QueryRows($"SELECT max(ended_at), min(started_at) FROM {IngestValidation.CheckedTable} WHERE reason IS NULL")[0];
        return (options.Watermark ?? AsUtc(row[0]), AsUtc(row[1]));
    }

    private static DateTime? AsUtc(object? value) => value is DateTime d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : null;

    private static DateTime? TryReadWatermark(DuckDbConnection connection)
    {
        try
        {
            return WarehouseSchema.ReadWatermark(connection);
        }
        catch (DuckDbException)
        {
            return null;
        }
    }

    private static long Count(DuckDbConnection connection, string sql) => Convert.ToInt64(connection.QueryRows(sql)[0][0], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Queries about the ledger that every engine answers the same way.</summary>
internal static class IngestLedgerQueries
{
    public const string HasLedger = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ingest_batches'";
}

/// <summary>The counts of a validated file: rows in, rejected per reason, and the first rejected rows.</summary>
internal sealed record IngestTally(long RowsIn, ImmutableArray<KeyValuePair<RejectReason, long>> ByReason, ImmutableArray<RejectedRow> Sample)
{
    public long Rejected => ByReason.Sum(r => r.Value);

    /// <summary>Reads the tally of <see cref="IngestValidation.CheckedTable"/> through any engine's row query.</summary>
    public static IngestTally Read(Func<string, object?[], IReadOnlyList<object?[]>> query, int sampleSize)
    {
        var rowsIn = Convert.ToInt64(query($"SELECT count(*) FROM {IngestValidation.CheckedTable}", [])[0][0], System.Globalization.CultureInfo.InvariantCulture);
        var byReason = query($"SELECT reason, count(*) FROM {IngestValidation.CheckedTable} WHERE reason IS NOT NULL GROUP BY reason", [])
            .Select(r => KeyValuePair.Create(RejectReasons.Parse((string)r[0]!), Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(p => p.Key);
        var sample = query($"SELECT line, reason, reason_column, detail FROM {IngestValidation.CheckedTable} WHERE reason IS NOT NULL ORDER BY line LIMIT {sampleSize}", [])
            .Select(r => new RejectedRow(Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture), RejectReasons.Parse((string)r[1]!), (string?)r[2], (string)r[3]!));
        return new IngestTally(rowsIn, [.. byReason], [.. sample]);
    }

    public IngestReport Report(IngestSource source, string table, IngestOutcome outcome, DateTime? watermark, TimeSpan elapsed) =>
        new(source.Path, table, source.BatchId, outcome, RowsIn, outcome == IngestOutcome.Loaded ? RowsIn - Rejected : 0, Rejected, ByReason, Sample, watermark, elapsed);
}
