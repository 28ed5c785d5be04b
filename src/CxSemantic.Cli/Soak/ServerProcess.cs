using System.Globalization;

namespace CxSemantic.Cli.Soak;

/// <summary>A Linux process's resident memory and CPU time, read from /proc (the server under a benchmark).</summary>
internal sealed class ServerProcess(int id)
{
    private static readonly string[] TcpTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    /// <summary>The process id.</summary>
    public int Id => id;

    /// <summary>Resident memory (VmRSS) in MB, or null when the process is gone.</summary>
    public double? ResidentMegabytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>User plus system CPU seconds.</summary>
    public double? CpuSeconds()
    {
        // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): user and system time in clock ticks (100/s).
        var stat = File.ReadAllText($"/proc/{id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100;
    }

    /// <summary>
    /// The process listening on a TCP port (Linux): the socket's inode from /proc/net/tcp[6], then the process holding
    /// that inode among its file descriptors. Null when none is found or /proc cannot be read (other users' processes).
    /// </summary>
    public static ServerProcess? ListeningOn(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in TcpTables.Where(File.Exists))
        {
            foreach (var fields in File.ReadLines(table).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                // local_address is HEXIP:HEXPORT; state 0A is LISTEN; the inode is the tenth field.
                var local = fields[1];
                if (fields[3] == "0A" && int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    inodes.Add($"socket:[{fields[9]}]");
                }
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (Directory.EnumerateFiles(Path.Combine(directory, "fd")).Any(fd => new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)))
                {
                    return new ServerProcess(pid);
                }
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                // Another user's process, or one that just ended: not ours to read.
            }
        }

        return null;
    }
}
