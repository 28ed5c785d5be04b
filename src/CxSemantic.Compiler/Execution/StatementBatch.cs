using System.Runtime.ExceptionServices;
using CxSemantic.Compiler.Sql;

namespace CxSemantic.Compiler.Execution;

/// <summary>
/// The statements of one query, run concurrently on one engine. The first to fail cancels the others (in the
/// database) and is what the caller sees, at once: a lost connection or a database error does not wait for the
/// slowest sibling, or for the request's time limit while a sibling waits on a lock.
/// </summary>
internal sealed class StatementBatch : IDisposable
{
    private readonly ISqlEngine _engine;
    private readonly CancellationTokenSource _siblings;
    private ExceptionDispatchInfo? _firstFailure;

    /// <summary>Starts a batch on <paramref name="engine"/>; <paramref name="cancellationToken"/> cancels every statement.</summary>
    public StatementBatch(ISqlEngine engine, CancellationToken cancellationToken)
    {
        _engine = engine;
        _siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Starts <paramref name="sql"/>; a failure cancels the batch's other statements.</summary>
    public Task<IReadOnlyList<object?[]>> Start(SqlText sql)
    {
        var statement = _engine.QueryAsync(sql, _siblings.Token);
        _ = statement.ContinueWith(
            static (task, state) => ((StatementBatch)state!).Failed(task.Exception!.InnerException!),
            this,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return statement;
    }

    /// <summary>
    /// The rows of <paramref name="statements"/> (started by <see cref="Start"/>), in order; throws the batch's first
    /// failure rather than the cancellations it caused.
    /// </summary>
    public async Task<IReadOnlyList<object?[]>[]> AllAsync(IEnumerable<Task<IReadOnlyList<object?[]>>> statements)
    {
        try
        {
            return await Task.WhenAll(statements).ConfigureAwait(false);
        }
        catch (Exception) when (Volatile.Read(ref _firstFailure) is { } first)
        {
            first.Throw();
            throw;
        }
    }

    /// <summary>Awaits one statement started by <see cref="Start"/>, throwing the batch's first failure rather than a cancellation it caused.</summary>
    public async Task<IReadOnlyList<object?[]>> OneAsync(Task<IReadOnlyList<object?[]>> statement) => (await AllAsync([statement]).ConfigureAwait(false))[0];

    /// <inheritdoc />
    public void Dispose() => _siblings.Dispose();

    private void Failed(Exception failure)
    {
        // A cancellation is the caller's (or this batch's own) doing, not a failure to report.
        if (failure is OperationCanceledException || Interlocked.CompareExchange(ref _firstFailure, ExceptionDispatchInfo.Capture(failure), null) is not null)
        {
            return;
        }

        try
        {
            _siblings.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The query has already returned.
        }
    }
}
