namespace CxSemantic.Server.Limits;

/// <summary>
/// Bounded admission of statements to one engine: <see cref="Slots"/> statements run at once, at most
/// <see cref="QueueLength"/> wait, and beyond that a statement is refused at once (<see cref="ServerBusyException"/>:
/// 503 with <c>Retry-After</c>) rather than piling up. Fair between callers: one caller holds at most half the slots
/// and half the queue (at least one of each), so a caller flooding the server waits or is refused while the others
/// still get through. Waiting ends early when the statement's token is cancelled (the request's deadline or
/// disconnect). Freed slots go to the longest-waiting statement whose caller is under its share.
/// </summary>
internal sealed class AdmissionQueue
{
    private readonly LinkedList<Waiter> _waiting = [];
    private readonly Dictionary<string, (int Running, int Waiting)> _callers = new(StringComparer.Ordinal);
    private int _running;

    /// <summary>A queue with <paramref name="slots"/> running statements and <paramref name="queueLength"/> waiting ones.</summary>
    public AdmissionQueue(int slots, int queueLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLength);
        Slots = slots;
        QueueLength = queueLength;
    }

    /// <summary>Statements that run at once.</summary>
    public int Slots { get; }

    /// <summary>Statements that may wait.</summary>
    public int QueueLength { get; }

    /// <summary>Slots one caller may hold.</summary>
    public int SlotsPerCaller => Math.Max(1, Slots / 2);

    /// <summary>Queue places one caller may hold.</summary>
    public int QueuePerCaller => Math.Max(1, QueueLength / 2);

    /// <summary>Statements running now.</summary>
    public int Running
    {
        get
        {
            lock (_waiting)
            {
                return _running;
            }
        }
    }

    /// <summary>Statements waiting now.</summary>
    public int Waiting
    {
        get
        {
            lock (_waiting)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Waits for a slot for a statement of <paramref name="caller"/>; dispose the result when the statement is done.</summary>
    /// <exception cref="ServerBusyException">The queue (or the caller's share of it) is full.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async Task<IDisposable> EnterAsync(string caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (_waiting)
        {
            var (running, waiting) = _callers.GetValueOrDefault(caller);
            if (_running < Slots && running < SlotsPerCaller && waiting == 0)
            {
                Admit(caller);
                return new Slot(this, caller);
            }

            if (_waiting.Count >= QueueLength)
            {
                throw new ServerBusyException($"the server is running {_running} statements and {_waiting.Count} are waiting (its queue is full)");
            }

            if (waiting >= QueuePerCaller)
            {
                throw new ServerBusyException($"this caller already has {waiting} statements waiting (at most {QueuePerCaller}, half the queue, so that other callers still get through)");
            }

            waiter = new Waiter(caller);
            node = _waiting.AddLast(waiter);
            _callers[caller] = (running, waiting + 1);
        }

        using (cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Granted.TrySetCanceled(token), waiter))
        {
            try
            {
                await waiter.Granted.Task.ConfigureAwait(false);
                return new Slot(this, caller);
            }
            catch (OperationCanceledException)
            {
                lock (_waiting)
                {
                    if (node.List is not null)
                    {
                        // Still queued: leave the queue.
                        _waiting.Remove(node);
                        var (running, waiting) = _callers[caller];
                        Forget(caller, running, waiting - 1);
                        return ThrowCancelled(cancellationToken);
                    }
                }

                // The slot was granted as the wait was cancelled: hand it on.
                Release(caller);
                throw;
            }
        }
    }

    private static IDisposable ThrowCancelled(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        throw new OperationCanceledException(cancellationToken);
    }

    private void Admit(string caller)
    {
        var (running, waiting) = _callers.GetValueOrDefault(caller);
        _callers[caller] = (running + 1, waiting);
        _running++;
    }

    private void Forget(string caller, int running, int waiting)
    {
        if (running == 0 && waiting == 0)
        {
            _callers.Remove(caller);
        }
        else
        {
            _callers[caller] = (running, waiting);
        }
    }

    private void Release(string caller)
    {
        var granted = new List<Waiter>();
        lock (_waiting)
        {
            _running--;
            var (running, waiting) = _callers[caller];
            Forget(caller, running - 1, waiting);

            // Hand free slots to the longest-waiting statements whose callers are under their share.
            for (var node = _waiting.First; node is not null && _running < Slots;)
            {
                var next = node.Next;
                var (r, w) = _callers[node.Value.Caller];
                if (r < SlotsPerCaller && !node.Value.Granted.Task.IsCompleted)
                {
                    _waiting.Remove(node);
                    _callers[node.Value.Caller] = (r + 1, w - 1);
                    _running++;
                    granted.Add(node.Value);
                }

                node = next;
            }
        }

        foreach (var waiter in granted)
        {
            waiter.Granted.TrySetResult();
        }
    }

    private sealed record Waiter(string Caller)
    {
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Slot(AdmissionQueue queue, string caller) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                queue.Release(caller);
            }
        }
    }
}

/// <summary>A statement refused because the engine's queue is full: answered 503 with <c>Retry-After</c> (SERVER_BUSY).</summary>
internal sealed class ServerBusyException : Exception
{
    /// <summary>A refusal saying why.</summary>
    public ServerBusyException(string reason) : base(reason)
    {
    }

    /// <summary>A refusal.</summary>
    public ServerBusyException() : base("the server is busy")
    {
    }

    /// <summary>A refusal with its cause.</summary>
    public ServerBusyException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
