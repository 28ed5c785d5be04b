namespace CxSemantic.Server.Hosting;

/// <summary>
/// Server settings, bound from the <c>CxSemantic</c> configuration section (appsettings.json, or
/// environment variables such as <c>CxSemantic__Warehouse__File=/data/cx.duckdb</c>).
/// </summary>
internal sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CxSemantic";

    /// <summary>The default listening address: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Where the data is: the engine and its settings (section <c>CxSemantic:Warehouse</c>).</summary>
    public WarehouseOptions Warehouse { get; set; } = new();

    /// <summary>The metric definitions folder; empty: the nearest <c>metric-definitions</c> folder above the working directory.</summary>
    public string? Definitions { get; set; }

    /// <summary>
    /// Host names (separated by ';', <c>*.example.com</c> for subdomains, <c>*</c> for any) answered besides localhost,
    /// 127.0.0.1 and [::1] on loopback; on a wider address, the only names answered (empty: any).
    /// </summary>
    public string? AllowedHosts { get; set; }

    /// <summary>The role of callers that send no <c>X-CxSemantic-Role</c> header.</summary>
    public string DefaultRole { get; set; } = "cx_leader";

    /// <summary>Seconds before a metrics query is cancelled in the database (QUERY_TIMEOUT).</summary>
    public double QueryTimeoutSeconds { get; set; } = 30;

    /// <summary>The most rows a metrics answer may have.</summary>
    public int MaxRows { get; set; } = 10_000;

    /// <summary>Maximum selection depth of an operation.</summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>Maximum fields of an operation (fragments expanded).</summary>
    public int MaxFields { get; set; } = 1_000;

    /// <summary>Maximum aliases of an operation.</summary>
    public int MaxAliases { get; set; } = 50;

    /// <summary>Maximum complexity (sum of field costs; a metrics field costs 100).</summary>
    public int MaxComplexity { get; set; } = 2_000;

    /// <summary>Most cached answers kept, least recently used evicted first (0 disables the result cache).</summary>
    public int CacheEntries { get; set; } = 100_000;

    /// <summary>Estimated megabytes (MiB) of cached answers kept, least recently used evicted first (0 disables the result cache).</summary>
    public double CacheMegabytes { get; set; } = 64;

    /// <summary>Estimated megabytes (MiB) of parsed and validated documents kept per catalog, least recently used evicted first.</summary>
    public double DocumentCacheMegabytes { get; set; } = 32;

    /// <summary>Whether editing a definition file reloads the catalog.</summary>
    public bool WatchDefinitions { get; set; } = true;

    /// <summary>Quiet time after the last file change before reloading.</summary>
    public int ReloadDebounceMilliseconds { get; set; } = 300;

    /// <summary>The timeout as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan QueryTimeout => TimeSpan.FromSeconds(QueryTimeoutSeconds);
}

/// <summary>The warehouse engine and its settings (<c>CxSemantic:Warehouse</c>).</summary>
internal sealed class WarehouseOptions
{
    /// <summary>The engine: <c>duckdb</c> (embedded, the default) or <c>postgres</c>.</summary>
    public string Engine { get; set; } = "duckdb";

    /// <summary>DuckDB: the warehouse file; empty: the demo warehouse in <see cref="DataFolder"/>, created on first start.</summary>
    public string? File { get; set; }

    /// <summary>PostgreSQL: the Npgsql connection string, e.g. <c>Host=db;Port=5432;Username=cx;Password=…;Database=cx</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>DuckDB: the local data folder for the demo warehouse.</summary>
    public string DataFolder { get; set; } = ".cxsemantic";

    /// <summary>DuckDB: interactions in the generated demo warehouse.</summary>
    public long DemoInteractions { get; set; } = 1_000_000;

    /// <summary>DuckDB: worker threads (0: DuckDB's default).</summary>
    public int DuckDbThreads { get; set; }

    /// <summary>DuckDB: memory limit, e.g. <c>2GB</c> (empty: DuckDB's default).</summary>
    public string? DuckDbMemoryLimit { get; set; }

    /// <summary>PostgreSQL: seconds between checks whether the data was reloaded (cached answers are then dropped); 0: never.</summary>
    public double DataPollSeconds { get; set; } = 15;

    /// <summary>
    /// Materialized journeys (and other materializations): <c>refresh</c> — queries read them when current, and the
    /// server refreshes them at start and after each data change it sees (a DuckDB file is then opened read-write);
    /// <c>use</c> — queries read them when current, <c>cxsem refresh</c> keeps them so; <c>off</c> — always compute from
    /// raw rows. Empty: <c>refresh</c> on PostgreSQL, <c>use</c> on DuckDB (whose file the server otherwise opens read-only).
    /// </summary>
    public string Materializations { get; set; } = string.Empty;

    /// <summary>The effective <see cref="Materializations"/> mode.</summary>
    public MaterializationMode MaterializationMode => Materializations.Trim().ToUpperInvariant() switch
    {
        "" => IsPostgreSql ? MaterializationMode.Refresh : MaterializationMode.Use,
        "REFRESH" => MaterializationMode.Refresh,
        "USE" => MaterializationMode.Use,
        "OFF" => MaterializationMode.Off,
        _ => throw new InvalidOperationException(
            $"CxSemantic:Warehouse:Materializations '{Materializations}' is not a mode; set it to refresh, use or off (or leave it empty)."),
    };

    /// <summary>Whether <see cref="Engine"/> names PostgreSQL.</summary>
    public bool IsPostgreSql => Engine.Trim().ToUpperInvariant() is "POSTGRES" or "POSTGRESQL";

    /// <summary>Whether <see cref="Engine"/> names DuckDB.</summary>
    public bool IsDuckDb => Engine.Trim().Equals("duckdb", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What the server does with materializations (<see cref="WarehouseOptions.Materializations"/>).</summary>
internal enum MaterializationMode
{
    /// <summary>Read them when current; refresh them at start and after data changes.</summary>
    Refresh,

    /// <summary>Read them when current; never write.</summary>
    Use,

    /// <summary>Compute from raw rows.</summary>
    Off,
}
