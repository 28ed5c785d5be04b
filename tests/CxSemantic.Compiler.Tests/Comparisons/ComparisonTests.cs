using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Statistics;
using CxSemantic.Compiler.Tests.Statistics;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Schema;
using DuckDB.NET.Data;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Comparisons;

/// <summary>
/// A tiny hand-made warehouse of 160 February interactions (chat/voice × bot/agent, 40 each) with tone v1/v2,
/// conversation_quality and loop_detection evaluations drawn from a fixed seed. The tests know every score, so
/// each delta is checked against Welch, the paired t and the two-proportion z-test computed here by hand.
/// </summary>
public sealed class ComparisonWarehouse : IDisposable
{
    public const int Interactions = 160;

    public ComparisonWarehouse()
    {
        Database = DuckDbDatabase.Open();
        using var connection = Database.Connect();
        WarehouseSchema.CreateIn(connection, SchemaProfile.BulkLoad);
        connection.ExecuteNonQuery("INSERT INTO warehouse_meta (meta_id, watermark_at, data_from, source, seed, schema_version) VALUES (1, $1, $2, 'compare', 0, 1)",
            new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc));
        // One customer per interaction: every unit is its own cluster, so the cluster-robust variance of a mean
        // is exactly s²/n (t on n − 1 df) and that of a share p(1 − p)/(n − 1) — the textbook tests below.
        connection.ExecuteNonQuery($"INSERT INTO customers (customer_id, tenant_id, segment, region, tenure_band, customer_since) SELECT 'c' || i, 't1', 'consumer', 'emea', '1_3y', TIMESTAMPTZ '2025-01-01 00:00:00+00' FROM range(1, {Interactions + 1}) r(i)");
        var random = new Random(7);
        for (var i = 1; i <= Interactions; i++)
        {
            var started = new DateTime(2026, 2, 2, 0, 0, 0, DateTimeKind.Utc).AddHours(i);
            var channel = i % 2 == 0 ? "chat" : "voice";
            var handledBy = i / 2 % 2 == 0 ? "bot" : "agent";
            connection.ExecuteNonQuery(
                """
                INSERT INTO interactions (interaction_id, customer_id, tenant_id, channel, queue, started_at, ended_at, intent_predicted,
                    intent_confirmed, intent_complexity, eligible_for_automation, handled_by, agent_id, bot_release, end_reason,
                    declared_outcome, handle_seconds, wait_seconds, first_response_ms, journey_stage, proactive)
                VALUES ($1, 'c' || $1, 't1', $2, 'orders', $3, $4, 'order_status', NULL, 'simple', true, $5, NULL, 'r1', 'resolved', NULL, 600, 0, NULL, 'support', false)
                """,
                (long)i, channel, started, started.AddMinutes(10), handledBy);
            var evaluated = started.AddMinutes(20);
            var latent = Math.Round(0.3 + (0.5 * random.NextDouble()), 3);
            if (i % 8 != 0)
            {
                Add(connection, i, "tone", "v1", latent, "neutral", evaluated, ToneV1);
            }

            var v2 = Math.Round(latent - 0.08 + (0.04 * (random.NextDouble() - 0.5)), 4);
            if (i % 9 != 0)
            {
                Add(connection, i, "tone", "v2", v2, "neutral", evaluated, ToneV2);
            }

            Add(connection, i, "conversation_quality", "v1", Math.Round(0.4 + (0.4 * random.NextDouble()) + (channel == "voice" ? 0.05 : 0), 4), "good", evaluated, null);
            var loop = random.NextDouble() < (channel == "voice" ? 0.3 : 0.15);
            Add(connection, i, "loop_detection", "v1", loop ? 0.2 : 0.9, loop ? "loop" : "no_loop", evaluated, null);
            Loops.Add((channel, handledBy, loop));
            Quality.Add((channel, handledBy));
        }

        Executor = new MetricQueryExecutor(TestCatalog.Scorecard, new DuckDbSqlEngine(Database));
    }

    public DuckDbDatabase Database { get; }

    public MetricQueryExecutor Executor { get; }

    /// <summary>tone v1 score by interaction.</summary>
    public Dictionary<int, double> ToneV1 { get; } = [];

    /// <summary>tone v2 score by interaction.</summary>
    public Dictionary<int, double> ToneV2 { get; } = [];

    public List<(string Channel, string HandledBy, bool Loop)> Loops { get; } = [];

    public List<(string Channel, string HandledBy)> Quality { get; } = [];

    public MetricQueryResult Run(MetricQuery query) => Executor.ExecuteAsync(query).GetAwaiter().GetResult();

    public void Dispose() => Database.Dispose();

    private static void Add(DuckDBConnection connection, int interaction, string evaluator, string version, double score, string label, DateTime at, Dictionary<int, double>? scores)
    {
        connection.ExecuteNonQuery(
            "INSERT INTO evaluations (interaction_id, evaluator, evaluator_version, score, label, evaluated_at) VALUES ($1, $2, $3, $4, $5, $6)",
            (long)interaction, evaluator, version, score, label, at);
        scores?.Add(interaction, score);
    }
}

