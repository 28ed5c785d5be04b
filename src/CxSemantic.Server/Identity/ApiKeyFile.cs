using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxSemantic.Server.Identity;

/// <summary>One API key as stored: never the key itself, only its SHA-256.</summary>
/// <param name="Id">Short public identifier (also the key's prefix), e.g. <c>3f9a1c2e</c>.</param>
/// <param name="Name">Who uses it, e.g. <c>dashboard-exporter</c>; the audit log's "who".</param>
/// <param name="Role">The access policy the key's caller gets.</param>
/// <param name="Claims">Row-filter claims, e.g. tenant → [acme].</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole key string.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked; null: valid.</param>
internal sealed record ApiKeyRecord(
    string Id,
    string Name,
    string Role,
    ImmutableDictionary<string, ImmutableArray<string>> Claims,
    string Sha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);

/// <summary>
/// The API key file: a JSON document <c>{"keys": [...]}</c> of <see cref="ApiKeyRecord"/>s, shared by the
/// server (reads it, re-reading when it changes) and <c>cxsem keys</c> (writes it). A key is
/// <c>cxk_{id}_{43 characters of base64url}</c> (32 random bytes); only its SHA-256 is kept, so the file
/// grants nothing to a reader. Writes replace the file atomically (temporary file, fsync, rename), so a
/// crash leaves the old or the new file, never half of one. Revoked keys stay in the file (for the audit trail).
/// </summary>
internal sealed class ApiKeyFile(string path)
{
    /// <summary>Where keys live unless configured: relative to the working directory, beside the demo warehouse.</summary>
    public const string DefaultPath = ".cxsemantic/api-keys.json";

    private const string Prefix = "cxk_";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The file's full path.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Lower-case hex SHA-256 of a presented key.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The stored keys (none when the file does not exist).</summary>
    public ImmutableArray<ApiKeyRecord> Load()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var document = JsonSerializer.Deserialize<KeyDocument>(stream, Json);
        return document?.Keys ?? [];
    }

    /// <summary>Creates a key, stores its hash and returns the record and the key (shown once, never stored).</summary>
    public (ApiKeyRecord Record, string Key) Add(string name, string role, ImmutableDictionary<string, ImmutableArray<string>> claims, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(role))
        {
            throw new ArgumentException("An API key needs a name and a role.");
        }

        var existing = Load();
        if (existing.Any(k => k.RevokedAt is null && string.Equals(k.Name, name, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"A valid key named '{name}' exists already; revoke it first or choose another name.");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var key = Prefix + id + "_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var record = new ApiKeyRecord(id, name.Trim(), role.Trim(), claims, Hash(key), now, null);
        Save(existing.Add(record));
        return (record, key);
    }

    /// <summary>Revokes the valid key with this id or name; false when there is none.</summary>
    public bool Revoke(string idOrName, DateTimeOffset now)
    {
        var existing = Load();
        for (var i = 0; i < existing.Length; i++)
        {
            if (existing[i].RevokedAt is null && (existing[i].Id == idOrName || existing[i].Name == idOrName))
            {
                Save(existing.SetItem(i, existing[i] with { RevokedAt = now }));
                return true;
            }
        }

        return false;
    }

    private void Save(ImmutableArray<ApiKeyRecord> keys)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, new KeyDocument(keys), Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record KeyDocument(ImmutableArray<ApiKeyRecord> Keys);
}
