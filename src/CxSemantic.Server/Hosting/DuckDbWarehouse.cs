using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Engines;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace CxSemantic.Server.Hosting;

/// <summary>
/// The DuckDB warehouse file, watched while it is served. DuckDB keeps reading the file it opened, so a file replaced on
/// disk (<c>cxsem seed --force</c> moves a new one into place) would be served stale forever, and one truncated or
/// corrupted would fail with bare I/O errors. Here, at most once a second (and on every health probe and I/O error) the
/// file's size and write time are compared with the opened one's: a changed file is opened beside the old one and, if it
/// opens and has a watermark, swapped in atomically (cached answers are dropped, the log and <c>/health</c> say so);
/// otherwise the old data keeps serving and <see cref="State"/> says it is stale and why. I/O errors become
/// <see cref="SqlEngineFailure.StorageError"/> (<c>WAREHOUSE_UNAVAILABLE</c>) and mark the warehouse as failing for a minute.
/// </summary>
internal sealed class DuckDbWarehouse : ISqlEngine, ISqlStatementRunner, IDisposable
{
    /// <summary>How long an I/O error keeps the warehouse reported as failing.</summary>
    internal static readonly TimeSpan FailureMemory = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly DuckDbConfig _config;
    private readonly ILogger _logger;
    private readonly Action _reopened;
    private readonly SemaphoreSlim _checking = new(1, 1);
    private volatile Opened _current;
    private FileStamp? _rejected;
    private long _lastCheck;
    private volatile WarehouseFileState _fileState = WarehouseFileState.Current;
    private volatile Failure? _lastFailure;
    private int _writing;

    private DuckDbWarehouse(string path, DuckDbConfig config, ILogger logger, Action reopened, Opened opened)
    {
        _path = path;
        _config = config;
        _logger = logger;
        _reopened = reopened;
        _current = opened;
        _lastCheck = Environment.TickCount64;
    }

    /// <summary>Opens the file read-only; <paramref name="reopened"/> runs after a replaced file was swapped in.</summary>
    /// <exception cref="DuckDBException">The file is not a DuckDB database, or cannot be read.</exception>
    public static DuckDbWarehouse Open(string path, DuckDbConfig config, ILogger logger, Action reopened) =>
        new(path, config, logger, reopened, OpenFile(path, config, FileStamp.Of(path)));

    /// <inheritdoc />
    public SqlDialectKind Dialect => SqlDialectKind.DuckDb;

    /// <inheritdoc />
    public string Location => _path;

    /// <summary>When the file in service was opened.</summary>
    public DateTimeOffset OpenedAt => _current.OpenedAt;

