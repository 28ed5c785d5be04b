using CxSemantic.DuckDb.Native;

namespace CxSemantic.DuckDb;

/// <summary>
/// An open DuckDB database, in memory or in a file. Thread-safe: open one
/// <see cref="DuckDbConnection"/> per thread. The native database stays alive until this object
/// and every connection made from it are disposed.
/// </summary>
public sealed unsafe class DuckDbDatabase : IDisposable
{
    private readonly DatabaseHandle _handle;
    private bool _disposed;

    private DuckDbDatabase(DatabaseHandle handle, string? path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? Path { get; }

    /// <summary>The version of the loaded libduckdb, e.g. <c>v1.5.5</c>.</summary>
    public static string LibraryVersion => NativeMethods.ReadUtf8(NativeMethods.duckdb_library_version()) ?? "unknown";

    /// <summary>Opens (or creates) a database.</summary>
    /// <param name="path">A file path; null or <c>":memory:"</c> for an in-memory database.</param>
    /// <param name="config">Settings such as threads and memory limit.</param>
    /// <exception cref="DuckDbException">The file cannot be opened, or a setting is rejected.</exception>
    public static DuckDbDatabase Open(string? path = null, DuckDbConfig? config = null)
    {
        var filePath = path is null or ":memory:" ? null : path;
        var nativeConfig = IntPtr.Zero;
        try
        {
            if (config is not null)
            {
                if (NativeMethods.duckdb_create_config(out nativeConfig) != DuckDbState.Success)
                {
                    throw new DuckDbException("DuckDB could not allocate a configuration.");
                }

                foreach (var (name, value) in config.ToSettings())
                {
                    if (NativeMethods.duckdb_set_config(nativeConfig, name, value) != DuckDbState.Success)
                    {
                        throw new DuckDbException(
                            $"DuckDB rejected the setting {name} = '{value}'. See SELECT * FROM duckdb_settings() for valid names and values.",
                            DuckDbErrorType.InvalidConfiguration);
                    }
                }
            }

            var handle = new DatabaseHandle();
            if (NativeMethods.duckdb_open_ext(filePath, out var database, nativeConfig, out var error) != DuckDbState.Success)
            {
                var message = NativeMethods.ReadUtf8(error) ?? "unknown error";
                NativeMethods.duckdb_free(error);
                handle.Dispose();
                throw new DuckDbException($"Cannot open DuckDB database '{filePath ?? ":memory:"}': {message}", DuckDbErrorType.IO);
            }

            handle.Adopt(database);
            return new DuckDbDatabase(handle, filePath);
        }
        finally
        {
            if (nativeConfig != IntPtr.Zero)
            {
                NativeMethods.duckdb_destroy_config(ref nativeConfig);
            }
        }
    }

    /// <summary>Opens a new connection. Use each connection from one thread at a time.</summary>
    public DuckDbConnection Connect()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new ConnectionHandle();
        if (NativeMethods.duckdb_connect(_handle.DangerousGetHandle(), out var pointer) != DuckDbState.Success)
        {
            connection.Dispose();
            throw new DuckDbException("DuckDB could not open a connection.", DuckDbErrorType.Connection);
        }

        connection.Adopt(pointer);
        connection.KeepAlive(_handle);
        return new DuckDbConnection(connection);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
