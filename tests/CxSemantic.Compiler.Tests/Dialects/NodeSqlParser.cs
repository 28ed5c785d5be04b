using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxSemantic.Compiler.Tests.Dialects;

/// <summary>A statement for the independent parser.</summary>
public sealed record ParseRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("dialect")] string Dialect,
    [property: JsonPropertyName("sql")] string Sql,
    [property: JsonPropertyName("allow")] IReadOnlyList<string> Allow);

/// <summary>The parser's verdict on one statement.</summary>
public sealed record ParseResult
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("dialect")]
    public required string Dialect { get; init; }

    [JsonPropertyName("ok")]
    public bool Ok { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("offset")]
    public int? Offset { get; init; }

    [JsonPropertyName("applied")]
    public IReadOnlyList<string> Applied { get; init; } = [];

    [JsonPropertyName("originalError")]
    public string? OriginalError { get; init; }

    [JsonPropertyName("originalOffset")]
    public int? OriginalOffset { get; init; }
}

/// <summary>
/// npm's <c>node-sql-parser</c> (version pinned in <c>Dialects/SqlParser/package.json</c> and its lock
/// file), installed once per test run with <c>npm ci</c> into the test output folder
/// (<c>bin/…/node-sql-check</c>, outside git), guarded by a file lock against concurrent runs, and
/// reinstalled only when the lock file changes. <see cref="Parse"/> runs ONE node process over a batch.
/// </summary>
public sealed class NodeSqlParser
{
    private const string PackageName = "node-sql-parser";
    private static readonly Lazy<NodeSqlParser> LazyInstance = new(() => new NodeSqlParser(), LazyThreadSafetyMode.ExecutionAndPublication);

    private NodeSqlParser()
    {
        var source = DialectCorpus.SourcePath("SqlParser");
        Folder = Path.Combine(AppContext.BaseDirectory, "node-sql-check");
        Directory.CreateDirectory(Folder);
        using var guard = AcquireLock(Path.Combine(Folder, ".install.lock"), TimeSpan.FromMinutes(5));
        var changed = false;
        foreach (var file in new[] { "package.json", "package-lock.json", "check-sql.mjs" })
        {
            var from = File.ReadAllBytes(Path.Combine(source, file));
            var to = Path.Combine(Folder, file);
            if (!File.Exists(to) || !File.ReadAllBytes(to).AsSpan().SequenceEqual(from))
            {
                File.WriteAllBytes(to, from);
                changed |= file != "check-sql.mjs";
            }
        }

        var stamp = Path.Combine(Folder, "node_modules", ".cxsem-installed");
        var lockHash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, "package-lock.json"))));
        if (changed || !File.Exists(stamp) || File.ReadAllText(stamp) != lockHash
            || !File.Exists(Path.Combine(Folder, "node_modules", PackageName, "package.json")))
        {
            var (code, stdout, stderr) = Run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], Folder, null, TimeSpan.FromMinutes(3));
            if (code != 0)
            {
                throw new InvalidOperationException($"npm ci in {Folder} failed ({code}); node and npm must be installed and the npm registry reachable.\n{stdout}\n{stderr}");
            }

            File.WriteAllText(stamp, lockHash);
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "node_modules", PackageName, "package.json")));
        Version = manifest.RootElement.GetProperty("version").GetString()!;
    }

    /// <summary>The shared, installed parser (installed on first use).</summary>
    public static NodeSqlParser Instance => LazyInstance.Value;

    /// <summary>Where the package is installed.</summary>
    public string Folder { get; }

    /// <summary>The installed version of node-sql-parser.</summary>
    public string Version { get; }

    /// <summary>Parses every statement in one node process.</summary>
    public IReadOnlyList<ParseResult> Parse(IReadOnlyList<ParseRequest> requests)
    {
        var input = JsonSerializer.Serialize(requests);
        var (code, stdout, stderr) = Run("node", ["check-sql.mjs"], Folder, input, TimeSpan.FromMinutes(2));
        if (code != 0)
        {
            throw new InvalidOperationException($"node check-sql.mjs failed ({code}):\n{stderr}");
        }

        var results = JsonSerializer.Deserialize<List<ParseResult>>(stdout) ?? throw new InvalidOperationException("check-sql.mjs printed no results.");
        if (results.Count != requests.Count)
        {
            throw new InvalidOperationException($"check-sql.mjs returned {results.Count} results for {requests.Count} statements.");
        }

        return results;
    }

    private static FileStream AcquireLock(string path, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (watch.Elapsed < timeout)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(string file, string[] arguments, string directory, string? stdin, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            var writer = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false));
            writer.Write(stdin);
            writer.Flush();
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