    /// <summary>Whether the file on disk is the one served, and the last I/O error if it is recent.</summary>
    public WarehouseFileState State
    {
        get
        {
            var state = _fileState;
            if (state.Status == WarehouseFileState.Available && _lastFailure is { } failure && DateTimeOffset.UtcNow - failure.At < FailureMemory)
            {
                return new WarehouseFileState("failing", failure.Message, state.Notice);
            }

            return state;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
    {
        if (Environment.TickCount64 - Interlocked.Read(ref _lastCheck) >= CheckInterval.TotalMilliseconds)
        {
            await CheckAsync(cancellationToken).ConfigureAwait(false);
        }

        var opened = _current;
        try
        {
            return await opened.Engine.QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException) when (!ReferenceEquals(opened, _current))
        {
            // The file was swapped between picking the engine and connecting: run on the new one.
            return await _current.Engine.QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        }
        catch (DuckDBException ex) when (ex.ErrorClass() is DuckDBErrorType.Io or DuckDBErrorType.Fatal)
        {
            _lastFailure = new Failure(DateTimeOffset.UtcNow, ex.Message);
            Log.WarehouseIoError(_logger, ex.Message);

            // A fatal error invalidates DuckDB's instance for good: open the file again even if it did not change.
            await CheckAsync(cancellationToken, reopen: ex.ErrorClass() == DuckDBErrorType.Fatal).ConfigureAwait(false);

            // DuckDB's message names the file's absolute path: it stays in the log, the client gets the fix.
            throw new SqlEngineException(
                SqlEngineFailure.StorageError,
                "The warehouse file cannot be read (an I/O error: it may have been truncated, replaced or removed while the server runs). /health reports it; restore the file (cxsem seed --force writes a complete one) or restart the server.",
                ex);
        }
    }

    /// <summary>
    /// Runs the server's own writes (a materialization refresh, on a file opened read-write): the file changes on
    /// disk, so checks pause while they run and the served file's stamp is taken again after them — an own write is
    /// not a replaced file.
    /// </summary>
    public async Task ExecuteAsync(ImmutableArray<SqlText> statements, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writing);
        try
        {
            await _current.Engine.ExecuteAsync(statements, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _checking.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            _current = _current with { Stamp = FileStamp.Of(_path) };
            _checking.Release();
            Interlocked.Decrement(ref _writing);
        }
    }

    /// <summary>
    /// Compares the file on disk with the one served and swaps in a replaced file that opens (or, with
    /// <paramref name="reopen"/>, the same file again); returns the state.
    /// </summary>
    public async Task<WarehouseFileState> CheckAsync(CancellationToken cancellationToken, bool reopen = false)
    {
        if (Volatile.Read(ref _writing) > 0 || !await _checking.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return State;
        }

        try
        {
            Interlocked.Exchange(ref _lastCheck, Environment.TickCount64);
            var opened = _current;
            var stamp = FileStamp.Of(_path);
            if (stamp is null)
            {
                if (_fileState.Status == WarehouseFileState.Available)
                {
                    Log.WarehouseFileGone(_logger, _path);
                }

                SetFileState(new WarehouseFileState("stale", $"The warehouse file {Path.GetFileName(_path)} is gone; still serving the data opened at {opened.OpenedAt:yyyy-MM-dd HH:mm:ss} UTC. Restore it or write a new one (cxsem seed --force)."));
                return State;
            }

            if (stamp == opened.Stamp && !reopen)
            {
                // Back as it was (e.g. moved away and back): the served data is current again.
                SetFileState(new WarehouseFileState(WarehouseFileState.Available, null, _fileState.Notice));
                return State;
            }

            if (stamp == _rejected && !reopen)
            {
                return State;
            }

            await SwapAsync(stamp, cancellationToken).ConfigureAwait(false);
            return State;
        }
        finally
        {
            _checking.Release();
        }
    }

    private async Task SwapAsync(FileStamp stamp, CancellationToken cancellationToken)
    {
        Opened? replacement = null;
        try
        {
            replacement = OpenFile(_path, _config, stamp);
            var watermark = await ((ISqlEngine)replacement.Engine).ReadWatermarkAsync(cancellationToken).ConfigureAwait(false);
            var previous = _current;
            _current = replacement;
            _rejected = null;
            _lastFailure = null;
            var notice = $"The warehouse file was replaced on disk and reopened at {replacement.OpenedAt:yyyy-MM-dd HH:mm:ss} UTC (watermark {watermark:yyyy-MM-ddTHH:mm:ssZ}).";
            SetFileState(new WarehouseFileState(WarehouseFileState.Available, null, notice));
            Log.WarehouseReopened(_logger, _path, watermark);

            // Statements already running keep their connection (which holds the old database open until they finish).
            previous.Database.Dispose();
            _reopened();
        }
        catch (Exception ex) when (ex is DuckDBException or SqlEngineException or IOException)
        {
            replacement?.Database.Dispose();
            _rejected = stamp;
            var served = _current;
            SetFileState(new WarehouseFileState(
                "stale",
                $"The warehouse file {Path.GetFileName(_path)} changed on disk and the new file cannot be opened; still serving the data opened at {served.OpenedAt:yyyy-MM-dd HH:mm:ss} UTC. Write a complete warehouse (cxsem seed --force) or restart the server."));
            Log.WarehouseChangedUnreadable(_logger, _path, ex.Message);
        }
    }

    private void SetFileState(WarehouseFileState state) => _fileState = state;

    private static Opened OpenFile(string path, DuckDbConfig config, FileStamp? stamp)
    {
        var database = DuckDbDatabase.Open(path, config);
        return new Opened(database, new DuckDbSqlEngine(database, path), stamp, DateTimeOffset.UtcNow);
    }

    public void Dispose()
    {
        _current.Database.Dispose();
        _checking.Dispose();
    }

    private sealed record Failure(DateTimeOffset At, string Message);

    private sealed record Opened(DuckDbDatabase Database, DuckDbSqlEngine Engine, FileStamp? Stamp, DateTimeOffset OpenedAt);

    /// <summary>What identifies a version of the file: a replaced or rewritten file differs in size or write time.</summary>
    private sealed record FileStamp(long Length, DateTime LastWriteUtc)
    {
        public static FileStamp? Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : null;
        }
    }
}

/// <summary>The warehouse file's state for <c>/health</c>.</summary>
/// <param name="Status"><c>available</c>, <c>stale</c> (the file on disk is not the one served) or <c>failing</c> (a recent I/O error).</param>
/// <param name="Error">Why it is not available, with the fix.</param>
/// <param name="Notice">The last reopen, if any.</param>
internal sealed record WarehouseFileState(string Status, string? Error, string? Notice = null)
{
    /// <summary>The status of a file that is served as it is on disk.</summary>
    public const string Available = "available";

    /// <summary>The state at open.</summary>
    public static WarehouseFileState Current { get; } = new(Available, null);
}
