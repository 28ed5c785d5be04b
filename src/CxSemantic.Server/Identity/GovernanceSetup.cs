using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using CxSemantic.Server.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CxSemantic.Server.Identity;

/// <summary>Registers and wires governance: authentication, the caller middleware, rate limits, CORS, security headers and the audit log.</summary>
internal static class GovernanceSetup
{
    /// <summary>The error code of 429 answers.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>Adds the services.</summary>
    public static void AddGovernance(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<IdentityOptions>(builder.Configuration.GetSection(IdentityOptions.Section));
        services.Configure<LimitOptions>(builder.Configuration.GetSection(LimitOptions.Section));
        services.Configure<AuditOptions>(builder.Configuration.GetSection(AuditOptions.Section));
        services.AddHttpContextAccessor();
        services.AddSingleton<ApiKeyDirectory>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<AuditLog>();
        services.AddOptions<PersistedQueryOptions>().Bind(builder.Configuration.GetSection(PersistedQueryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PersistedQueryOptions>, PersistedQueryValidation>();
        services.AddSingleton<PersistedQueries>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<IdentityOptions>>((bearer, identity) => ConfigureBearer(bearer, identity.Value));

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitOptions>>((limiter, limits) => ConfigureRateLimits(limiter, limits.Value));
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<LimitOptions>>((cors, limits) =>
        {
            if (limits.Value.CorsOrigins.Length > 0)
            {
                cors.AddDefaultPolicy(policy => policy.WithOrigins(limits.Value.CorsOrigins).WithMethods("GET", "POST")
                    .WithHeaders("Content-Type", "Accept", "Authorization", ApiKeyAuthenticationHandler.Header, CallerResolver.RoleHeader));
            }
        });
    }

    /// <summary>Adds the middleware: security headers, CORS, the caller on /graphql, then rate limits (per resolved caller).</summary>
    public static void UseGovernance(this WebApplication app)
    {
        app.Use(SecurityHeaders.Apply);
        app.UseCors();
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/graphql"), graphql => graphql.UseMiddleware<CallerMiddleware>());
        app.UseRateLimiter();
        if (app.Environment.IsDevelopment())
        {
            app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(
                "DEVELOPMENT IDENTITY: callers choose their role with the X-CxSemantic-Role / X-CxSemantic-Claim-* headers (no header: "
                + app.Services.GetRequiredService<IOptions<Hosting.ServerOptions>>().Value.DefaultRole
                + "). Anyone can claim any role: never run a reachable server in Development. Outside Development, send a JWT or an API key (cxsem keys add)."));
        }
    }

    private static void ConfigureBearer(JwtBearerOptions bearer, IdentityOptions identity)
    {
        var jwt = identity.Jwt;
        bearer.MapInboundClaims = false;
        bearer.IncludeErrorDetails = false;
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            bearer.Authority = jwt.Authority;
            bearer.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        }

        if (jwt.Enabled && jwt.Audiences.Length == 0)
        {
            throw new InvalidOperationException("CxSemantic:Identity:Jwt:Audiences is empty: name the audience (aud) this server accepts.");
        }

        if (jwt.Enabled && jwt.Issuers.Length == 0 && string.IsNullOrWhiteSpace(jwt.Authority))
        {
            throw new InvalidOperationException("CxSemantic:Identity:Jwt:Issuers is empty: name the issuer (iss) this server trusts.");
        }

        var keys = new List<SecurityKey>();
        if (!string.IsNullOrWhiteSpace(jwt.Secret))
        {
            var secret = Encoding.UTF8.GetBytes(jwt.Secret);
            keys.Add(secret.Length >= 32 ? new SymmetricSecurityKey(secret)
                : throw new InvalidOperationException("CxSemantic:Identity:Jwt:Secret is shorter than 32 bytes (HS256 needs 256 bits)."));
        }

        if (!string.IsNullOrWhiteSpace(jwt.JwksFile))
        {
            keys.AddRange(new JsonWebKeySet(File.ReadAllText(jwt.JwksFile)).GetSigningKeys());
        }

        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuers = jwt.Issuers.Length > 0 ? jwt.Issuers : null,
            ValidateAudience = true,
            ValidAudiences = jwt.Audiences,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = keys.Count > 0 ? keys : null,
            ValidAlgorithms = jwt.Algorithms,
            ClockSkew = TimeSpan.FromSeconds(jwt.ClockSkewSeconds),
            NameClaimType = "sub",
            RoleClaimType = identity.RoleClaim,
        };
    }

    private static void ConfigureRateLimits(RateLimiterOptions limiter, LimitOptions limits)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            limits.RequestsPerSecond <= 0 || !http.Request.Path.StartsWithSegments("/graphql")
                ? RateLimitPartition.GetNoLimiter(string.Empty)
                : RateLimitPartition.GetTokenBucketLimiter(PartitionKey(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(limits.Burst, limits.RequestsPerSecond),
                    TokensPerPeriod = limits.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 1;
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await CallerMiddleware.WriteRefusalAsync(
                context.HttpContext.Response,
                new CallerOutcome.Refused(StatusCodes.Status429TooManyRequests, RateLimited, $"Too many requests from this caller; retry after {seconds} s.", []),
                cancellationToken).ConfigureAwait(false);
        };
    }

    /// <summary>One bucket per verified caller (or per role and address for header identity); per address for requests without a caller.</summary>
    private static string PartitionKey(HttpContext http) =>
        http.Features.Get<CallerIdentity>() is { } identity && identity.Method != "header"
            ? identity.Subject
            : $"{http.Connection.RemoteIpAddress}|{http.Features.Get<CallerIdentity>()?.Subject}";
}
