using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Planning;

namespace CxSemantic.Server.Hosting;

/// <summary>
/// What the warehouse holds materialized and current, read once per data generation and refresh rather than before
/// every query: the server learns of both (the data poller, <see cref="MaterializationHost"/>), so between them the
/// answer cannot change. Queries never wait on each other's read; a failed or cancelled read is not kept.
/// </summary>
/// <param name="source">Reads the registry (on the untraced engine: its statements are bookkeeping, not the query's).</param>
/// <param name="warehouse">Supplies the generations the cached answer is valid for.</param>
internal sealed class CurrentMaterializations(IMaterializationSource source, WarehouseHost warehouse) : IMaterializationSource
{
    private Entry? _cached;

    /// <inheritdoc />
    public async ValueTask<CompilerOptions> ApplyAsync(CompilerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = warehouse.DataGeneration;
        var refreshed = warehouse.MaterializationGeneration;
        var entry = Volatile.Read(ref _cached);
        if (entry is null || entry.Data != data || entry.Refreshed != refreshed || !ReferenceEquals(entry.Options, options)
            || entry.Answer.IsFaulted || entry.Answer.IsCanceled)
        {
            // Read with no caller's token: other queries may await the same read.
            entry = new Entry(data, refreshed, options, source.ApplyAsync(options, CancellationToken.None).AsTask());
            Volatile.Write(ref _cached, entry);
        }

        return await entry.Answer.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed record Entry(long Data, long Refreshed, CompilerOptions Options, Task<CompilerOptions> Answer);
}
