using System.Collections.Immutable;
using System.Text.Json;
using CxSemantic.Server.Audit;
using CxSemantic.Server.Identity;

namespace CxSemantic.Cli.Tests;

/// <summary><c>cxsem keys</c> and <c>cxsem audit</c> on files in a temporary folder.</summary>
public sealed class GovernanceCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cxsem-gov-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (exit, output.ToString().Replace("\r", string.Empty), error.ToString().Replace("\r", string.Empty));
    }

    [Fact]
    public void Keys_are_added_hashed_listed_and_revoked()
    {
        var file = Path.Combine(_temp, "keys.json");
        var (exit, output, error) = Run("keys", "add", "exporter", "--role", "tenant_manager", "--claim", "tenant=acme", "--claim", "tenant=globex", "--file", file);
        Assert.Equal((0, string.Empty), (exit, error));
        var key = output.Split('\n')[1].Split(": ")[^1];
        Assert.Matches("^cxk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$", key);
        Assert.DoesNotContain(key, File.ReadAllText(file), StringComparison.Ordinal);

        var stored = Assert.Single(new ApiKeyFile(file).Load());
        Assert.Equal(("exporter", "tenant_manager", ApiKeyFile.Hash(key), null), (stored.Name, stored.Role, stored.Sha256, stored.RevokedAt));
        Assert.Equal(["acme", "globex"], stored.Claims["tenant"].ToArray());
        Assert.Equal($"Created key {stored.Id} 'exporter' (role tenant_manager, tenant=acme,globex).", output.Split('\n')[0]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))), stored.Sha256);

        (exit, _, error) = Run("keys", "add", "exporter", "--role", "cx_leader", "--file", file);
        Assert.Equal(1, exit);
        Assert.Equal("cxsem keys add: A valid key named 'exporter' exists already; revoke it first or choose another name.\n", error);

        (exit, output, _) = Run("keys", "list", "--file", file);
        Assert.Equal(0, exit);
        Assert.StartsWith($"{stored.Id}  exporter  role=tenant_manager, tenant=acme,globex  created ", output, StringComparison.Ordinal);
        Assert.EndsWith("  valid\n", output, StringComparison.Ordinal);

        Assert.Equal((0, "Revoked 'exporter'.\n", ""), Run("keys", "revoke", "exporter", "--file", file));
        Assert.NotNull(Assert.Single(new ApiKeyFile(file).Load()).RevokedAt);
        Assert.Equal(string.Empty, Run("keys", "list", "--file", file).Out);
        Assert.Contains("revoked ", Run("keys", "list", "--all", "--file", file).Out, StringComparison.Ordinal);
        Assert.Equal(1, Run("keys", "revoke", stored.Id, "--file", file).Exit);
        Assert.Equal(2, Run("keys", "add", "x", "--role", "cx_leader", "--claim", "tenant", "--file", file).Exit);
    }

    [Fact]
    public void Persisted_documents_are_registered_by_sha256_and_listed()
    {
        var folder = Path.Combine(_temp, "persisted");
        var file = Path.Combine(_temp, "channels.graphql");
        const string Document = "query Channels {\n  metrics { rows { channel interactionCount { value } } }\n}\n";
        File.WriteAllText(file, Document);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Document)));

        Assert.Equal((0, $"{hash}  channels.graphql  registered\n", ""), Run("persisted", "add", file, "--folder", folder));
        Assert.Equal(Document, File.ReadAllText(Path.Combine(folder, hash + ".graphql")));
        Assert.Equal((0, $"{hash}  channels.graphql  already registered\n", ""), Run("persisted", "add", file, "--folder", folder));
        Assert.Equal((0, $"{hash}  query Channels {{\n", ""), Run("persisted", "list", "--folder", folder));

        var missing = Path.Combine(_temp, "nope.graphql");
        Assert.Equal((1, "", $"cxsem persisted add: {missing} does not exist.\n"), Run("persisted", "add", missing, "--folder", folder));
    }

    [Fact]
    public void Audit_filters_by_time_caller_and_claim()
    {
        var file = Path.Combine(_temp, "audit", "audit.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var lines = new[]
        {
            Entry(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero), "jwt:alice", "acme", 3),
            Entry(new DateTimeOffset(2026, 5, 6, 9, 0, 0, TimeSpan.Zero), "jwt:alice", "globex", 4),
            Entry(new DateTimeOffset(2026, 5, 7, 9, 0, 0, TimeSpan.Zero), "apikey:exporter", "acme", 5),
        }.Select(e => JsonSerializer.Serialize(e, AuditEntry.Json));
        File.WriteAllText(file, string.Join('\n', lines) + "\n{\"time\":\"2026-05-08");

        var (exit, output, error) = Run("audit", "--file", file, "--since", "2026-05-04", "--claim", "tenant=acme");
        Assert.Equal(0, exit);
        Assert.Equal("2026-05-07 09:00:00Z  apikey:exporter  role=tenant_manager tenant=acme  metrics=interaction_count  by=channel  where=channel In voice  window=2026-05-01..2026-05-08 Day  rows=5  suppressed=1  12.5 ms  OK\n", output);
        Assert.Equal($"1 of 3 entries; 1 unreadable line(s) skipped (a write cut short by a crash) ({file}).\n", error);

        (_, output, _) = Run("audit", "--file", file, "--who", "jwt:alice", "--json");
        Assert.Equal([3, 4], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<AuditEntry>(l, AuditEntry.Json)!.Rows));
    }

    private static AuditEntry Entry(DateTimeOffset time, string who, string tenant, int rows) => new(
        time, "req", who, who.Split(':')[0], "tenant_manager",
        ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", [tenant]),
        ["interaction_count"], ["channel"], ["channel In voice"], "2026-05-01..2026-05-08 Day", null, "2026.05", rows, 1, 12.5, "OK", null);
}
