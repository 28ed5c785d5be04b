using System.Collections.Immutable;
using System.Data;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;
using SqlParameter = Microsoft.Data.SqlClient.SqlParameter;
using Microsoft.Data.SqlClient;

namespace CxSemantic.Warehouse.Engines;

/// <summary>
/// Runs compiled T-SQL on SQL Server (2022) through Microsoft.Data.SqlClient: one pooled connection per statement,
/// named parameters <c>@p0…@pn</c> with explicit SQL types, asynchronous throughout. Cancelling the token makes
/// SqlClient send an attention to the server, which stops the running statement.
/// </summary>
/// <remarks>
/// Failures of the database itself become <see cref="SqlEngineException"/>s that say what to fix, classified by
/// <see cref="SqlServerFailures"/>: unreachable or refusing the login (<see cref="SqlEngineFailure.Unavailable"/>), the
/// connection dropped mid-query (<see cref="SqlEngineFailure.ConnectionLost"/>), the command time limit
/// (<see cref="SqlEngineFailure.StatementTimeout"/>: SQL Server has no server-side statement timeout, so it is
/// <see cref="CommandTimeoutSeconds"/>), no warehouse tables (<see cref="SqlEngineFailure.WarehouseMissing"/>).
/// Values come back as the other engines return them: <c>datetimeoffset</c> (and <c>datetime2</c>) as a UTC
/// <see cref="DateTime"/>, <c>date</c> as <see cref="DateOnly"/>, <c>decimal</c> as <see cref="decimal"/> (or
/// <see cref="double"/> when it does not fit), NULL as <see langword="null"/>.
/// </remarks>
/// <param name="connectionString">A SqlClient connection string (pooled by SqlClient); never echoed in messages.</param>
public sealed class SqlServerSqlEngine(string connectionString) : ISqlEngine, ISqlStatementRunner
{
    private readonly string _connectionString = connectionString ?? throw new ArgumentNullException(nameof(connectionString));

    /// <inheritdoc cref="ISqlEngine.Dialect" />
    public SqlDialectKind Dialect => SqlDialectKind.TSql;

    /// <inheritdoc />
    public string Location { get; } = DescribeLocation(connectionString);

    /// <summary>Seconds a statement may run before it is stopped; 0 (the default) for no limit (SqlClient's own default is 30).</summary>
    public int CommandTimeoutSeconds { get; init; }

