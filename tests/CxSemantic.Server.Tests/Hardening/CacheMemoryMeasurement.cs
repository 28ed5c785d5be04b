using System.Diagnostics;
using System.Globalization;
using System.Text;
using CxSemantic.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CxSemantic.Server.Tests.Hardening;

/// <summary>Runs only when <c>CXSEM_LONG=1</c>: a measurement, not a test.</summary>
public sealed class LongFactAttribute : FactAttribute
{
    public LongFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CXSEM_LONG") != "1")
        {
            Skip = "A measurement, not a test: set CXSEM_LONG=1 to run it.";
        }
    }
}

/// <summary>
/// The retained-memory attacks of issue 17 against a real loopback server: 1,000 comment-padded copies of one document,
/// 1,000 distinct large documents, and 2,000 distinct answers with 500-value <c>in</c> lists. Reports the managed heap
/// after a full collection, and the caches' counts and estimated bytes; asserts only the caches' budgets.
/// </summary>
[Collection("server")]
public sealed class CacheMemoryMeasurement(ITestOutputHelper output)
{
    [LongFact]
    public async Task Hostile_documents_and_answers_stay_within_the_cache_budgets()
    {
        // Rate limits off: an attacker with many addresses is not limited per address; the caches must hold on their own.
        var settings = ServerFixture.BaseSettings();
        settings["CxSemantic:Limits:RequestsPerSecond"] = "0";
        await using var app = await ServerFixture.StartLoopbackAsync(settings);
        using var client = new HttpClient { BaseAddress = ServerFixture.Address(app) };
        var catalog = app.Services.GetRequiredService<CatalogState>();
        var queries = app.Services.GetRequiredService<MetricQueryService>();
        await Gql.SendAsync(client, Gql.Post("{ metrics { rows { channel interactionCount { n } } } }"));
        var baseline = Heap();
        Report("baseline", baseline, catalog, queries, TimeSpan.Zero);

        // 1,000 copies of one document, each padded with a distinct 370 KB comment.
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1_000; i++)
        {
            var padded = $"# {i} {new string('x', 370_000)}\n{{ metrics {{ rows {{ channel interactionCount {{ n }} }} }} }}";
            Count(await Gql.SendAsync(client, Gql.Post(padded)));
        }

        Report("1,000 padded copies (370 MB sent)", Heap(), catalog, queries, clock.Elapsed);

        // 1,000 distinct documents of 3,000 tokens (1,000 aliases each: refused by the alias limit, but prepared and cached).
        clock.Restart();
        for (var i = 0; i < 1_000; i++)
        {
            var text = new StringBuilder("{ ");
            for (var j = 0; j < 1_000; j++)
            {
                text.Append(CultureInfo.InvariantCulture, $"a{i}_{j}: __typename ");
            }

            Count(await Gql.SendAsync(client, Gql.Post(text.Append('}').ToString())));
        }

        Report("1,000 distinct 3,000-token documents", Heap(), catalog, queries, clock.Elapsed);
        Assert.InRange(catalog.Current.Documents.Bytes, 1, 32L * 1024 * 1024);

        // 2,000 distinct answers, each filtered by a 500-value in list.
        clock.Restart();
        for (var i = 0; i < 2_000; i++)
        {
            var values = string.Join(", ", Enumerable.Range(0, 500).Select(j => $"\"q{i}-{j}\""));
            Count(await Gql.SendAsync(client, Gql.Post($"{{ metrics(where: {{ queue: {{ in: [{values}] }} }}) {{ rows {{ channel interactionCount {{ n }} }} }} }}")));
        }

        Report("2,000 answers with 500-value in lists", Heap(), catalog, queries, clock.Elapsed);
        Assert.InRange(queries.CachedBytes, 1, 64L * 1024 * 1024);
        output.WriteLine("responses: " + string.Join(", ", _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} x{o.Value}")));
        output.WriteLine($"heap growth over baseline: {(Heap() - baseline) / 1024.0 / 1024:F1} MiB");
    }

    private readonly Dictionary<string, int> _outcomes = [];

    private void Count((int Status, System.Text.Json.Nodes.JsonNode Body, string ContentType) response)
    {
        var key = $"{response.Status} {(string?)response.Body["errors"]?[0]?["extensions"]?["code"] ?? "data"}";
        _outcomes[key] = _outcomes.GetValueOrDefault(key) + 1;
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private void Report(string step, long heap, CatalogState catalog, MetricQueryService queries, TimeSpan elapsed) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{step}: heap {heap / 1024.0 / 1024:F1} MiB; documents {catalog.Current.Documents.Count} ({catalog.Current.Documents.Bytes / 1024.0 / 1024:F1} MiB est.); answers {queries.CachedCount} ({queries.CachedBytes / 1024.0 / 1024:F1} MiB est.); {elapsed.TotalSeconds:F1} s"));
}
