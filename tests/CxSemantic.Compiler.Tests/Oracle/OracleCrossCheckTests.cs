using System.Collections.Immutable;
using System.Globalization;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Oracle;

/// <summary>
/// Proves the oracles right by computing the same numbers a second, differently written way: a procedural C# journey
/// stitch over the whole history, a NOT EXISTS journey-start count, hand counts in C# of system-event confirmation,
/// Cohen's kappa and cost, and partitions between metrics.
/// </summary>
[Collection(OracleCollectionDefinition.Name)]
public sealed class OracleCrossCheckTests(OracleFixture data)
{
    /// <summary>A window that starts in the middle of the data, so journeys begun before it must be left out.</summary>
    private static readonly ImmutableArray<OraclePeriod> MidRangeBerlinWeeks =
        OraclePeriod.For(new LocalDate(2026, 3, 10), new LocalDate(2026, 4, 20), "Europe/Berlin", OracleGrain.Week);

    public static TheoryData<string, int> JourneyCases() => new()
    {
        { "containment_rate", 0 }, { "containment_rate", 1 }, { "containment_rate", 2 },
        { "safe_automation_rate", 0 }, { "safe_automation_rate", 2 },
        { "intent_fcr", 0 }, { "intent_fcr", 1 },
        { "recontact_rate", 0 }, { "recontact_rate", 2 },
        { "silent_failure_rate", 0 }, { "silent_failure_rate", 1 },
        { "resolved_intents", 0 }, { "resolved_intents", 2 },
    };

    private static IReadOnlyList<OraclePeriod> PeriodSet(int index) => index switch
    {
        0 => OracleSanityTests.WholeRangeUtc,
        1 => OracleSanityTests.BerlinMonths,
        _ => MidRangeBerlinWeeks,
    };

    [Theory]
    [MemberData(nameof(JourneyCases))]
    public void Journey_oracles_equal_a_procedural_stitch_over_the_whole_history(string metric, int periodSet)
    {
        var periods = PeriodSet(periodSet);
        var spec = ProceduralJourneys.Metrics.Single(m => m.Metric == metric);
        var expected = spec.Cells(data.Journeys.Value, periods, data.Watermark);
        var actual = data.Run(metric, periods);

        Assert.Equal(Describe(expected, withNumerator: actual.Any(r => r.Numerator is not null)), Describe(actual, withNumerator: actual.Any(r => r.Numerator is not null)));
    }