    /// <inheritdoc />
    public Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return OnConnectionAsync(
            async (connection, token) =>
            {
                var command = CreateCommand(connection, sql);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        return await ReadRowsAsync(reader, token).ConfigureAwait(false);
                    }
                }
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task ExecuteAsync(ImmutableArray<SqlText> statements, CancellationToken cancellationToken) =>
        OnConnectionAsync(
            async (connection, token) =>
            {
                var transaction = (SqlTransaction)await connection.BeginTransactionAsync(token).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    foreach (var sql in statements)
                    {
                        var command = CreateCommand(connection, sql);
                        await using (command.ConfigureAwait(false))
                        {
                            command.Transaction = transaction;
                            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                        }
                    }

                    await transaction.CommitAsync(token).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on a new open connection, turning the caller's cancellation into an
    /// <see cref="OperationCanceledException"/> and failures of the server into <see cref="SqlEngineException"/>s.
    /// </summary>
    private async Task<T> OnConnectionAsync<T>(Func<SqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var phase = SqlServerPhase.Connecting;
        try
        {
            var connection = new SqlConnection(_connectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                phase = SqlServerPhase.Executing;
                return await work(connection, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && !(ex is OperationCanceledException oce && oce.CancellationToken == cancellationToken))
        {
            // SqlClient reports a statement stopped by the attention as a SqlException ("Operation cancelled by user"),
            // and a cancelled open under a token of its own: either way it is the caller's cancellation.
            throw new OperationCanceledException("The SQL Server statement was cancelled.", ex, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && SqlServerFailures.Classify(ex, phase) is { } failure)
        {
            throw new SqlEngineException(failure, SqlServerFailures.Explain(failure, ex, Location), ex);
        }
    }

    /// <summary>The command for a compiled statement: its text and its parameters, typed.</summary>
    internal SqlCommand CreateCommand(SqlConnection? connection, SqlText sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var command = new SqlCommand(sql.Text, connection) { CommandTimeout = CommandTimeoutSeconds };
        for (var i = 0; i < sql.Parameters.Length; i++)
        {
            command.Parameters.Add(ToParameter("@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), sql.Parameters[i]));
        }

        return command;
    }

    /// <summary>
    /// A parameter with the SQL Server type of a compiled parameter value. Text is nvarchar(4000) (or max when
    /// longer) whatever its length, so every call of a statement shares one cached plan; instants are
    /// datetimeoffset at +00:00, the type of the warehouse's time columns.
    /// </summary>
    internal static SqlParameter ToParameter(string name, object? value) => value switch
    {
        null => new SqlParameter(name, SqlDbType.NVarChar, 4000) { Value = DBNull.Value },
        string s => new SqlParameter(name, SqlDbType.NVarChar, s.Length <= 4000 ? 4000 : -1) { Value = s },
        long l => new SqlParameter(name, SqlDbType.BigInt) { Value = l },
        int i => new SqlParameter(name, SqlDbType.Int) { Value = i },
        short s => new SqlParameter(name, SqlDbType.SmallInt) { Value = s },
        decimal m => Decimal(name, m),
        double d => new SqlParameter(name, SqlDbType.Float) { Value = d },
        float f => new SqlParameter(name, SqlDbType.Float) { Value = (double)f },
        bool b => new SqlParameter(name, SqlDbType.Bit) { Value = b },
        DateOnly d => new SqlParameter(name, SqlDbType.Date) { Value = d.ToDateTime(TimeOnly.MinValue) },
        DateTime { Kind: DateTimeKind.Utc } t => new SqlParameter(name, SqlDbType.DateTimeOffset) { Value = new DateTimeOffset(t), Scale = 7 },
        DateTime t => throw new ArgumentException(
            $"A DateTime parameter must be a UTC instant (Kind = Utc); got Kind = {t.Kind}. All warehouse instants are UTC.", nameof(value)),
        DateTimeOffset o => new SqlParameter(name, SqlDbType.DateTimeOffset) { Value = o.ToUniversalTime(), Scale = 7 },
        _ => throw new ArgumentException($"Parameters of type {value.GetType().Name} are not supported by the SQL Server engine.", nameof(value)),
    };

    private static SqlParameter Decimal(string name, decimal value)
    {
        // The value's own scale, in the widest precision: SqlClient would otherwise infer both from each value.
        var scale = (byte)((decimal.GetBits(value)[3] >> 16) & 0xFF);
        return new SqlParameter(name, SqlDbType.Decimal) { Value = value, Precision = 38, Scale = scale };
    }

    /// <summary><c>server/database</c> of a connection string: where the data is, without credentials.</summary>
    internal static string DescribeLocation(string connectionString)
    {
        try
        {
            var builder = new SqlConnectionStringBuilder(connectionString);
            return $"{builder.DataSource}/{(string.IsNullOrEmpty(builder.InitialCatalog) ? "(default database)" : builder.InitialCatalog)}";
        }
        catch (ArgumentException)
        {
            return "(invalid connection string)";
        }
    }

    private static async Task<IReadOnlyList<object?[]>> ReadRowsAsync(SqlDataReader reader, CancellationToken cancellationToken)
    {
        var width = reader.FieldCount;
        var types = new Type[width];
        for (var i = 0; i < width; i++)
        {
            types[i] = reader.GetFieldType(i);
        }

        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[width];
            for (var i = 0; i < width; i++)
            {
                row[i] = ReadValue(reader, i, types[i]);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>One value as the compiler expects it (see the remarks).</summary>
    internal static object? ReadValue(IDataRecord record, int ordinal, Type fieldType)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.IsDBNull(ordinal))
        {
            return null;
        }

        return fieldType switch
        {
            _ when fieldType == typeof(DateTimeOffset) => ((DateTimeOffset)record.GetValue(ordinal)).UtcDateTime,
            _ when fieldType == typeof(DateTime) && record.GetDataTypeName(ordinal) == "date" => DateOnly.FromDateTime(record.GetDateTime(ordinal)),
            _ when fieldType == typeof(DateTime) => DateTime.SpecifyKind(record.GetDateTime(ordinal), DateTimeKind.Utc),
            _ when fieldType == typeof(decimal) => ReadDecimal(record, ordinal),
            _ => record.GetValue(ordinal),
        };
    }

    private static object ReadDecimal(IDataRecord record, int ordinal)
    {
        try
        {
            return record.GetDecimal(ordinal);
        }
        catch (OverflowException) when (record is SqlDataReader reader)
        {
            // More digits than System.Decimal holds (decimal(38, s) sums of squares): a double is what the compiler needs.
            return reader.GetSqlDecimal(ordinal).ToDouble();
        }
    }
}
