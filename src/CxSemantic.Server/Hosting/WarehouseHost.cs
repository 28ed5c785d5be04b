using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.DuckDb;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Hosting;

/// <summary>
/// Opens the warehouse at start: the configured DuckDB file, or the demo warehouse in the data
/// folder, generated (with progress on the console) the first time and reused afterwards.
/// </summary>
internal sealed class WarehouseHost(IOptions<ServerOptions> options, ILogger<WarehouseHost> logger) : IHostedService, IDisposable
{
    private readonly TaskCompletionSource<ISqlEngine> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DuckDbDatabase? _database;
    private long _dataGeneration;

    /// <summary>The engine, once the warehouse is open.</summary>
    public Task<ISqlEngine> Engine => _ready.Task;

    /// <summary>The warehouse file in use.</summary>
    public string? Path { get; private set; }

    /// <summary>Changes whenever data is (re)loaded; part of every result cache key.</summary>
    public long DataGeneration => Interlocked.Read(ref _dataGeneration);

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
            var settings = options.Value;
            if (!string.Equals(settings.Dialect, "duckdb", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"CxSemantic:Dialect '{settings.Dialect}' has no engine in this version; set CxSemantic:Dialect to duckdb and CxSemantic:Warehouse to a DuckDB file.");
            }

            var path = string.IsNullOrWhiteSpace(settings.Warehouse)
                ? System.IO.Path.Combine(System.IO.Path.GetFullPath(settings.DataFolder), "demo.duckdb")
                : System.IO.Path.GetFullPath(settings.Warehouse);
            if (string.IsNullOrWhiteSpace(settings.Warehouse))
            {
                await EnsureDemoAsync(path, settings.DemoInteractions, cancellationToken).ConfigureAwait(false);
            }
            else if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The warehouse {path} does not exist; create it with 'cxsem seed --out {path}', or leave CxSemantic:Warehouse empty to use the demo warehouse.", path);
            }

            var config = new DuckDbConfig
            {
                ReadOnly = true,
                Threads = settings.DuckDbThreads > 0 ? settings.DuckDbThreads : null,
                MemoryLimit = string.IsNullOrWhiteSpace(settings.DuckDbMemoryLimit) ? null : settings.DuckDbMemoryLimit,
            };
            _database = DuckDbDatabase.Open(path, config);
            Path = path;
            Log.WarehouseOpen(logger, path);
            _ready.TrySetResult(new DuckDbSqlEngine(_database));
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            throw;
        }
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _database?.Dispose();

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
