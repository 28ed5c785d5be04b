using System.Collections.Immutable;
using System.Diagnostics;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Queries;
using CxSemantic.Server.Schema;
using CxSemantic.Warehouse.Engines;
using NodaTime;
using Xunit.Abstractions;

namespace CxSemantic.Server.Tests;

/// <summary>
/// Server overhead: 10 dashboard queries through HTTP on loopback (result cache off) against the same
/// compiled SQL run directly on DuckDB; then 16 concurrent clients for a few seconds with zero errors.
/// Figures go to the test output; the assertions are loose (shared 2-core machines).
/// </summary>
[Collection("server")]
[Trait("Category", "Performance")]
public sealed class PerformanceTests(ServerFixture server, ITestOutputHelper output)
{
    private static readonly (string[] Metrics, string[] By, TimeGrain? Grain)[] Dashboard =
    [
        (["containment_rate"], ["intent_complexity"], TimeGrain.Month),
        (["interaction_count"], ["channel"], TimeGrain.Week),
        (["average_handle_time"], ["intent_complexity", "channel"], TimeGrain.Month),
        (["conversational_csat"], ["channel"], TimeGrain.Month),
        (["nps"], ["segment"], null),
        (["escalation_rate"], ["intent_complexity"], TimeGrain.Month),
        (["sla_adherence"], ["queue"], null),
        (["total_cost", "interaction_count"], ["handled_by"], TimeGrain.Month),
        (["intent_fcr", "recontact_rate"], ["intent_complexity"], null),
        (["safe_automation_rate", "containment_rate"], ["intent_complexity", "channel"], null),
    ];

    [Fact]
    public async Task Http_overhead_and_throughput_under_16_clients()
    {
        var settings = ServerFixture.BaseSettings();
        settings["CxSemantic:CacheEntries"] = "0";

        // Throughput of the server itself: one caller's rate limit (LimitsTests) would refuse most of it.
        settings["CxSemantic:Limits:RequestsPerSecond"] = "0";
        await using var app = await ServerFixture.StartLoopbackAsync(settings);
        using var client = new HttpClient { BaseAddress = ServerFixture.Address(app) };
        var engine = new DuckDbSqlEngine(server.DirectDatabase);
        var queries = Dashboard.Select(d => (GraphQL: ToGraphQL(d), Query: ToQuery(d))).ToList();

        var http = new List<double>();
        var direct = new List<double>();
        const int rounds = 7;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (graphQL, query) in queries)
            {
                var sql = server.Direct.Compiler.Compile(query, SqlDialectKind.DuckDb).Facts.Select(f => f.Sql).ToList();
                var watch = Stopwatch.StartNew();
                await Task.WhenAll(sql.Select(s => engine.QueryAsync(s, CancellationToken.None)));
                var directMs = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                await Gql.DataAsync(client, graphQL);
                var httpMs = watch.Elapsed.TotalMilliseconds;
                if (round > 1)
                {
                    direct.Add(directMs);
                    http.Add(httpMs);
                }
            }
        }

        var overhead = http.Zip(direct, (h, d) => h - d).ToList();
        output.WriteLine($"10 dashboard queries x {rounds - 2} rounds, 20,000-interaction warehouse, cache off:");
        output.WriteLine($"  HTTP   median {Percentile(http, 0.5):F2} ms  p99 {Percentile(http, 0.99):F2} ms");
        output.WriteLine($"  DuckDB median {Percentile(direct, 0.5):F2} ms  p99 {Percentile(direct, 0.99):F2} ms");
        output.WriteLine($"  overhead (paired) median {Percentile(overhead, 0.5):F2} ms  p99 {Percentile(overhead, 0.99):F2} ms");

        // Throughput: 16 concurrent clients for 3 s over the dashboard (cache off), zero errors.
        var errors = 0;
        var done = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var watchAll = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async worker =>
        {
            var i = worker;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var (status, body, _) = await Gql.SendAsync(client, Gql.Post(queries[i++ % queries.Count].GraphQL));
                    if (status != 200 || body["errors"] is not null)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                Interlocked.Increment(ref done);
            }
        }));
        var seconds = watchAll.Elapsed.TotalSeconds;
        output.WriteLine($"  16 clients: {done} requests in {seconds:F1} s = {done / seconds:F0} req/s, {errors} errors");
        Assert.Equal(0, errors);
        Assert.True(Percentile(overhead, 0.5) < 50, "Median server overhead should be a few milliseconds.");
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string ToGraphQL((string[] Metrics, string[] By, TimeGrain? Grain) d) =>
        $"{{ metrics(time: {{ from: \"2026-01-01\", to: \"2026-04-01\"{(d.Grain is { } g ? ", grain: " + g.ToString().ToUpperInvariant() : "")} }}) " +
        $"{{ rows {{ period {string.Join(' ', d.By.Select(GraphQLNames.Camel))} {string.Join(' ', d.Metrics.Select(m => GraphQLNames.Camel(m) + " { value n ci { low high } suppressed status }"))} }} }} }}";

    private static MetricQuery ToQuery((string[] Metrics, string[] By, TimeGrain? Grain) d) => new()
    {
        Metrics = [.. d.Metrics],
        GroupBy = [.. d.By],
        Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 4, 1), null, d.Grain),
        Limit = 10_001,
        Caller = new Caller("cx_analyst", ImmutableDictionary<string, ImmutableArray<string>>.Empty),
    };
}
