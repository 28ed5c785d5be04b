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
public sealed class DuckDbSqlEngine(DuckDbDatabase database, string location = "DuckDB") : ISqlEngine
{
    /// <inheritdoc />
    public SqlDialectKind Dialect => SqlDialectKind.DuckDb;

    /// <inheritdoc />
    public string Location => location;

    /// <inheritdoc />
    public Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return DuckDbStatementThreads.Shared.RunAsync<IReadOnlyList<object?[]>>(
            token =>
            {
                using var connection = database.Connect();

                // Dates compared with instants (cost rate validity) convert in the session zone: pin UTC,
                // so answers never depend on the machine's zone (the PostgreSQL engine does the same).
                connection.Execute("SET TimeZone = 'UTC'", token);
                try
                {
                    return connection.QueryRows(sql.Text, sql.Parameters, token);
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
}
