namespace CxSemantic.Server.Limits;

/// <summary>
/// Identical concurrent requests share one computation ("single flight"): the first caller of a key starts it, later
/// callers of the same key wait for the same result. Each caller waits only as long as its own token allows; the
/// computation itself is cancelled (its statements stopped in the database) when the last caller waiting for it has
/// gone, so a computation never outlives everyone who asked for it.
/// </summary>
/// <typeparam name="T">The result.</typeparam>
internal sealed class SharedComputations<T>
{
    private readonly Dictionary<string, Flight> _flights = new(StringComparer.Ordinal);

    /// <summary>Computations running now.</summary>
    public int Running
    {
        get
        {
            lock (_flights)
            {
                return _flights.Count;
            }
        }
    }

    /// <summary>
    /// The result of <paramref name="work"/> for <paramref name="key"/>: joins the running computation of the key, or
    /// starts one. <paramref name="work"/>'s token is cancelled when every caller waiting for it has gone.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="waiter"/> was cancelled (the caller's deadline or disconnect).</exception>
    public async Task<T> RunAsync(string key, Func<CancellationToken, Task<T>> work, CancellationToken waiter)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(work);
        waiter.ThrowIfCancellationRequested();
        Flight flight;
        var start = false;
        lock (_flights)
        {
            if (!_flights.TryGetValue(key, out flight!))
            {
                flight = new Flight();
                _flights[key] = flight;
                start = true;
            }

            flight.Waiters++;
        }

        if (start)
        {
            // On the thread pool: the work may spend a while synchronously (compiling a large query) before its first
            // await, and the caller must be waiting, within its own deadline, from the start.
            _ = Task.Run(() => RunFlightAsync(key, flight, work), CancellationToken.None);
        }

        try
        {
            return await flight.Result.Task.WaitAsync(waiter).ConfigureAwait(false);
        }
        finally
        {
            Leave(key, flight);
        }
    }

    private async Task RunFlightAsync(string key, Flight flight, Func<CancellationToken, Task<T>> work)
    {
        try
        {
            flight.Result.TrySetResult(await work(flight.Cancellation.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException ex) when (flight.Cancellation.IsCancellationRequested)
        {
            flight.Result.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            flight.Result.TrySetException(ex);
        }
        finally
        {
            lock (_flights)
            {
                // A later computation of the key may already have replaced an abandoned one.
                if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
                {
                    _flights.Remove(key);
                }
            }
        }
    }

    private void Leave(string key, Flight flight)
    {
        lock (_flights)
        {
            if (--flight.Waiters > 0 || flight.Result.Task.IsCompleted)
            {
                return;
            }

            // Nobody waits any more: let the next caller of the key start afresh.
            if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
            {
                _flights.Remove(key);
            }
        }

        // Stop the statements (outside the lock: cancellation callbacks interrupt the database synchronously).
        flight.Cancellation.Cancel();
    }

    /// <summary>
    /// One running computation and the callers waiting for it (guarded by the dictionary's lock). Its cancellation source
    /// has no timer, so it holds nothing that needs disposing, and stays valid for a late <c>Cancel</c>.
    /// </summary>
    private sealed class Flight
    {
        public TaskCompletionSource<T> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Cancellation { get; } = new();

        public int Waiters { get; set; }
    }
}
