using System.Text;
using CxSemantic.DuckDb.Native;

namespace CxSemantic.DuckDb;

/// <summary>
/// A prepared statement with positional parameters <c>$1</c>, <c>$2</c>… (1-based, as in SQL).
/// Values are bound by type, never spliced into SQL text. Not thread-safe.
/// </summary>
public sealed unsafe class DuckDbPreparedStatement : IDisposable
{
    private readonly DuckDbConnection _connection;
    private readonly PreparedStatementHandle _handle;

    internal DuckDbPreparedStatement(DuckDbConnection connection, PreparedStatementHandle handle, string sql)
    {
        _connection = connection;
        _handle = handle;
        Sql = sql;
        ParameterCount = (int)NativeMethods.duckdb_nparams(handle.DangerousGetHandle());
    }

    /// <summary>The statement's SQL.</summary>
    public string Sql { get; }

    /// <summary>The number of parameters.</summary>
    public int ParameterCount { get; }

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    /// <summary>The type DuckDB inferred for parameter <paramref name="index"/> (1-based).</summary>
    public DuckDbType ParameterType(int index)
    {
        CheckIndex(index);
        return NativeMethods.duckdb_param_type(Handle, (ulong)index);
    }

    /// <summary>Binds NULL.</summary>
    public DuckDbPreparedStatement BindNull(int index) => Check(index, NativeMethods.duckdb_bind_null(Handle, (ulong)index));

    /// <summary>Binds a BOOLEAN.</summary>
    public DuckDbPreparedStatement Bind(int index, bool value) =>
        Check(index, NativeMethods.duckdb_bind_boolean(Handle, (ulong)index, value ? (byte)1 : (byte)0));

    /// <summary>Binds an INTEGER.</summary>
    public DuckDbPreparedStatement Bind(int index, int value) => Check(index, NativeMethods.duckdb_bind_int32(Handle, (ulong)index, value));

    /// <summary>Binds a BIGINT.</summary>
    public DuckDbPreparedStatement Bind(int index, long value) => Check(index, NativeMethods.duckdb_bind_int64(Handle, (ulong)index, value));

    /// <summary>Binds a HUGEINT.</summary>
    public DuckDbPreparedStatement Bind(int index, Int128 value) =>
        Check(index, NativeMethods.duckdb_bind_hugeint(Handle, (ulong)index, new NativeHugeInt(value)));

    /// <summary>Binds a DOUBLE.</summary>
    public DuckDbPreparedStatement Bind(int index, double value) => Check(index, NativeMethods.duckdb_bind_double(Handle, (ulong)index, value));

    /// <summary>Binds a DECIMAL(38, scale of <paramref name="value"/>), exactly.</summary>
    public DuckDbPreparedStatement Bind(int index, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var native = new NativeDecimal
        {
            Width = 38,
            Scale = value.Scale,
            Value = new NativeHugeInt(value < 0 ? -magnitude : magnitude),
        };
        return Check(index, NativeMethods.duckdb_bind_decimal(Handle, (ulong)index, native));
    }

    /// <summary>Binds a VARCHAR (or NULL for a null string).</summary>
    public DuckDbPreparedStatement Bind(int index, string? value)
    {
        if (value is null)
        {
            return BindNull(index);
        }

        var length = Encoding.UTF8.GetByteCount(value);
        var buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(value, buffer);
        fixed (byte* text = buffer)
        {
            return Check(index, NativeMethods.duckdb_bind_varchar_length(Handle, (ulong)index, text, (ulong)length));
        }
    }

    /// <summary>Binds a DATE.</summary>
    public DuckDbPreparedStatement Bind(int index, DateOnly value) =>
        Check(index, NativeMethods.duckdb_bind_date(Handle, (ulong)index, DuckDbTime.ToDays(value)));

    /// <summary>
    /// Binds a timestamp: a UTC <see cref="DateTime"/> as TIMESTAMPTZ (an instant), any other kind
    /// as a plain TIMESTAMP (no zone).
    /// </summary>
    public DuckDbPreparedStatement Bind(int index, DateTime value) => Check(
        index,
        value.Kind == DateTimeKind.Utc
            ? NativeMethods.duckdb_bind_timestamp_tz(Handle, (ulong)index, DuckDbTime.ToMicroseconds(value))
            : NativeMethods.duckdb_bind_timestamp(Handle, (ulong)index, DuckDbTime.ToMicroseconds(value)));

    /// <summary>Binds an instant as TIMESTAMPTZ.</summary>
    public DuckDbPreparedStatement Bind(int index, DateTimeOffset value) =>
        Check(index, NativeMethods.duckdb_bind_timestamp_tz(Handle, (ulong)index, DuckDbTime.ToMicroseconds(value)));

    /// <summary>Binds a boxed value by its runtime type (null binds NULL).</summary>
    /// <exception cref="ArgumentException">The type has no DuckDB mapping.</exception>
    public DuckDbPreparedStatement Bind(int index, object? value) => value switch
    {
        null => BindNull(index),
        bool v => Bind(index, v),
        sbyte v => Bind(index, (int)v),
        byte v => Bind(index, (int)v),
        short v => Bind(index, (int)v),
        ushort v => Bind(index, (int)v),
        int v => Bind(index, v),
        uint v => Bind(index, (long)v),
        long v => Bind(index, v),
        ulong v => Bind(index, (Int128)v),
        Int128 v => Bind(index, v),
        float v => Bind(index, (double)v),
        double v => Bind(index, v),
        decimal v => Bind(index, v),
        string v => Bind(index, v),
        char v => Bind(index, v.ToString()),
        DateOnly v => Bind(index, v),
        DateTime v => Bind(index, v),
        DateTimeOffset v => Bind(index, v),
        _ => throw new ArgumentException(
            $"Parameter ${index} has type {value.GetType().Name}, which has no DuckDB mapping; pass a bool, number, string, DateOnly, DateTime or DateTimeOffset.",
            nameof(value)),
    };

    /// <summary>Binds <paramref name="values"/> to <c>$1</c>… in order.</summary>
    /// <exception cref="ArgumentException">The count differs from <see cref="ParameterCount"/>.</exception>
    public DuckDbPreparedStatement BindAll(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != ParameterCount)
        {
            throw new ArgumentException(
                $"The statement has {ParameterCount} parameter(s) but {values.Count} value(s) were given.", nameof(values));
        }

        for (var i = 0; i < values.Count; i++)
        {
            Bind(i + 1, values[i]);
        }

        return this;
    }

    /// <summary>Clears all bound values.</summary>
    public void ClearBindings() => NativeMethods.duckdb_clear_bindings(Handle);

    /// <summary>Runs the statement with the bound values.</summary>
    public DuckDbResult Execute(CancellationToken cancellationToken = default) => _connection.Run(Sql, Handle, cancellationToken);

    /// <summary>Runs the statement and returns the rows it changed.</summary>
    public long ExecuteNonQuery(CancellationToken cancellationToken = default)
    {
        using var result = Execute(cancellationToken);
        return result.RowsChanged;
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private void CheckIndex(int index)
    {
        if (index < 1 || index > ParameterCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"Parameters are numbered $1..${ParameterCount} in: {Sql}");
        }
    }

    private DuckDbPreparedStatement Check(int index, DuckDbState state)
    {
        if (state != DuckDbState.Success)
        {
            CheckIndex(index);
            throw new DuckDbException($"DuckDB could not bind parameter ${index} of: {Sql}", DuckDbErrorType.InvalidInput, Sql);
        }

        return this;
    }
}
