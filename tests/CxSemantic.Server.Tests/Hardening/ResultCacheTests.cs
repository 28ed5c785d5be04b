using CxSemantic.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CxSemantic.Server.Tests.Hardening;

/// <summary>The result cache holds a byte budget by evicting the least recently used, and claim noise does not split it.</summary>
[Collection("server")]
public sealed class ResultCacheTests
{
    private const string Query = "{ metrics { rows { channel interactionCount { n } } } }";

    [Fact]
    public async Task Claims_enter_the_key_only_when_the_role_has_a_row_filter_reading_them()
    {
        await using var factory = new CxServerFactory(ServerFixture.BaseSettings());
        using var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<MetricQueryService>();

        var first = await Gql.DataAsync(client, Query, role: "cx_leader");
        for (var i = 0; i < 5; i++)
        {
            var noisy = await Gql.DataAsync(client, Query, role: "cx_leader", claims: new Dictionary<string, string> { ["noise"] = $"n{i}", ["tenant"] = $"t{i}" });
            Assert.Equal(first.ToJsonString(), noisy.ToJsonString());
        }

        Assert.Equal(1, cache.CachedCount);

        // tenant_manager's row filter reads the tenant claim: one answer per tenant, whatever other claims say.
        var acme = await Gql.DataAsync(client, Query, role: "tenant_manager", claims: new Dictionary<string, string> { ["tenant"] = "acme" });
        var globex = await Gql.DataAsync(client, Query, role: "tenant_manager", claims: new Dictionary<string, string> { ["tenant"] = "globex" });
        Assert.NotEqual(acme.ToJsonString(), globex.ToJsonString());
        var acmeNoisy = await Gql.DataAsync(client, Query, role: "tenant_manager", claims: new Dictionary<string, string> { ["tenant"] = "acme", ["noise"] = "x" });
        Assert.Equal(acme.ToJsonString(), acmeNoisy.ToJsonString());
        Assert.Equal(3, cache.CachedCount);
    }

    [Fact]
    public async Task Distinct_answers_evict_the_least_recently_used_within_the_byte_budget_never_all_at_once()
    {
        var settings = ServerFixture.BaseSettings();
        const double megabytes = 0.02;
        settings["CxSemantic:CacheMegabytes"] = "0.02";
        await using var factory = new CxServerFactory(settings);
        using var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<MetricQueryService>();
        var budget = (long)(megabytes * 1024 * 1024);

        var counts = new List<int>();
        for (var day = 1; day <= 25; day++)
        {
            var query = $"{{ metrics(time: {{ from: \"2026-01-{day:00}\", to: \"2026-02-01\" }}) {{ rows {{ channel interactionCount {{ n }} }} }} }}";
            await Gql.DataAsync(client, query, role: "cx_leader");
            Assert.InRange(cache.CachedBytes, 1, budget);
            counts.Add(cache.CachedCount);

            // The answer just computed is the most recently used: asking again is a hit.
            await Gql.DataAsync(client, query, role: "cx_leader");
            Assert.Equal(counts[^1], cache.CachedCount);
        }

        // The budget holds a few answers; once full, each new answer evicts about one old one (no wholesale clear).
        Assert.InRange(counts[^1], 2, 24);
        Assert.All(counts.Skip(counts.IndexOf(counts.Max()) + 1), c => Assert.InRange(c, counts.Max() - 2, counts.Max()));
    }
}
