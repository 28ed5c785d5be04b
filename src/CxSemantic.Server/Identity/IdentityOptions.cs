namespace CxSemantic.Server.Identity;

/// <summary>
/// Who may call and how they prove it (section <c>CxSemantic:Identity</c>). Outside Development, every
/// GraphQL request needs a verified identity: a JWT bearer token or an API key; the caller's role and
/// row-filter claims come only from it, through <see cref="RoleClaim"/> and <see cref="RowFilterClaims"/>.
/// </summary>
internal sealed class IdentityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CxSemantic:Identity";

    /// <summary>JWT bearer tokens.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>The API key file (hashes, names, roles, claims; written by <c>cxsem keys</c>), relative to the working directory.</summary>
    public string ApiKeysFile { get; set; } = ApiKeyFile.DefaultPath;

    /// <summary>The token claim whose value is the caller's role (an access policy); several values: the caller picks one with <c>X-CxSemantic-Role</c>.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Token claim → row-filter claim of the access policies; null: <c>tenant → tenant</c>.</summary>
    public Dictionary<string, string>? RowFilterClaims { get; set; }

    /// <summary>
    /// Addresses of reverse proxies that authenticate callers themselves and pass the identity in the
    /// <c>X-CxSemantic-Role</c> / <c>X-CxSemantic-Claim-*</c> headers. Requests from any other address may not use those headers.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>The row-filter mapping in force.</summary>
    public IReadOnlyDictionary<string, string> RowFilterMapping =>
        RowFilterClaims is { Count: > 0 } configured ? configured : new Dictionary<string, string> { ["tenant"] = "tenant" };
}

/// <summary>JWT bearer validation (<c>CxSemantic:Identity:Jwt</c>): one of <see cref="Secret"/>, <see cref="JwksFile"/> or <see cref="Authority"/> enables it.</summary>
internal sealed class JwtOptions
{
    /// <summary>HS256 shared secret (at least 32 bytes of UTF-8).</summary>
    public string? Secret { get; set; }

    /// <summary>A JSON Web Key Set file with the RS256/ES256 public keys.</summary>
    public string? JwksFile { get; set; }

    /// <summary>An OpenID Connect authority: its discovery document gives the issuer and the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>Whether the authority's metadata must come over HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Accepted issuers (<c>iss</c>); required unless <see cref="Authority"/> gives it.</summary>
    public string[] Issuers { get; set; } = [];

    /// <summary>Accepted audiences (<c>aud</c>); required.</summary>
    public string[] Audiences { get; set; } = [];

    /// <summary>Accepted signature algorithms.</summary>
    public string[] Algorithms { get; set; } = ["HS256", "RS256", "ES256"];

    /// <summary>Tolerated clock difference for <c>exp</c>/<c>nbf</c>.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>Whether bearer tokens are accepted at all.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Secret) || !string.IsNullOrWhiteSpace(JwksFile) || !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>Abuse limits and browser rules (<c>CxSemantic:Limits</c>).</summary>
internal sealed class LimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CxSemantic:Limits";

    /// <summary>Requests per second each caller may send on average to /graphql (token bucket); 0 disables the limit.</summary>
    public int RequestsPerSecond { get; set; } = 50;

    /// <summary>Requests a caller may send at once above the average rate.</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Origins allowed to call the API from a browser (CORS); empty: none (CORS off).</summary>
    public string[] CorsOrigins { get; set; } = [];
}
