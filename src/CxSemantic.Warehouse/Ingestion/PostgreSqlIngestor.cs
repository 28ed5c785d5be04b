using System.Diagnostics;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Loading;
using DuckDB.NET.Data;
using Npgsql;
using static CxSemantic.Warehouse.Ingestion.MappingExpressionSql;

namespace CxSemantic.Warehouse.Ingestion;

/// <summary>
/// Ingests export files into a PostgreSQL warehouse with the same validation as <see cref="DuckDbIngestor"/>:
/// an in-memory DuckDB reads and checks each file row by row (types, required values, vocabularies, CHECK
/// constraints, duplicates within the file), binary COPY moves the checked rows into a temporary staging table, and
/// PostgreSQL itself checks them against the warehouse (keys already loaded, references) and writes the good rows,
/// the quarantine and the batch record — all in one transaction per file.
/// </summary>
public static class PostgreSqlIngestor
{
    private static readonly string[] VerdictColumns = ["reject_reason", "reject_column", "reject_detail", "reject_record"];

    /// <summary>Ingests one file into <paramref name="table"/>.</summary>
    /// <param name="target">The PostgreSQL warehouse (its tables must exist, e.g. from <c>cxsem load</c>).</param>
    /// <param name="table">The canonical table.</param>
    /// <param name="path">The export file.</param>
    /// <param name="mapping">How its columns map.</param>
    /// <param name="options">Threshold, check-only, watermark.</param>
    /// <param name="progress">Receives the stages.</param>
    /// <param name="cancellationToken">Cancels; the transaction is rolled back.</param>
    /// <returns>What happened.</returns>
    /// <exception cref="IngestException">The file cannot be read, or lacks a column the mapping needs.</exception>
    /// <exception cref="NpgsqlException">PostgreSQL fails or refuses the write.</exception>
    public static async Task<IngestReport> IngestAsync(
        NpgsqlDataSource target,
        string table,
        string path,
        IngestMapping mapping,
        IngestOptions options,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var into = IngestTable.Require(table);
        using var database = DuckDbDatabase.Open();
        using var duck = database.Connect();
        duck.Execute($"SET TimeZone = {Quote(mapping.TimeZone)}", cancellationToken);
        progress?.Report(new IngestProgress(path, IngestStage.Reading));
        var source = IngestSource.Open(duck, path, mapping);

        var connection = await target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, "SET TimeZone = 'UTC'", cancellationToken).ConfigureAwait(false);
            if (!options.CheckOnly && await LongAsync(connection, IngestLedger.HasLedgerSql, cancellationToken).ConfigureAwait(false) > 0
                && await LongAsync(connection, IngestLedger.AlreadyIngestedSql(source.BatchId, into.Name), cancellationToken).ConfigureAwait(false) > 0)
            {
                return new IngestReport(source.Path, into.Name, source.BatchId, IngestOutcome.AlreadyIngested, 0, 0, 0, [], [], await WatermarkAsync(connection, cancellationToken).ConfigureAwait(false), clock.Elapsed);
            }

            var validation = new IngestValidation(into, mapping, source);
            source.Stage(duck, cancellationToken);

            progress?.Report(new IngestProgress(path, IngestStage.Validating));
            foreach (var sql in validation.CheckSql())
            {
                duck.Execute(sql, cancellationToken);
            }

            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await StageAsync(duck, connection, into, cancellationToken).ConfigureAwait(false);
                foreach (var sql in validation.WarehouseCheckSql())
                {
                    await ExecuteAsync(connection, sql, cancellationToken).ConfigureAwait(false);
                }

                var tally = await IngestTally.ReadAsync(sql => QueryAsync(connection, sql, cancellationToken), options.SampleSize).ConfigureAwait(false);
                var outcome = tally.Outcome(options);
                if (outcome != IngestOutcome.Loaded)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return tally.Report(source, into.Name, outcome, await WatermarkAsync(connection, cancellationToken).ConfigureAwait(false), clock.Elapsed);
                }

                progress?.Report(new IngestProgress(path, IngestStage.Loading));
                var span = IngestTally.BatchSpan(into, options, IngestTally.HasSpan(into) ? (await QueryAsync(connection, IngestLedger.BatchSpanSql, cancellationToken).ConfigureAwait(false))[0] : []);
                var typed = $"CAST(json_build_object({string.Join(", ", into.Columns.Select(c => $"{Quote(c.Name)}, {c.Name}"))}) AS TEXT)";
                foreach (var sql in IngestLedger.CommitSql(into, source, tally, span, typed))
                {
                    await ExecuteAsync(connection, sql, cancellationToken).ConfigureAwait(false);
                }

                options.BeforeCommit?.Invoke();
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return tally.Report(source, into.Name, outcome, await WatermarkAsync(connection, cancellationToken).ConfigureAwait(false), clock.Elapsed);
            }
        }
    }

    /// <summary>Copies DuckDB's checked rows into a temporary table of the transaction (dropped at its end).</summary>
    private static async Task StageAsync(DuckDBConnection duck, NpgsqlConnection connection, IngestTable table, CancellationToken cancellationToken)
    {
        var columns = table.Columns.Select(c => c.Name).ToList();
        var definitions = string.Join(", ", table.Columns.Select(c => $"{c.Name} {c.PostgreSqlType}"));
        await ExecuteAsync(
            connection,
            $"CREATE TEMP TABLE {IngestValidation.CheckedTable} (source_line bigint, {definitions}, reject_reason text, reject_column text, reject_detail text, reject_record text) ON COMMIT DROP",
            cancellationToken).ConfigureAwait(false);
        var all = $"source_line, {string.Join(", ", columns)}, {string.Join(", ", VerdictColumns)}";
        var types = new List<(Type, string)> { (typeof(long), "source_line") };
        types.AddRange(table.Columns.Select(c => (c.ClrType, c.Name)));
        types.AddRange(VerdictColumns.Select(n => (typeof(string), n)));
        await DuckDbToPostgreSqlCopy.CopyAsync(
            duck,
            $"SELECT {all} FROM {IngestValidation.CheckedTable}",
            connection,
            $"COPY {IngestValidation.CheckedTable} ({all}) FROM STDIN (FORMAT BINARY)",
            types,
            null,
            cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"ANALYZE {IngestValidation.CheckedTable}", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DateTime?> WatermarkAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(connection, "SELECT max(watermark_at) FROM warehouse_meta", cancellationToken).ConfigureAwait(false);
        return rows[0][0] is DateTime d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long> LongAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        Convert.ToInt64((await QueryAsync(connection, sql, cancellationToken).ConfigureAwait(false))[0][0], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<object?[]>> QueryAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<object?[]>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }

                    rows.Add(row);
                }

                return rows;
            }
        }
    }
}
