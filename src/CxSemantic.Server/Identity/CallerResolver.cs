using System.Collections.Immutable;
using System.Net;
using System.Security.Claims;
using CxSemantic.Compiler.Queries;
using CxSemantic.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CxSemantic.Server.Identity;

/// <summary>A resolved caller: what the access policies see (<see cref="Caller"/>) and who it is (for the audit log and rate limits).</summary>
/// <param name="Caller">Role and row-filter claims.</param>
/// <param name="Subject">Who, e.g. <c>jwt:alice</c>, <c>apikey:exporter</c>, <c>header:cx_analyst</c>.</param>
/// <param name="Method">How the identity was established: <c>jwt</c>, <c>apikey</c> or <c>header</c>.</param>
internal sealed record CallerIdentity(Caller Caller, string Subject, string Method);

/// <summary>The outcome of resolving a request's caller.</summary>
internal abstract record CallerOutcome
{
    /// <summary>The caller is known.</summary>
    public sealed record Accepted(CallerIdentity Identity) : CallerOutcome;

    /// <summary>The request is refused: 401 (no or bad credentials) or 403 (a verified identity without a role).</summary>
    public sealed record Refused(int Status, string Code, string Message, IReadOnlyList<string> Challenges) : CallerOutcome;
}

/// <summary>
/// Establishes who calls: a JWT bearer token or an API key when the request carries one (verified, or
/// refused with 401 and the reason); otherwise the <c>X-CxSemantic-Role</c>/<c>X-CxSemantic-Claim-*</c>
/// headers, but only in Development or from a configured trusted proxy; otherwise 401 with
/// <c>WWW-Authenticate</c>. Roles and row-filter claims of tokens come only from the verified token, through
/// the configured claim mapping.
/// </summary>
internal sealed class CallerResolver(IOptions<IdentityOptions> identity, IOptions<ServerOptions> server, IHostEnvironment environment)
{
    /// <summary>The header naming the role (header identity), or choosing among a token's several roles.</summary>
    public const string RoleHeader = "X-CxSemantic-Role";

    /// <summary>Prefix of claim headers (header identity only).</summary>
    public const string ClaimHeaderPrefix = "X-CxSemantic-Claim-";

    /// <summary>The error code of 401 answers.</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    private const string Realm = "realm=\"CxSemantic\"";

    private readonly IdentityOptions _identity = identity.Value;
    private readonly ImmutableArray<IPAddress> _proxies = [.. identity.Value.TrustedProxies.Select(p => IPAddress.Parse(p.Trim())).Select(Normalize)];

    /// <summary>The caller the identity middleware resolved for this request.</summary>
    public static Caller Resolve(HttpContext http) =>
        (http.Features.Get<CallerIdentity>() ?? throw new InvalidOperationException("No caller: the identity middleware did not run for this request.")).Caller;

    /// <summary>Whether headers may name the caller: Development, or a request from a trusted proxy.</summary>
    public bool HeaderIdentityAllowed(HttpContext http) =>
        environment.IsDevelopment() || (http.Connection.RemoteIpAddress is { } remote && _proxies.Contains(Normalize(remote)));

