using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;
using Npgsql;
using NpgsqlTypes;

namespace CxSemantic.Warehouse.Engines;

/// <summary>
/// Runs compiled SQL on PostgreSQL (or Citus) through Npgsql: one pooled connection per statement
/// from the data source, positional parameters <c>$1…$n</c>, asynchronous throughout. Cancelling the
/// token makes Npgsql send a cancel request to the server, which stops the running statement.
/// </summary>
/// <remarks>
/// Failures of the database itself become <see cref="SqlEngineException"/>s that say what to fix: unreachable or
/// refusing the login (<see cref="SqlEngineFailure.Unavailable"/>), the connection dropped mid-query
/// (<see cref="SqlEngineFailure.ConnectionLost"/>), the server's <c>statement_timeout</c>
/// (<see cref="SqlEngineFailure.StatementTimeout"/>), no warehouse tables (<see cref="SqlEngineFailure.WarehouseMissing"/>).
/// Values come back as DuckDB's engine returns them where the types correspond: NUMERIC as
/// <see cref="decimal"/> (or <see cref="double"/> when it does not fit), DATE as <see cref="DateOnly"/>,
/// TIMESTAMPTZ as a UTC <see cref="DateTime"/>, NULL as <see langword="null"/>. Statements run with the
/// session time zone set to UTC.
/// </remarks>
/// <param name="dataSource">The data source (connection pool) of the warehouse database; not owned.</param>
public sealed class PostgreSqlSqlEngine(NpgsqlDataSource dataSource) : ISqlEngine, ISqlStatementRunner, IDatabaseLocks
{
    /// <summary>
    /// Sent before every statement: PostgreSQL turns a DATE into a TIMESTAMPTZ (e.g. in
    /// <c>started_at &gt;= effective_from</c>) at midnight of the session's zone, so answers would otherwise depend on
    /// the server's or the role's TimeZone setting; the warehouse's zone is UTC. (A pooled connection is reset when
    /// returned, so the setting cannot be made once per physical connection.)
    /// </summary>
    private const string SetUtc = "SET TIME ZONE 'UTC'";

    /// <inheritdoc cref="ISqlEngine.Dialect" />
    public SqlDialectKind Dialect => SqlDialectKind.PostgreSql;

    /// <inheritdoc />
    public string Location { get; } = DescribeLocation(dataSource.ConnectionString);

    /// <summary>Seconds a statement may run before the server stops it; 0 (the default) for no limit.</summary>
    public int CommandTimeoutSeconds { get; init; }

