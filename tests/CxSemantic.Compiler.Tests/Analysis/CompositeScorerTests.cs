using System.Collections.Immutable;
using CxSemantic.Compiler.Analysis;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using NodaTime;
using static CxSemantic.Compiler.Tests.TestCatalog;

namespace CxSemantic.Compiler.Tests.Analysis;

/// <summary>The declared <c>weighted_intent_fcr</c> composite on a demo warehouse, against the plain metric grouped by intent.</summary>
public sealed class CompositeScorerTests(CompositeScorerTests.Warehouse warehouse) : IClassFixture<CompositeScorerTests.Warehouse>
{
    /// <summary>One demo warehouse for the class.</summary>
    public sealed class Warehouse : IDisposable
    {
        public DuckDbDatabase Database { get; } = DemoWarehouse.Generate(new DemoOptions { Interactions = 20_000, Seed = 11 }, threads: 1);

        public void Dispose() => Database.Dispose();
    }

    /// <summary>The weights as written in metric-definitions/metrics/resolution.yaml, restated here so the test does not reuse the loader.</summary>
    private static readonly Dictionary<string, double> Weights = new(StringComparer.Ordinal)
    {
        ["fraud_report"] = 5, ["cancel_subscription"] = 5, ["payment_issue"] = 4, ["refund_request"] = 4,
        ["billing_question"] = 3, ["contract_renewal"] = 3, ["account_access"] = 3, ["service_complaint"] = 3,
        ["technical_issue"] = 2, ["delivery_problem"] = 2, ["product_info"] = 0.5,
    };

    private static readonly TimeWindow Window = new(new LocalDate(2026, 2, 1), new LocalDate(2026, 3, 1), "UTC");

    private readonly MetricQueryExecutor _executor = new(Scorecard, new DuckDbSqlEngine(warehouse.Database));

    [Fact]
    public async Task The_score_is_the_hand_weighted_average_of_the_governed_rates_by_intent()
    {
        var caller = Caller.WithRole("cx_analyst");
        var score = await CompositeScorer.ScoreAsync(Scorecard, new CompositeRequest("weighted_intent_fcr", Window, [], caller), (q, ct) => _executor.ExecuteAsync(q, ct));

        var byIntent = await _executor.ExecuteAsync(new MetricQuery { Metrics = ["intent_fcr"], GroupBy = ["intent"], Time = Window, Caller = caller });
        var rows = byIntent.Rows.Select(r => (Intent: (string)r.Dimensions[0]!, Value: r.Metrics["intent_fcr"])).ToList();
        var used = rows.Where(r => !r.Value.Suppressed && r.Value.Value is not null).ToList();
        var w = used.Sum(r => Weights.GetValueOrDefault(r.Intent, 1));
        var expected = used.Sum(r => Weights.GetValueOrDefault(r.Intent, 1) * r.Value.Value!.Value) / w;

        Assert.True(used.Count >= 10, $"only {used.Count} intents have a value");
        Assert.Equal(expected, score.Score.Value, 12);
        Assert.Equal(used.Select(r => r.Intent).Order(StringComparer.Ordinal), score.Score.Components.Select(c => c.Value).Order(StringComparer.Ordinal));
        Assert.Equal((double)used.Sum(r => r.Value.N) / rows.Sum(r => r.Value.N), score.Coverage, 12);
        Assert.Equal(rows.Where(r => r.Value.Suppressed).Select(r => r.Intent).Order(StringComparer.Ordinal), score.Excluded.Select(e => e.Value).Order(StringComparer.Ordinal));

        // Each share's standard error is the governed interval's half-width over z (Wald), so the composite's follows.
        var z = 1.959963984540054;
        var se = Math.Sqrt(used.Sum(r => Math.Pow(Weights.GetValueOrDefault(r.Intent, 1) / w * (r.Value.Interval!.High - r.Value.Interval.Low) / (2 * z), 2)));
        Assert.InRange(score.Score.StandardError!.Value, se * 0.5, se * 2);
        Assert.Equal(Scorecard.Metrics["intent_fcr"].Version, score.MetricVersion);
    }

    [Fact]
    public async Task Suppressed_segments_are_left_out_and_reported_and_unknown_composites_refused()
    {
        MetricValue V(double? value, long n, bool suppressed = false) => new() { Metric = "intent_fcr", Version = 2, Value = value, N = n, Denominator = n, Suppressed = suppressed };
        ResultRow Row(string intent, MetricValue v) => new(null, [intent], ImmutableDictionary<string, MetricValue>.Empty.Add("intent_fcr", v));
        var result = new MetricQueryResult(["intent"], [Row("fraud_report", V(0.2, 40)), Row("product_info", V(0.9, 60)), Row("cancel_subscription", V(null, 10, suppressed: true))], [], "v1");
        var request = new CompositeRequest("weighted_intent_fcr", Window, [], Caller.WithRole("cx_analyst"));

        var score = await CompositeScorer.ScoreAsync(Scorecard, request, (_, _) => Task.FromResult(result));

        Assert.Equal(((5 * 0.2) + (0.5 * 0.9)) / 5.5, score.Score.Value, 15);
        Assert.Equal(new ExcludedSegment("cancel_subscription", 10, CompositeExclusion.Suppressed), Assert.Single(score.Excluded));
        Assert.Equal(100.0 / 110, score.Coverage, 15);
        var refused = await Assert.ThrowsAsync<QueryException>(() => CompositeScorer.ScoreAsync(Scorecard, request with { Composite = "weighted_intent_fc" }, (_, _) => Task.FromResult(result)));
        Assert.Equal(QueryErrorCodes.CompositeNotFound, refused.Code);
        Assert.Equal("Unknown composite 'weighted_intent_fc'. Did you mean 'weighted_intent_fcr'? See metricDefinitions for the catalog.", refused.Message);
    }
}
