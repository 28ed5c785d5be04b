using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Statistics;
using CxSemantic.Compiler.Tests.Statistics;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using static CxSemantic.Compiler.Tests.TestCatalog;

namespace CxSemantic.Compiler.Tests.Execution;

/// <summary>
/// The cluster-robust statistics of compiled queries on DuckDB against hand-written SQL that groups the
/// units by customer itself and applies the sandwich formula (the oracle warehouse, 30 000 interactions,
/// H1 2026). The expected intervals are built here from the textbook formulas.
/// </summary>
public sealed class ClusterVarianceEndToEndTests
{
    private const double Z95 = 1.959963984540054;
    private readonly DuckDbDatabase _database = SeededWarehouse.Oracle.Database;

    private async Task<MetricValue> Cell(string metric, string dimension, string value)
    {
        var result = await new MetricQueryExecutor(Scorecard, new DuckDbSqlEngine(_database)).ExecuteAsync(Query(metric, dimension));
        return result.Rows.Single(r => Equals(r.Dimensions[0], value)).Metrics[metric];
    }

    /// <summary>Per cell of the hand-written per-customer sums: N, Y, G and Σ(yᵍ − (Y/N)nᵍ)², centred on the cell's own share.</summary>
    private Dictionary<string, (long N, long Y, long G, double Residuals)> Hand(string perCustomer)
    {
        var sql = $"""
            WITH per_customer AS ({perCustomer}),
            cells AS (SELECT cell, SUM(n_g) AS n, SUM(y_g) AS y, COUNT(*) AS g FROM per_customer WHERE n_g > 0 GROUP BY cell)
            SELECT c.cell, c.n, c.y, c.g, SUM(POWER(p.y_g - (CAST(c.y AS DOUBLE) / c.n) * p.n_g, 2))
            FROM per_customer p JOIN cells c ON c.cell = p.cell
            WHERE p.n_g > 0
            GROUP BY c.cell, c.n, c.y, c.g
            """;
        using var connection = _database.Connect();
        return connection.QueryRows(sql).ToDictionary(
            r => (string)r[0]!,
            r => (CellValues.ToLong(r[1]), CellValues.ToLong(r[2]), CellValues.ToLong(r[3]), Convert.ToDouble(r[4], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Escalation_rate_design_effect_and_interval_match_hand_written_per_customer_sql()
    {
        // Bot-started contacts, forced terminations excluded; numerator: handed to an agent.
        var hand = Hand("""
            SELECT channel AS cell, customer_id,
                   COUNT(*) AS n_g,
                   COUNT(*) FILTER (WHERE handled_by = 'bot_to_agent') AS y_g
            FROM interactions
            WHERE started_at >= TIMESTAMPTZ '2026-01-01 00:00:00+00' AND started_at < TIMESTAMPTZ '2026-07-01 00:00:00+00'
              AND handled_by IN ('bot', 'bot_to_agent')
              AND end_reason IS DISTINCT FROM 'forced_termination'
            GROUP BY channel, customer_id
            """);
        foreach (var (channel, (n, y, g, residuals)) in hand)
        {
            var value = await Cell("escalation_rate", "channel", channel);
            var p = (double)y / n;
            var variance = g / (g - 1.0) * residuals / n / n;
            var effectiveN = Math.Min(n, p * (1 - p) / variance);
            Assert.Equal(n, value.N);
            Assert.Equal(g, value.Clusters);
            Approx.Equal(variance / (p * (1 - p) / n), value.DesignEffect!.Value, 1e-9);
            Approx.Equal(effectiveN, value.EffectiveN!.Value, 1e-9);

            var z2 = Z95 * Z95;
            var centre = (p + (z2 / (2 * effectiveN))) / (1 + (z2 / effectiveN));
            var half = Z95 * Math.Sqrt((p * (1 - p) / effectiveN) + (z2 / (4 * effectiveN * effectiveN))) / (1 + (z2 / effectiveN));
            Approx.Equal(centre - half, value.Interval!.Low, 1e-9);
            Approx.Equal(centre + half, value.Interval.High, 1e-9);
        }

        Assert.True(hand.Count >= 3, $"only {hand.Count} channels");
    }

    [Fact]
    public async Task Nps_reaches_the_customer_through_its_interaction_and_linearizes_the_net_score()
    {
        var hand = Hand("""
            SELECT 'all' AS cell, i.customer_id,
                   COUNT(*) AS n_g,
                   COUNT(*) FILTER (WHERE s.score >= 9) - COUNT(*) FILTER (WHERE s.score <= 6) AS y_g
            FROM surveys s JOIN interactions i ON i.interaction_id = s.interaction_id
            WHERE s.responded_at >= TIMESTAMPTZ '2026-01-01 00:00:00+00' AND s.responded_at < TIMESTAMPTZ '2026-07-01 00:00:00+00'
              AND s.kind = 'nps'
            GROUP BY i.customer_id
            """);
        var (n, y, g, residuals) = hand["all"];
        var result = await new MetricQueryExecutor(Scorecard, new DuckDbSqlEngine(_database)).ExecuteAsync(Query("nps"));
        var value = Assert.Single(result.Rows).Metrics["nps"];
        var estimate = Assert.IsType<NetShareEstimate>(value.Estimate);
        var net = (double)y / n;
        var variance = g / (g - 1.0) * residuals / n / n;
        var iid = ((double)(estimate.Positives + estimate.Negatives) / n - (net * net)) / n;

        Assert.Equal(n, value.N);
        Assert.Equal(g, value.Clusters);
        Assert.True(g < n, $"{g} customers for {n} answers: some customers answer more than once");
        Approx.Equal(100 * net, value.Value!.Value, 1e-12);
        Approx.Equal(100 * Math.Sqrt(variance), estimate.StandardError!.Value, 1e-9);
        Approx.Equal(variance / iid, value.DesignEffect!.Value, 1e-9);
    }

    [Fact]
    public async Task Average_handle_time_uses_the_cluster_robust_se_with_t_on_customers_minus_one()
    {
        var sql = """
            WITH u AS (
                SELECT intent_complexity AS cell, customer_id, CAST(handle_seconds AS DOUBLE) AS x
                FROM interactions
                WHERE started_at >= TIMESTAMPTZ '2026-01-01 00:00:00+00' AND started_at < TIMESTAMPTZ '2026-07-01 00:00:00+00'
                  AND end_reason IS DISTINCT FROM 'abandoned'),
            cell_mean AS (SELECT cell, AVG(x) AS mean, VAR_SAMP(x) AS s2, COUNT(*) AS n FROM u GROUP BY cell),
            per_customer AS (SELECT cell, customer_id, COUNT(*) AS m_g, SUM(x) AS s_g FROM u GROUP BY cell, customer_id)
            SELECT c.cell, c.n, c.mean, c.s2, COUNT(*) AS g, SUM(POWER(p.s_g - c.mean * p.m_g, 2)) AS residuals
            FROM per_customer p JOIN cell_mean c ON c.cell = p.cell
            GROUP BY c.cell, c.n, c.mean, c.s2
            """;
        using var connection = _database.Connect();
        var cells = connection.QueryRows(sql);
        Assert.Equal(3, cells.Count);
        foreach (var row in cells)
        {
            var (n, mean, s2, g, residuals) = (CellValues.ToLong(row[1]), (double)row[2]!, (double)row[3]!, CellValues.ToLong(row[4]), (double)row[5]!);
            var value = await Cell("average_handle_time", "intent_complexity", (string)row[0]!);
            var estimate = Assert.IsType<MeanEstimate>(value.Estimate);
            var se = Math.Sqrt(g / (g - 1.0) * residuals) / n;
            Assert.Equal(n, value.N);
            Assert.Equal(g, value.Clusters);
            Assert.Equal(g - 1, estimate.DegreesOfFreedom);
            Approx.Equal(mean, value.Value!.Value, 1e-12);
            Approx.Equal(s2, estimate.Variance!.Value, 1e-9);
            Approx.Equal(se, estimate.StandardError!.Value, 1e-9);
            Approx.Equal(se * se / (s2 / n), value.DesignEffect!.Value, 1e-9);
            Approx.Equal(mean - (StudentTDistribution.TwoSidedMultiplier(0.95, g - 1) * se), value.Interval!.Low, 1e-9);
        }
    }

    [Fact]
    public async Task Journey_cells_are_clustered_by_customer_and_keep_their_unit_counts()
    {
        var value = await Cell("recontact_rate", "intent_complexity", "moderate");
        Assert.NotNull(value.Clusters);
        Assert.InRange(value.Clusters!.Value, 2, value.N);
        Assert.NotNull(value.DesignEffect);
        Assert.Equal(value.N, (long)value.Denominator!.Value);
    }

    [Fact]
    public async Task Shifting_every_handle_time_by_a_constant_shifts_the_mean_and_leaves_the_spread_alone()
    {
        // The two-pass SQL (var_samp within customers, residuals centred on the cell mean): one-pass
        // Σx² − (Σx)²/n would lose ~1e-3 of the variance at a shift of 1e9 seconds.
        using var database = DemoWarehouse.Generate(new DemoOptions { Interactions = 3_000, Seed = 5 }, threads: 1);
        using var connection = database.Connect();
        connection.ExecuteNonQuery("CREATE TABLE interactions_original AS SELECT * FROM interactions");
        var executor = new MetricQueryExecutor(Scorecard, new DuckDbSqlEngine(database));
        async Task<MetricValue> Simple() =>
            (await executor.ExecuteAsync(Query("average_handle_time", "intent_complexity"))).Rows.Single(r => Equals(r.Dimensions[0], "simple")).Metrics["average_handle_time"];
        var original = await Simple();
        var a = (MeanEstimate)original.Estimate!;
        foreach (var shift in new[] { 0.5, 1e3, 123_456.25, 1e6, 1e8, 987_654_321.5, 1e9, 4e9 })
        {
            connection.ExecuteNonQuery($"CREATE OR REPLACE TABLE interactions AS SELECT * REPLACE (CAST(handle_seconds AS DOUBLE) + {shift.ToString("R", CultureInfo.InvariantCulture)} AS handle_seconds) FROM interactions_original");
            var shifted = await Simple();
            var b = (MeanEstimate)shifted.Estimate!;
            var label = $"shift {shift}: mean {shifted.Value} vs {original.Value}, SE {b.StandardError} vs {a.StandardError}, s² {b.Variance} vs {a.Variance}";
            Assert.True(Math.Abs(shifted.Value!.Value - shift - original.Value!.Value) <= 1e-5, label);
            Assert.True(Math.Abs(b.StandardError!.Value - a.StandardError!.Value) <= 1e-7 * a.StandardError.Value, label);
            Assert.True(Math.Abs(b.Variance!.Value - a.Variance!.Value) <= 1e-7 * a.Variance.Value, label);
            Assert.True(Math.Abs(shifted.DesignEffect!.Value - original.DesignEffect!.Value) <= 1e-7 * original.DesignEffect.Value, label);
            Assert.Equal(original.Clusters, shifted.Clusters);
        }
    }
}
