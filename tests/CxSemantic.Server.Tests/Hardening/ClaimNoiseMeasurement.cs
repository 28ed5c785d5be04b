using System.Diagnostics;
using System.Globalization;
using CxSemantic.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CxSemantic.Server.Tests.Hardening;

/// <summary>
/// Issue 17's cache flush (runs only with <c>CXSEM_LONG=1</c>): six clients read a cached dashboard answer for 8 s, alone and
/// then beside one caller sending ~160 requests/s of the same query with a new <c>X-CxSemantic-Claim-*</c> value each
/// time. Reports the dashboard clients' throughput and p99; asserts only that the noise added no cache entry.
/// </summary>
[Collection("server")]
public sealed class ClaimNoiseMeasurement(ITestOutputHelper output)
{
    private const string Dashboard = "{ metrics(time: { from: \"2026-01-01\", to: \"2026-04-01\", grain: MONTH }) { rows { period intentComplexity containmentRate { value n } } } }";

    [LongFact]
    public async Task Claim_noise_neither_splits_nor_flushes_the_result_cache()
    {
        var settings = ServerFixture.BaseSettings();
        settings["CxSemantic:Limits:RequestsPerSecond"] = "0";
        await using var app = await ServerFixture.StartLoopbackAsync(settings);
        var address = ServerFixture.Address(app);
        var queries = app.Services.GetRequiredService<MetricQueryService>();
        using var warm = new HttpClient { BaseAddress = address };
        await Gql.DataAsync(warm, Dashboard, role: "cx_leader");
        await Gql.DataAsync(warm, Dashboard, role: "cx_analyst");

        var alone = await RunAsync(address, attacker: false);
        var attacked = await RunAsync(address, attacker: true);
        output.WriteLine(alone.Describe("dashboard clients alone"));
        output.WriteLine(attacked.Describe("beside claim noise"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cached answers at the end: {queries.CachedCount}"));
        Assert.Equal(2, queries.CachedCount);
    }

    private static async Task<Run> RunAsync(Uri address, bool attacker)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var latencies = new List<double>();
        var noise = 0;
        var clients = Enumerable.Range(0, 6).Select(async _ =>
        {
            using var client = new HttpClient { BaseAddress = address };
            var mine = new List<double>();
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await Gql.DataAsync(client, Dashboard, role: "cx_analyst");
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }).ToList();
        if (attacker)
        {
            clients.Add(Task.Run(async () =>
            {
                using var client = new HttpClient { BaseAddress = address };
                using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(6));
                while (await pace.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
                {
                    await Gql.DataAsync(client, Dashboard, role: "cx_leader", claims: new Dictionary<string, string> { ["noise"] = (++noise).ToString(CultureInfo.InvariantCulture) });
                }
            }));
        }

        await Task.WhenAll(clients);
        latencies.Sort();
        return new Run(latencies.Count / 8.0, latencies[(int)(latencies.Count * 0.99)], noise / 8.0);
    }

    private sealed record Run(double PerSecond, double P99Milliseconds, double NoisePerSecond)
    {
        public string Describe(string what) =>
            string.Create(CultureInfo.InvariantCulture, $"{what}: {PerSecond:F0} req/s, p99 {P99Milliseconds:F1} ms (noise {NoisePerSecond:F0} req/s)");
    }
}
