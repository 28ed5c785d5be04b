using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Schema;
using CxSemantic.Warehouse.Schema;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Hosting;

/// <summary>
/// One loaded catalog and everything derived from it (the GraphQL schema and its document cache).
/// Immutable: a reload builds a new snapshot and swaps it in atomically; requests keep the one they started with.
/// </summary>
internal sealed class CatalogSnapshot
{
    public CatalogSnapshot(MetricCatalog catalog, MetricsSchema schema, DateTimeOffset loadedAt, double documentCacheMegabytes = 32)
    {
        Catalog = catalog;
        Schema = schema;
        LoadedAt = loadedAt;
        Documents = new DocumentCache(capacity: 100_000, maxBytes: Math.Max(1, (long)(documentCacheMegabytes * 1024 * 1024)));
    }

    public MetricCatalog Catalog { get; }

    public MetricsSchema Schema { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>Each metric's version history since the server started (<see cref="DefinitionHistory"/>).</summary>
    public ImmutableDictionary<string, ImmutableArray<DefinitionChange>> History { get; init; } = ImmutableDictionary<string, ImmutableArray<DefinitionChange>>.Empty;

    /// <summary>Prepared (parsed and validated) documents of this snapshot's schema by token stream, errors included; bounded by bytes.</summary>
    public DocumentCache Documents { get; }
}

/// <summary>
/// Holds the current catalog snapshot, loads it at start and reloads it when a definition file
/// changes (debounced). An invalid change keeps the last good snapshot serving and records its problems.
/// </summary>
internal sealed class CatalogState(IOptions<ServerOptions> options, ILogger<CatalogState> logger) : IHostedService, IDisposable
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _reloadLock = new();
    private volatile CatalogSnapshot? _current;
    private ImmutableArray<Diagnostic> _problems = [];
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;

    /// <summary>Completes when the first catalog is loaded.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The definitions folder.</summary>
    public string Directory { get; private set; } = string.Empty;

    /// <summary>The snapshot in service.</summary>
    public CatalogSnapshot Current => _current ?? throw new InvalidOperationException("The catalog is not loaded yet.");

    /// <summary>The code of the problem reported while the definitions folder is gone.</summary>
    public const string DefinitionsMissing = "DEFINITIONS_MISSING";

    /// <summary>
    /// Errors of the last load attempt when it failed (the previous catalog keeps serving), and <see cref="DefinitionsMissing"/>
    /// while the definitions folder is gone (checked on every read: a deleted folder may trigger no reload); empty after a good load.
    /// </summary>
    public ImmutableArray<Diagnostic> Problems
    {
        get => Directory.Length == 0 || System.IO.Directory.Exists(Directory)
            ? _problems
            : [new Diagnostic(DefinitionsMissing, $"The definitions folder {Path.GetFileName(Directory)} is gone; still serving catalog {_current?.Catalog.Version ?? "(none)"}. Restore the folder (or point CxSemantic:Definitions to it and restart).", new SourceSpan(Directory, 0, 0)), .. _problems];
        private set => _problems = value;
    }

    /// <summary>When the last load attempt finished.</summary>
    public DateTimeOffset LastAttempt { get; private set; }

    /// <summary>Raised after a good reload swapped the snapshot.</summary>
    public event Action<CatalogSnapshot>? Reloaded;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory = ResolveDirectory(options.Value.Definitions);
            if (!Reload())
            {
                throw new InvalidOperationException(
                    $"The metric definitions in {Directory} do not load:{Environment.NewLine}{string.Join(Environment.NewLine, Problems)}");
            }

            if (options.Value.WatchDefinitions)
            {
                _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
                _watcher = new FileSystemWatcher(Directory)
                {
                    IncludeSubdirectories = true,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
                };
                _watcher.Changed += OnChanged;
                _watcher.Created += OnChanged;
                _watcher.Deleted += OnChanged;
                _watcher.Renamed += OnChanged;
                _watcher.EnableRaisingEvents = true;
            }

            _ready.TrySetResult();
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            throw;
        }

        return Task.CompletedTask;
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (e.FullPath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || e.FullPath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || e.ChangeType is WatcherChangeTypes.Deleted or WatcherChangeTypes.Renamed)
        {
            _debounce?.Change(options.Value.ReloadDebounceMilliseconds, Timeout.Infinite);
        }
    }

    /// <summary>Loads the definitions now; true when the catalog was good (and is now serving).</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            CatalogLoadResult result;
            try
            {
                result = CatalogLoader.LoadDirectory(Directory, WarehouseSchema.PhysicalSchema);
            }
            catch (IOException ex)
            {
                result = new CatalogLoadResult(null, [new Diagnostic("IO_ERROR", ex.Message + " (the file may be mid-save; it is read again on the next change)", new SourceSpan(Directory, 0, 0))]);
            }

            LastAttempt = DateTimeOffset.UtcNow;
            if (result.Catalog is null)
            {
                Problems = [.. result.Errors];
                Log.CatalogRejected(logger, Directory, Problems.Length, _current?.Catalog.Version ?? "(none)");
                return false;
            }

            if (_current is not null && _current.Catalog.ContentHash == result.Catalog.ContentHash)
            {
                Problems = [];
                return true;
            }

            var snapshot = new CatalogSnapshot(result.Catalog, MetricsSchemaFactory.Build(result.Catalog), LastAttempt, options.Value.DocumentCacheMegabytes)
            {
                History = DefinitionHistory.Next(_current, result.Catalog, LastAttempt),
            };
            _current = snapshot;
            Problems = [];
            Log.CatalogLoaded(logger, result.Catalog.Version, Directory, result.Catalog.Metrics.Count);
            Reloaded?.Invoke(snapshot);
            return true;
        }
    }

    private static string ResolveDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return System.IO.Directory.Exists(full)
                ? full
                : throw new DirectoryNotFoundException($"The definitions folder {full} does not exist; set CxSemantic:Definitions to the folder holding the metric YAML files.");
        }

        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "metric-definitions");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("No metric-definitions folder was found above the working directory; set CxSemantic:Definitions.");
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        _watcher = null;
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }
}
