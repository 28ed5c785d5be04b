using System.Globalization;
using System.Numerics;
using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.DuckDb;

/// <summary>
/// The statements the warehouse runs on a DuckDB.NET connection, in one place: positional parameters
/// (<c>$1</c>, <c>$2</c>…) bound by type, cancellation that interrupts DuckDB (<see cref="DuckDBCommand.Cancel"/>),
/// and values read as the CLR types the rest of CxSemantic expects (<see cref="DuckDbValues"/>).
/// </summary>
public static class DuckDbCommands
{
    /// <summary>Runs one or more statements separated by <c>;</c>, discarding results.</summary>
    /// <returns>Rows changed.</returns>
    /// <exception cref="DuckDBException">DuckDB reports an error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; DuckDB was interrupted.</exception>
    public static long Execute(this DuckDBConnection connection, string sql, CancellationToken cancellationToken = default) =>
        Run(connection, sql, [], static command => (long)command.ExecuteNonQuery(), cancellationToken);

    /// <summary>Runs a statement with positional parameters and returns the rows it changed.</summary>
    /// <exception cref="DuckDBException">DuckDB reports an error.</exception>
    public static long ExecuteNonQuery(this DuckDBConnection connection, string sql, params object?[] parameters) =>
        Run(connection, sql, parameters, static command => (long)command.ExecuteNonQuery(), CancellationToken.None);

    /// <summary>Runs one statement with positional parameters, interrupted when the token is cancelled.</summary>
    /// <returns>Rows changed.</returns>
    /// <exception cref="DuckDBException">DuckDB reports an error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; DuckDB was interrupted.</exception>
    public static long ExecuteNonQuery(
        this DuckDBConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken) =>
        Run(connection, sql, parameters, static command => (long)command.ExecuteNonQuery(), cancellationToken);

    /// <summary>
    /// The first column of the first row converted to <typeparamref name="T"/>, or default when there is no row or
    /// the value is NULL.
    /// </summary>
    /// <exception cref="DuckDBException">DuckDB reports an error.</exception>
    public static T? ExecuteScalar<T>(this DuckDBConnection connection, string sql, params object?[] parameters) =>
        Run(connection, sql, parameters, static command =>
        {
            using var reader = command.ExecuteReader();
            return reader.FieldCount > 0 && reader.Read() ? ConvertValue<T>(DuckDbValues.ReaderFor(reader, 0)(reader, 0)) : default;
        }, CancellationToken.None);

    /// <summary>All rows as boxed values (see <see cref="DuckDbValues"/>): for small results.</summary>
    /// <exception cref="DuckDBException">DuckDB reports an error.</exception>
    public static IReadOnlyList<object?[]> QueryRows(this DuckDBConnection connection, string sql, params object?[] parameters) =>
        QueryRows(connection, sql, parameters, CancellationToken.None);

    /// <summary>All rows of one statement with positional parameters, interrupted when the token is cancelled.</summary>
    /// <exception cref="DuckDBException">DuckDB reports an error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; DuckDB was interrupted.</exception>
    public static IReadOnlyList<object?[]> QueryRows(
        this DuckDBConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken) =>
        Run(connection, sql, parameters, static command =>
        {
            using var reader = command.ExecuteReader();
            return reader.ReadAllRows();
        }, cancellationToken);

    /// <summary>Reads every remaining row of <paramref name="reader"/> as boxed values (see <see cref="DuckDbValues"/>).</summary>
    public static IReadOnlyList<object?[]> ReadAllRows(this DuckDBDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var columns = reader.FieldCount;
        var readers = new Func<DuckDBDataReader, int, object?>[columns];
        for (var c = 0; c < columns; c++)
        {
            readers[c] = DuckDbValues.ReaderFor(reader, c);
        }

        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[columns];
            for (var c = 0; c < columns; c++)
            {
                row[c] = readers[c](reader, c);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A command for <paramref name="sql"/> with <paramref name="parameters"/> bound to <c>$1</c>… in order.</summary>
    public static DuckDBCommand CreateCommand(this DuckDBConnection connection, string sql, IReadOnlyList<object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(ParameterValue(value)));
        }

        return command;
    }

    /// <summary>
    /// A value as DuckDB.NET binds it with the type CxSemantic means: a UTC <see cref="DateTime"/> is an instant
    /// (TIMESTAMPTZ; DuckDB.NET would bind a plain TIMESTAMP), any other kind a wall time (TIMESTAMP).
    /// </summary>
    internal static object ParameterValue(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime { Kind: DateTimeKind.Utc } instant => new DateTimeOffset(instant),
        Int128 huge => (BigInteger)huge,
        char c => c.ToString(),
        _ => value,
    };

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

    private static T Run<T>(
        DuckDBConnection connection, string sql, IReadOnlyList<object?> parameters, Func<DuckDBCommand, T> run, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = connection.CreateCommand(sql, parameters);
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static c => ((DuckDBCommand)c!).Cancel(), command)
            : default;
        try
        {
            return run(command);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is DuckDBException or OperationCanceledException)
        {
            throw new OperationCanceledException("The DuckDB query was cancelled.", ex, cancellationToken);
        }
    }
}
