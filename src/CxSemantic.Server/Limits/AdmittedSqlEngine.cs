using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;

namespace CxSemantic.Server.Limits;

/// <summary>
/// An engine whose statements pass through an <see cref="AdmissionQueue"/>: each waits for a slot (within the token's
/// budget) and holds it while it runs. The caller a statement is counted against is the ambient
/// <see cref="CallerScope"/>, set by the query service around a computation (the compiler's executor, which issues the
/// statements, knows nothing of callers).
/// </summary>
/// <param name="inner">The engine that runs the statements.</param>
/// <param name="queue">The engine's admission queue.</param>
internal sealed class AdmittedSqlEngine(ISqlEngine inner, AdmissionQueue queue) : ISqlEngine
{
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>The engine that runs the statements.</summary>
    public ISqlEngine Inner => inner;

    /// <summary>The admission queue.</summary>
    public AdmissionQueue Queue => queue;

    /// <inheritdoc />
    public SqlDialectKind Dialect => inner.Dialect;

    /// <inheritdoc />
    public string Location => inner.Location;

    /// <summary>Counts the statements started in the current async flow against <paramref name="caller"/> until disposed.</summary>
    public static IDisposable CallerScope(string caller)
    {
        var previous = Current.Value;
        Current.Value = caller;
        return new Restore(previous);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
    {
        using var slot = await queue.EnterAsync(Current.Value ?? string.Empty, cancellationToken).ConfigureAwait(false);
        return await inner.QueryAsync(sql, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<DateTime?> ReadWatermarkAsync(CancellationToken cancellationToken) => inner.ReadWatermarkAsync(cancellationToken);

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
