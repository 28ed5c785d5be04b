using System.Collections.Frozen;
using System.Text;
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
public sealed unsafe class DuckDbAppender : IDisposable
{
    private static readonly long[] PowersOfTen = BuildPowersOfTen();

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

    /// <summary>Appends NULL to the next column.</summary>
    public DuckDbAppender AppendNull()
    {
        var c = NextColumn();
        if (_validity[c] == null)
        {
            NativeMethods.duckdb_vector_ensure_validity_writable(_vectors[c]);
            _validity[c] = NativeMethods.duckdb_vector_get_validity(_vectors[c]);
        }

        _validity[c][_row >> 6] &= ~(1UL << (_row & 63));
        if (_columns[c].StorageType is DuckDbType.Varchar or DuckDbType.Blob)
        {
            // No stale pointer from an earlier chunk may sit in a NULL string slot.
            ((NativeString*)_data[c])[_row] = default;
        }

        _column++;
        return this;
    }

    /// <summary>Appends a BOOLEAN.</summary>
    public DuckDbAppender Append(bool value)
    {
        var c = NextColumn();
        if (_columns[c].Type != DuckDbType.Boolean)
        {
            throw Mismatch(c, "a bool");
        }

        ((byte*)_data[c])[_row] = value ? (byte)1 : (byte)0;
        _column++;
        return this;
    }

    /// <summary>Appends a SMALLINT (or any wider numeric column).</summary>
    public DuckDbAppender Append(short value) => Append((long)value);

    /// <summary>Appends an INTEGER (or any wider numeric column).</summary>
    public DuckDbAppender Append(int value) => Append((long)value);

    /// <summary>Appends a BIGINT, or an integer into any integer, DECIMAL, FLOAT or DOUBLE column (range-checked).</summary>
    public DuckDbAppender Append(long value)
    {
        var c = NextColumn();
        var data = _data[c];
        var row = _row;
        switch (_columns[c].Type)
        {
            case DuckDbType.BigInt: ((long*)data)[row] = value; break;
            case DuckDbType.Integer: ((int*)data)[row] = checked((int)value); break;
            case DuckDbType.SmallInt: ((short*)data)[row] = checked((short)value); break;
            case DuckDbType.TinyInt: ((sbyte*)data)[row] = checked((sbyte)value); break;
            case DuckDbType.UBigInt: ((ulong*)data)[row] = checked((ulong)value); break;
            case DuckDbType.UInteger: ((uint*)data)[row] = checked((uint)value); break;
            case DuckDbType.USmallInt: ((ushort*)data)[row] = checked((ushort)value); break;
            case DuckDbType.UTinyInt: ((byte*)data)[row] = checked((byte)value); break;
            case DuckDbType.HugeInt: ((NativeHugeInt*)data)[row] = new NativeHugeInt(value); break;
            case DuckDbType.Double: ((double*)data)[row] = value; break;
            case DuckDbType.Float: ((float*)data)[row] = value; break;
            case DuckDbType.Decimal: WriteUnscaled(c, (Int128)value * PowersOfTen[_columns[c].DecimalScale]); break;
            default: throw Mismatch(c, "an integer");
        }

        _column++;
        return this;
    }

    /// <summary>Appends a DOUBLE (or FLOAT, or DECIMAL rounded to the column's scale).</summary>
    public DuckDbAppender Append(double value)
    {
        var c = NextColumn();
        switch (_columns[c].Type)
        {
            case DuckDbType.Double: ((double*)_data[c])[_row] = value; break;
            case DuckDbType.Float: ((float*)_data[c])[_row] = (float)value; break;
            case DuckDbType.Decimal:
                WriteUnscaled(c, (Int128)Math.Round(value * PowersOfTen[_columns[c].DecimalScale], MidpointRounding.AwayFromZero));
                break;
            default: throw Mismatch(c, "a double");
        }

        _column++;
        return this;
    }

    /// <summary>Appends a DECIMAL (rounded to the column's scale), or a DOUBLE/FLOAT.</summary>
    public DuckDbAppender Append(decimal value)
    {
        var c = NextColumn();
        switch (_columns[c].Type)
        {
            case DuckDbType.Decimal:
                var scaled = decimal.Round(value * PowersOfTen[_columns[c].DecimalScale], MidpointRounding.AwayFromZero);
                WriteUnscaled(c, (Int128)scaled);
                break;
            case DuckDbType.Double: ((double*)_data[c])[_row] = (double)value; break;
            case DuckDbType.Float: ((float*)_data[c])[_row] = (float)value; break;
            default: throw Mismatch(c, "a decimal");
        }

        _column++;
        return this;
    }

