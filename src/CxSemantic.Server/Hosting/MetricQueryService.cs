using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Limits;
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
/// Runs metric queries for the API: a result cache bounded by bytes (see <see cref="ResultCache"/>; dropped on catalog
/// reload and data load), identical concurrent queries computed once (<see cref="SharedComputations{T}"/>), the request's time budget (which cancels
/// the database statements), the engine's admission queue, and the row limit.
/// </summary>
internal sealed class MetricQueryService
{
    private readonly ResultCache? _cache;
    private readonly SharedComputations<MetricQueryResult> _computations = new();
    private readonly Lock _admissionLock = new();
    private readonly WarehouseHost _warehouse;
    private readonly ServerOptions _options;
    private readonly QueryLimitOptions _limits;
    private readonly Audit.AuditLog _audit;
    private (CatalogSnapshot Snapshot, MetricQueryExecutor Executor)? _executor;
    private readonly IStatementInterceptor? _interceptor;
    private (ISqlEngine Source, AdmittedSqlEngine Admitted)? _admitted;

    public MetricQueryService(WarehouseHost warehouse, CatalogState catalog, IOptions<ServerOptions> options, IOptions<QueryLimitOptions> limits, Audit.AuditLog audit, IStatementInterceptor? interceptor = null)
    {
        _interceptor = interceptor;
        _audit = audit;
        _warehouse = warehouse;
        _options = options.Value;
        _limits = limits.Value;
        Telemetry.CxTelemetry.ObserveAdmission(this);
        if (_options.CacheEntries > 0 && _options.CacheMegabytes > 0)
        {
            var cache = _cache = new ResultCache((long)(_options.CacheMegabytes * 1024 * 1024), _options.CacheEntries);
            catalog.Reloaded += _ => cache.Clear();
            warehouse.DataLoaded += cache.Clear;
        }
    }

    /// <summary>Probes the warehouse (status and data watermark), as /health does.</summary>
    public Task<WarehouseStatus> ProbeWarehouseAsync(CancellationToken cancellationToken) => _warehouse.ProbeAsync(cancellationToken);

    /// <summary>Cached answers.</summary>
    public int CachedCount => _cache?.Count ?? 0;

    /// <summary>The estimated bytes of the cached answers.</summary>
    public long CachedBytes => _cache?.Bytes ?? 0;

    /// <summary>The engine's admission queue, once the warehouse is open.</summary>
    public AdmissionQueue? Admission => _admitted?.Admitted.Queue;

    /// <summary>
    /// Answers <paramref name="query"/> against <paramref name="snapshot"/> within the request's <paramref name="limits"/>
    /// (without: a budget of <see cref="ServerOptions.QueryTimeout"/> from now); refusals become <see cref="GraphQLException"/>s
    /// with the compiler's code, QUERY_TIMEOUT at the deadline, SERVER_BUSY when the engine's queue is full.
    /// </summary>
    public Task<MetricQueryResult> ExecuteAsync(CatalogSnapshot snapshot, MetricQuery query, RequestLimits? limits, CancellationToken cancellationToken) =>
        _audit.TraceAsync(snapshot, query, () => ExecuteWithinBudgetAsync(snapshot, query, limits, cancellationToken));

    /// <summary>Answers <paramref name="query"/> within a budget of <see cref="ServerOptions.QueryTimeout"/> from now.</summary>
    public Task<MetricQueryResult> ExecuteAsync(CatalogSnapshot snapshot, MetricQuery query, CancellationToken cancellationToken) =>
        ExecuteAsync(snapshot, query, null, cancellationToken);

