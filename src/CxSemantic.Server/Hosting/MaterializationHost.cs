using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Warehouse.Materialization;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Hosting;

/// <summary>
/// Refreshes the materializations (journey tables, rollups: the refreshers of <see cref="MaterializationRefresh.For"/>)
/// in the background when <see cref="WarehouseOptions.Materializations"/> is <c>refresh</c>: once the warehouse is
/// open, again after each data change the server sees and after a catalog reload. Nothing waits for it: until a table
/// is current, queries compute from raw rows (see <see cref="Compiler.Materialization.MaterializationSources"/>); a
/// failed or interrupted refresh leaves the previous tables serving.
/// </summary>
internal sealed class MaterializationHost(WarehouseHost warehouse, CatalogState catalog, IOptions<ServerOptions> options, ILogger<MaterializationHost> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _requested = new(0, 1);
    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Warehouse.MaterializationMode != MaterializationMode.Refresh)
        {
            return Task.CompletedTask;
        }

        warehouse.DataLoaded += Request;
        catalog.Reloaded += _ => Request();
        Request();
        _running = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Asks for a refresh; requests made while one runs are coalesced into the next.</summary>
    public void Request()
    {
        try
        {
            _requested.Release();
        }
        catch (SemaphoreFullException)
        {
            // One is pending already.
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _requested.WaitAsync(cancellationToken).ConfigureAwait(false);
                var engine = await warehouse.Engine.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (engine is not ISqlStatementRunner runner)
                {
                    Log.MaterializationRefreshFailed(logger, $"the {engine.Dialect} warehouse cannot be written by the server");
                    return;
                }

                try
                {
                    var snapshot = catalog.Current;
                    var outcomes = await MaterializationRefresh.RunAsync(MaterializationRefresh.For(snapshot.Catalog, engine, runner), cancellationToken).ConfigureAwait(false);
                    foreach (var outcome in outcomes)
                    {
                        Log.MaterializationRefreshed(logger, string.Format(
                            CultureInfo.InvariantCulture, "{0} {1} → {2}: {3} ({4}), {5:N0} rows, {6:F2} s", outcome.Kind, outcome.Source, outcome.Table, outcome.Mode, outcome.Reason, outcome.Rows, outcome.Elapsed.TotalSeconds));
                    }
                }
                catch (Exception ex) when (ex is SqlEngineException or InvalidOperationException or DuckDB.NET.Data.DuckDBException)
                {
                    Log.MaterializationRefreshFailed(logger, ex.Message);
                }
                finally
                {
                    // Even a failed refresh may have swapped some tables in before it failed.
                    warehouse.NotifyMaterializationsRefreshed();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the refresh's transaction was rolled back; the previous tables keep serving.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The container was disposed first (a test host tearing down the app while stopping it): nothing left to stop.
            return;
        }

        await _running.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _requested.Dispose();
    }
}