    [Fact]
    public void Journey_starts_counted_with_NOT_EXISTS_equal_the_window_function_stitch()
    {
        // recontact_rate has no inclusion and no exclusion: n + immature per period is every journey that starts in it.
        var oracle = data.Run("recontact_rate", OracleSanityTests.BerlinMonths)
            .GroupBy(r => r.Period)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.N + r.Immature!.Value));

        // A contact starts a journey iff no contact of the same identity precedes it (by started_at, interaction_id)
        // within 168 hours. Reads the whole history; uses the periods table the oracle run left behind.
        var direct = data.Connection.QueryRows(
            """
            SELECT p.period, count(*)
            FROM interactions c
            JOIN periods p ON c.started_at >= p.period_start AND c.started_at < p.period_end
            WHERE NOT EXISTS (
                SELECT 1 FROM interactions e
                WHERE e.customer_id = c.customer_id
                  AND coalesce(e.intent_confirmed, e.intent_predicted) = coalesce(c.intent_confirmed, c.intent_predicted)
                  AND (e.started_at < c.started_at OR (e.started_at = c.started_at AND e.interaction_id < c.interaction_id))
                  AND epoch_ms(c.started_at) - epoch_ms(e.started_at) <= 7 * 24 * 3600 * 1000)
            GROUP BY p.period
            """).ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));

        Assert.Equal(direct.OrderBy(d => d.Key), oracle.OrderBy(o => o.Key));
        Assert.Equal(data.Journeys.Value.Count(j => j.Start >= OracleSanityTests.BerlinWhole[0].Start && j.Start < OracleSanityTests.BerlinWhole[0].End), direct.Values.Sum());
    }

    [Fact]
    public void Containment_and_safe_automation_partition_the_same_eligible_journeys()
    {
        var containment = data.Run("containment_rate", OracleSanityTests.BerlinMonths).ToDictionary(r => (r.Period, r.GroupValue));
        var safe = data.Run("safe_automation_rate", OracleSanityTests.BerlinMonths).ToDictionary(r => (r.Period, r.GroupValue));
        Assert.Equal(containment.Keys.Order(), safe.Keys.Order());
        foreach (var (cell, c) in containment)
        {
            var s = safe[cell];
            // Same eligible journeys: safe has no exclusions, containment removes forced terminations and rage quits.
            Assert.Equal(s.N + s.Immature, c.N + c.Immature + c.Excluded.Sum());
            // Contained journeys never rage-quit or were force-terminated after exclusion, so both numerators are the same set.
            Assert.Equal(c.Numerator, s.Numerator);
            // contained + not contained = n
            Assert.Equal(c.N, c.Numerator!.Value + (c.N - c.Numerator.Value));
            Assert.True(c.N == 0 || Math.Abs(c.Value!.Value + (c.N - c.Numerator.Value) / (double)c.N - 1) < 1e-12);
        }
    }

    [Fact]
    public void Queue_mix_shares_partition_every_cell()
    {
        var shares = new[] { "automated_share", "assisted_share", "human_share" }
            .Select(m => data.Run(m, OracleSanityTests.BerlinMonths).ToDictionary(r => (r.Period, r.GroupValue)))
            .ToList();
        Assert.All(shares, s => Assert.Equal(shares[0].Keys.Order(), s.Keys.Order()));
        foreach (var cell in shares[0].Keys)
        {
            Assert.Equal(shares[0][cell].N, shares.Sum(s => s[cell].Numerator!.Value));
            Assert.Equal(1.0, shares.Sum(s => s[cell].Value!.Value), 12);
        }
    }

    [Fact]
    public void Derived_metrics_agree_with_their_components()
    {
        var periods = OracleSanityTests.BerlinMonths;
        foreach (var (rate, count) in new[] { ("policy_violation_rate", "policy_violations"), ("policy_near_miss_rate", "policy_near_misses") })
        {
            var rates = data.Run(rate, periods);
            var counts = data.Run(count, periods);
            var contacts = data.Run("interaction_count", periods);
            foreach (var period in periods.Select(p => p.Label))
            {
                Assert.Equal(counts.Where(r => r.Period == period).Sum(r => r.N), rates.Where(r => r.Period == period).Sum(r => r.Numerator!.Value));
                Assert.Equal(contacts.Where(r => r.Period == period).Sum(r => r.N), rates.Where(r => r.Period == period).Sum(r => r.N));
            }

            Assert.All(rates, r => Assert.Equal(1000 * r.Numerator!.Value / r.Denominator!.Value, r.Value!.Value, 9));
        }

        var costPerResolution = data.Run("cost_to_serve_per_resolved_intent", periods);
        var totalCost = data.Run("total_cost", periods);
        var resolved = data.Run("resolved_intents", periods);
        foreach (var period in periods.Select(p => p.Label))
        {
            Assert.Equal(totalCost.Where(r => r.Period == period).Sum(r => r.Value!.Value), costPerResolution.Where(r => r.Period == period).Sum(r => r.Numerator ?? 0), 6);
            Assert.Equal(resolved.Where(r => r.Period == period).Sum(r => r.N), costPerResolution.Where(r => r.Period == period).Sum(r => r.N));
            Assert.Equal(resolved.Where(r => r.Period == period).Sum(r => r.Immature), costPerResolution.Where(r => r.Period == period).Sum(r => r.Immature));
        }
    }

    [Fact]
    public void Total_cost_equals_a_procedural_rate_lookup()
    {
        var rates = data.Connection.QueryRows("SELECT channel, actor, effective_from, effective_to, cost_per_minute, overhead_per_interaction FROM cost_rates")
            .Select(r => (Channel: (string)r[0]!, Actor: (string)r[1]!, From: ToUtcMidnight(r[2]!), To: r[3] is null ? (DateTime?)null : ToUtcMidnight(r[3]!),
                PerMinute: Convert.ToDouble(r[4], CultureInfo.InvariantCulture), Overhead: Convert.ToDouble(r[5], CultureInfo.InvariantCulture)))
            .ToList();
        var window = OracleSanityTests.BerlinMonths;
        var expected = data.Connection.QueryRows("SELECT channel, handled_by, started_at, handle_seconds FROM interactions")
            .Select(r => (Channel: (string)r[0]!, HandledBy: (string)r[1]!, Started: Instant.FromDateTimeUtc((DateTime)r[2]!), Seconds: Convert.ToDouble(r[3], CultureInfo.InvariantCulture)))
            .SelectMany(i => window.Where(p => i.Started >= p.Start && i.Started < p.End).Select(p => (p.Label, i)))
            .GroupBy(x => (x.Label, x.i.HandledBy), x =>
            {
                var actor = x.i.HandledBy == "bot" ? "bot" : "agent";
                var started = x.i.Started.ToDateTimeUtc();
                var rate = rates.Single(r => r.Channel == x.i.Channel && r.Actor == actor && started >= r.From && (r.To is null || started < r.To));
                return x.i.Seconds / 60.0 * rate.PerMinute + rate.Overhead;
            })
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Cost: g.Sum()));

        var actual = data.Run("total_cost", window);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var row in actual)
        {
            var (count, cost) = expected[(row.Period, row.GroupValue!)];
            Assert.Equal(count, row.N);
            Assert.Equal(cost, row.Value!.Value, 6);
        }
    }

    [Fact]
    public void Resolution_accuracy_equals_a_hand_count_of_confirming_events()
    {
        var period = OracleSanityTests.WholeRangeUtc[0];
        var events = data.Connection.QueryRows(
                "SELECT customer_id, occurred_at FROM system_events WHERE event_type IN ('order_shipped', 'payment_received', 'ticket_closed', 'refund_issued')")
            .ToLookup(r => (string)r[0]!, r => Instant.FromDateTimeUtc((DateTime)r[1]!));
        var window = Duration.FromDays(3);
        var expected = data.Connection.QueryRows(
                "SELECT coalesce(intent_confirmed, intent_predicted), customer_id, started_at, ended_at FROM interactions WHERE declared_outcome = 'resolved'")
            .Select(r => (Intent: (string)r[0]!, Customer: (string)r[1]!, Started: Instant.FromDateTimeUtc((DateTime)r[2]!), Ended: Instant.FromDateTimeUtc((DateTime)r[3]!)))
            .Where(i => i.Started >= period.Start && i.Started < period.End)
            .GroupBy(i => i.Intent)
            .Select(g =>
            {
                var mature = g.Where(i => i.Ended + window <= data.Watermark).ToList();
                var confirmed = mature.Count(i => events[i.Customer].Any(e => e > i.Ended && e <= i.Ended + window));
                return $"{period.Label} {g.Key}: n={mature.Count} confirmed={confirmed} immature={g.Count() - mature.Count}";
            })
            .Order(StringComparer.Ordinal);

        var actual = data.Run("resolution_accuracy", OracleSanityTests.WholeRangeUtc)
            .Select(r => $"{r.Period} {r.GroupValue}: n={r.N} confirmed={r.Numerator} immature={r.Immature}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Kappa_and_accuracy_equal_a_procedural_computation_over_the_pairs()
    {
        var period = OracleSanityTests.WholeRangeUtc[0];
        var human = data.Connection.QueryRows("SELECT interaction_id, dimension, reviewer_id, label FROM human_labels")
            .GroupBy(r => (Convert.ToInt64(r[0], CultureInfo.InvariantCulture), (string)r[1]!))
            .ToDictionary(g => g.Key, g => (string)g.OrderBy(r => (string)r[2]!, StringComparer.Ordinal).First()[3]!);
        var pairs = data.Connection.QueryRows(
                "SELECT interaction_id, evaluator, evaluator_version, label FROM evaluations WHERE evaluated_at >= $1 AND evaluated_at < $2",
                period.Start.ToDateTimeUtc(), period.End.ToDateTimeUtc())
            .Select(r => (Key: (Convert.ToInt64(r[0], CultureInfo.InvariantCulture), (string)r[1]!), Group: $"{r[1]}/{r[2]}", Ai: (string)r[3]!))
            .Where(e => human.ContainsKey(e.Key))
            .Select(e => (e.Group, e.Ai, Human: human[e.Key]))
            .ToLookup(p => p.Group);

        var calibration = data.Run("evaluator_calibration", OracleSanityTests.WholeRangeUtc);
        foreach (var row in calibration)
        {
            var cell = pairs[row.GroupValue!].ToList();
            Assert.Equal(cell.Count, row.N);
            if (cell.Count == 0)
            {
                Assert.Null(row.Value);
                continue;
            }

            double n = cell.Count;
            var observed = cell.Count(p => p.Ai == p.Human) / n;
            var chance = cell.Select(p => p.Ai).Concat(cell.Select(p => p.Human)).Distinct()
                .Sum(label => cell.Count(p => p.Ai == label) / n * (cell.Count(p => p.Human == label) / n));
            Assert.Equal((observed - chance) / (1 - chance), row.Value!.Value, 9);
        }

        Assert.Contains(calibration, r => r.N >= 100);
        var resolution = pairs["conversation_resolution/v1"].ToList();
        var accuracy = data.Run("resolution_evaluator_accuracy", OracleSanityTests.WholeRangeUtc);
        Assert.Equal(resolution.Count, accuracy.Sum(r => r.N));
        Assert.Equal(resolution.Count(p => p.Ai == p.Human), accuracy.Sum(r => r.Numerator!.Value));
    }

    private static DateTime ToUtcMidnight(object date) => date switch
    {
        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        DateTime t => DateTime.SpecifyKind(t.Date, DateTimeKind.Utc),
        _ => throw new InvalidCastException(date.GetType().Name),
    };

    private static string Describe(IReadOnlyList<OracleRow> rows, bool withNumerator) => string.Join(
        "\n",
        rows.Select(r => $"{r.Period} {r.GroupValue}: n={r.N}{(withNumerator ? $" num={r.Numerator}" : "")} immature={r.Immature} excluded=[{string.Join(",", r.Excluded)}]"));
}