public sealed class ComparisonTests(ComparisonWarehouse data) : IClassFixture<ComparisonWarehouse>
{
    private static readonly TimeWindow February = new(new LocalDate(2026, 2, 1), new LocalDate(2026, 3, 1));

    private static MetricQuery Tone(bool paired) => new()
    {
        Metrics = ["model_drift_index"],
        GroupBy = ["evaluator", "evaluator_version"],
        Filters = [new DimensionFilter("evaluator", FilterOperator.Equal, ["tone"])],
        Time = February,
        Compare = new GroupComparison("evaluator_version", "V1", paired),
        Caller = Caller.WithRole("cx_analyst"),
    };

    [Fact]
    public void A_window_that_does_not_start_on_a_grain_boundary_keeps_its_first_period_apart_from_the_previous_one()
    {
        // [Wed 02-04, Mon 02-09) by ISO week: one period labelled 2026-02-02 (clipped to the window). The previous
        // window's last period is the same ISO week clipped to [02-02, 02-04); it used to share the label, so the
        // two periods' units merged and the row disappeared from the answer.
        var result = data.Run(new MetricQuery
        {
            Metrics = ["conversation_quality"],
            Time = new TimeWindow(new LocalDate(2026, 2, 4), new LocalDate(2026, 2, 9), "UTC", TimeGrain.Week),
            Compare = new PreviousPeriodComparison(),
            Caller = Caller.WithRole("cx_analyst"),
        });

        var row = Assert.Single(result.Rows);
        Assert.Equal("2026-02-02", row.Period);
        var value = row.Metrics["conversation_quality"];

        // Evaluated 20 minutes after interaction i starts at 02-02 00:00 + i h: i = 48..160 are in the window,
        // i = 1..47 in [02-02, 02-04).
        Assert.Equal(113, value.N);
        Assert.Equal(47, value.Delta!.BaselineN);
    }

    private static (double Mean, double Variance) Moments(IReadOnlyCollection<double> xs)
    {
        var mean = xs.Sum() / xs.Count;
        return (mean, xs.Sum(x => (x - mean) * (x - mean)) / (xs.Count - 1));
    }

    [Fact]
    public void Unpaired_groups_are_compared_by_Welch_against_the_reference_row()
    {
        var result = data.Run(Tone(paired: false));
        var v1 = result.Rows.Single(r => (string?)r.Dimensions[1] == "v1").Metrics["model_drift_index"];
        var v2 = result.Rows.Single(r => (string?)r.Dimensions[1] == "v2").Metrics["model_drift_index"];
        Assert.Null(v1.Delta);
        Assert.Null(v1.DeltaWithheld);

        // Welch by hand.
        var (m1, s1) = Moments(data.ToneV1.Values);
        var (m2, s2) = Moments(data.ToneV2.Values);
        var (n1, n2) = (data.ToneV1.Count, data.ToneV2.Count);
        var a = s2 / n2;
        var b = s1 / n1;
        var se = Math.Sqrt(a + b);
        var df = (a + b) * (a + b) / ((a * a / (n2 - 1)) + (b * b / (n1 - 1)));
        var t = (m2 - m1) / se;
        var delta = v2.Delta!;
        Assert.Equal("welch_t", delta.Test);
        Approx.Equal(m2 - m1, delta.Value, 1e-9);
        Approx.Equal(StudentTDistribution.TwoSidedPValue(t, df), delta.PValue, 1e-7);
        Approx.Equal(m2 - m1 - (StudentTDistribution.TwoSidedMultiplier(0.95, df) * se), delta.Interval!.Low, 1e-9);
        Approx.Equal(m1, delta.BaselineValue, 1e-12);
        Assert.Equal(n1, delta.BaselineN);
        Assert.Null(delta.Pairs);
    }