    /// <summary>Resolves the request's caller.</summary>
    public async Task<CallerOutcome> ResolveAsync(HttpContext http)
    {
        var request = http.Request;
        var authorization = request.Headers.Authorization.ToString().Trim();
        var scheme = ApiKeyAuthenticationHandler.PresentedKey(request) is not null ? ApiKeyAuthenticationHandler.SchemeName
            : authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? JwtBearerDefaults.AuthenticationScheme
            : null;
        if (scheme is null && authorization.Length > 0)
        {
            return Unauthorized($"The authorization scheme '{authorization.Split(' ')[0]}' is not supported; send 'Authorization: Bearer <token>' or 'Authorization: ApiKey <key>'.", Challenges());
        }

        if (scheme is null)
        {
            return HeaderIdentityAllowed(http)
                ? new CallerOutcome.Accepted(FromHeaders(request))
                : Unauthorized("This API needs credentials: send 'Authorization: Bearer <token>' or 'Authorization: ApiKey <key>' (or X-Api-Key).", Challenges());
        }

        if (scheme == JwtBearerDefaults.AuthenticationScheme && !_identity.Jwt.Enabled)
        {
            return Unauthorized("This server accepts no bearer tokens (CxSemantic:Identity:Jwt is not configured); use an API key.", Challenges());
        }

        var result = await http.AuthenticateAsync(scheme).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var reason = scheme == JwtBearerDefaults.AuthenticationScheme ? DescribeTokenFailure(result.Failure) : result.Failure?.Message ?? "The API key is not valid.";
            var challenge = scheme == JwtBearerDefaults.AuthenticationScheme
                ? $"Bearer {Realm}, error=\"invalid_token\", error_description=\"{reason.Replace("\"", "'", StringComparison.Ordinal)}\""
                : $"ApiKey {Realm}, error=\"invalid_key\"";
            return Unauthorized(reason, [challenge]);
        }

        http.User = result.Principal;
        return scheme == ApiKeyAuthenticationHandler.SchemeName ? FromApiKey(result.Principal) : FromToken(result.Principal, request);
    }

    /// <summary>A client-facing reason for a rejected token (the library's messages hide details or leak internals).</summary>
    internal static string DescribeTokenFailure(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException e => $"The token expired at {e.Expires:yyyy-MM-dd HH:mm:ss} UTC.",
        SecurityTokenNotYetValidException e => $"The token is not valid before {e.NotBefore:yyyy-MM-dd HH:mm:ss} UTC.",
        SecurityTokenNoExpirationException => "The token has no expiry (exp).",
        SecurityTokenInvalidAudienceException => "The token's audience (aud) is not accepted by this server.",
        SecurityTokenInvalidIssuerException => "The token's issuer (iss) is not trusted by this server.",
        SecurityTokenInvalidAlgorithmException => "The token's signature algorithm is not accepted.",
        SecurityTokenSignatureKeyNotFoundException => "The token is signed with a key this server does not know.",
        SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenMalformedException or ArgumentException => "The token is malformed.",
        InvalidOperationException => "The identity provider's signing keys could not be loaded.",
        _ => "The token is not valid.",
    };

    private CallerOutcome FromToken(ClaimsPrincipal principal, HttpRequest request)
    {
        var roles = principal.FindAll(_identity.RoleClaim).Select(c => c.Value.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var requested = request.Headers[RoleHeader].ToString().Trim();
        if (roles.Count == 0)
        {
            return Forbidden($"The token carries no role (claim '{_identity.RoleClaim}'); ask for one of the access policies.");
        }

        if (requested.Length > 0 && !roles.Contains(requested, StringComparer.Ordinal))
        {
            return Forbidden($"Role '{requested}' is not among the token's roles ({string.Join(", ", roles)}).");
        }

        var claims = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var (tokenClaim, rowFilterClaim) in _identity.RowFilterMapping)
        {
            var values = principal.FindAll(tokenClaim).Select(c => c.Value).ToImmutableArray();
            if (values.Length > 0)
            {
                claims[rowFilterClaim] = values;
            }
        }

        var subject = principal.FindFirst("sub")?.Value ?? principal.FindFirst("client_id")?.Value ?? principal.FindFirst("azp")?.Value ?? "unknown";
        return new CallerOutcome.Accepted(new CallerIdentity(new Caller(requested.Length > 0 ? requested : roles[0], claims.ToImmutable()), "jwt:" + subject, "jwt"));
    }

    private static CallerOutcome.Accepted FromApiKey(ClaimsPrincipal principal)
    {
        var claims = principal.Claims
            .Where(c => c.Type.StartsWith(CxClaims.RowFilterPrefix, StringComparison.Ordinal))
            .GroupBy(c => c.Type[CxClaims.RowFilterPrefix.Length..], StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Select(c => c.Value).ToImmutableArray(), StringComparer.Ordinal);
        var caller = new Caller(principal.FindFirst(CxClaims.Role)!.Value, claims);
        return new CallerOutcome.Accepted(new CallerIdentity(caller, principal.FindFirst(CxClaims.Subject)!.Value, "apikey"));
    }

    private CallerIdentity FromHeaders(HttpRequest request)
    {
        var role = request.Headers[RoleHeader].ToString();
        var claims = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith(ClaimHeaderPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > ClaimHeaderPrefix.Length)
            {
                claims[name[ClaimHeaderPrefix.Length..].ToLowerInvariant()] = [.. values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
            }
        }

        var caller = new Caller(string.IsNullOrWhiteSpace(role) ? server.Value.DefaultRole : role.Trim(), claims.ToImmutable());
        return new CallerIdentity(caller, "header:" + caller.Role, "header");
    }

    private static CallerOutcome.Refused Unauthorized(string message, IReadOnlyList<string> challenges) =>
        new(StatusCodes.Status401Unauthorized, Unauthenticated, message, challenges);

    private static CallerOutcome.Refused Forbidden(string message) =>
        new(StatusCodes.Status403Forbidden, QueryErrorCodes.AccessDenied, message, []);

    private string[] Challenges() =>
        _identity.Jwt.Enabled ? [$"Bearer {Realm}", $"ApiKey {Realm}"] : [$"ApiKey {Realm}"];

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
