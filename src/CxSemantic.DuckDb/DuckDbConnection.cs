using System.Globalization;
using CxSemantic.DuckDb.Native;

namespace CxSemantic.DuckDb;

/// <summary>
/// A connection to a <see cref="DuckDbDatabase"/>. Not thread-safe: use one connection per thread
/// (any number of connections may run queries on one database at once). Long queries are
/// cancelled through a <see cref="CancellationToken"/>, which interrupts DuckDB.
/// </summary>
public sealed unsafe class DuckDbConnection : IDisposable
{
    private readonly ConnectionHandle _handle;

    internal DuckDbConnection(ConnectionHandle handle) => _handle = handle;

    internal IntPtr NativeHandle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    /// <summary>Runs one or more statements separated by <c>;</c>, discarding results.</summary>
    /// <exception cref="DuckDbException">DuckDB reports an error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public void Execute(string sql, CancellationToken cancellationToken = default)
    {
        using var result = Query(sql, cancellationToken);
    }

    /// <summary>Runs a statement with positional parameters (<c>$1</c>, <c>$2</c>…) and returns the rows it changed.</summary>
    public long ExecuteNonQuery(string sql, params object?[] parameters)
    {
        using var result = Query(sql, parameters);
        return result.RowsChanged;
    }

    /// <summary>
    /// The first column of the first row converted to <typeparamref name="T"/>, or default when
    /// there is no row or the value is NULL.
    /// </summary>
    public T? ExecuteScalar<T>(string sql, params object?[] parameters)
    {
        using var result = Query(sql, parameters);
        using var chunk = result.FetchChunk();
        if (chunk is null || chunk.RowCount == 0 || chunk.ColumnCount == 0)
        {
            return default;
        }

        return ConvertValue<T>(chunk.GetVector(0).GetValue(0));
    }

    /// <summary>All rows as boxed values: convenient for small results and tests.</summary>
    public IReadOnlyList<object?[]> QueryRows(string sql, params object?[] parameters)
    {
        using var result = Query(sql, parameters);
        return result.ReadAllRows();
    }

    /// <summary>Runs SQL (one or more statements) and returns the last statement's result.</summary>
    public DuckDbResult Query(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return Run(sql, statement: IntPtr.Zero, cancellationToken);
    }

    /// <summary>
    /// Runs one statement and streams its result: chunks are produced as <see cref="DuckDbResult.FetchChunk"/> asks
    /// for them instead of the whole result being materialized first, so reading a large table takes memory for a
    /// few chunks, not for the table. The connection runs nothing else until the result is disposed.
    /// </summary>
    /// <exception cref="DuckDbException">The SQL does not parse or bind, or execution fails.</exception>
    public DuckDbResult QueryStreaming(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statement = Prepare(sql);
        try
        {
            return Run(sql, statement.Handle, cancellationToken, streaming: true, owner: statement);
        }
        catch
        {
            statement.Dispose();
            throw;
        }
    }

    /// <summary>Runs one statement with positional parameters bound by type.</summary>
    public DuckDbResult Query(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            return Query(sql, cancellationToken);
        }

        using var statement = Prepare(sql);
        statement.BindAll(parameters);
        return statement.Execute(cancellationToken);
    }

    /// <summary>Prepares a statement for repeated execution with typed parameters.</summary>
    /// <exception cref="DuckDbException">The SQL does not parse or bind.</exception>
    public DuckDbPreparedStatement Prepare(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var handle = new PreparedStatementHandle();
        var state = NativeMethods.duckdb_prepare(NativeHandle, sql, out var pointer);
        handle.Adopt(pointer); // destroyed even when preparing failed
        if (state != DuckDbState.Success)
        {
            var message = NativeMethods.ReadUtf8(NativeMethods.duckdb_prepare_error(pointer)) ?? "unknown error";
            handle.Dispose();
            throw new DuckDbException(message, ClassifyMessage(message), sql);
        }

        return new DuckDbPreparedStatement(this, handle, sql);
    }

    /// <summary>Opens an appender: the fast path for bulk inserts into <paramref name="table"/>.</summary>
    public DuckDbAppender CreateAppender(string table, string? schema = null) => new(this, schema, table);

    /// <summary>Asks DuckDB to stop the query running on this connection (from any thread).</summary>
    public void Interrupt()
    {
        if (!_handle.IsClosed)
        {
            NativeMethods.duckdb_interrupt(_handle.DangerousGetHandle());
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    internal DuckDbResult Run(string? sql, IntPtr statement, CancellationToken cancellationToken, bool streaming = false, IDisposable? owner = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = NativeHandle;
        var result = ResultHandle.Allocate();
        DuckDbState state;
        using (cancellationToken.CanBeCanceled
                   ? cancellationToken.UnsafeRegister(static c => ((DuckDbConnection)c!).Interrupt(), this)
                   : default)
        {
            state = statement == IntPtr.Zero
                ? NativeMethods.duckdb_query(connection, sql!, result.Pointer)
                : streaming
                    ? NativeMethods.duckdb_execute_prepared_streaming(statement, result.Pointer)
                    : NativeMethods.duckdb_execute_prepared(statement, result.Pointer);
        }

        if (state == DuckDbState.Success)
        {
            return new DuckDbResult(result, owner);
        }

        var message = NativeMethods.ReadUtf8(NativeMethods.duckdb_result_error(result.Pointer)) ?? "unknown error";
        var errorType = NativeMethods.duckdb_result_error_type(result.Pointer);
        result.Dispose();
        var error = new DuckDbException(message, errorType, sql);
        if (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The DuckDB query was cancelled.", error, cancellationToken);
        }

        throw error;
    }

    internal static T? ConvertValue<T>(object? value)
    {
        if (value is null)
        {
            return default;
        }

        if (value is T typed)
        {
            return typed;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (value is Int128 huge)
        {
            value = (decimal)huge;
        }

        return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    /// <summary>Prepare errors carry no error type in the C API; DuckDB prefixes the class to the message.</summary>
    private static DuckDbErrorType ClassifyMessage(string message)
    {
        var colon = message.IndexOf(" Error:", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return DuckDbErrorType.Invalid;
        }

        var name = message[..colon].Replace(" ", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse<DuckDbErrorType>(name, ignoreCase: true, out var type) ? type : DuckDbErrorType.Invalid;
    }
}
