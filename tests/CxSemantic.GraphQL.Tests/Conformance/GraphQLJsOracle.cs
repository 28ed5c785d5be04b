using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Conformance;

/// <summary>One validation corpus document.</summary>
public sealed record CorpusDocument(string Id, string Source);

/// <summary>One execution case.</summary>
public sealed record ExecutionCase(string Name, string Query, JsonElement? Variables, string? OperationName);

/// <summary>What one graphql-js version answered for the whole corpus.</summary>
/// <param name="Package">The npm alias in package.json (graphql16, graphql17).</param>
/// <param name="Version">The graphql-js version the oracle reported.</param>
/// <param name="IntrospectionQuery">That version's full introspection query (getIntrospectionQuery, every option on).</param>
/// <param name="IntrospectionResult">Our answer to that query.</param>
/// <param name="Response">The oracle's response (see oracle.mjs).</param>
public sealed record OracleRun(string Package, string Version, string IntrospectionQuery, ExecutionResult IntrospectionResult, JsonObject Response);

/// <summary>
/// Installs graphql-js 16.x and 17.x side by side (npm aliases, npm ci once per lockfile, guarded by a lock file) into a
/// temp folder and runs oracle.mjs ONCE per version over the whole corpus, the execution cases and our introspection result.
/// </summary>
public sealed class GraphQLJsOracle
{
    /// <summary>The graphql-js versions every conformance test runs against (npm aliases in package.json).</summary>
    public static readonly IReadOnlyList<string> Packages = ["graphql16", "graphql17"];

    /// <summary><see cref="Packages"/> as theory data.</summary>
    public static TheoryData<string> Versions => [.. Packages];

    private readonly Dictionary<string, OracleRun> _runs;

    public GraphQLJsOracle()
    {
        Schema = ConformanceSchema.Build();
        Corpus = LoadCorpus();
        Cases = LoadCases();
        string workDir = PrepareNodeFolder();
        _runs = Packages.ToDictionary(p => p, p => RunOracle(workDir, p));
    }

    public Schema Schema { get; }
    public IReadOnlyList<CorpusDocument> Corpus { get; }
    public IReadOnlyList<ExecutionCase> Cases { get; }

    /// <summary>The run of one graphql-js version.</summary>
    public OracleRun this[string package] => _runs[package];

    private OracleRun RunOracle(string workDir, string package)
    {
        string introspectionQuery = Run("node", $"oracle.mjs {package} introspection-query", workDir, null, TimeSpan.FromMinutes(1));
        var introspectionResult = Executor.ExecuteAsync(Schema, introspectionQuery, options: new ExecutionOptions { MaxDepth = null }).GetAwaiter().GetResult();
        var request = new JsonObject
        {
            ["schemaSdl"] = ConformanceSchema.Sdl,
            ["data"] = JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceSchema.Directory, "data.json"))),
            ["introspection"] = JsonNode.Parse(introspectionResult.ToJson())!["data"]?.DeepClone(),
            ["introspectionQuery"] = introspectionQuery,
            ["validation"] = new JsonArray([.. Corpus.Select(d => (JsonNode)JsonValue.Create(d.Source)!)]),
            ["execution"] = new JsonArray([.. Cases.Select(c => (JsonNode)new JsonObject
            {
                ["query"] = c.Query,
                ["variables"] = c.Variables is null ? null : JsonNode.Parse(c.Variables.Value.GetRawText()),
                ["operationName"] = c.OperationName,
            })]),
        };
        var response = JsonNode.Parse(Run("node", "oracle.mjs " + package, workDir, request.ToJsonString(), TimeSpan.FromMinutes(2)))!.AsObject();
        return new OracleRun(package, (string)response["version"]!, introspectionQuery, introspectionResult, response);
    }

    public static IReadOnlyList<CorpusDocument> LoadCorpus()
    {
        var result = new List<CorpusDocument>();
        foreach (var file in Directory.GetFiles(Path.Combine(ConformanceSchema.Directory, "corpus"), "*.graphql").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file).ReplaceLineEndings("\n");
            var parts = text.Split("\n#---\n");
            for (int i = 0; i < parts.Length; i++)
            {
                var source = parts[i].Trim('\n');
                if (source.Length == 0) { continue; }
                result.Add(new CorpusDocument($"{Path.GetFileNameWithoutExtension(file)}#{i}", source));
            }
        }
        return result;
    }

    private static IReadOnlyList<ExecutionCase> LoadCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ConformanceSchema.Directory, "execution.json")));
        return [.. doc.RootElement.EnumerateArray().Select(e => new ExecutionCase(
            e.GetProperty("name").GetString()!,
            e.GetProperty("query").GetString()!,
            e.TryGetProperty("variables", out var v) ? v.Clone() : null,
            e.TryGetProperty("operationName", out var o) ? o.GetString() : null))];
    }

    private static string PrepareNodeFolder()
    {
        string source = ConformanceSchema.Directory;
        byte[] lockBytes = File.ReadAllBytes(Path.Combine(source, "package-lock.json"));
        string hash = Convert.ToHexString(SHA256.HashData(lockBytes))[..16];
        string dir = Path.Combine(Path.GetTempPath(), "cxsemantic-graphql-oracle-" + hash);
        Directory.CreateDirectory(dir);
        using (AcquireLock(dir + ".lock"))
        {
            if (!Packages.All(p => File.Exists(Path.Combine(dir, "node_modules", p, "package.json"))))
            {
                File.Copy(Path.Combine(source, "package.json"), Path.Combine(dir, "package.json"), true);
                File.Copy(Path.Combine(source, "package-lock.json"), Path.Combine(dir, "package-lock.json"), true);
                Run("npm", "ci --no-audit --no-fund --loglevel=error", dir, null, TimeSpan.FromMinutes(3));
            }
            File.Copy(Path.Combine(source, "oracle.mjs"), Path.Combine(dir, "oracle.mjs"), true);
        }
        return dir;
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static string Run(string file, string arguments, string workingDirectory, string? stdin, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            using var writer = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false));
            writer.Write(stdin);
        }
        else
        {
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(timeout))
        {
            process.Kill(true);
            throw new TimeoutException($"{file} {arguments} timed out");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {stderr.Result}");
        }
        return stdout.Result;
    }
}

[CollectionDefinition("graphql-js")]
public sealed class GraphQLJsCollectionDefinition : ICollectionFixture<GraphQLJsOracle>;
