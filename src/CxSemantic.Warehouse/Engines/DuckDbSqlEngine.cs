using System.Collections.Immutable;
using System.Diagnostics;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;
using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace CxSemantic.Warehouse.Engines;

/// <summary>
/// Runs compiled SQL on an embedded DuckDB database: one connection per statement (DuckDB runs
/// them in parallel), in UTC, on dedicated statement threads (never blocking the thread pool),
/// interrupted when the token is cancelled.
/// </summary>
/// <param name="database">The open database; not owned.</param>
/// <param name="location">Where the data is, for messages (e.g. the file path).</param>
public sealed class DuckDbSqlEngine(DuckDbDatabase database, string location = "DuckDB") : ISqlEngine, ISqlStatementRunner
{
    /// <inheritdoc cref="ISqlEngine.Dialect" />
    public SqlDialectKind Dialect => SqlDialectKind.DuckDb;

    /// <inheritdoc />
    public string Location => location;

    /// <inheritdoc />
    public Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return RunAsync(
            (connection, token) =>
            {
                return connection.QueryRows(sql.Text, sql.Parameters, token);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Each statement and the commit are traced (<see cref="WarehouseTelemetry"/>): DuckDB's driver traces nothing.</remarks>
    public Task ExecuteAsync(ImmutableArray<SqlText> statements, CancellationToken cancellationToken)
    {
        var caller = Activity.Current?.Context ?? default;
        return RunAsync(
            (connection, token) =>
            {
                connection.Execute("BEGIN TRANSACTION", token);
                try
                {
                    foreach (var statement in statements)
                    {
                        using var span = WarehouseTelemetry.StartStatement(statement.Text, caller);
                        connection.ExecuteNonQuery(statement.Text, statement.Parameters, token);
                    }

                    using (WarehouseTelemetry.StartCommit(caller))
                    {
                        connection.Execute("COMMIT", token);
                    }
                }
                catch
                {
                    connection.Execute("ROLLBACK", CancellationToken.None);
                    throw;
                }

                return true;
            },
            cancellationToken);
    }

    private Task<T> RunAsync<T>(Func<DuckDBConnection, CancellationToken, T> work, CancellationToken cancellationToken) =>
        DuckDbStatementThreads.Shared.RunAsync(
            token =>
            {
                using var connection = database.Connect();

                // Dates compared with instants (cost rate validity) convert in the session zone: pin UTC,
                // so answers never depend on the machine's zone (the PostgreSQL engine does the same).
                connection.Execute("SET TimeZone = 'UTC'", token);
                try
                {
                    return work(connection, token);
                }
                catch (DuckDBException ex) when (ex.ErrorClass() == DuckDBErrorType.Catalog)
                {
                    throw new SqlEngineException(
                        SqlEngineFailure.WarehouseMissing,
                        $"The DuckDB database {location} has no CxSemantic warehouse, or an outdated one ({ex.Message}). Create one with `cxsem seed --out FILE.duckdb`.",
                        ex);
                }
            },
            cancellationToken);
}
