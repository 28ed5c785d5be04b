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
        { "self_service_completion_time", 0 }, { "self_service_completion_time", 1 },
        { "ai_customer_effort", 0 }, { "ai_customer_effort", 2 },
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
    public void Safe_automation_counts_a_subset_of_the_contained_journeys_of_the_same_denominator()
    {
        var containment = data.Run("containment_rate", OracleSanityTests.BerlinMonths).ToDictionary(r => (r.Period, r.GroupValue));
        var safe = data.Run("safe_automation_rate", OracleSanityTests.BerlinMonths).ToDictionary(r => (r.Period, r.GroupValue));
        Assert.Equal(containment.Keys.Order(), safe.Keys.Order());
        foreach (var (cell, c) in containment)
        {
            var s = safe[cell];
            // Same eligible journeys, no exclusions on either side (rage quits and forced terminations stay in the denominator).
            Assert.Empty(c.Excluded);
            Assert.Equal((s.N, s.Immature), (c.N, c.Immature));
            // Safe = contained and no policy incident: never more, and less somewhere (near misses happen in bot journeys).
            Assert.True(s.Numerator <= c.Numerator, $"{cell}: safe {s.Numerator} > contained {c.Numerator}");
        }

        Assert.True(safe.Values.Sum(s => s.Numerator) < containment.Values.Sum(c => c.Numerator));
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

        // Cost per resolved intent: cost and resolutions over the same mature journeys. Its n (all mature journeys, no
        // inclusion, no exclusion, no look-ahead) is recontact_rate's, its denominator resolved_intents' n, and its numerator
        // the procedurally stitched journeys' cost.
        var costPerResolution = data.Run("cost_to_serve_per_resolved_intent", periods);
        var recontact = data.Run("recontact_rate", periods);
        var resolved = data.Run("resolved_intents", periods);
        foreach (var period in periods)
        {
            var cells = costPerResolution.Where(r => r.Period == period.Label).ToList();
            Assert.Equal(recontact.Where(r => r.Period == period.Label).Sum(r => r.N), cells.Sum(r => r.N));
            Assert.Equal(recontact.Where(r => r.Period == period.Label).Sum(r => r.Immature), cells.Sum(r => r.Immature));
            Assert.Equal(resolved.Where(r => r.Period == period.Label).Sum(r => r.N), cells.Sum(r => r.Denominator!.Value));
            var mature = data.Journeys.Value.Where(j => j.Start >= period.Start && j.Start < period.End
                && j.Start + ProceduralJourneys.Horizon <= data.Watermark).ToList();
            Assert.Equal(mature.Sum(j => j.Cost), cells.Sum(r => r.Numerator ?? 0), 6);
            Assert.All(cells, r => Assert.Equal(r.Numerator!.Value / r.Denominator!.Value, r.Value!.Value, 9));
        }
    }

    [Fact]
    public void Total_cost_equals_a_procedural_rate_lookup()
    {
        var rates = ProceduralJourneys.CostRates(data.Connection);
        var window = OracleSanityTests.BerlinMonths;
        var expected = data.Connection.QueryRows("SELECT channel, handled_by, started_at, handle_seconds FROM interactions")
            .Select(r => (Channel: (string)r[0]!, HandledBy: (string)r[1]!, Started: Instant.FromDateTimeUtc((DateTime)r[2]!), Seconds: Convert.ToDouble(r[3], CultureInfo.InvariantCulture)))
            .SelectMany(i => window.Where(p => i.Started >= p.Start && i.Started < p.End).Select(p => (p.Label, i)))
            .GroupBy(x => (x.Label, x.i.HandledBy), x => ProceduralJourneys.ContactCost(rates, x.i.Channel, x.i.HandledBy, x.i.Started, x.i.Seconds))
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
    public void Resolution_accuracy_equals_a_hand_count_of_linked_confirming_events()
    {
        // The confirming event type of each intent (events_by_intent); other intents are excluded by name.
        var confirmingType = new Dictionary<string, string>
        {
            ["order_status"] = "order_shipped", ["delivery_problem"] = "order_shipped",
            ["billing_question"] = "payment_received", ["payment_issue"] = "payment_received",
            ["refund_request"] = "refund_issued", ["cancel_order"] = "refund_issued", ["return_item"] = "refund_issued",
            ["password_reset"] = "ticket_closed", ["account_access"] = "ticket_closed", ["fraud_report"] = "ticket_closed",
            ["technical_issue"] = "ticket_closed", ["device_setup"] = "ticket_closed", ["outage_report"] = "ticket_closed",
            ["service_complaint"] = "ticket_closed", ["cancel_subscription"] = "account_closed",
        };
        var period = OracleSanityTests.WholeRangeUtc[0];
        var contacts = data.Connection.QueryRows(
                "SELECT interaction_id, coalesce(intent_confirmed, intent_predicted), customer_id, started_at, ended_at, declared_outcome FROM interactions")
            .Select(r => (Id: Convert.ToInt64(r[0], CultureInfo.InvariantCulture), Intent: (string)r[1]!, Customer: (string)r[2]!,
                Started: Instant.FromDateTimeUtc((DateTime)r[3]!), Ended: Instant.FromDateTimeUtc((DateTime)r[4]!), Declared: (string?)r[5]))
            .ToList();
        var contactById = contacts.ToDictionary(c => c.Id);
        var events = data.Connection.QueryRows("SELECT customer_id, interaction_id, event_type, occurred_at FROM system_events")
            .Select(r => (Customer: (string)r[0]!, Linked: r[1] is null ? (long?)null : Convert.ToInt64(r[1], CultureInfo.InvariantCulture),
                Type: (string)r[2]!, At: Instant.FromDateTimeUtc((DateTime)r[3]!)))
            .ToLookup(e => e.Customer);
        var window = Duration.FromDays(3);
        var expected = contacts
            .Where(i => i.Declared == "resolved" && i.Started >= period.Start && i.Started < period.End)
            .GroupBy(i => i.Intent)
            .Select(g =>
            {
                if (!confirmingType.TryGetValue(g.Key, out var type))
                {
                    return $"{period.Label} {g.Key}: n=0 confirmed=0 immature=0 excluded={g.Count()}";
                }

                var mature = g.Where(i => i.Ended + window <= data.Watermark).ToList();
                var confirmed = mature.Count(i => events[i.Customer].Any(e =>
                    e.Type == type && e.At > i.Ended && e.At <= i.Ended + window
                    && e.Linked is { } linked
                    && (linked == i.Id || (contactById.TryGetValue(linked, out var other) && other.Customer == i.Customer && other.Intent == i.Intent))));
                return $"{period.Label} {g.Key}: n={mature.Count} confirmed={confirmed} immature={g.Count() - mature.Count} excluded=0";
            })
            .Order(StringComparer.Ordinal)
            .ToList();

        var actual = data.Run("resolution_accuracy", OracleSanityTests.WholeRangeUtc)
            .Select(r => $"{r.Period} {r.GroupValue}: n={r.N} confirmed={r.Numerator} immature={r.Immature} excluded={r.Excluded.Single()}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, actual);
        // The data must exercise the rule: some confirmations, and some declared resolutions left unconfirmed.
        Assert.Contains(expected, e => !e.Contains("confirmed=0 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Kappa_and_accuracy_equal_a_procedural_computation_over_the_pairs()
    {
        var period = OracleSanityTests.WholeRangeUtc[0];
        // The earliest label of each interaction and dimension (then the lowest reviewer id).
        var human = data.Connection.QueryRows("SELECT interaction_id, dimension, reviewer_id, label, labeled_at FROM human_labels")
            .GroupBy(r => (Convert.ToInt64(r[0], CultureInfo.InvariantCulture), (string)r[1]!))
            .ToDictionary(g => g.Key, g => (string)g.OrderBy(r => (DateTime)r[4]!).ThenBy(r => (string)r[2]!, StringComparer.Ordinal).First()[3]!);
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

    private static string Describe(IReadOnlyList<OracleRow> rows, bool withNumerator) => string.Join(
        "\n",
        rows.Select(r => $"{r.Period} {r.GroupValue}: n={r.N}{(withNumerator ? string.Create(CultureInfo.InvariantCulture, $" num={r.Numerator:F4}") : "")} immature={r.Immature} excluded=[{string.Join(",", r.Excluded)}]"));
}