    [Fact]
    public void Paired_groups_are_the_mean_of_the_differences_on_the_same_interactions()
    {
        var result = data.Run(Tone(paired: true));
        var v2 = result.Rows.Single(r => (string?)r.Dimensions[1] == "v2").Metrics["model_drift_index"];
        var differences = data.ToneV2.Where(p => data.ToneV1.ContainsKey(p.Key)).Select(p => p.Value - data.ToneV1[p.Key]).ToList();
        var (mean, variance) = Moments(differences);
        var se = Math.Sqrt(variance / differences.Count);
        var df = differences.Count - 1;
        var delta = v2.Delta!;
        Assert.Equal("paired_t", delta.Test);
        Assert.Equal(differences.Count, delta.Pairs);
        Assert.Equal(125, differences.Count); // 160 − 20 without v1 − 17 without v2 + 2 without either (72, 144)
        Approx.Equal(mean, delta.Value, 1e-9);
        Approx.Equal(StudentTDistribution.TwoSidedPValue(mean / se, df), delta.PValue, 1e-7);
        Approx.Equal(mean + (StudentTDistribution.TwoSidedMultiplier(0.95, df) * se), delta.Interval!.High, 1e-9);

        // Pairing removes the between-interaction spread: far tighter than the unpaired interval.
        var unpaired = data.Run(Tone(paired: false)).Rows.Single(r => (string?)r.Dimensions[1] == "v2").Metrics["model_drift_index"].Delta!;
        Assert.True(delta.Interval.High - delta.Interval.Low < (unpaired.Interval!.High - unpaired.Interval.Low) / 5);
    }

    [Fact]
    public void Proportions_of_groups_match_the_two_proportion_z_test_by_hand()
    {
        var result = data.Run(new MetricQuery
        {
            Metrics = ["loop_rate"],
            GroupBy = ["channel"],
            Time = February,
            Compare = new GroupComparison("channel", "chat"),
            Caller = Caller.WithRole("cx_analyst"),
        });
        var voice = result.Rows.Single(r => (string?)r.Dimensions[0] == "voice").Metrics["loop_rate"].Delta!;
        double x1 = data.Loops.Count(l => l.Channel == "voice" && l.Loop), n1 = data.Loops.Count(l => l.Channel == "voice");
        double x2 = data.Loops.Count(l => l.Channel == "chat" && l.Loop), n2 = data.Loops.Count(l => l.Channel == "chat");
        var pooled = (x1 + x2) / (n1 + n2);

        // Pooled z with each side's effective n: one unit per customer makes it n − 1 (see the warehouse).
        var z = ((x1 / n1) - (x2 / n2)) / Math.Sqrt(pooled * (1 - pooled) * ((1 / (n1 - 1)) + (1 / (n2 - 1))));
        Assert.Equal("two_proportion_z", voice.Test);
        Approx.Equal((x1 / n1) - (x2 / n2), voice.Value, 1e-15);
        Approx.Equal(NormalDistribution.TwoSidedPValue(z), voice.PValue, 1e-12);
    }

    [Fact]
    public void Q_values_are_Benjamini_Hochberg_over_every_delta_of_the_answer_across_rows_and_metrics()
    {
        var result = data.Run(new MetricQuery
        {
            Metrics = ["loop_rate", "conversation_quality"],
            GroupBy = ["channel", "handled_by"],
            Time = February,
            Compare = new GroupComparison("channel", "chat"),
            Caller = Caller.WithRole("cx_analyst"),
        });
        var deltas = result.Rows.SelectMany(r => r.Metrics.Values).Select(v => v.Delta).OfType<MetricDelta>().ToList();
        Assert.Equal(4, deltas.Count); // voice vs chat, for bot and agent, for two metrics

        // BH by hand: q(i) = min over j ≥ i of m·p(j)/j, in ascending p.
        var sorted = deltas.OrderBy(d => d.PValue).ToList();
        var m = sorted.Count;
        var expected = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            running = Math.Min(running, m * sorted[rank - 1].PValue!.Value / rank);
            expected[rank - 1] = running;
        }

        for (var i = 0; i < m; i++)
        {
            Approx.Equal(expected[i], sorted[i].QValue, 1e-15);
            Assert.Equal(expected[i] < 0.05, sorted[i].Significant);
        }
    }

    [Fact]
    public void A_paired_comparison_without_pairs_says_so_instead_of_a_delta()
    {
        // Each interaction has one channel: nothing pairs.
        var result = data.Run(new MetricQuery
        {
            Metrics = ["loop_rate"],
            GroupBy = ["channel"],
            Time = February,
            Compare = new GroupComparison("channel", "chat", Paired: true),
            Caller = Caller.WithRole("cx_analyst"),
        });
        var voice = result.Rows.Single(r => (string?)r.Dimensions[0] == "voice").Metrics["loop_rate"];
        Assert.Null(voice.Delta);
        Assert.Equal("fewer than two units of this cell are also in the group channel = chat (0 pairs); a paired comparison needs at least two pairs", voice.DeltaWithheld);
    }

    [Fact]
    public void A_missing_reference_group_is_named()
    {
        var result = data.Run(Tone(paired: false) with { Compare = new GroupComparison("evaluator_version", "v3") });
        Assert.All(result.Rows, r => Assert.Equal("no reference: the group evaluator_version = v3 has no units in this cell", r.Metrics["model_drift_index"].DeltaWithheld));
    }
}
