using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using CxSemantic.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CxSemantic.Server.Tests.Identity;

/// <summary>A real server (Kestrel on loopback) in the Production environment with JWT, API keys and the audit log in a temporary folder.</summary>
public class GovernedServer : IAsyncLifetime
{
    public const string Secret = "test-secret-for-hs256-at-least-32-bytes-long!";
    public const string Issuer = "https://idp.test";
    public const string Audience = "cxsemantic-api";

    private WebApplication? _app;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "cxsem-identity-" + Guid.NewGuid().ToString("N")[..12]);

    public string KeysFile => Path.Combine(Folder, "api-keys.json");

    public string AuditFile => Path.Combine(Folder, "audit", "audit.jsonl");

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The server's services (for in-process runs that bypass HTTP).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>Extra settings (the rate-limit test uses a tight limit).</summary>
    protected virtual Dictionary<string, string?> Extra => [];

    public async Task InitializeAsync()
    {
        await TestPaths.EnsureWarehouseAsync();
        var settings = ServerFixture.BaseSettings();
        settings["CxSemantic:Identity:Jwt:Secret"] = Secret;
        settings["CxSemantic:Identity:Jwt:Issuers:0"] = Issuer;
        settings["CxSemantic:Identity:Jwt:Audiences:0"] = Audience;
        settings["CxSemantic:Identity:ApiKeysFile"] = KeysFile;
        settings["CxSemantic:Audit:File"] = AuditFile;
        foreach (var (key, value) in Extra)
        {
            settings[key] = value;
        }

        var args = new List<string> { "--urls", "http://127.0.0.1:0", "--environment", "Production" };
        args.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        _app = ServerApp.Build([.. args]);
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = ServerFixture.Address(_app) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>A signed token; every part can be spoiled by the caller.</summary>
    public static string Token(
        string subject,
        string[]? roles = null,
        string? tenant = null,
        DateTime? expires = null,
        string audience = Audience,
        string issuer = Issuer,
        string secret = Secret)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (roles is not null)
        {
            claims["roles"] = roles;
        }

        if (tenant is not null)
        {
            claims["tenant"] = tenant;
        }

        var exp = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = exp.AddMinutes(-20),
            NotBefore = exp.AddMinutes(-20),
            Expires = exp,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A POST with an Authorization header.</summary>
    public static HttpRequestMessage Post(string query, string? authorization = null, string? role = null)
    {
        var request = Gql.Post(query, role: role);
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        return request;
    }
}
