using System.Collections.Immutable;
using CxSemantic.Testing;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Oracle;

/// <summary>What kind of value an oracle returns, and so which bounds its cells must respect.</summary>
public enum OracleValueKind
{
    /// <summary>A share of counted units: value = numerator / denominator in [0, 1], denominator = n.</summary>
    Proportion,

    /// <summary>Cohen's kappa in [-1, 1] (numerator / denominator is the observed agreement).</summary>
    Kappa,

    /// <summary>Net Promoter Score in [-100, 100].</summary>
    Nps,

    /// <summary>A count of units: value = n.</summary>
    Count,

    /// <summary>A mean of a bounded expression: value = numerator / denominator, denominator = n.</summary>
    Mean,

    /// <summary>A non-negative total or derived ratio of totals.</summary>
    NonNegative,
}

/// <summary>Every oracle runs on the demo warehouse and gives sane, internally consistent cells.</summary>
[Collection(OracleCollectionDefinition.Name)]
public sealed class OracleSanityTests(OracleFixture data)
{
    public static readonly LocalDate DataFrom = new(2026, 1, 1);

    public static readonly LocalDate DataTo = new(2026, 7, 1);

    public static readonly ImmutableArray<OraclePeriod> WholeRangeUtc = OraclePeriod.Utc(DataFrom, DataTo);

    public static readonly ImmutableArray<OraclePeriod> BerlinMonths = OraclePeriod.For(DataFrom, DataTo, "Europe/Berlin", OracleGrain.Month);

    public static readonly ImmutableArray<OraclePeriod> BerlinWhole = OraclePeriod.For(DataFrom, DataTo, "Europe/Berlin");

    /// <summary>Value kind and, for means, the expression's range.</summary>
    public static readonly ImmutableDictionary<string, (OracleValueKind Kind, double Min, double Max)> Kinds =
        new Dictionary<string, (OracleValueKind, double, double)>
        {
            ["automated_share"] = (OracleValueKind.Proportion, 0, 1),
            ["assisted_share"] = (OracleValueKind.Proportion, 0, 1),
            ["human_share"] = (OracleValueKind.Proportion, 0, 1),
            ["escalation_rate"] = (OracleValueKind.Proportion, 0, 1),
            ["sla_adherence"] = (OracleValueKind.Proportion, 0, 1),
            ["intent_recognition_accuracy"] = (OracleValueKind.Proportion, 0, 1),
            ["guidance_acceptance"] = (OracleValueKind.Proportion, 0, 1),
            ["handoff_quality"] = (OracleValueKind.Proportion, 0, 1),
            ["crm_disposition_mismatch_rate"] = (OracleValueKind.Proportion, 0, 1),
            ["loop_rate"] = (OracleValueKind.Proportion, 0, 1),
            ["empathy_alignment"] = (OracleValueKind.Proportion, 0, 1),
            ["conversational_csat"] = (OracleValueKind.Proportion, 0, 1),
            ["resolution_accuracy"] = (OracleValueKind.Proportion, 0, 1),
            ["resolution_evaluator_accuracy"] = (OracleValueKind.Proportion, 0, 1),
            ["containment_rate"] = (OracleValueKind.Proportion, 0, 1),
            ["safe_automation_rate"] = (OracleValueKind.Proportion, 0, 1),
            ["intent_fcr"] = (OracleValueKind.Proportion, 0, 1),
            ["recontact_rate"] = (OracleValueKind.Proportion, 0, 1),
            ["silent_failure_rate"] = (OracleValueKind.Proportion, 0, 1),
            ["evaluator_calibration"] = (OracleValueKind.Kappa, -1, 1),
            ["nps"] = (OracleValueKind.Nps, -100, 100),
            ["interaction_count"] = (OracleValueKind.Count, 0, double.PositiveInfinity),
            ["policy_violations"] = (OracleValueKind.Count, 0, double.PositiveInfinity),
            ["policy_near_misses"] = (OracleValueKind.Count, 0, double.PositiveInfinity),
            ["resolved_intents"] = (OracleValueKind.Count, 0, double.PositiveInfinity),
            ["self_service_completion_time"] = (OracleValueKind.Mean, 0, double.PositiveInfinity),
            ["ai_customer_effort"] = (OracleValueKind.Mean, 0, double.PositiveInfinity),
            ["average_handle_time"] = (OracleValueKind.Mean, 0, double.PositiveInfinity),
            ["conversation_quality"] = (OracleValueKind.Mean, 0, 1),
            ["model_drift_index"] = (OracleValueKind.Mean, 0, 1),
            ["customer_effort"] = (OracleValueKind.Mean, 1, 7),
            ["total_cost"] = (OracleValueKind.NonNegative, 0, double.PositiveInfinity),
            ["policy_violation_rate"] = (OracleValueKind.NonNegative, 0, 1000),
            ["policy_near_miss_rate"] = (OracleValueKind.NonNegative, 0, 1000),
            ["cost_to_serve_per_resolved_intent"] = (OracleValueKind.NonNegative, 0, double.PositiveInfinity),
        }.ToImmutableDictionary();

