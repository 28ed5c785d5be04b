namespace CxSemantic.Server.Hosting;

/// <summary>
/// Server settings, bound from the <c>CxSemantic</c> configuration section (appsettings.json, or
/// environment variables such as <c>CxSemantic__Warehouse=/data/cx.duckdb</c>).
/// </summary>
internal sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CxSemantic";

    /// <summary>The default listening address: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The DuckDB warehouse file; empty: the demo warehouse in <see cref="DataFolder"/>, created on first start.</summary>
    public string? Warehouse { get; set; }

    /// <summary>The SQL dialect of the warehouse (only <c>duckdb</c> runs in this version).</summary>
    public string Dialect { get; set; } = "duckdb";

    /// <summary>A connection string for server databases (reserved for the PostgreSQL engine).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The metric definitions folder; empty: the nearest <c>metric-definitions</c> folder above the working directory.</summary>
    public string? Definitions { get; set; }

    /// <summary>The local data folder for the demo warehouse.</summary>
    public string DataFolder { get; set; } = ".cxsemantic";

    /// <summary>Interactions in the generated demo warehouse.</summary>
    public long DemoInteractions { get; set; } = 1_000_000;

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

    /// <summary>Cached answers kept (0 disables the result cache).</summary>
    public int CacheEntries { get; set; } = 2_000;

    /// <summary>DuckDB worker threads (0: DuckDB's default).</summary>
    public int DuckDbThreads { get; set; }

    /// <summary>DuckDB memory limit, e.g. <c>2GB</c> (empty: DuckDB's default).</summary>
    public string? DuckDbMemoryLimit { get; set; }

    /// <summary>Whether editing a definition file reloads the catalog.</summary>
    public bool WatchDefinitions { get; set; } = true;

    /// <summary>Quiet time after the last file change before reloading.</summary>
    public int ReloadDebounceMilliseconds { get; set; } = 300;

    /// <summary>The timeout as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan QueryTimeout => TimeSpan.FromSeconds(QueryTimeoutSeconds);
}
