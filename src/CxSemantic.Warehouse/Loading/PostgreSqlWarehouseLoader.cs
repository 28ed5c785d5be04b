using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using CxSemantic.DuckDb;
using CxSemantic.Warehouse.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace CxSemantic.Warehouse.Loading;

/// <summary>Progress of a PostgreSQL load: rows copied so far into one table.</summary>
/// <param name="Table">The table being copied.</param>
/// <param name="RowsCopied">Rows of that table copied so far.</param>
/// <param name="TableRows">Rows the table has in the source.</param>
/// <param name="TotalRowsCopied">Rows copied so far over all tables.</param>
public sealed record PostgreSqlLoadProgress(string Table, long RowsCopied, long TableRows, long TotalRowsCopied);

/// <summary>What a load did.</summary>
/// <param name="RowsPerTable">Rows copied per table, in load (dependency) order.</param>
/// <param name="Elapsed">Wall time, schema creation and <c>ANALYZE</c> included.</param>
public sealed record PostgreSqlLoadSummary(ImmutableArray<KeyValuePair<string, long>> RowsPerTable, TimeSpan Elapsed)
{
    /// <summary>Rows over all tables.</summary>
    public long TotalRows => RowsPerTable.Sum(t => t.Value);
}

/// <summary>Options of a load.</summary>
public sealed record PostgreSqlLoadOptions
{
    /// <summary>Drop existing warehouse tables first (otherwise the load fails if one exists).</summary>
    public bool ReplaceExisting { get; init; }
}

/// <summary>
/// Copies a warehouse from DuckDB into PostgreSQL: creates the schema with EF Core's script
/// (<see cref="WarehouseSchema.RenderDdl"/>), streams every table with binary <c>COPY</c>, reading DuckDB
/// columnar (one data chunk at a time), all in one transaction (no half-loaded warehouse), then runs
/// <c>ANALYZE</c>.
/// </summary>
public static class PostgreSqlWarehouseLoader
{
    /// <summary>Loads every warehouse table of <paramref name="source"/> into <paramref name="target"/>, which must not have them yet.</summary>
    /// <param name="source">A DuckDB database holding the warehouse (e.g. written by the demo generator).</param>
    /// <param name="target">The PostgreSQL database to create the warehouse in.</param>
    /// <param name="progress">Receives progress after each chunk; may be null.</param>
    /// <param name="cancellationToken">Stops the load; the transaction is rolled back.</param>
    /// <returns>Rows per table and the time taken.</returns>
    /// <exception cref="PostgresException">PostgreSQL rejects the schema or the data (e.g. a table already exists).</exception>
    /// <exception cref="DuckDbException">The source lacks a warehouse table.</exception>
    public static Task<PostgreSqlLoadSummary> LoadFromDuckDbAsync(
        DuckDbDatabase source,
        NpgsqlDataSource target,
        IProgress<PostgreSqlLoadProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        LoadFromDuckDbAsync(source, target, new PostgreSqlLoadOptions(), progress, cancellationToken);

    /// <summary>Loads every warehouse table of <paramref name="source"/> into <paramref name="target"/>.</summary>
    /// <param name="source">A DuckDB database holding the warehouse (e.g. written by the demo generator).</param>
    /// <param name="target">The PostgreSQL database to create the warehouse in.</param>
    /// <param name="options">Load options.</param>
    /// <param name="progress">Receives progress after each chunk; may be null.</param>
    /// <param name="cancellationToken">Stops the load; the transaction is rolled back.</param>
    /// <returns>Rows per table and the time taken.</returns>
    /// <exception cref="PostgresException">PostgreSQL rejects the schema or the data (e.g. a table already exists).</exception>
    /// <exception cref="DuckDbException">The source lacks a warehouse table.</exception>
    public static async Task<PostgreSqlLoadSummary> LoadFromDuckDbAsync(
        DuckDbDatabase source,
        NpgsqlDataSource target,
        PostgreSqlLoadOptions options,
        IProgress<PostgreSqlLoadProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var tables = WarehouseSchema.TableNames
            .Select(name => WarehouseSchema.Model.GetEntityTypes().Single(e => e.GetTableName() == name))
            .ToList();
        var counts = ImmutableArray.CreateBuilder<KeyValuePair<string, long>>(tables.Count);
        var total = 0L;

        var connection = await target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (options.ReplaceExisting)
                {
                    foreach (var table in Enumerable.Reverse(tables))
                    {
                        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {Quote(table.GetTableName()!)} CASCADE", cancellationToken).ConfigureAwait(false);
                    }
                }

                await ExecuteAsync(connection, WarehouseSchema.RenderDdl(SqlDialect.PostgreSql), cancellationToken).ConfigureAwait(false);
                using var duck = source.Connect();
                foreach (var table in tables)
                {
                    var rows = await CopyTableAsync(duck, connection, table, total, progress, cancellationToken).ConfigureAwait(false);
                    total += rows;
                    counts.Add(new(table.GetTableName()!, rows));
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, "ANALYZE " + string.Join(", ", tables.Select(t => Quote(t.GetTableName()!))), cancellationToken).ConfigureAwait(false);
        }

        return new PostgreSqlLoadSummary(counts.MoveToImmutable(), clock.Elapsed);
    }

    private static async Task<long> CopyTableAsync(
        DuckDbConnection duck,
        NpgsqlConnection connection,
        IEntityType entity,
        long totalSoFar,
        IProgress<PostgreSqlLoadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var table = entity.GetTableName()!;
        var identifier = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var properties = WarehouseSchema.ColumnsOf(entity).ToList();
        var columns = string.Join(", ", properties.Select(p => Quote(p.GetColumnName(identifier)!)));
        var buffers = properties.Select(p => ColumnBuffer.For(p.ClrType, table, p.GetColumnName(identifier)!)).ToArray();
        var tableRows = Convert.ToInt64(duck.ExecuteScalar<object>($"SELECT count(*) FROM {Quote(table)}"), CultureInfo.InvariantCulture);

        using var result = duck.Query($"SELECT {columns} FROM {Quote(table)}", cancellationToken);
        var importer = await connection.BeginBinaryImportAsync($"COPY {Quote(table)} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
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
                progress?.Report(new PostgreSqlLoadProgress(table, copied, tableRows, totalSoFar + copied));
            }

            var written = await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return checked((long)written);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Reads a value of a DuckDB vector; <see cref="DuckDbVector"/> is a ref struct, hence not a <c>Func</c>.</summary>
    private delegate T VectorReader<out T>(DuckDbVector vector, int row);

    /// <summary>One column of the current chunk, copied out of DuckDB's memory so that it can be written asynchronously.</summary>
    private abstract class ColumnBuffer
    {
        public abstract void Fill(DuckDbDataChunk chunk, int column);

        public abstract Task WriteAsync(NpgsqlBinaryImporter importer, int row, CancellationToken cancellationToken);

        public static ColumnBuffer For(Type clrType, string table, string column)
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
                _ => throw new NotSupportedException($"Column {table}.{column} has CLR type {type.Name}, which the PostgreSQL loader does not copy yet."),
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
