using System.Collections.Concurrent;

namespace CxSemantic.Warehouse.Engines;

/// <summary>
/// A fixed set of dedicated threads that run blocking DuckDB calls. DuckDB's C API blocks the calling thread for
/// the whole statement; on thread-pool threads, a burst of concurrent queries would block the pool that ASP.NET
/// Core needs to accept and answer requests, and the pool grows only slowly (starvation: stalled requests,
/// reset connections). Statements beyond the thread count wait in a queue without holding any thread, and DuckDB
/// parallelises each statement on its own threads anyway, so a few statement threads keep its cores busy.
/// </summary>
internal sealed class DuckDbStatementThreads
{
    private readonly BlockingCollection<Action> _queue = [];

    private DuckDbStatementThreads(int threads)
    {
        for (var i = 0; i < threads; i++)
        {
            new Thread(Work) { IsBackground = true, Name = $"DuckDB statement {i + 1}" }.Start();
        }
    }

    /// <summary>The process-wide set: twice the processor count (at least 4) threads, started on first use.</summary>
    public static DuckDbStatementThreads Shared { get; } = new(Math.Max(4, 2 * Environment.ProcessorCount));

    /// <summary>Runs <paramref name="work"/> on a statement thread; a wait in the queue ends early when the token is cancelled.</summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        _queue.Add(() =>
        {
            try
            {
                // Cancelled while queued: nothing to run.
                if (completion.Task.IsCompleted)
                {
                    return;
                }

                completion.TrySetResult(work(cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
            finally
            {
                registration.Dispose();
            }
        }, CancellationToken.None);
        return completion.Task;
    }

    private void Work()
    {
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            item();
        }
    }
}
