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

/// <summary>
/// <c>explain</c> end to end on DuckDB. Planted data: two weeks of a demo warehouse copied into a tenant of their own as the
/// baseline, and again one week later as the window — with the automated (bot) contacts copied twice (a pure mix shift:
/// every handled_by segment keeps its exact rate) or with every human contact's wait set to zero (a pure rate change: the
/// shares stay exactly equal). SLA adherence by handled_by is the scorecard's queue-mix question.
/// </summary>
public sealed class MixShiftExplainerTests(MixShiftExplainerTests.PlantedWarehouse warehouse) : IClassFixture<MixShiftExplainerTests.PlantedWarehouse>
{
    /// <summary>One private warehouse for the class; each test plants its own tenant.</summary>
    public sealed class PlantedWarehouse : IDisposable
    {
        public DuckDbDatabase Database { get; } = DemoWarehouse.Generate(new DemoOptions { Interactions = 20_000, Seed = 7 }, threads: 1);

        public void Dispose() => Database.Dispose();
    }

    private const string Metric = "sla_adherence";
    private static readonly TimeWindow Baseline = new(new LocalDate(2026, 2, 2), new LocalDate(2026, 2, 16), "UTC");
    private static readonly TimeWindow Window = new(new LocalDate(2026, 2, 16), new LocalDate(2026, 3, 2), "UTC");

    private readonly DuckDbDatabase _database = warehouse.Database;
    private readonly MetricQueryExecutor _executor = new(Scorecard, new DuckDbSqlEngine(warehouse.Database));

    /// <summary>Copies the baseline fortnight into tenant <paramref name="tenant"/> twice: as is, and two weeks later with <paramref name="replace"/> applied.</summary>
    private void Plant(string tenant, string extraCopies, string replace)
    {
        using var connection = _database.Connect();
        var from = $"TIMESTAMPTZ '{Baseline.From:yyyy-MM-dd} 00:00:00+00'";
        var to = $"TIMESTAMPTZ '{Baseline.To:yyyy-MM-dd} 00:00:00+00'";
        var fortnight = $"FROM interactions WHERE tenant_id <> '{tenant}' AND started_at >= {from} AND started_at < {to}";
        var later = $"started_at + INTERVAL 14 DAY AS started_at, ended_at + INTERVAL 14 DAY AS ended_at, '{tenant}' AS tenant_id";
        connection.ExecuteNonQuery($"""
            CREATE OR REPLACE TABLE interactions AS
            SELECT * FROM interactions
            UNION ALL SELECT * REPLACE (interaction_id + 1000000000 AS interaction_id, '{tenant}' AS tenant_id) {fortnight}
            UNION ALL SELECT * REPLACE (interaction_id + 2000000000 AS interaction_id, {later}{replace}) {fortnight}
            UNION ALL SELECT * REPLACE (interaction_id + 3000000000 AS interaction_id, {later}{replace}) {fortnight} AND ({extraCopies})
            """);
    }

    private Task<MixShiftExplanation> Explain(string tenant, string metric = Metric, string by = "handled_by", TimeWindow? baseline = null) =>
        MixShiftExplainer.ExplainAsync(
            Scorecard,
            new MixShiftRequest(metric, Window, baseline ?? Baseline, [.. by.Split(',')], [new DimensionFilter("tenant", FilterOperator.Equal, [tenant])], Caller.WithRole("cx_analyst")),
            (q, ct) => _executor.ExecuteAsync(q, ct));

    private async Task<double> Governed(TimeWindow window, string tenant)
    {
        var result = await _executor.ExecuteAsync(new MetricQuery
        {
            Metrics = [Metric],
            Time = window,
            Filters = [new DimensionFilter("tenant", FilterOperator.Equal, [tenant])],
            Caller = Caller.WithRole("cx_analyst"),
        });
        return result.Rows.Single().Metrics[Metric].Value!.Value;
    }

