using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Sql;

namespace CxSemantic.Compiler.Execution;

/// <summary>
/// A database that runs compiled SQL: DuckDB (embedded) or PostgreSQL. Implementations live with
/// the warehouse; the compiler only needs rows back. Cancellation must reach the database, and
/// failures of the database itself (unreachable, connection lost, statement timeout, no warehouse)
/// surface as <see cref="SqlEngineException"/>s so callers can tell them from their own mistakes.
/// </summary>
public interface ISqlEngine
{
    /// <summary>The dialect the engine speaks.</summary>
    SqlDialectKind Dialect { get; }

    /// <summary>Where the data lives, for messages and health reports (a file path, or host:port/database; never a password).</summary>
    string Location => Dialect.ToString();

    /// <summary>Runs a statement with its parameters and returns every row as boxed values.</summary>
    /// <exception cref="SqlEngineException">The database failed (rather than the statement being refused).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the statement was stopped in the database.</exception>
    Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken);

    /// <summary>
    /// The data watermark: the instant up to which the warehouse is complete (the newest <c>watermark_at</c> of
    /// <see cref="CompilerOptions.WatermarkTable"/>), or <see langword="null"/> when the table is empty. Confirmation
    /// windows still open at this instant make their units immature.
    /// </summary>
    async Task<DateTime?> ReadWatermarkAsync(CancellationToken cancellationToken)
    {
        var options = new CompilerOptions();
        var rows = await QueryAsync(
            new SqlText($"SELECT max({options.WatermarkColumn}) FROM {options.WatermarkTable}", []),
            cancellationToken).ConfigureAwait(false);
        return rows is [[DateTime watermark]] ? DateTime.SpecifyKind(watermark, DateTimeKind.Utc) : null;
    }
}