    /// <summary>Appends a VARCHAR (null appends NULL), or an ENUM label.</summary>
    public DuckDbAppender Append(string? value)
    {
        if (value is null)
        {
            return AppendNull();
        }

        var c = CurrentColumn();
        if (_columns[c].Type == DuckDbType.Enum)
        {
            return AppendEnum(c, value);
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(value, _utf8);
        return AppendUtf8(_utf8.AsSpan(0, written));
    }

    /// <summary>Appends a VARCHAR given as UTF-8 bytes (no transcoding: the fastest path for strings).</summary>
    public DuckDbAppender AppendUtf8(ReadOnlySpan<byte> utf8)
    {
        var c = NextColumn();
        if (_columns[c].Type is not (DuckDbType.Varchar or DuckDbType.Blob))
        {
            throw Mismatch(c, "a string");
        }

        if (utf8.Length <= NativeString.InlineLength)
        {
            // Short strings live inside the 16-byte slot; the unused tail must be zero because
            // DuckDB compares slots as whole words.
            var slot = (NativeString*)_data[c] + _row;
            *slot = default;
            slot->Length = (uint)utf8.Length;
            utf8.CopyTo(new Span<byte>(slot->Inlined, NativeString.InlineLength));
        }
        else
        {
            fixed (byte* text = utf8)
            {
                NativeMethods.duckdb_vector_assign_string_element_len(_vectors[c], (ulong)_row, text, (ulong)utf8.Length);
            }
        }

        _column++;
        return this;
    }

    /// <summary>Appends a DATE (or midnight, into a timestamp column).</summary>
    public DuckDbAppender Append(DateOnly value)
    {
        var c = CurrentColumn();
        if (_columns[c].Type == DuckDbType.Date)
        {
            ((int*)_data[c])[_row] = DuckDbTime.ToDays(value);
            _column++;
            return this;
        }

        return Append(value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
    }

    /// <summary>
    /// Appends a timestamp: into TIMESTAMPTZ as the instant (UTC), into TIMESTAMP as the wall time
    /// given, into DATE as its date. <see cref="DateTimeKind.Local"/> values are converted to UTC first.
    /// </summary>
    public DuckDbAppender Append(DateTime value)
    {
        var c = NextColumn();
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        var micros = DuckDbTime.ToMicroseconds(value);
        switch (_columns[c].Type)
        {
            case DuckDbType.TimestampTz or DuckDbType.Timestamp: ((long*)_data[c])[_row] = micros; break;
            case DuckDbType.TimestampMilliseconds: ((long*)_data[c])[_row] = micros / 1000; break;
            case DuckDbType.TimestampSeconds: ((long*)_data[c])[_row] = micros / 1_000_000; break;
            case DuckDbType.TimestampNanoseconds: ((long*)_data[c])[_row] = micros * 1000; break;
            case DuckDbType.Date: ((int*)_data[c])[_row] = DuckDbTime.ToDays(DateOnly.FromDateTime(value)); break;
            default: throw Mismatch(c, "a DateTime");
        }

        _column++;
        return this;
    }

    /// <summary>Appends an instant (TIMESTAMPTZ).</summary>
    public DuckDbAppender Append(DateTimeOffset value) => Append(value.UtcDateTime);

    /// <summary>Appends a BOOLEAN or NULL.</summary>
    public DuckDbAppender Append(bool? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends an integer or NULL.</summary>
    public DuckDbAppender Append(short? value) => value.HasValue ? Append((long)value.Value) : AppendNull();

    /// <summary>Appends an integer or NULL.</summary>
    public DuckDbAppender Append(int? value) => value.HasValue ? Append((long)value.Value) : AppendNull();

    /// <summary>Appends an integer or NULL.</summary>
    public DuckDbAppender Append(long? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends a double or NULL.</summary>
    public DuckDbAppender Append(double? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends a decimal or NULL.</summary>
    public DuckDbAppender Append(decimal? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends a date or NULL.</summary>
    public DuckDbAppender Append(DateOnly? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends a timestamp or NULL.</summary>
    public DuckDbAppender Append(DateTime? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends an instant or NULL.</summary>
    public DuckDbAppender Append(DateTimeOffset? value) => value.HasValue ? Append(value.Value) : AppendNull();

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

    private static long[] BuildPowersOfTen()
    {
        var powers = new long[19];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
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

    private DuckDbAppender AppendEnum(int c, string value)
    {
        if (!_enumIndexes[c]!.TryGetValue(value, out var index))
        {
            throw new ArgumentException(
                $"'{value}' is not a value of ENUM column {_columns[c].Name} of '{Table}'; expected one of: {string.Join(", ", _columns[c].EnumValues)}.",
                nameof(value));
        }

        NextColumn();
        switch (_columns[c].StorageType)
        {
            case DuckDbType.UTinyInt: ((byte*)_data[c])[_row] = (byte)index; break;
            case DuckDbType.USmallInt: ((ushort*)_data[c])[_row] = (ushort)index; break;
            default: ((uint*)_data[c])[_row] = (uint)index; break;
        }

        _column++;
        return this;
    }

    private void WriteUnscaled(int c, Int128 unscaled)
    {
        var data = _data[c];
        switch (_columns[c].StorageType)
        {
            case DuckDbType.SmallInt: ((short*)data)[_row] = checked((short)unscaled); break;
            case DuckDbType.Integer: ((int*)data)[_row] = checked((int)unscaled); break;
            case DuckDbType.BigInt: ((long*)data)[_row] = checked((long)unscaled); break;
            default: ((NativeHugeInt*)data)[_row] = new NativeHugeInt(unscaled); break;
        }
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

    private InvalidOperationException Mismatch(int c, string given) =>
        new($"Column {c + 1} of '{Table}' ({_columns[c].Name}) is {_columns[c].SqlTypeName}; it cannot take {given}.");
}
