using System.Collections.Frozen;
using CxSemantic.DuckDb.Native;

namespace CxSemantic.DuckDb;

/// <summary>
/// Bulk insert into one table, row by row: <c>Append(…)</c> each column in table order, then
/// <see cref="EndRow"/>. Values are written straight into a DuckDB data chunk in native memory
/// and handed over a chunk (2048 rows) at a time, which is far faster than DuckDB's per-value
/// appender calls. Not thread-safe; use one appender per connection and thread.
/// </summary>
/// <remarks>
/// <see cref="Dispose"/> appends what is buffered and closes the appender; it throws
/// <see cref="DuckDbException"/> if DuckDB rejects those rows (e.g. a constraint violation), so
/// data is never dropped silently. Call <see cref="Close"/> explicitly to see that error at a
/// place of your choosing.
/// </remarks>
public sealed unsafe partial class DuckDbAppender : IDisposable
{
    private readonly AppenderHandle _appender;
    private readonly DataChunkHandle _chunk;
    private readonly DuckDbColumn[] _columns;
    private readonly IntPtr[] _vectors;
    private readonly void*[] _data;
    private readonly ulong*[] _validity;
    private readonly FrozenDictionary<string, int>?[] _enumIndexes;
    private readonly int _capacity;
    private byte[] _utf8 = new byte[256];
    private int _row;
    private int _column;
    private bool _closed;

    internal DuckDbAppender(DuckDbConnection connection, string? schema, string table)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        Table = schema is null ? table : $"{schema}.{table}";
        var names = ColumnNames(connection, schema, table);

        _appender = new AppenderHandle();
        var state = NativeMethods.duckdb_appender_create(connection.NativeHandle, schema, table, out var pointer);
        _appender.Adopt(pointer);
        if (state != DuckDbState.Success)
        {
            var message = NativeMethods.ReadUtf8(NativeMethods.duckdb_appender_error(pointer)) ?? "unknown error";
            _appender.Dispose();
            throw new DuckDbException($"Cannot append to '{Table}': {message}", DuckDbErrorType.Catalog);
        }

        var count = (int)NativeMethods.duckdb_appender_column_count(pointer);
        _columns = new DuckDbColumn[count];
        _vectors = new IntPtr[count];
        _data = new void*[count];
        _validity = new ulong*[count];
        _enumIndexes = new FrozenDictionary<string, int>?[count];
        var types = stackalloc IntPtr[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                types[i] = NativeMethods.duckdb_appender_column_type(pointer, (ulong)i);
                _columns[i] = DuckDbColumn.FromLogicalType(i < names.Length ? names[i] : $"#{i + 1}", types[i]);
                if (_columns[i].Type == DuckDbType.Enum)
                {
                    _enumIndexes[i] = _columns[i].EnumValues.Select((v, k) => (v, k)).ToFrozenDictionary(p => p.v, p => p.k, StringComparer.Ordinal);
                }
            }

            _chunk = new DataChunkHandle();
            _chunk.Adopt(NativeMethods.duckdb_create_data_chunk(types, (ulong)count));
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                if (types[i] != IntPtr.Zero)
                {
                    NativeMethods.duckdb_destroy_logical_type(ref types[i]);
                }
            }
        }

        _capacity = DuckDbResult.VectorSize;
        LoadVectors();
    }

    /// <summary>The target table.</summary>
    public string Table { get; }

    /// <summary>The table's columns, in the order values are appended.</summary>
    public IReadOnlyList<DuckDbColumn> Columns => _columns;

    /// <summary>Rows completed with <see cref="EndRow"/> so far.</summary>
    public long RowsAppended { get; private set; }

    /// <summary>Completes the row; every column must have had a value.</summary>
    /// <exception cref="InvalidOperationException">Fewer values than columns were appended.</exception>
    public void EndRow()
    {
        if (_column != _columns.Length)
        {
            throw new InvalidOperationException(
                $"Row {RowsAppended + 1} of '{Table}' has {_column} value(s) but the table has {_columns.Length} columns; next expected: {_columns[_column].Name} ({_columns[_column].SqlTypeName}).");
        }

        _column = 0;
        _row++;
        RowsAppended++;
        if (_row == _capacity)
        {
            AppendChunk();
        }
    }

    /// <summary>Hands buffered rows to DuckDB and flushes them into the table.</summary>
    /// <exception cref="DuckDbException">DuckDB rejects the rows (constraint, conversion…).</exception>
    public void Flush()
    {
        ThrowIfClosed();
        AppendChunk();
        Check(NativeMethods.duckdb_appender_flush(_appender.DangerousGetHandle()));
    }

    /// <summary>Flushes and closes the appender. Rows after an incomplete last row are rejected.</summary>
    /// <exception cref="DuckDbException">DuckDB rejects the rows.</exception>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (_column != 0)
        {
            throw new InvalidOperationException(
                $"The last row of '{Table}' is incomplete ({_column} of {_columns.Length} values); call EndRow() after each row.");
        }

        AppendChunk();
        Check(NativeMethods.duckdb_appender_close(_appender.DangerousGetHandle()));
    }

    /// <summary>Closes (see <see cref="Close"/>) and releases the native appender.</summary>
    public void Dispose()
    {
        try
        {
            Close();
        }
        finally
        {
            _chunk.Dispose();
            _appender.Dispose();
        }
    }

    private static string[] ColumnNames(DuckDbConnection connection, string? schema, string table)
    {
        // Only for error messages: the appender API itself does not name columns.
        var rows = connection.QueryRows(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = $1 AND ($2 IS NULL OR schema_name = $2) ORDER BY column_index",
            table,
            schema);
        return rows.Select(r => (string)r[0]!).ToArray();
    }

    private int CurrentColumn()
    {
        ThrowIfClosed();
        if (_column >= _columns.Length)
        {
            throw new InvalidOperationException(
                $"Row {RowsAppended + 1} of '{Table}' has more values than its {_columns.Length} columns; call EndRow() after the last column.");
        }

        return _column;
    }

    private int NextColumn() => CurrentColumn();

    private void AppendChunk()
    {
        if (_row == 0)
        {
            return;
        }

        var chunk = _chunk.DangerousGetHandle();
        NativeMethods.duckdb_data_chunk_set_size(chunk, (ulong)_row);
        var state = NativeMethods.duckdb_append_data_chunk(_appender.DangerousGetHandle(), chunk);
        NativeMethods.duckdb_data_chunk_reset(chunk);
        _row = 0;
        LoadVectors();
        Check(state);
    }

    private void LoadVectors()
    {
        var chunk = _chunk.DangerousGetHandle();
        for (var i = 0; i < _columns.Length; i++)
        {
            _vectors[i] = NativeMethods.duckdb_data_chunk_get_vector(chunk, (ulong)i);
            _data[i] = NativeMethods.duckdb_vector_get_data(_vectors[i]);
            _validity[i] = null;
        }
    }

    private void Check(DuckDbState state)
    {
        if (state != DuckDbState.Success)
        {
            var message = NativeMethods.ReadUtf8(NativeMethods.duckdb_appender_error(_appender.DangerousGetHandle())) ?? "unknown error";
            throw new DuckDbException($"Appending to '{Table}' failed: {message}", DuckDbErrorType.Constraint);
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new InvalidOperationException($"The appender for '{Table}' is closed.");
        }
    }
}
