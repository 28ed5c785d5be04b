using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Identity;

/// <summary>The server's view of the API key file: re-read whenever the file changes (so a revocation holds from the next request).</summary>
internal sealed class ApiKeyDirectory(IOptions<IdentityOptions> options)
{
    private readonly ApiKeyFile _file = new(options.Value.ApiKeysFile);
    private readonly Lock _gate = new();
    private (DateTime Written, long Length, ImmutableDictionary<string, ApiKeyRecord> BySha256) _cache = (default, -1, ImmutableDictionary<string, ApiKeyRecord>.Empty);

    /// <summary>The record whose hash matches the presented key (revoked ones included); null: unknown.</summary>
    public ApiKeyRecord? Find(string key)
    {
        var info = new FileInfo(_file.Path);
        var (written, length) = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (default, -1L);
        var cache = _cache;
        if (cache.Written != written || cache.Length != length)
        {
            lock (_gate)
            {
                var keys = _file.Load().ToImmutableDictionary(k => k.Sha256, StringComparer.Ordinal);
                _cache = cache = (written, length, keys);
            }
        }

        return cache.BySha256.GetValueOrDefault(ApiKeyFile.Hash(key));
    }
}

/// <summary>
/// The <c>ApiKey</c> authentication scheme: <c>Authorization: ApiKey &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>.
/// The principal carries the key's name, role and claims in the server's own claim types (<see cref="CxClaims"/>),
/// which bypass the token claim mapping: the key file already speaks in access-policy terms.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyDirectory keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name (also the <c>Authorization</c> scheme word).</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The alternative header.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>The presented key, or null when the request carries none.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(Header, out var header) && header.Count > 0)
        {
            return header.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase) ? authorization[(SchemeName.Length + 1)..].Trim() : null;
    }

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey(Request);
        if (key is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var record = keys.Find(key);
        if (record is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not known."));
        }

        if (record.RevokedAt is { } revoked)
        {
            return Task.FromResult(AuthenticateResult.Fail($"The API key '{record.Name}' was revoked on {revoked:yyyy-MM-dd HH:mm} UTC."));
        }

        var claims = new List<Claim> { new(CxClaims.Subject, "apikey:" + record.Name), new(CxClaims.Role, record.Role) };
        claims.AddRange(record.Claims.SelectMany(c => c.Value.Select(v => new Claim(CxClaims.RowFilterPrefix + c.Key, v))));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, CxClaims.Subject, CxClaims.Role));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

/// <summary>Claim types of identities that speak the access policies' terms directly (API keys).</summary>
internal static class CxClaims
{
    /// <summary>Who (audit log).</summary>
    public const string Subject = "cxsem:sub";

    /// <summary>The access policy.</summary>
    public const string Role = "cxsem:role";

    /// <summary>Prefix of row-filter claims, e.g. <c>cxsem:claim:tenant</c>.</summary>
    public const string RowFilterPrefix = "cxsem:claim:";
}