    public static readonly ImmutableHashSet<string> AgreementMetrics = ["evaluator_calibration", "resolution_evaluator_accuracy"];

    public static TheoryData<string> Metrics() => [.. Kinds.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_metric_definition_has_an_oracle_and_a_value_kind()
    {
        var definitions = FindDefinitionMetrics();
        Assert.Equal(35, definitions.Length);
        Assert.Equal(string.Join(" ", definitions), string.Join(" ", OracleQuery.MetricNames()));
        Assert.Equal(string.Join(" ", definitions), string.Join(" ", Kinds.Keys.Order(StringComparer.Ordinal)));
        foreach (var metric in definitions)
        {
            var query = OracleQuery.Load(metric);
            Assert.NotEmpty(query.GroupBy);
            Assert.NotEmpty(query.Notes);
        }
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Oracle_cells_are_sane_over_the_whole_range_and_by_Berlin_month(string metric)
    {
        foreach (var periods in new[] { WholeRangeUtc, BerlinMonths })
        {
            var rows = data.Run(metric, periods);
            Assert.NotEmpty(rows);
            AssertSane(metric, periods, rows);
        }
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Monthly_cells_add_up_to_the_whole_window(string metric)
    {
        // Units fall in exactly one period, so every count is additive across a partition of the window, journeys included
        // (a journey belongs to the month of its start whatever the stitching window reads).
        var months = Totals(data.Run(metric, BerlinMonths));
        var whole = Totals(data.Run(metric, BerlinWhole));
        Assert.Equal(whole, months);
    }

    public static TheoryData<string, string> DirectTotals() => new()
    {
        { "interaction_count", "SELECT count(*) FROM interactions WHERE started_at >= $1 AND started_at < $2" },
        { "automated_share", "SELECT count(*) FROM interactions WHERE started_at >= $1 AND started_at < $2" },
        { "total_cost", "SELECT count(*) FROM interactions WHERE started_at >= $1 AND started_at < $2" },
        { "average_handle_time", "SELECT count(*) FROM interactions WHERE started_at >= $1 AND started_at < $2" },
        { "policy_violation_rate", "SELECT count(*) FROM interactions WHERE started_at >= $1 AND started_at < $2" },
        { "escalation_rate", "SELECT count(*) FROM interactions WHERE started_at >= $1 AND started_at < $2 AND handled_by <> 'agent'" },
        { "sla_adherence", "SELECT count(*) FROM interactions WHERE started_at >= $1 AND started_at < $2 AND channel <> 'email'" },
        { "intent_recognition_accuracy", "SELECT count(intent_confirmed) FROM interactions WHERE started_at >= $1 AND started_at < $2" },
        { "resolution_accuracy", "SELECT count(*) FROM interactions WHERE started_at >= $1 AND started_at < $2 AND declared_outcome = 'resolved'" },
        { "guidance_acceptance", "SELECT count(*) FROM suggestions WHERE shown_at >= $1 AND shown_at < $2" },
        { "handoff_quality", "SELECT count(*) FROM handoffs WHERE occurred_at >= $1 AND occurred_at < $2 AND from_actor = 'bot' AND to_actor = 'agent'" },
        { "crm_disposition_mismatch_rate", "SELECT count(*) FROM crm_writes WHERE written_at >= $1 AND written_at < $2 AND tool = 'log_disposition' AND succeeded" },
        { "loop_rate", "SELECT count(*) FROM evaluations WHERE evaluated_at >= $1 AND evaluated_at < $2 AND evaluator = 'loop_detection' AND evaluator_version = 'v1'" },
        { "empathy_alignment", "SELECT count(*) FROM evaluations WHERE evaluated_at >= $1 AND evaluated_at < $2 AND evaluator = 'tone' AND evaluator_version = 'v2'" },
        { "conversation_quality", "SELECT count(*) FROM evaluations WHERE evaluated_at >= $1 AND evaluated_at < $2 AND evaluator = 'conversation_quality' AND evaluator_version = 'v1'" },
        { "model_drift_index", "SELECT count(*) FROM evaluations WHERE evaluated_at >= $1 AND evaluated_at < $2" },
        {
            "evaluator_calibration",
            "SELECT count(*) FROM evaluations e WHERE evaluated_at >= $1 AND evaluated_at < $2 AND e.interaction_id IN (SELECT interaction_id FROM human_labels h WHERE h.dimension = e.evaluator)"
        },
        { "conversational_csat", "SELECT count(*) FROM surveys WHERE responded_at >= $1 AND responded_at < $2 AND kind = 'csat'" },
        { "customer_effort", "SELECT count(*) FROM surveys WHERE responded_at >= $1 AND responded_at < $2 AND kind = 'ces'" },
        { "nps", "SELECT count(*) FROM surveys WHERE responded_at >= $1 AND responded_at < $2 AND kind = 'nps'" },
        { "policy_violations", "SELECT count(*) FROM policy_events WHERE occurred_at >= $1 AND occurred_at < $2 AND severity = 'violation'" },
        { "policy_near_misses", "SELECT count(*) FROM policy_events WHERE occurred_at >= $1 AND occurred_at < $2 AND severity = 'near_miss'" },
    };

    [Theory]
    [MemberData(nameof(DirectTotals))]
    public void Included_units_over_all_cells_equal_a_direct_count(string metric, string directCount)
    {
        var rows = data.Run(metric, WholeRangeUtc);
        var included = rows.Sum(r => r.N + (r.Immature ?? 0) + r.Excluded.Sum());
        var period = WholeRangeUtc[0];
        Assert.Equal(data.Count(directCount, period.Start.ToDateTimeUtc(), period.End.ToDateTimeUtc()), included);
    }

    [Fact]
    public void Period_builder_cuts_local_months_and_ISO_weeks_across_DST()
    {
        var months = OraclePeriod.For(new LocalDate(2026, 3, 15), new LocalDate(2026, 5, 1), "Europe/Berlin", OracleGrain.Month);
        Assert.Equal(["2026-03-01", "2026-04-01"], months.Select(p => p.Label));
        Assert.Equal(Instant.FromUtc(2026, 3, 14, 23, 0), months[0].Start);
        Assert.Equal(Instant.FromUtc(2026, 3, 31, 22, 0), months[0].End); // CEST from 29 March
        Assert.Equal(months[0].End, months[1].Start);

        var days = OraclePeriod.For(new LocalDate(2026, 3, 29), new LocalDate(2026, 3, 30), "Europe/Berlin", OracleGrain.Day);
        Assert.Equal(Duration.FromHours(23), days[0].End - days[0].Start);

        var weeks = OraclePeriod.For(new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 13), "Etc/UTC", OracleGrain.Week);
        Assert.Equal(["2025-12-29", "2026-01-05", "2026-01-12"], weeks.Select(p => p.Label));
        Assert.Equal(Instant.FromUtc(2026, 1, 1, 0, 0), weeks[0].Start);
    }

    private static void AssertSane(string metric, IReadOnlyList<OraclePeriod> periods, IReadOnlyList<OracleRow> rows)
    {
        var (kind, min, max) = Kinds[metric];
        var labels = periods.Select(p => p.Label).ToHashSet();
        Assert.Equal(rows.Count, rows.Select(r => (r.Period, r.GroupValue)).Distinct().Count());
        foreach (var row in rows)
        {
            var where = $"{metric} {row}";
            Assert.True(labels.Contains(row.Period), where);
            Assert.True(row.N >= 0 && (row.Immature is null or >= 0) && row.Excluded.All(e => e >= 0), where);
            // Agreement metrics count evaluation rows as units but n as labelled pairs, so their cells may have n = 0.
            Assert.True(row.N + (row.Immature ?? 0) + row.Excluded.Sum() > 0 || AgreementMetrics.Contains(metric), $"cell without any included unit: {where}");
            if (row.Value is not { } value)
            {
                Assert.True(row.N == 0 || kind == OracleValueKind.Kappa, $"value missing: {where}");
                continue;
            }

            Assert.True(double.IsFinite(value) && value >= min - 1e-9 && value <= max + 1e-9, $"value out of [{min}, {max}]: {where}");
            switch (kind)
            {
                case OracleValueKind.Proportion:
                    Assert.True(row.Numerator <= row.Denominator && row.Numerator >= 0, where);
                    Assert.Equal((double)row.N, row.Denominator);
                    Assert.Equal(row.Numerator!.Value / row.Denominator!.Value, value, 12);
                    break;
                case OracleValueKind.Kappa:
                    Assert.True(row.Numerator <= row.Denominator && row.Numerator >= 0, where);
                    Assert.Equal((double)row.N, row.Denominator);
                    break;
                case OracleValueKind.Nps:
                    Assert.Equal(100 * row.Numerator!.Value / row.Denominator!.Value, value, 9);
                    Assert.InRange(row.Numerator.Value, -row.N, row.N);
                    break;
                case OracleValueKind.Count:
                    Assert.Equal((double)row.N, value);
                    break;
                case OracleValueKind.Mean:
                    Assert.Equal((double)row.N, row.Denominator);
                    Assert.Equal(row.Numerator!.Value / row.Denominator!.Value, value, 9);
                    break;
                case OracleValueKind.NonNegative:
                    break;
                default:
                    throw new InvalidOperationException(kind.ToString());
            }
        }
    }

    /// <summary>Per group value: n, immature and the funnel summed over periods.</summary>
    private static ImmutableSortedDictionary<string, string> Totals(IReadOnlyList<OracleRow> rows) =>
        rows.GroupBy(r => r.GroupValue ?? "<null>")
            .ToImmutableSortedDictionary(
                g => g.Key,
                g => $"n={g.Sum(r => r.N)} immature={g.Sum(r => r.Immature ?? 0)} excluded=[{string.Join(",", Enumerable.Range(0, g.First().Excluded.Length).Select(k => g.Sum(r => r.Excluded[k])))}]",
                StringComparer.Ordinal);

    private static ImmutableArray<string> FindDefinitionMetrics()
    {
        // The metric documents' names, read from the files (a composite document names its metric under `metric:` too,
        // so documents are split on `---` and those starting with `composite:` are left out).
        var documents = Directory.EnumerateFiles(RepositoryPaths.MetricDefinitions, "*.yaml", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadAllText(file).Split("\n---", StringSplitOptions.RemoveEmptyEntries));
        return [.. documents
            .Select(document => document.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList())
            .Where(lines => lines.Count > 0 && !lines[0].StartsWith("composite:", StringComparison.Ordinal))
            .SelectMany(lines => lines)
            .Where(line => line.StartsWith("metric:", StringComparison.Ordinal))
            .Select(line => line["metric:".Length..].Trim())
            .Order(StringComparer.Ordinal)];
    }
}
