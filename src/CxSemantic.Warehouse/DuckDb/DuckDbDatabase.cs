using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.DuckDb;

/// <summary>
/// An open DuckDB database (DuckDB.NET), in memory or in a file, from which any number of connections are made —
/// one per thread. DuckDB.NET has no database object of its own: this one holds a first connection open so that the
/// database (and an in-memory one's data) lives until it is disposed. The other connections share its database
/// instance: an in-memory database's through <see cref="DuckDBConnection.Duplicate"/>, a file's because DuckDB.NET
/// keeps one database instance per data source string while a connection to it is open.
/// </summary>
/// <remarks>
/// Each <see cref="Open"/> of a file is a database instance of its own, as a DuckDB <c>duckdb_open</c> is: the server
/// opens a replaced warehouse file while the old instance still serves, and must see the new file, not DuckDB.NET's
/// cached instance of the old one. DuckDB.NET caches by the data source string, so a file opened while another
/// instance of it is open is given another spelling of the same path (<c>dir/./name</c>, <c>dir/././name</c>…).
/// </remarks>
public sealed class DuckDbDatabase : IDisposable
{
    /// <summary>The data source spellings of file databases open now (DuckDB.NET's cache keys).</summary>
    private static readonly HashSet<string> OpenSpellings = new(StringComparer.OrdinalIgnoreCase);

    private readonly DuckDBConnection _root;
    private readonly string? _spelling;

    /// <summary>Connections open on this instance, the first one included: the spelling is free once none is.</summary>
    private int _connections = 1;

    private DuckDbDatabase(DuckDBConnection root, string? path, string? spelling)
    {
        _root = root;
        Path = path;
        _spelling = spelling;
    }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? Path { get; }

    /// <summary>Opens (or creates) a database.</summary>
    /// <param name="path">A file path; null or <c>":memory:"</c> for an in-memory database.</param>
    /// <param name="config">Settings such as threads and memory limit.</param>
    /// <exception cref="DuckDBException">The file cannot be opened, or a setting is rejected.</exception>
    public static DuckDbDatabase Open(string? path = null, DuckDbConfig? config = null)
    {
        var filePath = path is null or ":memory:" ? null : path;
        var spelling = filePath is null ? null : ClaimSpelling(filePath);
        var root = new DuckDBConnection((config ?? new DuckDbConfig()).ToConnectionString(spelling));
        try
        {
            root.Open();
        }
        catch
        {
            root.Dispose();
            ReleaseSpelling(spelling);
            throw;
        }

        return new DuckDbDatabase(root, filePath, spelling);
    }

    /// <summary>Opens a new connection to this database. Use each connection from one thread at a time.</summary>
    public DuckDBConnection Connect()
    {
        ObjectDisposedException.ThrowIf(_root.State != System.Data.ConnectionState.Open, this);
        var connection = Path is null ? _root.Duplicate() : new DuckDBConnection(_root.ConnectionString);
        Interlocked.Increment(ref _connections);
        var disposed = 0;
        connection.Disposed += (_, _) =>
        {
            // Component raises Disposed on every Dispose call; count the connection once.
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                Closed();
            }
        };
        try
        {
            connection.Open();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_root.State == System.Data.ConnectionState.Open)
        {
            _root.Dispose();
            Closed();
        }
    }

    /// <summary>A connection closed; after the last one DuckDB.NET has closed the instance and dropped its cache entry.</summary>
    private void Closed()
    {
        if (Interlocked.Decrement(ref _connections) == 0)
        {
            ReleaseSpelling(_spelling);
        }
    }

    /// <summary>The path as given when no instance of it is open, else the first free <c>dir/./…/name</c>.</summary>
    private static string ClaimSpelling(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path);
        var name = System.IO.Path.GetFileName(path);
        lock (OpenSpellings)
        {
            var spelling = path;
            for (var k = 1; !OpenSpellings.Add(spelling); k++)
            {
                var dots = string.Concat(Enumerable.Repeat("." + System.IO.Path.DirectorySeparatorChar, k));
                spelling = string.IsNullOrEmpty(directory) ? dots + name : System.IO.Path.Combine(directory, dots + name);
            }

            return spelling;
        }
    }

    private static void ReleaseSpelling(string? spelling)
    {
        if (spelling is not null)
        {
            lock (OpenSpellings)
            {
                OpenSpellings.Remove(spelling);
            }
        }
    }
}
