using System.Collections.Immutable;
using System.CommandLine;
using CxSemantic.Server.Identity;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem keys add|list|revoke</c>: API keys for service callers, in the server's key file
/// (<c>CxSemantic:Identity:ApiKeysFile</c>, default <c>.cxsemantic/api-keys.json</c>). Only hashes are stored;
/// a new key is printed once. The running server sees changes from its next request.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Option<FileInfo>("--file") { Description = "The key file (the server's CxSemantic:Identity:ApiKeysFile).", DefaultValueFactory = _ => new FileInfo(ApiKeyFile.DefaultPath), Recursive = true };
        var command = new Command("keys", "Create, list and revoke API keys (stored hashed) for service callers.") { file };

        var name = new Argument<string>("name") { Description = "Who uses the key, e.g. dashboard-exporter (the audit log's 'who')." };
        var role = new Option<string>("--role") { Description = "The access policy, e.g. tenant_manager.", Required = true };
        var claims = new Option<string[]>("--claim") { Description = "A row-filter claim, e.g. --claim tenant=acme (repeatable).", AllowMultipleArgumentsPerToken = false };
        var add = new Command("add", "Create a key; it is shown once.") { name, role, claims };
        add.SetAction(parse =>
        {
            if (!TryParseClaims(parse.GetValue(claims) ?? [], out var parsed, out var problem))
            {
                error.WriteLine($"cxsem keys add: {problem}");
                return 2;
            }

            try
            {
                var (record, key) = new ApiKeyFile(parse.GetValue(file)!.FullName).Add(parse.GetValue(name)!, parse.GetValue(role)!, parsed, DateTimeOffset.UtcNow);
                output.WriteLine($"Created key {record.Id} '{record.Name}' (role {record.Role}{Describe(record.Claims)}).");
                output.WriteLine($"Key (shown once; send as 'Authorization: ApiKey <key>' or 'X-Api-Key: <key>'): {key}");
                return 0;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                error.WriteLine($"cxsem keys add: {ex.Message}");
                return 1;
            }
        });

        var all = new Option<bool>("--all") { Description = "Include revoked keys." };
        var list = new Command("list", "List keys (never the keys themselves).") { all };
        list.SetAction(parse =>
        {
            foreach (var key in new ApiKeyFile(parse.GetValue(file)!.FullName).Load().Where(k => parse.GetValue(all) || k.RevokedAt is null))
            {
                var state = key.RevokedAt is { } revoked ? $"revoked {revoked:yyyy-MM-dd HH:mm}" : "valid";
                output.WriteLine($"{key.Id}  {key.Name}  role={key.Role}{Describe(key.Claims)}  created {key.CreatedAt:yyyy-MM-dd HH:mm}  {state}");
            }

            return 0;
        });

        var which = new Argument<string>("key") { Description = "The key's id or name." };
        var revoke = new Command("revoke", "Revoke a key: it is refused (401) from the server's next request.") { which };
        revoke.SetAction(parse =>
        {
            var target = parse.GetValue(which)!;
            if (new ApiKeyFile(parse.GetValue(file)!.FullName).Revoke(target, DateTimeOffset.UtcNow))
            {
                output.WriteLine($"Revoked '{target}'.");
                return 0;
            }

            error.WriteLine($"cxsem keys revoke: no valid key has the id or name '{target}' (see cxsem keys list --all).");
            return 1;
        });

        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }

    /// <summary>Parses <c>name=value</c> claims (a name may repeat: several values).</summary>
    internal static bool TryParseClaims(IEnumerable<string> pairs, out ImmutableDictionary<string, ImmutableArray<string>> claims, out string? problem)
    {
        var builder = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || at == pair.Length - 1)
            {
                claims = ImmutableDictionary<string, ImmutableArray<string>>.Empty;
                problem = $"'{pair}' is not a claim; write name=value, e.g. tenant=acme.";
                return false;
            }

            var key = pair[..at].Trim().ToLowerInvariant();
            (builder.TryGetValue(key, out var values) ? values : builder[key] = []).Add(pair[(at + 1)..].Trim());
        }

        claims = builder.ToImmutableDictionary(c => c.Key, c => c.Value.ToImmutableArray(), StringComparer.Ordinal);
        problem = null;
        return true;
    }

    private static string Describe(ImmutableDictionary<string, ImmutableArray<string>> claims) =>
        string.Concat(claims.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $", {c.Key}={string.Join(',', c.Value)}"));
}