    /// <inheritdoc />
    public Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return ClassifiedAsync(token => RunAsync(sql, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task ExecuteAsync(ImmutableArray<SqlText> statements, CancellationToken cancellationToken) =>
        ClassifiedAsync(token => RunInTransactionAsync(statements, token), cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A session-level advisory lock (<c>pg_advisory_lock</c> on a 64-bit hash of the name) held by a connection of
    /// its own, outside the pool's reuse until released: a refresh spans many transactions, so a transaction-level lock
    /// would not cover it. A cancelled wait is stopped in the server by Npgsql's cancel request.
    /// </remarks>
    public Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ClassifiedAsync<IAsyncDisposable>(
            async token =>
            {
                var connection = await dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                try
                {
                    var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", connection) { CommandTimeout = 0 };
                    await using (command.ConfigureAwait(false))
                    {
                        command.Parameters.Add(ToParameter(name));
                        await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                    }

                    return new AdvisoryLock(connection, name);
                }
                catch
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
            cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/>, turning failures of the database itself into <see cref="SqlEngineException"/>s.</summary>
    private async Task<T> ClassifiedAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Classify(ex) is { } failure)
        {
            throw new SqlEngineException(failure, Explain(failure, ex), ex);
        }
    }

    private async Task<bool> RunInTransactionAsync(ImmutableArray<SqlText> statements, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var batch = new NpgsqlBatch(connection, transaction) { Timeout = CommandTimeoutSeconds };
                await using (batch.ConfigureAwait(false))
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL TIME ZONE 'UTC'"));
                    foreach (var sql in statements)
                    {
                        var statement = new NpgsqlBatchCommand(sql.Text);
                        foreach (var value in sql.Parameters)
                        {
                            statement.Parameters.Add(ToParameter(value));
                        }

                        batch.BatchCommands.Add(statement);
                    }

                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }

    private async Task<IReadOnlyList<object?[]>> RunAsync(SqlText sql, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One round trip: pin the session to UTC, then the statement.
            var batch = new NpgsqlBatch(connection) { Timeout = CommandTimeoutSeconds };
            await using (batch.ConfigureAwait(false))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(SetUtc));
                var statement = new NpgsqlBatchCommand(sql.Text);
                foreach (var value in sql.Parameters)
                {
                    statement.Parameters.Add(ToParameter(value));
                }

                batch.BatchCommands.Add(statement);
                try
                {
                    var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        return await ReadRowsAsync(reader, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
                {
                    // Npgsql reports a statement stopped by the cancel request as OperationCanceledException; anything
                    // else that surfaces while cancelling is the cancellation too.
                    throw new OperationCanceledException("The PostgreSQL statement was cancelled.", ex, cancellationToken);
                }
            }
        }
    }

    /// <summary>Which database failure <paramref name="exception"/> is, or null when it is not one (e.g. a SQL error).</summary>
    internal static SqlEngineFailure? Classify(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } => SqlEngineFailure.StatementTimeout,
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn } => SqlEngineFailure.WarehouseMissing,
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections } => SqlEngineFailure.Unavailable,
        PostgresException { SqlState: [ '2', '8', ..] } => SqlEngineFailure.Unavailable, // invalid authorization
        PostgresException { SqlState: [ '5', '7', 'P', ..] or [ '0', '8', ..] } => SqlEngineFailure.ConnectionLost, // shutdown, connection exception
        PostgresException => null,
        NpgsqlException { InnerException: TimeoutException } => SqlEngineFailure.StatementTimeout,
        NpgsqlException { InnerException: System.Net.Sockets.SocketException } => SqlEngineFailure.Unavailable,
        NpgsqlException { InnerException: IOException or EndOfStreamException } => SqlEngineFailure.ConnectionLost,
        NpgsqlException => SqlEngineFailure.ConnectionLost,
        _ => null,
    };

    private string Explain(SqlEngineFailure failure, Exception exception)
    {
        var detail = exception is PostgresException pg ? pg.MessageText : (exception.InnerException ?? exception).Message.TrimEnd('.');
        return failure switch
        {
            SqlEngineFailure.Unavailable =>
                $"The PostgreSQL warehouse at {Location} cannot be reached ({detail}). Check Host, Port, Username, Password and Database in the connection string (CxSemantic:Warehouse:ConnectionString) and that the server is running.",
            SqlEngineFailure.ConnectionLost =>
                $"The connection to the PostgreSQL warehouse at {Location} was lost during the query ({detail}); the query was not answered. Retry it; if it keeps failing, check the PostgreSQL server.",
            SqlEngineFailure.StatementTimeout =>
                $"PostgreSQL stopped the query at its statement time limit ({detail}). Narrow the time window, group by fewer dimensions or filter, or raise statement_timeout for the database role the server connects as.",
            _ =>
                $"The PostgreSQL database at {Location} has no CxSemantic warehouse, or an outdated one ({detail}). Load it with `cxsem load --from FILE.duckdb --to \"…\"` or `cxsem seed --to \"…\"`.",
        };
    }

    /// <summary><c>host:port/database</c> of a connection string: where the data is, without credentials.</summary>
    private static string DescribeLocation(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }

    private static async Task<IReadOnlyList<object?[]>> ReadRowsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var width = reader.FieldCount;
        var kinds = new ColumnKind[width];
        for (var i = 0; i < width; i++)
        {
            kinds[i] = reader.GetDataTypeName(i) switch
            {
                "numeric" => ColumnKind.Numeric,
                "date" => ColumnKind.Date,
                _ => ColumnKind.Plain,
            };
        }

        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[width];
            for (var i = 0; i < width; i++)
            {
                if (reader.IsDBNull(i))
                {
                    continue;
                }

                row[i] = kinds[i] switch
                {
                    ColumnKind.Numeric => ReadNumeric(reader, i),
                    ColumnKind.Date => reader.GetFieldValue<DateOnly>(i),
                    _ => reader.GetValue(i),
                };
            }

            rows.Add(row);
        }

        return rows;
    }

    private static object ReadNumeric(NpgsqlDataReader reader, int ordinal)
    {
        try
        {
            return reader.GetDecimal(ordinal);
        }
        catch (OverflowException)
        {
            // More digits than System.Decimal holds (e.g. a sum of squares): a double is what the compiler needs.
            return reader.GetDouble(ordinal);
        }
        catch (InvalidCastException)
        {
            // NaN or ±Infinity.
            return reader.GetDouble(ordinal);
        }
    }

    /// <summary>An unnamed (positional) parameter with the PostgreSQL type of a compiled parameter value.</summary>
    internal static NpgsqlParameter ToParameter(object? value) => value switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value },
        string s => new NpgsqlParameter { Value = s, NpgsqlDbType = NpgsqlDbType.Text },
        long l => new NpgsqlParameter { Value = l, NpgsqlDbType = NpgsqlDbType.Bigint },
        int i => new NpgsqlParameter { Value = i, NpgsqlDbType = NpgsqlDbType.Integer },
        short s => new NpgsqlParameter { Value = s, NpgsqlDbType = NpgsqlDbType.Smallint },
        decimal m => new NpgsqlParameter { Value = m, NpgsqlDbType = NpgsqlDbType.Numeric },
        double d => new NpgsqlParameter { Value = d, NpgsqlDbType = NpgsqlDbType.Double },
        float f => new NpgsqlParameter { Value = (double)f, NpgsqlDbType = NpgsqlDbType.Double },
        bool b => new NpgsqlParameter { Value = b, NpgsqlDbType = NpgsqlDbType.Boolean },
        DateOnly d => new NpgsqlParameter { Value = d, NpgsqlDbType = NpgsqlDbType.Date },
        DateTime { Kind: DateTimeKind.Utc } t => new NpgsqlParameter { Value = t, NpgsqlDbType = NpgsqlDbType.TimestampTz },
        DateTime t => throw new ArgumentException(
            $"A DateTime parameter must be a UTC instant (Kind = Utc); got Kind = {t.Kind}. All warehouse instants are UTC.", nameof(value)),
        DateTimeOffset o => new NpgsqlParameter { Value = o.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
        _ => throw new ArgumentException($"Parameters of type {value.GetType().Name} are not supported by the PostgreSQL engine.", nameof(value)),
    };

    /// <summary>A held advisory lock: released, then its connection returned, on dispose.</summary>
    private sealed class AdvisoryLock(NpgsqlConnection connection, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Explicitly: a pooled connection's session state is reset only when it is next used.
                var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended($1, 0))", connection);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.Add(ToParameter(name));
                    await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (NpgsqlException)
            {
                // The session is gone, and the server released its locks with it.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private enum ColumnKind
    {
        Plain,
        Numeric,
        Date,
    }
}
