using System.Collections.Concurrent;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Execution;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Hosting;

/// <summary>Error codes the server adds to the compiler's <see cref="QueryErrorCodes"/>.</summary>
internal static class ServerErrorCodes
{
    /// <summary>The answer has more rows than <see cref="ServerOptions.MaxRows"/>.</summary>
    public const string MaxRowsExceeded = "MAX_ROWS_EXCEEDED";

    /// <summary>The <c>rows</c> selection names no metric.</summary>
    public const string NoMetricSelected = "NO_METRIC_SELECTED";

    /// <summary>An argument is malformed in a way the schema cannot express.</summary>
    public const string InvalidArgument = "INVALID_ARGUMENT";

    /// <summary>The warehouse database cannot be reached or refuses the server's login.</summary>
    public const string WarehouseUnavailable = "WAREHOUSE_UNAVAILABLE";

    /// <summary>The connection to the warehouse broke during the query.</summary>
    public const string WarehouseConnectionLost = "WAREHOUSE_CONNECTION_LOST";

    /// <summary>The warehouse database has no (or an outdated) CxSemantic warehouse.</summary>
    public const string WarehouseNotLoaded = "WAREHOUSE_NOT_LOADED";
}

/// <summary>
/// Runs metric queries for the API: a result cache keyed by catalog hash + data generation + the query's
/// <see cref="MetricQuery.CanonicalKey"/> (role and claims included; dropped on catalog reload and data load), the query timeout
/// (which cancels the database query) and the row limit.
/// </summary>
internal sealed class MetricQueryService
{
    private readonly ConcurrentDictionary<string, Task<MetricQueryResult>> _cache = new(StringComparer.Ordinal);
    private readonly WarehouseHost _warehouse;
    private readonly ServerOptions _options;
    private readonly Audit.AuditLog _audit;
    private (CatalogSnapshot Snapshot, MetricQueryExecutor Executor)? _executor;

    public MetricQueryService(WarehouseHost warehouse, CatalogState catalog, IOptions<ServerOptions> options, Audit.AuditLog audit)
    {
        _audit = audit;
        _warehouse = warehouse;
        _options = options.Value;
        catalog.Reloaded += _ => _cache.Clear();
        warehouse.DataLoaded += _cache.Clear;
    }

    /// <summary>Probes the warehouse (status and data watermark), as /health does.</summary>
    public Task<WarehouseStatus> ProbeWarehouseAsync(CancellationToken cancellationToken) => _warehouse.ProbeAsync(cancellationToken);

    /// <summary>Cached answers.</summary>
    public int CachedCount => _cache.Count;

    /// <summary>Answers <paramref name="query"/> against <paramref name="snapshot"/>; refusals become <see cref="GraphQLException"/>s with the compiler's code.</summary>
    public Task<MetricQueryResult> ExecuteAsync(CatalogSnapshot snapshot, MetricQuery query, CancellationToken cancellationToken) =>
        _audit.TraceAsync(snapshot, query, () => ExecuteUnauditedAsync(snapshot, query, cancellationToken));

    private async Task<MetricQueryResult> ExecuteUnauditedAsync(CatalogSnapshot snapshot, MetricQuery query, CancellationToken cancellationToken)
    {
        var engine = await _warehouse.Engine.ConfigureAwait(false);
        var limited = query with { Limit = Math.Min(query.Limit ?? int.MaxValue, _options.MaxRows + 1) };
        var executor = ExecutorFor(snapshot, engine);
        Task<MetricQueryResult> task;
        if (_options.CacheEntries > 0)
        {
            var key = Key(snapshot, limited);
            var hit = true;
            task = _cache.GetOrAdd(key, _ =>
            {
                hit = false;
                return RunAsync(executor, limited, CancellationToken.None);
            });
            Telemetry.CxTelemetry.CacheLookup(hit);
            try
            {
                var cached = await task.WaitAsync(cancellationToken).ConfigureAwait(false);
                return CheckRows(cached, query);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _cache.TryRemove(new KeyValuePair<string, Task<MetricQueryResult>>(key, task));
                throw;
            }
            finally
            {
                if (_cache.Count > _options.CacheEntries)
                {
                    _cache.Clear();
                }
            }
        }

        return CheckRows(await RunAsync(executor, limited, cancellationToken).ConfigureAwait(false), query);
    }

    private MetricQueryExecutor ExecutorFor(CatalogSnapshot snapshot, ISqlEngine engine)
    {
        var current = _executor;
        if (current is { } c && ReferenceEquals(c.Snapshot, snapshot))
        {
            return c.Executor;
        }

        var executor = new MetricQueryExecutor(snapshot.Catalog, new Telemetry.TracedSqlEngine(engine));
        _executor = (snapshot, executor);
        return executor;
    }

    private async Task<MetricQueryResult> RunAsync(MetricQueryExecutor executor, MetricQuery query, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.QueryTimeout);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await executor.ExecuteAsync(query, timeout.Token).ConfigureAwait(false);

            // The limit holds even when the answer raced the cancellation (DuckDB sees an interrupt only between steps).
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > _options.QueryTimeout)
            {
                throw new OperationCanceledException(timeout.Token);
            }

            return result;
        }
        catch (QueryException ex)
        {
            throw new GraphQLException(ex.Message, ex.Code);
        }
        catch (SqlEngineException ex)
        {
            throw new GraphQLException(ex.Message, ex.Failure switch
            {
                SqlEngineFailure.StatementTimeout => QueryErrorCodes.QueryTimeout,
                SqlEngineFailure.ConnectionLost => ServerErrorCodes.WarehouseConnectionLost,
                SqlEngineFailure.WarehouseMissing => ServerErrorCodes.WarehouseNotLoaded,
                _ => ServerErrorCodes.WarehouseUnavailable,
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GraphQLException(
                string.Create(CultureInfo.InvariantCulture, $"The query ran longer than {_options.QueryTimeoutSeconds:0.###} s and was cancelled in the database. Narrow the time window, group by fewer dimensions or filter, or raise CxSemantic:QueryTimeoutSeconds."),
                QueryErrorCodes.QueryTimeout);
        }
    }

    private MetricQueryResult CheckRows(MetricQueryResult result, MetricQuery query)
    {
        if (result.Rows.Length > _options.MaxRows && (query.Limit is null || query.Limit > _options.MaxRows))
        {
            throw new GraphQLException(
                string.Create(CultureInfo.InvariantCulture, $"The answer has more than {_options.MaxRows} rows (the server's limit). Pass limit: {_options.MaxRows} or less (with order), filter with where, or group by fewer dimensions."),
                ServerErrorCodes.MaxRowsExceeded);
        }

        return result;
    }

    /// <summary>The cache key: the catalog and the data the answer was computed from, and the query's canonical key (caller included).</summary>
    private string Key(CatalogSnapshot snapshot, MetricQuery query) =>
        string.Create(CultureInfo.InvariantCulture, $"{snapshot.Catalog.ContentHash}|{_warehouse.DataGeneration}|{query.CanonicalKey}");
}
