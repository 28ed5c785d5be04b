using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.Tests.Demo;

/// <summary>
/// <see cref="DemoOptions.Stationary"/>: the data of the A/A simulation has none of the dated planted effects, so a
/// metric's expected value is the same in every period. Each assertion fails on the default (planted) data.
/// </summary>
public sealed class StationaryDemoTests : IDisposable
{
    private readonly DuckDBConnection _connection =
        DemoWarehouse.Shared(new DemoOptions { Interactions = 40_000, Seed = 42, Stationary = true }).Database.Connect();

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void Every_evaluator_keeps_one_version_over_the_whole_range()
    {
        // Planted data: conversation_resolution moves to v2 on 2026-02-16 and tone to v2 from the shadow window on.
        var versions = _connection.QueryRows("SELECT evaluator, string_agg(DISTINCT evaluator_version, ','), max(evaluated_at) FROM evaluations GROUP BY evaluator")
            .ToDictionary(r => (string)r[0]!, r => (Versions: (string)r[1]!, Last: (DateTime)r[2]!));
        Assert.Equal(8, versions.Count);
        Assert.All(versions.Values, v => Assert.Equal("v1", v.Versions));
        Assert.True(versions["tone"].Last > new DateTime(2026, 6, 29, 0, 0, 0, DateTimeKind.Utc), "tone v1 scores the last days too");
    }

    [Fact]
    public void No_bot_release_writes_more_wrong_disposition_codes_than_the_baseline()
    {
        // Planted data: 32 % wrong codes under the faulty release against 3 % otherwise.
        var rows = _connection.QueryRows(
            """
            SELECT i.bot_release = $1, avg(CASE WHEN w.disposition_code <> i.intent_confirmed THEN 1.0 ELSE 0.0 END), count(*)
            FROM crm_writes w JOIN interactions i USING (interaction_id)
            WHERE w.written_by = 'bot' AND w.tool = 'log_disposition' AND i.intent_confirmed IS NOT NULL
            GROUP BY ALL
            """,
            PlantedEffects.FaultyBotRelease).ToDictionary(r => (bool)r[0]!, r => (Rate: Convert.ToDouble(r[1]), Writes: Convert.ToInt64(r[2])));
        Assert.InRange(rows[true].Writes, 500, 2_000);
        Assert.InRange(rows[true].Rate, 0.01, 0.06);
        Assert.InRange(rows[false].Rate, 0.015, 0.045);
    }
}
