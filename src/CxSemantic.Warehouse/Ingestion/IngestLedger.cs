using System.Globalization;
using CxSemantic.Warehouse.Schema;
using static CxSemantic.Warehouse.Ingestion.MappingExpressionSql;

namespace CxSemantic.Warehouse.Ingestion;

/// <summary>
/// The ingestion bookkeeping beside the canonical tables, as SQL valid in DuckDB and PostgreSQL:
/// <c>ingest_batches</c> (one row per loaded file; its key makes a re-run a no-op) and <c>ingest_quarantine</c>
/// (each rejected row with its reason and source line), plus the watermark rule on <c>warehouse_meta</c>.
/// The tables are created by the first batch, inside its transaction.
/// </summary>
internal static class IngestLedger
{
    public const string CreateSql = """
        CREATE TABLE IF NOT EXISTS ingest_batches (
          batch_id VARCHAR NOT NULL,
          table_name VARCHAR NOT NULL,
          source_file VARCHAR NOT NULL,
          rows_in BIGINT NOT NULL,
          rows_loaded BIGINT NOT NULL,
          rows_quarantined BIGINT NOT NULL,
          ingested_at TIMESTAMPTZ NOT NULL,
          PRIMARY KEY (batch_id, table_name));
        CREATE TABLE IF NOT EXISTS ingest_quarantine (
          batch_id VARCHAR NOT NULL,
          table_name VARCHAR NOT NULL,
          source_file VARCHAR NOT NULL,
          source_line BIGINT NOT NULL,
          reason VARCHAR NOT NULL,
          column_name VARCHAR,
          detail VARCHAR NOT NULL,
          record VARCHAR);
        """;

    /// <summary>Whether the ledger exists (the first batch creates it).</summary>
    public const string HasLedgerSql = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ingest_batches'";

    /// <summary>
    /// Every write of a batch, in order, for the engine's transaction: the ledger tables, the good rows, the
    /// quarantine, the batch record, the watermark.
    /// </summary>
    /// <param name="target">The table.</param>
    /// <param name="source">The file.</param>
    /// <param name="tally">Its counts.</param>
    /// <param name="span">The watermark the batch proposes and its earliest start.</param>
    /// <param name="typedRecord">SQL of a JSON object of the typed columns (engine-specific).</param>
    public static IEnumerable<string> CommitSql(IngestTable target, IngestSource source, IngestTally tally, (DateTime? Watermark, DateTime? DataFrom) span, string typedRecord)
    {
        yield return CreateSql;
        yield return InsertRowsSql(target, IngestValidation.CheckedTable);
        yield return QuarantineSql(target, IngestValidation.CheckedTable, source, typedRecord);
        yield return RecordBatchSql(target, source, tally.RowsIn, tally.RowsIn - tally.Rejected, tally.Rejected);
        foreach (var sql in WatermarkSql(span.Watermark, span.DataFrom, source.BatchId))
        {
            yield return sql;
        }
    }

    /// <summary>The earliest start and latest end of the good rows of an interactions batch.</summary>
    public static readonly string BatchSpanSql = $"SELECT max(ended_at), min(started_at) FROM {IngestValidation.CheckedTable} WHERE reject_reason IS NULL";

    public static string AlreadyIngestedSql(string batchId, string table) =>
        $"SELECT count(*) FROM ingest_batches WHERE batch_id = {Quote(batchId)} AND table_name = {Quote(table)}";

    public static string InsertRowsSql(IngestTable table, string from)
    {
        var names = string.Join(", ", table.Columns.Select(c => c.Name));
        return $"INSERT INTO {table.Name} ({names}) SELECT {names} FROM {from} WHERE reject_reason IS NULL";
    }

    /// <param name="table">The target table.</param>
    /// <param name="from">The checked rows.</param>
    /// <param name="source">The file and batch.</param>
    /// <param name="typedRecord">SQL of a JSON object of the typed columns, for rows rejected against the warehouse.</param>
    public static string QuarantineSql(IngestTable table, string from, IngestSource source, string typedRecord) => $"""
        INSERT INTO ingest_quarantine (batch_id, table_name, source_file, source_line, reason, column_name, detail, record)
        SELECT {Quote(source.BatchId)}, {Quote(table.Name)}, {Quote(source.Path)}, source_line, reject_reason, reject_column, reject_detail, COALESCE(reject_record, {typedRecord})
        FROM {from} WHERE reject_reason IS NOT NULL
        """;

    public static string RecordBatchSql(IngestTable table, IngestSource source, long rowsIn, long loaded, long quarantined) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO ingest_batches (batch_id, table_name, source_file, rows_in, rows_loaded, rows_quarantined, ingested_at)
            VALUES ({Quote(source.BatchId)}, {Quote(table.Name)}, {Quote(source.Path)}, {rowsIn}, {loaded}, {quarantined}, CURRENT_TIMESTAMP)
            """);

    /// <summary>
    /// The watermark rule: it only moves forward — to <paramref name="watermark"/> when given, else (for an
    /// interactions batch) to the latest <c>ended_at</c> loaded; <c>data_from</c> only moves back. <c>source</c>
    /// names the last batch, so a server that watches <c>warehouse_meta</c> sees every batch, late data included.
    /// </summary>
    /// <param name="watermark">The explicit watermark, or the batch's latest ended_at (null for other tables).</param>
    /// <param name="dataFrom">The batch's earliest started_at (null for other tables).</param>
    /// <param name="batchId">The batch.</param>
    public static IEnumerable<string> WatermarkSql(DateTime? watermark, DateTime? dataFrom, string batchId)
    {
        var marker = Quote("ingest:" + batchId[..16]);
        if (watermark is { } w)
        {
            var from = Timestamp(dataFrom ?? w);
            yield return $"""
                INSERT INTO warehouse_meta (meta_id, watermark_at, data_from, source, seed, schema_version)
                SELECT 1, {Timestamp(w)}, {from}, {marker}, NULL, {WarehouseSchema.Version}
                WHERE NOT EXISTS (SELECT 1 FROM warehouse_meta WHERE meta_id = 1)
                """;
            yield return $"UPDATE warehouse_meta SET watermark_at = greatest(watermark_at, {Timestamp(w)}), data_from = least(data_from, {from}) WHERE meta_id = 1";
        }

        yield return $"UPDATE warehouse_meta SET source = {marker} WHERE meta_id = 1";
    }

    private static string Timestamp(DateTime value) =>
        $"CAST({Quote(value.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00")} AS TIMESTAMPTZ)";
}
