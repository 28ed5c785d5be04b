using System.Collections.Concurrent;
using CxSemantic.Compiler.Execution;
using CxSemantic.Warehouse.Engines;

namespace CxSemantic.Warehouse.Materialization;

/// <summary>
/// One refresh of a kind of materialization at a time: within the process (a second refresher waits, then finds
/// the tables current) and, where other processes write the same database (<see cref="IDatabaseLocks"/>: two
/// servers, a server and <c>cxsem refresh</c>), across them — two incremental refreshes at once would each delete
/// and re-insert the same journeys, and two full builds would build into the same table.
/// </summary>
internal sealed class RefreshExclusion : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate;
    private readonly IAsyncDisposable? _databaseLock;

    private RefreshExclusion(SemaphoreSlim gate, IAsyncDisposable? databaseLock) => (_gate, _databaseLock) = (gate, databaseLock);

    /// <summary>The database lock's name for refreshes of <paramref name="kind"/>.</summary>
    public static string LockName(string kind) => "cxsem:refresh:" + kind;

    /// <summary>Waits for the process's gate of <paramref name="kind"/>, then for the database's lock where it has one.</summary>
    public static async Task<RefreshExclusion> EnterAsync(string kind, ISqlEngine engine, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(kind, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var databaseLock = engine is IDatabaseLocks locks ? await locks.AcquireAsync(LockName(kind), cancellationToken).ConfigureAwait(false) : null;
            return new RefreshExclusion(gate, databaseLock);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_databaseLock is not null)
            {
                await _databaseLock.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
