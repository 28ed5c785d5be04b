using CxSemantic.DuckDb;
using Npgsql;
using NpgsqlTypes;

namespace CxSemantic.Warehouse.Loading;

/// <summary>
/// Streams a DuckDB query's rows into PostgreSQL with binary COPY, chunk by chunk: what the warehouse loader copies
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
        DuckDbConnection duck,
        string selectSql,
        NpgsqlConnection connection,
        string copySql,
        IReadOnlyList<(Type ClrType, string Name)> columns,
        Action<(long Table, long Delta)>? report,
        CancellationToken cancellationToken)
    {
        var buffers = columns.Select(c => ColumnBuffer.For(c.ClrType, c.Name)).ToArray();

        // Streamed: a materialized result of the largest table would hold it all in memory at once.
        using var result = duck.QueryStreaming(selectSql, cancellationToken);
        var importer = await connection.BeginBinaryImportAsync(copySql, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            importer.Timeout = Timeout.InfiniteTimeSpan;
            var copied = 0L;
            while (result.FetchChunk() is { } chunk)
            {
                int length;
                using (chunk)
                {
                    length = chunk.RowCount;
                    for (var c = 0; c < buffers.Length; c++)
                    {
                        buffers[c].Fill(chunk, c);
                    }
                }

                for (var r = 0; r < length; r++)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    foreach (var buffer in buffers)
                    {
                        await buffer.WriteAsync(importer, r, cancellationToken).ConfigureAwait(false);
                    }
                }

                copied += length;
                report?.Invoke((copied, length));
            }

            return checked((long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Reads a value of a DuckDB vector; <see cref="DuckDbVector"/> is a ref struct, hence not a <c>Func</c>.</summary>
    private delegate T VectorReader<out T>(DuckDbVector vector, int row);

    /// <summary>One column of the current chunk, copied out of DuckDB's memory so that it can be written asynchronously.</summary>
    private abstract class ColumnBuffer
    {
        public abstract void Fill(DuckDbDataChunk chunk, int column);

        public abstract Task WriteAsync(NpgsqlBinaryImporter importer, int row, CancellationToken cancellationToken);

        public static ColumnBuffer For(Type clrType, string column)
        {
            var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
            return type switch
            {
                _ when type == typeof(string) => new Buffer<string>(NpgsqlDbType.Text, static (v, r) => v.GetString(r)),
                _ when type == typeof(long) => new Buffer<long>(NpgsqlDbType.Bigint, static (v, r) => v.GetInt64(r)),
                _ when type == typeof(int) => new Buffer<int>(NpgsqlDbType.Integer, static (v, r) => checked((int)v.GetInt64(r))),
                _ when type == typeof(short) => new Buffer<short>(NpgsqlDbType.Smallint, static (v, r) => checked((short)v.GetInt64(r))),
                _ when type == typeof(bool) => new Buffer<bool>(NpgsqlDbType.Boolean, static (v, r) => v.GetBoolean(r)),
                _ when type == typeof(double) => new Buffer<double>(NpgsqlDbType.Double, static (v, r) => v.GetDouble(r)),
                _ when type == typeof(decimal) => new Buffer<decimal>(NpgsqlDbType.Numeric, static (v, r) => v.GetDecimal(r)),
                _ when type == typeof(DateOnly) => new Buffer<DateOnly>(NpgsqlDbType.Date, static (v, r) => v.GetDate(r)),
                _ when type == typeof(DateTime) => new Buffer<DateTime>(NpgsqlDbType.TimestampTz, static (v, r) => AsUtc(v.GetDateTime(r))),
                _ => throw new NotSupportedException($"Column {column} has CLR type {type.Name}, which the PostgreSQL copy does not handle yet."),
            };
        }

        private static DateTime AsUtc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
    }

    private sealed class Buffer<T>(NpgsqlDbType type, VectorReader<T> read) : ColumnBuffer
    {
        private T[] _values = [];
        private bool[] _nulls = [];

        public override void Fill(DuckDbDataChunk chunk, int column)
        {
            var vector = chunk.GetVector(column);
            var length = vector.Length;
            if (_values.Length < length)
            {
                _values = new T[length];
                _nulls = new bool[length];
            }

            for (var r = 0; r < length; r++)
            {
                var isNull = vector.IsNull(r);
                _nulls[r] = isNull;
                _values[r] = isNull ? default! : read(vector, r);
            }
        }

        public override Task WriteAsync(NpgsqlBinaryImporter importer, int row, CancellationToken cancellationToken) =>
            _nulls[row] ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(_values[row], type, cancellationToken);
    }
}
