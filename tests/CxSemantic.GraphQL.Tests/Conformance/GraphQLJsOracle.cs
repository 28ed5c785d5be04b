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

/// <summary>
/// Installs graphql-js (npm ci, once per lockfile, guarded by a lock file) into a temp folder and runs
/// oracle.mjs ONCE over the whole corpus, the execution cases and our introspection result.
/// </summary>
public sealed class GraphQLJsOracle
{
    public GraphQLJsOracle()
    {
        Schema = ConformanceSchema.Build();
        Corpus = LoadCorpus();
        Cases = LoadCases();
        IntrospectionResult = Executor.ExecuteAsync(Schema, IntrospectionQuery.Text, options: new ExecutionOptions { MaxDepth = null }).GetAwaiter().GetResult();
        string workDir = PrepareNodeFolder();

        var request = new JsonObject
        {
            ["schemaSdl"] = ConformanceSchema.Sdl,
            ["data"] = JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceSchema.Directory, "data.json"))),
            ["introspection"] = JsonNode.Parse(IntrospectionResult.ToJson())!["data"]!.DeepClone(),
            ["introspectionQuery"] = IntrospectionQuery.Text,
            ["validation"] = new JsonArray([.. Corpus.Select(d => (JsonNode)JsonValue.Create(d.Source)!)]),
            ["execution"] = new JsonArray([.. Cases.Select(c => (JsonNode)new JsonObject
            {
                ["query"] = c.Query,
                ["variables"] = c.Variables is null ? null : JsonNode.Parse(c.Variables.Value.GetRawText()),
                ["operationName"] = c.OperationName,
            })]),
        };
        Response = JsonNode.Parse(RunNode(workDir, request.ToJsonString()))!.AsObject();
    }

    public Schema Schema { get; }
    public IReadOnlyList<CorpusDocument> Corpus { get; }
    public IReadOnlyList<ExecutionCase> Cases { get; }
    public ExecutionResult IntrospectionResult { get; }
    public JsonObject Response { get; }

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
            if (!File.Exists(Path.Combine(dir, "node_modules", "graphql", "package.json")))
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

    private static string RunNode(string dir, string input)
    {
        // Copy oracle.mjs under the lock was done; run it (read-only) now.
        return Run("node", "oracle.mjs", dir, input, TimeSpan.FromMinutes(2));
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
