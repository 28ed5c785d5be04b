using System.Diagnostics;
using System.Diagnostics.Metrics;
using CxSemantic.Compiler.Execution;
using CxSemantic.GraphQL.Execution;

namespace CxSemantic.Server.Telemetry;

/// <summary>
/// The server's traces and metrics. Spans of one request: ASP.NET Core's HTTP span, then the engine's
/// <c>graphql.parse</c>/<c>graphql.validate</c> (document cache misses only) and <c>graphql.execute</c>, the compiler's
/// <c>cxsemantic.compile</c>, one <c>cxsemantic.statement</c> per SQL statement, and <c>cxsemantic.statistics</c>.
/// Instruments are on the <see cref="MeterName"/> meter; the exporter is chosen by <see cref="TelemetryOptions"/>.
/// </summary>
internal static class CxTelemetry
{
    /// <summary>The server's <see cref="ActivitySource"/> and <see cref="Meter"/> name.</summary>
    public const string ServerSourceName = "CxSemantic.Server";

    /// <summary>The meter's name.</summary>
    public const string MeterName = ServerSourceName;

    /// <summary>Every tracing source of the product, engine and compiler included.</summary>
    public static readonly IReadOnlyList<string> SourceNames = [ServerSourceName, GraphQLTelemetry.SourceName, CompilerTelemetry.SourceName, Warehouse.WarehouseTelemetry.SourceName];

    public static readonly ActivitySource Source = new(ServerSourceName, typeof(CxTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(MeterName, typeof(CxTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>GraphQL responses by HTTP status and first error code ("none" for answers without errors).</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "cxsemantic.graphql.requests", "{request}", "GraphQL responses by HTTP status and first error code");

    /// <summary>Result-cache look-ups by outcome (<c>hit</c> true or false).</summary>
    public static readonly Counter<long> CacheLookups = Meter.CreateCounter<long>(
        "cxsemantic.result_cache.lookups", "{lookup}", "Metric answers looked up in the result cache, by hit");

    /// <summary>Duration of each warehouse statement by engine and outcome.</summary>
    public static readonly Histogram<double> StatementDuration = Meter.CreateHistogram<double>(
        "cxsemantic.db.statement.duration", "s", "Duration of warehouse statements");

    /// <summary>Statements running (or queued in the engine) right now.</summary>
    public static readonly UpDownCounter<long> ActiveStatements = Meter.CreateUpDownCounter<long>(
        "cxsemantic.db.statements.active", "{statement}", "Warehouse statements running or queued in the engine");

    /// <summary>The query services whose admission queues the gauge sums (weakly held: test hosts come and go).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<WeakReference<Hosting.MetricQueryService>, byte> AdmissionSources = new();

    /// <summary>Statements waiting in the engines' admission queues, and running in their slots (observed when exported).</summary>
    private static readonly ObservableGauge<int> AdmissionDepth = Meter.CreateObservableGauge<int>(
        "cxsemantic.admission.statements",
        ObserveAdmissionQueues,
        "{statement}",
        "Statements queued for, and running in, the warehouse engine's admission slots");

    /// <summary>Adds a query service whose engine queue <c>cxsemantic.admission.statements</c> reports.</summary>
    public static void ObserveAdmission(Hosting.MetricQueryService service) => AdmissionSources.TryAdd(new WeakReference<Hosting.MetricQueryService>(service), 0);

    private static IEnumerable<Measurement<int>> ObserveAdmissionQueues()
    {
        int waiting = 0, running = 0, queues = 0;
        foreach (var source in AdmissionSources.Keys)
        {
            if (!source.TryGetTarget(out var service))
            {
                AdmissionSources.TryRemove(source, out _);
            }
            else if (service.Admission is { } queue)
            {
                (waiting, running, queues) = (waiting + queue.Waiting, running + queue.Running, queues + 1);
            }
        }

        return queues == 0
            ? []
            : [new Measurement<int>(waiting, new KeyValuePair<string, object?>("state", "queued")), new Measurement<int>(running, new KeyValuePair<string, object?>("state", "running"))];
    }

    /// <summary>Records one GraphQL response.</summary>
    public static void RecordResponse(int status, ExecutionResult result) =>
        Requests.Add(1, new("http.response.status_code", status), new("graphql.error.code", result.Errors.Count > 0 ? result.Errors[0].Code ?? "unknown" : "none"));

    /// <summary>Records a result-cache look-up and tags the current span with it.</summary>
    public static void CacheLookup(bool hit)
    {
        CacheLookups.Add(1, new KeyValuePair<string, object?>("hit", hit));
        Activity.Current?.SetTag("cxsemantic.result_cache.hit", hit);
    }

    /// <summary>The <c>db.system.name</c> of an engine's dialect (OpenTelemetry's database conventions).</summary>
    public static string DatabaseSystem(Compiler.Dialects.SqlDialectKind dialect) => dialect switch
    {
        Compiler.Dialects.SqlDialectKind.DuckDb => "duckdb",
        Compiler.Dialects.SqlDialectKind.PostgreSql => "postgresql",
        _ => "microsoft.sql_server",
    };
}
