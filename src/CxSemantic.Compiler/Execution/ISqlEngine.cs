using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Sql;

namespace CxSemantic.Compiler.Execution;

/// <summary>
/// A database that runs compiled SQL: DuckDB (embedded) or PostgreSQL. Implementations live with
/// the warehouse; the compiler only needs rows back. Cancellation must reach the database.
/// </summary>
public interface ISqlEngine
{
    /// <summary>The dialect the engine speaks.</summary>
    SqlDialectKind Dialect { get; }

    /// <summary>Runs a statement with its parameters and returns every row as boxed values.</summary>
    Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken);
}
