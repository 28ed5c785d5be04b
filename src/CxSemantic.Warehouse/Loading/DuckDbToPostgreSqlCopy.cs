using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace CxSemantic.Warehouse.Loading;

/// <summary>
/// Streams a DuckDB query's rows into PostgreSQL with binary COPY, a batch of rows at a time: what the warehouse loader copies
/// tables with, and what ingestion copies validated rows into its PostgreSQL staging table with.
/// </summary>
internal static class DuckDbToPostgreSqlCopy
{
    /// <summary>Copies the rows of <paramref name="selectSql"/> through <paramref name="copySql"/>.</summary>
    /// <param name="duck">The DuckDB connection the query runs on.</param>
    /// <param name="selectSql">The rows, columns in COPY order.</param>
    /// <param name="connection">The PostgreSQL connection.</param>
    /// <param name="copySql"><c>COPY … FROM STDIN (FORMAT BINARY)</c>.</param>
    /// <param name="columns">Each column's CLR type and name (for messages).</param>
    /// <param name="report">Rows copied so far and in the last chunk.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>Rows written.</returns>
    public static async Task<long> CopyAsync(
        DuckDBConnection duck,
        string selectSql,
        NpgsqlConnection connection,
        string copySql,
        IReadOnlyList<(Type ClrType, string Name)> columns,
        Action<(long Table, long Delta)>? report,
        CancellationToken cancellationToken)
    {
        var buffers = columns.Select(c => ColumnBuffer.For(c.ClrType, c.Name)).ToArray();

        // Streamed: a materialized result of the largest table would hold it all in memory at once.
        using var stream = DuckDbStreamingResult.Open(duck, selectSql, cancellationToken);
        var reader = stream.Reader;
        var importer = await connection.BeginBinaryImportAsync(copySql, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            importer.Timeout = Timeout.InfiniteTimeSpan;
            var copied = 0L;
            var more = true;
            while (more)
            {
                // A batch of rows is read from DuckDB synchronously, then written to PostgreSQL asynchronously.
                var length = 0;
                while (length < BatchRows && (more = stream.Read()))
                {
                    for (var c = 0; c < buffers.Length; c++)
                    {
                        buffers[c].Fill(reader, c, length);
                    }

                    length++;
                }

                for (var r = 0; r < length; r++)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    foreach (var buffer in buffers)
                    {
                        await buffer.WriteAsync(importer, r, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (length > 0)
                {
                    copied += length;
                    report?.Invoke((copied, length));
                }
            }

            return checked((long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Rows read from DuckDB per batch: DuckDB's vector size.</summary>
    private const int BatchRows = 2048;

    /// <summary>One column of the current batch, copied out of the reader so that it can be written asynchronously.</summary>
    private abstract class ColumnBuffer
    {
        public abstract void Fill(DuckDBDataReader reader, int column, int row);

        public abstract Task WriteAsync(NpgsqlBinaryImporter importer, int row, CancellationToken cancellationToken);

        public static ColumnBuffer For(Type clrType, string column)
        {
            var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
            return type switch
            {
                _ when type == typeof(string) => new Buffer<string>(NpgsqlDbType.Text, static (v, c) => v.GetString(c)),
                _ when type == typeof(long) => new Buffer<long>(NpgsqlDbType.Bigint, static (v, c) => v.GetInt64(c)),
                _ when type == typeof(int) => new Buffer<int>(NpgsqlDbType.Integer, static (v, c) => checked((int)v.GetInt64(c))),
                _ when type == typeof(short) => new Buffer<short>(NpgsqlDbType.Smallint, static (v, c) => checked((short)v.GetInt64(c))),
                _ when type == typeof(bool) => new Buffer<bool>(NpgsqlDbType.Boolean, static (v, c) => v.GetBoolean(c)),
                _ when type == typeof(double) => new Buffer<double>(NpgsqlDbType.Double, static (v, c) => v.GetDouble(c)),
                _ when type == typeof(decimal) => new Buffer<decimal>(NpgsqlDbType.Numeric, static (v, c) => v.GetDecimal(c)),
                _ when type == typeof(DateOnly) => new Buffer<DateOnly>(NpgsqlDbType.Date, static (v, c) => v.GetFieldValue<DateOnly>(c)),
                _ when type == typeof(DateTime) => new Buffer<DateTime>(NpgsqlDbType.TimestampTz, static (v, c) => AsUtc(v.GetDateTime(c))),
                _ => throw new NotSupportedException($"Column {column} has CLR type {type.Name}, which the PostgreSQL copy does not handle yet."),
            };
        }

        private static DateTime AsUtc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
    }

    private sealed class Buffer<T>(NpgsqlDbType type, Func<DuckDBDataReader, int, T> read) : ColumnBuffer
    {
        private readonly T[] _values = new T[BatchRows];
        private readonly bool[] _nulls = new bool[BatchRows];

        public override void Fill(DuckDBDataReader reader, int column, int row)
        {
            var isNull = reader.IsDBNull(column);
            _nulls[row] = isNull;
            _values[row] = isNull ? default! : read(reader, column);
        }

        public override Task WriteAsync(NpgsqlBinaryImporter importer, int row, CancellationToken cancellationToken) =>
            _nulls[row] ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(_values[row], type, cancellationToken);
    }
}
