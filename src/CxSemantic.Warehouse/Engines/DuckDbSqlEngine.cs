using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;
using CxSemantic.DuckDb;

namespace CxSemantic.Warehouse.Engines;

/// <summary>
/// Runs compiled SQL on an embedded DuckDB database: one connection per statement (DuckDB runs
/// them in parallel), in UTC, off the caller's thread, interrupted when the token is cancelled.
/// </summary>
public sealed class DuckDbSqlEngine(DuckDbDatabase database) : ISqlEngine
{
    /// <inheritdoc />
    public SqlDialectKind Dialect => SqlDialectKind.DuckDb;

    /// <inheritdoc />
    public Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return Task.Run(
            () =>
            {
                using var connection = database.Connect();

                // Dates compared with instants (cost rate validity) convert in the session zone: pin UTC,
                // so answers never depend on the machine's zone (the PostgreSQL engine does the same).
                connection.Execute("SET TimeZone = 'UTC'", cancellationToken);
                using var result = connection.Query(sql.Text, sql.Parameters, cancellationToken);
                return result.ReadAllRows();
            },
            cancellationToken);
    }
}
