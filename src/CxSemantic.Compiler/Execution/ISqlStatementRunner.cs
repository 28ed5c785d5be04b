using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Sql;

namespace CxSemantic.Compiler.Execution;

/// <summary>
/// A database that also runs statements which change it (building a materialized table, swapping it in): the
/// engines that can hold derived tables implement it beside <see cref="ISqlEngine"/>. Statements of one call run
/// in order on one connection inside one transaction, so a swap is all or nothing and readers never see a
/// half-built table; cancellation reaches the database and rolls the transaction back.
/// </summary>
public interface ISqlStatementRunner
{
    /// <summary>The dialect the database speaks.</summary>
    SqlDialectKind Dialect { get; }

    /// <summary>Runs <paramref name="statements"/> in order, in one transaction on one connection; all or nothing.</summary>
    /// <exception cref="SqlEngineException">The database failed (rather than a statement being refused).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing was committed.</exception>
    Task ExecuteAsync(ImmutableArray<SqlText> statements, CancellationToken cancellationToken);
}
