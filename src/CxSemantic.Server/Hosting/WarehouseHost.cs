using System.Globalization;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Engines;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CxSemantic.Server.Hosting;

/// <summary>
/// Opens the warehouse at start: the configured DuckDB file, or the demo warehouse in the data folder (generated,
/// with progress on the console, the first time and reused afterwards), or a PostgreSQL database. A PostgreSQL
/// warehouse that cannot be reached does not stop the server: the catalog keeps being served, metric queries answer
/// <c>WAREHOUSE_UNAVAILABLE</c> with the fix, and <c>/health</c> reports it, until the database is back.
/// </summary>
internal sealed class WarehouseHost(IOptions<ServerOptions> options, ILogger<WarehouseHost> logger) : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<ISqlEngine> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private DuckDbWarehouse? _database;
    private NpgsqlDataSource? _dataSource;
    private Task _polling = Task.CompletedTask;
    private long _dataGeneration;
    private long _materializationGeneration;

    /// <summary>The engine, once the warehouse is open.</summary>
    public Task<ISqlEngine> Engine => _ready.Task;

    /// <summary>Where the data is: the DuckDB file, or host:port/database.</summary>
    public string? Location { get; private set; }

    /// <summary>Changes whenever data is (re)loaded; part of every result cache key.</summary>
    public long DataGeneration => Interlocked.Read(ref _dataGeneration);

    /// <summary>Changes whenever a materialization refresh finishes (see <see cref="MaterializationHost"/>).</summary>
    public long MaterializationGeneration => Interlocked.Read(ref _materializationGeneration);

    /// <summary>Marks the materializations as refreshed: the server reads which are current again.</summary>
    public void NotifyMaterializationsRefreshed() => Interlocked.Increment(ref _materializationGeneration);

    /// <summary>Raised after <see cref="NotifyDataLoaded"/>.</summary>
    public event Action? DataLoaded;

    /// <summary>Marks the data as changed (a load finished): cached answers are dropped.</summary>
    public void NotifyDataLoaded()
    {
        Interlocked.Increment(ref _dataGeneration);
        DataLoaded?.Invoke();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var settings = options.Value.Warehouse;
            var engine = settings switch
            {
                { IsDuckDb: true } => await OpenDuckDbAsync(settings, cancellationToken).ConfigureAwait(false),
                { IsPostgreSql: true } => OpenPostgreSql(settings),
                _ when IsSqlServer(settings) => OpenSqlServer(settings),
                _ => throw new InvalidOperationException(
                    $"CxSemantic:Warehouse:Engine '{settings.Engine}' is not an engine; set it to duckdb (with CxSemantic:Warehouse:File), postgres or sqlserver (with CxSemantic:Warehouse:ConnectionString)."),
            };
            Location = engine.Location;
            _ready.TrySetResult(engine);
            if (settings.IsPostgreSql || IsSqlServer(settings))
            {
                _polling = WatchForReloadsAsync(engine, settings.DataPollSeconds, _stopping.Token);
            }
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            throw;
        }
    }

    /// <summary>Checks that the warehouse answers within <see cref="ProbeTimeout"/>, and reads its watermark (for <c>/health</c>).</summary>
    public async Task<WarehouseStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        if (!_ready.Task.IsCompletedSuccessfully)
        {
            return new WarehouseStatus("starting", null, null);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ProbeTimeout);
        try
        {
            var file = _database is null ? null : await _database.CheckAsync(limit.Token).ConfigureAwait(false);
            var watermark = await _ready.Task.Result.ReadWatermarkAsync(limit.Token).ConfigureAwait(false);
            file = _database?.State ?? file;
            return new WarehouseStatus(file?.Status ?? "available", watermark, file?.Error) { Notice = file?.Notice };
        }
        catch (SqlEngineException ex)
        {
            return new WarehouseStatus("unavailable", null, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WarehouseStatus("unavailable", null, $"The warehouse did not answer within {ProbeTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>How long a health probe waits for the warehouse.</summary>
    private static TimeSpan ProbeTimeout => TimeSpan.FromSeconds(5);

    private async Task<ISqlEngine> OpenDuckDbAsync(WarehouseOptions settings, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrWhiteSpace(settings.File)
            ? System.IO.Path.Combine(System.IO.Path.GetFullPath(settings.DataFolder), "demo.duckdb")
            : System.IO.Path.GetFullPath(settings.File);
        if (string.IsNullOrWhiteSpace(settings.File))
        {
            await EnsureDemoAsync(path, settings.DemoInteractions, cancellationToken).ConfigureAwait(false);
        }
        else if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The warehouse {path} does not exist; create it with 'cxsem seed --out {path}', or leave CxSemantic:Warehouse:File empty to use the demo warehouse.", path);
        }

        var config = new DuckDbConfig
        {
            // Read-only unless the server refreshes materializations in it.
            ReadOnly = settings.MaterializationMode != MaterializationMode.Refresh,
            Threads = settings.DuckDbThreads > 0 ? settings.DuckDbThreads : null,
            MemoryLimit = string.IsNullOrWhiteSpace(settings.DuckDbMemoryLimit) ? null : settings.DuckDbMemoryLimit,
        };
        try
        {
            _database = DuckDbWarehouse.Open(path, config, logger, NotifyDataLoaded);
        }
        catch (DuckDBException ex)
        {
            throw new StartupException(
                $"The warehouse {path} cannot be opened ({ex.Message.ReplaceLineEndings(" ")}). Point CxSemantic:Warehouse:File to a DuckDB warehouse written by 'cxsem seed --out FILE.duckdb', or leave it empty to use the demo warehouse.",
                ex);
        }

        Log.WarehouseOpen(logger, path);
        return _database;
    }

    private ISqlEngine OpenPostgreSql(WarehouseOptions settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            return Unavailable("CxSemantic:Warehouse:Engine is postgres but CxSemantic:Warehouse:ConnectionString is empty; set it to an Npgsql connection string such as Host=127.0.0.1;Port=5432;Username=cx;Database=cx.");
        }

        try
        {
            _dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // Never echo the string itself: it may hold a password.
            return Unavailable($"CxSemantic:Warehouse:ConnectionString is not a valid Npgsql connection string ({ex.Message.TrimEnd('.')}). Use Key=Value pairs separated by ';', e.g. Host=127.0.0.1;Port=5432;Username=cx;Database=cx.");
        }

        var engine = new PostgreSqlSqlEngine(_dataSource);
        Log.PostgreSqlWarehouse(logger, engine.Location);
        return engine;

        ISqlEngine Unavailable(string message)
        {
            Log.WarehouseMisconfigured(logger, message);
            return new UnavailableSqlEngine(SqlDialectKind.PostgreSql, message);
        }
    }

    private static bool IsSqlServer(WarehouseOptions settings) =>
        settings.Engine.Trim().ToUpperInvariant() is "SQLSERVER" or "MSSQL";

    private ISqlEngine OpenSqlServer(WarehouseOptions settings)
    {
        string? problem = null;
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            problem = "CxSemantic:Warehouse:Engine is sqlserver but CxSemantic:Warehouse:ConnectionString is empty; set it to a SqlClient connection string such as Server=127.0.0.1,1433;Database=cx;User ID=cx;Password=…;TrustServerCertificate=true.";
        }
        else
        {
            try
            {
                _ = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(settings.ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
            {
                // Never echo the string itself: it may hold a password.
                problem = $"CxSemantic:Warehouse:ConnectionString is not a valid SqlClient connection string ({ex.Message.TrimEnd('.')}). Use Key=Value pairs separated by ';', e.g. Server=127.0.0.1,1433;Database=cx;User ID=cx;Password=…;TrustServerCertificate=true.";
            }
        }

        if (problem is not null)
        {
            Log.WarehouseMisconfigured(logger, problem);
            return new UnavailableSqlEngine(SqlDialectKind.TSql, problem);
        }

        var engine = new SqlServerSqlEngine(settings.ConnectionString!);
        Log.SqlServerWarehouse(logger, engine.Location);
        return engine;
    }

    /// <summary>
    /// A PostgreSQL or SQL Server warehouse can be reloaded while the server runs (<c>cxsem load</c> swaps in new tables,
    /// <c>cxsem ingest</c> adds a batch and names it in <c>warehouse_meta.source</c>): when the change is seen (a new
    /// <c>warehouse_meta</c> table, watermark or source), cached answers are dropped. Late data moves no watermark,
    /// hence the source.
    /// </summary>
    private async Task WatchForReloadsAsync(ISqlEngine engine, double seconds, CancellationToken cancellationToken)
    {
        if (seconds <= 0)
        {
            return;
        }

        // The loaders swap in new tables and ingestion names its batch: a new table id, watermark or source is a reload.
        var version = new SqlText(
            engine.Dialect == SqlDialectKind.TSql
                ? "SELECT OBJECT_ID(N'warehouse_meta'), (SELECT max(watermark_at) FROM warehouse_meta), (SELECT max(source) FROM warehouse_meta)"
                : "SELECT (SELECT oid::bigint FROM pg_class WHERE oid = to_regclass('warehouse_meta')), (SELECT max(watermark_at) FROM warehouse_meta), (SELECT max(source) FROM warehouse_meta)",
            []);
        string? seen = null;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                var rows = await engine.QueryAsync(version, cancellationToken).ConfigureAwait(false);
                var current = string.Join('|', rows.Single().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
                if (seen is not null && current != seen)
                {
                    Log.WarehouseReloaded(logger, engine.Location);
                    NotifyDataLoaded();
                }

                seen = current;
            }
            catch (SqlEngineException)
            {
                // Unreachable for now: queries report it; keep watching.
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private static async Task EnsureDemoAsync(string path, long interactions, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return;
        }

        var console = Console.Out;
        await console.WriteLineAsync($"CxSemantic: no warehouse configured; creating the demo warehouse ({interactions.ToString("N0", CultureInfo.InvariantCulture)} interactions) in {path} — once; later starts reuse it.").ConfigureAwait(false);
        var progress = new ConsoleProgress(console, interactions);
        var summary = await DemoWarehouseFile.EnsureAsync(
            path,
            new DemoOptions { Interactions = interactions, Seed = 42, Parallelism = Math.Max(1, Environment.ProcessorCount) },
            progress,
            cancellationToken).ConfigureAwait(false);
        if (summary is not null)
        {
            await console.WriteLineAsync(
                $"\rCxSemantic: demo warehouse ready: {summary.TotalRows.ToString("N0", CultureInfo.InvariantCulture)} rows in {summary.Elapsed.TotalSeconds:F1} s.            ").ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _polling.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _database?.Dispose();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        // The host may stop this service after disposing it (WebApplicationFactory does): cancel, never dispose, the token source.
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>A one-line progress display, rate-limited to whole percents.</summary>
    private sealed class ConsoleProgress(TextWriter console, long total) : IProgress<GenerationProgress>
    {
        private int _lastPercent = -1;

        public void Report(GenerationProgress value)
        {
            var percent = (int)(100 * value.InteractionsWritten / Math.Max(1, total));
            if (Interlocked.Exchange(ref _lastPercent, percent) == percent)
            {
                return;
            }

            lock (console)
            {
                console.Write(string.Create(
                    CultureInfo.InvariantCulture,
                    $"\r  generating: {percent,3}% ({value.InteractionsWritten:N0} of {total:N0} interactions, {value.Elapsed.TotalSeconds:F0} s)"));
                console.Flush();
            }
        }
    }
}

/// <summary>What <c>/health</c> says about the warehouse.</summary>
/// <param name="Status"><c>available</c>, <c>unavailable</c>, <c>starting</c>, or for a DuckDB file <c>stale</c> or <c>failing</c> (see <see cref="WarehouseFileState"/>).</param>
/// <param name="Watermark">The data watermark, when available.</param>
/// <param name="Error">Why it is unavailable, with the fix.</param>
internal sealed record WarehouseStatus(string Status, DateTime? Watermark, string? Error)
{
    /// <summary>Something the operator should know although the warehouse is available, e.g. that a replaced file was reopened.</summary>
    public string? Notice { get; init; }
}

/// <summary>An engine whose configuration is unusable: every statement fails with the message that names the fix.</summary>
internal sealed class UnavailableSqlEngine(SqlDialectKind dialect, string message) : ISqlEngine
{
    public SqlDialectKind Dialect => dialect;

    public string Location => "(not configured)";

    public Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken) =>
        Task.FromException<IReadOnlyList<object?[]>>(new SqlEngineException(SqlEngineFailure.Unavailable, message));
}
