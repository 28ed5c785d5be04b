using System.Collections.Immutable;
using System.Net;
using CxSemantic.Server.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Http;

/// <summary>
/// Refuses requests whose <c>Host</c> header names another site (DNS rebinding: a web page whose name now resolves to
/// 127.0.0.1 could otherwise read a developer's loopback server). A server listening on loopback only answers
/// <c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c> and the names in <c>CxSemantic:AllowedHosts</c>; a server listening
/// wider answers the configured names, or any name when none is configured. Refusals are 400 with code
/// <c>HOST_NOT_ALLOWED</c> and the fix.
/// </summary>
internal sealed class HostFilter(IServer server, IOptions<ServerOptions> options)
{
    /// <summary>The error code of refused hosts.</summary>
    public const string HostNotAllowed = "HOST_NOT_ALLOWED";

    private static readonly ImmutableArray<string> LoopbackNames = ["localhost", "127.0.0.1", "::1"];

    private ImmutableArray<string>? _allowed;

    /// <summary>The middleware.</summary>
    public async Task FilterAsync(HttpContext http, Func<Task> next)
    {
        var host = http.Request.Host.Host;
        var allowed = _allowed ??= AllowedNames();
        if (string.IsNullOrEmpty(host) || allowed.IsEmpty || Matches(host, allowed))
        {
            await next().ConfigureAwait(false);
            return;
        }

        var shown = host.Length > 64 ? host[..64] + "…" : host;
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "application/json; charset=utf-8";
        var error = new GraphQL.Execution.GraphQLError(
            $"Host '{shown}' is not served here: this server answers {string.Join(", ", allowed)}. If you reach it through that name on purpose (a proxy, a container), add the name to CxSemantic:AllowedHosts (names separated by ';').",
            extensions: new Dictionary<string, object?> { ["code"] = HostNotAllowed });
        await GraphQL.Execution.ExecutionResult.RequestErrors([error]).WriteToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The names answered; empty: any name.</summary>
    internal ImmutableArray<string> AllowedNames()
    {
        var configured = (options.Value.AllowedHosts ?? string.Empty)
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(Normalize)
            .ToImmutableArray();
        if (configured.Contains("*"))
        {
            return [];
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

        // No addresses: an in-process test server, which callers reach as localhost.
        var loopback = addresses.All(IsLoopbackAddress);
        return loopback ? [.. LoopbackNames.Concat(configured).Distinct(StringComparer.OrdinalIgnoreCase)] : configured;
    }

    internal static bool Matches(string host, ImmutableArray<string> allowed)
    {
        var name = Normalize(host);
        return allowed.Any(a => a.StartsWith("*.", StringComparison.Ordinal)
            ? name.EndsWith(a[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(name, a, StringComparison.OrdinalIgnoreCase));
    }

    private static string Normalize(string host) => host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.');

    private static bool IsLoopbackAddress(string address)
    {
        // Kestrel addresses look like http://127.0.0.1:5080, http://[::1]:5080, http://localhost:5080, http://+:80, http://0.0.0.0:80.
        var rest = address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var host = rest.StartsWith('[') ? rest[1..rest.IndexOf(']', StringComparison.Ordinal)] : rest.Split(':', '/')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