    [Fact]
    public async Task A_planted_mix_shift_is_all_mix_and_sums_to_the_governed_change()
    {
        Plant("planted_mix", "handled_by = 'bot'", string.Empty);
        var e = await Explain("planted_mix");
        var d = e.Decomposition;
        Assert.Equal(0.0, d.Rate.Value);
        Assert.Equal(d.Total.Value, d.Mix.Value, 12);
        Assert.NotEqual(0.0, d.Mix.Value);
        Assert.All(d.Segments, s => Assert.Equal(s.BaselineRate, s.CurrentRate));
        var bot = d.Segments.Single(s => Equals(s.Values[0], "bot"));
        Assert.True(bot.CurrentShare > bot.BaselineShare, "bots doubled");

        // Against the governed metric of each window, computed by separate queries.
        var current = await Governed(Window, "planted_mix");
        var before = await Governed(Baseline, "planted_mix");
        Assert.Equal(current - before, d.Total.Value, 12);
        Assert.Equal(current, d.Current, 12);
        Assert.Equal(before, d.Baseline, 12);
        Assert.Equal(e.CurrentN, d.Segments.Sum(s => s.CurrentUnits));
        Assert.True(d.Mix.Interval!.Low < d.Mix.Value && d.Mix.Value < d.Mix.Interval.High);
    }

    [Fact]
    public async Task A_planted_rate_change_is_all_rate_and_sums_to_the_governed_change()
    {
        Plant("planted_rate", "false", ", CASE WHEN handled_by = 'agent' THEN 0 ELSE wait_seconds END AS wait_seconds");
        var d = (await Explain("planted_rate")).Decomposition;
        Assert.Equal(0.0, d.Mix.Value);
        Assert.Equal(d.Total.Value, d.Rate.Value, 12);
        var agent = d.Segments.Single(s => Equals(s.Values[0], "agent"));
        Assert.Equal(1.0, agent.CurrentRate);
        Assert.True(agent.BaselineRate < 1.0);
        Assert.Equal(agent.BaselineShare, agent.CurrentShare);
        Assert.All(d.Segments.Where(s => !Equals(s.Values[0], "agent")), s => Assert.Equal(0.0, s.RateContribution));
        Assert.Equal(await Governed(Window, "planted_rate") - await Governed(Baseline, "planted_rate"), d.Total.Value, 12);
    }

    [Fact]
    public async Task The_default_baseline_is_the_window_of_equal_length_just_before()
    {
        Plant("planted_default", "false", string.Empty);
        var e = await MixShiftExplainer.ExplainAsync(
            Scorecard,
            new MixShiftRequest(Metric, Window, null, ["handled_by"], [new DimensionFilter("tenant", FilterOperator.Equal, ["planted_default"])], Caller.WithRole("cx_analyst")),
            (q, ct) => _executor.ExecuteAsync(q, ct));
        Assert.Equal(Baseline with { Grain = null }, e.Request.Baseline);
        Assert.Equal(0.0, e.Decomposition.Total.Value, 12);
    }

    [Theory]
    [InlineData("interaction_count", "handled_by", QueryErrorCodes.NotDecomposable)]
    [InlineData("policy_violation_rate", "handled_by", QueryErrorCodes.NotDecomposable)]
    [InlineData("evaluator_calibration", "handled_by", QueryErrorCodes.NotDecomposable)]
    [InlineData("no_such_metric", "handled_by", QueryErrorCodes.MetricNotFound)]
    [InlineData(Metric, "intent,queue,channel", QueryErrorCodes.SegmentSuppressed)]
    public async Task Refusals_carry_their_code(string metric, string by, string code)
    {
        Plant("planted_refusals", "false", string.Empty);
        var ex = await Assert.ThrowsAsync<QueryException>(() => Explain("planted_refusals", metric, by));
        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public async Task Overlapping_windows_and_empty_windows_are_refused_with_the_fix()
    {
        Plant("planted_windows", "false", string.Empty);
        var overlap = await Assert.ThrowsAsync<QueryException>(() => Explain("planted_windows", baseline: Window with { From = Window.From.PlusDays(-3) }));
        Assert.Equal(QueryErrorCodes.BaselineOverlaps, overlap.Code);
        var empty = await Assert.ThrowsAsync<QueryException>(() => Explain("tenant_nobody"));
        Assert.Equal(QueryErrorCodes.NothingToExplain, empty.Code);
        Assert.Contains("no units in the window", empty.Message, StringComparison.Ordinal);
    }
}
