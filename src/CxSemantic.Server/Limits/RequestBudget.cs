namespace CxSemantic.Server.Limits;

/// <summary>
/// The time one request may take, from its arrival: compiling, waiting for statement slots, every statement and the
/// statistics all draw on it. <see cref="Token"/> is cancelled when the deadline passes or the client goes away, and
/// every database statement of the request runs with it (DuckDB is interrupted, PostgreSQL gets a cancel request).
/// </summary>
internal sealed class RequestBudget : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _aborted;

    private RequestBudget(TimeSpan limit, TimeProvider time, CancellationToken aborted)
    {
        Limit = limit;
        _aborted = aborted;
        _deadline = new CancellationTokenSource(limit, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_deadline.Token, aborted);
    }

    /// <summary>The time the request may take.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Cancelled at the deadline or when the client goes away.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the deadline passed while the client was still there (the answer is QUERY_TIMEOUT).</summary>
    public bool Expired => _deadline.IsCancellationRequested && !_aborted.IsCancellationRequested;

    /// <summary>Whether the client went away (nobody reads the answer).</summary>
    public bool ClientGone => _aborted.IsCancellationRequested;

    /// <summary>Starts the budget of a request that arrived now.</summary>
    /// <param name="limit">The time the request may take.</param>
    /// <param name="aborted">Cancelled when the client disconnects (<c>HttpContext.RequestAborted</c>).</param>
    public static RequestBudget Start(TimeSpan limit, CancellationToken aborted) => Start(limit, TimeProvider.System, aborted);

    /// <summary>Starts the budget of a request that arrived now on <paramref name="time"/>'s clock (tests pass a fake one).</summary>
    public static RequestBudget Start(TimeSpan limit, TimeProvider time, CancellationToken aborted) =>
        new(limit <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : limit, time, aborted);

    /// <summary>Throws <see cref="OperationCanceledException"/> when the budget is spent (between CPU-bound steps).</summary>
    public void ThrowIfSpent() => Token.ThrowIfCancellationRequested();

    /// <inheritdoc />
    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}
