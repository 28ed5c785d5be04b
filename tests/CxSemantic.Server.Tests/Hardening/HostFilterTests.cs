using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CxSemantic.Server.Hosting;
using CxSemantic.Server.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Tests.Hardening;

/// <summary>DNS rebinding: a loopback server answers only loopback names and the configured ones.</summary>
[Collection("server")]
public sealed class HostFilterTests(ServerFixture server)
{
    [Theory]
    [InlineData("attacker.example", 400)]
    [InlineData("attacker.example:5080", 400)]
    [InlineData("localhost.attacker.example", 400)]
    [InlineData("127.0.0.1.nip.io", 400)]
    [InlineData("localhost", 200)]
    [InlineData("LOCALHOST:1234", 200)]
    [InlineData("127.0.0.1", 200)]
    [InlineData("[::1]:8080", 200)]
    public async Task A_loopback_server_answers_only_loopback_names(string host, int status)
    {
        using var client = new HttpClient { BaseAddress = server.LoopbackAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        if (status == 400)
        {
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;
            Assert.Equal(HostFilter.HostNotAllowed, (string?)error["extensions"]!["code"]);
            Assert.StartsWith($"Host '{host.Split(':')[0]}' is not served here: this server answers localhost, 127.0.0.1, ::1.", (string?)error["message"], StringComparison.Ordinal);
            Assert.Contains("CxSemantic:AllowedHosts", (string?)error["message"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_refused_host_is_not_echoed_whole()
    {
        using var client = new HttpClient { BaseAddress = server.LoopbackAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"{ __typename }\"}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Host = string.Join('.', Enumerable.Repeat(new string('a', 60), 30)) + ".example";
        using var response = await client.SendAsync(request);
        Assert.Equal(400, (int)response.StatusCode);
        var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["message"];
        Assert.Contains("Host '" + (new string('a', 60) + "." + new string('a', 60))[..64] + "…'", message, StringComparison.Ordinal);
        Assert.True(message!.Length < 400, message);
    }

    [Theory]
    [InlineData("cx.example.com", true)]
    [InlineData("CX.EXAMPLE.COM.", true)]
    [InlineData("a.corp.example", true)]
    [InlineData("corp.example", false)]
    [InlineData("corp.example.attacker", false)]
    [InlineData("localhost", true)]
    public void Configured_names_are_added_to_the_loopback_names(string host, bool allowed)
    {
        var filter = Filter("cx.example.com; *.corp.example", "http://127.0.0.1:5080", "http://[::1]:5080");
        Assert.Equal(allowed, HostFilter.Matches(host, filter.AllowedNames()));
    }

    [Fact]
    public void A_server_on_a_wide_address_answers_the_configured_names_only_or_any_without_configuration()
    {
        Assert.Equal<string>(["cx.example.com"], Filter("cx.example.com", "http://0.0.0.0:5080").AllowedNames());
        Assert.Empty(Filter(null, "http://+:5080").AllowedNames());
        Assert.Empty(Filter("*", "http://127.0.0.1:5080").AllowedNames());
        Assert.Equal<string>(["localhost", "127.0.0.1", "::1"], Filter(null, "http://localhost:5080").AllowedNames());
    }

    private static HostFilter Filter(string? allowedHosts, params string[] addresses)
    {
        var features = new FeatureCollection();
        var feature = new ServerAddressesFeature();
        foreach (var address in addresses)
        {
            feature.Addresses.Add(address);
        }

        features.Set<IServerAddressesFeature>(feature);
        return new HostFilter(new FakeServer(features), Options.Create(new ServerOptions { AllowedHosts = allowedHosts }));
    }

    private sealed class FakeServer(IFeatureCollection features) : IServer
    {
        public IFeatureCollection Features => features;

        public void Dispose()
        {
        }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