    private async Task<MetricQueryResult> ExecuteWithinBudgetAsync(CatalogSnapshot snapshot, MetricQuery query, RequestLimits? limits, CancellationToken cancellationToken)
    {
        using var own = limits is null ? RequestBudget.Start(_options.QueryTimeout, cancellationToken) : null;
        var budget = limits?.Budget ?? own!;
        try
        {
            return await ExecuteUnauditedAsync(snapshot, query, budget, limits?.CallerKey ?? string.Empty).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (budget.Expired)
        {
            throw new GraphQLException(LimitMessages.Timeout(budget.Limit), QueryErrorCodes.QueryTimeout);
        }
        catch (ServerBusyException ex)
        {
            throw new GraphQLException(LimitMessages.Busy(ex.Message, _limits.RetryAfterSeconds), LimitMessages.ServerBusy)
            {
                Extensions = new Dictionary<string, object?> { ["retryAfterSeconds"] = _limits.RetryAfterSeconds },
            };
        }
    }

    private async Task<MetricQueryResult> ExecuteUnauditedAsync(CatalogSnapshot snapshot, MetricQuery query, RequestBudget budget, string caller)
    {
        var warehouse = await _warehouse.Engine.WaitAsync(budget.Token).ConfigureAwait(false);
        var engine = Admitted(warehouse);
        var limited = query with { Limit = Math.Min(query.Limit ?? int.MaxValue, _options.MaxRows + 1) };
        var executor = ExecutorFor(snapshot, engine, warehouse);
        var key = ResultCache.KeyOf(snapshot, _warehouse.DataGeneration, limited);
        if (_cache is not null && _cache.TryGet(key, out var cached))
        {
            return CheckRows(cached, query);
        }

        // Identical queries running now share one computation; it stops when every request waiting for it has gone.
        var result = await _computations.RunAsync(key.ToString("x32", CultureInfo.InvariantCulture), token => RunAsync(executor, limited, caller, token), budget.Token).ConfigureAwait(false);
        _cache?.Add(key, result);

        return CheckRows(result, query);
    }

    private AdmittedSqlEngine Admitted(ISqlEngine engine)
    {
        var current = _admitted;
        if (current is { } c && ReferenceEquals(c.Source, engine))
        {
            return c.Admitted;
        }

        // One queue per engine: created once, when the warehouse (re)opens.
        lock (_admissionLock)
        {
            if (_admitted is { } again && ReferenceEquals(again.Source, engine))
            {
                return again.Admitted;
            }

            var admitted = new AdmittedSqlEngine(_interceptor?.Wrap(engine) ?? engine, new AdmissionQueue(_limits.EffectiveStatementSlots, _limits.StatementQueue));
            _admitted = (engine, admitted);
            return admitted;
        }
    }

    /// <summary>
    /// The executor of <paramref name="snapshot"/>: its statements on <paramref name="engine"/> (admitted, traced); the
    /// registry reads of <see cref="CurrentMaterializations"/> on <paramref name="warehouse"/> itself — bookkeeping
    /// shared by every query, run without a caller's token, so neither queued behind nor held with a query's statements.
    /// </summary>
    private MetricQueryExecutor ExecutorFor(CatalogSnapshot snapshot, ISqlEngine engine, ISqlEngine warehouse)
    {
        var current = _executor;
        if (current is { } c && ReferenceEquals(c.Snapshot, snapshot))
        {
            return c.Executor;
        }

        var traced = new Telemetry.TracedSqlEngine(engine);
        var executor = _options.Warehouse.MaterializationMode == MaterializationMode.Off
            ? new MetricQueryExecutor(snapshot.Catalog, traced)
            : new MetricQueryExecutor(snapshot.Catalog, traced, materializations: new CurrentMaterializations(
                Compiler.Materialization.MaterializationSources.For(snapshot.Catalog, warehouse), _warehouse));
        _executor = (snapshot, executor);
        return executor;
    }

    private static async Task<MetricQueryResult> RunAsync(MetricQueryExecutor executor, MetricQuery query, string caller, CancellationToken cancellationToken)
    {
        using var scope = AdmittedSqlEngine.CallerScope(caller);
        try
        {
            return await executor.ExecuteAsync(query, cancellationToken).ConfigureAwait(false);
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
}
