namespace CxSemantic.Warehouse.Engines;

/// <summary>
/// Named locks every process connected to the same database shares: what keeps two servers, or a server and
/// <c>cxsem refresh</c>, from refreshing the same materializations at once (each would delete and insert the same
/// journeys, or build into the same table). An engine implements it where several processes can write one
/// database; DuckDB needs none, since one process at a time opens a file for writing.
/// </summary>
public interface IDatabaseLocks
{
    /// <summary>
    /// Waits until no other session holds <paramref name="name"/>, then holds it until the returned value is
    /// disposed (or the process dies: the database releases a lost session's locks).
    /// </summary>
    /// <param name="name">The lock's name (e.g. <c>cxsem:refresh:journeys</c>).</param>
    /// <param name="cancellationToken">Stops waiting; nothing is held then.</param>
    /// <returns>The held lock; disposing it releases the lock.</returns>
    /// <exception cref="CxSemantic.Compiler.Execution.SqlEngineException">The database failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken);
}
