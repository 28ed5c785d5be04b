using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace CxSemantic.Testing;

/// <summary>
/// A throw-away PostgreSQL server for tests: Debian's PostgreSQL (installed with apt-get when
/// <c>initdb</c> is missing), a fresh cluster in its own temp directory (initdb as the <c>postgres</c>
/// system user when the tests run as root, which PostgreSQL refuses), trust auth, loopback only, on a
/// free port, durability off. Stopped and deleted on dispose. Concurrent test runs each get their
/// own directory and port.
/// </summary>
public sealed class PostgreSqlServer : IAsyncDisposable
{
    private const string SystemUser = "postgres";
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private readonly string _binDirectory;
    private readonly bool _asSystemUser;

    private PostgreSqlServer(string binDirectory, string root, bool asSystemUser)
    {
        _binDirectory = binDirectory;
        _asSystemUser = asSystemUser;
        Root = root;
    }

    /// <summary>The temp directory holding data, socket and log.</summary>
    public string Root { get; }

    private string DataDirectory => Path.Combine(Root, "data");

    private string SocketDirectory => Path.Combine(Root, "sock");

    private string LogFile => Path.Combine(Root, "postgres.log");

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The server version, e.g. 15.14.</summary>
    public string Version { get; private set; } = "";

    /// <summary>A connection string for <paramref name="database"/> as the superuser <c>postgres</c>.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SystemUser,
            Database = database,
            Pooling = true,
            MaxPoolSize = 16,
            CommandTimeout = 300,
            Timeout = 30,
        }.ConnectionString;

    /// <summary>Installs (if needed), initialises and starts a server; throws with a clear message when that is impossible.</summary>
    public static async Task<PostgreSqlServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = await FindOrInstallAsync(cancellationToken);
        var asSystemUser = Environment.UserName == "root";
        var root = Path.Combine(Path.GetTempPath(), $"cxsem-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        var server = new PostgreSqlServer(bin, root, asSystemUser);
        try
        {
            await server.InitAsync(cancellationToken);
            await server.StartOnFreePortAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a database and returns a data source for it.</summary>
    public async Task<NpgsqlDataSource> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using (var admin = NpgsqlDataSource.Create(ConnectionString()))
        {
            await using var command = admin.CreateCommand($"CREATE DATABASE \"{name}\"");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return NpgsqlDataSource.Create(ConnectionString(name));
    }

    /// <summary>Stops the server (fast shutdown) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunAsync(Tool("pg_ctl"), ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30"], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Already gone; the directory is removed below anyway.
            }
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task InitAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(SocketDirectory);
        if (_asSystemUser)
        {
            await RunAsync("chown", ["-R", $"{SystemUser}:{SystemUser}", Root], cancellationToken);
        }

        await RunAsync(Tool("initdb"), ["-D", DataDirectory, "-U", SystemUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], cancellationToken);
    }

    private async Task StartOnFreePortAsync(CancellationToken cancellationToken)
    {
        // A free port can be taken by another run between probing and binding: retry on a new one.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var options = string.Join(' ',
                $"-k {SocketDirectory} -c listen_addresses=127.0.0.1 -p {Port}",
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "-c max_connections=50 -c shared_buffers=256MB -c work_mem=64MB -c maintenance_work_mem=256MB",
                "-c timezone=America/New_York"); // not UTC: results must not depend on the session time zone
            try
            {
                await RunAsync(Tool("pg_ctl"), ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options], cancellationToken);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }

        await using var source = NpgsqlDataSource.Create(ConnectionString());
        await using var command = source.CreateCommand("SHOW server_version");
        Version = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private string Tool(string name) => Path.Combine(_binDirectory, name);

    /// <summary>Runs a command (as the postgres user for PostgreSQL's own tools when root) and throws with its output on failure.</summary>
    private async Task RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var asUser = _asSystemUser && file.StartsWith(_binDirectory, StringComparison.Ordinal);
        await Exec(asUser ? "runuser" : file, asUser ? ["-u", SystemUser, "--", file, .. arguments] : arguments, cancellationToken, LogFile);
    }

    private static async Task<string> Exec(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? logFile = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = (await output) + (await error);
        if (process.ExitCode != 0)
        {
            var log = logFile is not null && File.Exists(logFile) ? "\n--- server log ---\n" + await File.ReadAllTextAsync(logFile, cancellationToken) : "";
            throw new InvalidOperationException($"`{file} {string.Join(' ', arguments)}` failed with exit code {process.ExitCode}:\n{text}{log}");
        }

        return text;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinDirectory()
    {
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            // Prefer 15 (the supported version), else the newest installed.
            var versions = Directory.GetDirectories(debian)
                .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")) && File.Exists(Path.Combine(d, "bin", "postgres")))
                .OrderByDescending(d => Path.GetFileName(d) == "15")
                .ThenByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .ToList();
            if (versions.Count > 0)
            {
                return Path.Combine(versions[0], "bin");
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        return onPath is null ? null : Path.GetDirectoryName(new FileInfo(Path.Combine(onPath, "initdb")).ResolveLinkTarget(true)?.FullName ?? Path.Combine(onPath, "initdb"));
    }

    private static async Task<string> FindOrInstallAsync(CancellationToken cancellationToken)
    {
        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            if (FindBinDirectory() is { } found)
            {
                return found;
            }

            // Another test run may be installing at the same time: apt/dpkg locks serialise them; wait for them.
            var log = new StringBuilder();
            foreach (var (file, args) in new (string, string[])[]
            {
                ("apt-get", ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-q", "--no-install-recommends", "postgresql-15"]),
                ("apt-get", ["-o", "DPkg::Lock::Timeout=300", "update", "-q"]),
                ("apt-get", ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-q", "--no-install-recommends", "postgresql-15"]),
                ("apt-get", ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-q", "--no-install-recommends", "postgresql"]),
            })
            {
                try
                {
                    await Exec(file, args, cancellationToken);
                    if (FindBinDirectory() is { } installed)
                    {
                        return installed;
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    log.AppendLine(ex.Message);
                }
            }

            throw new InvalidOperationException(
                "The PostgreSQL tests need a PostgreSQL server binary (initdb, pg_ctl, postgres) and could not install one. "
                + "Install Debian's package first (`apt-get update && apt-get install -y postgresql-15`, run as root), "
                + "or put PostgreSQL's bin directory on PATH.\n" + log);
        }
        finally
        {
            InstallGate.Release();
        }
    }
}
