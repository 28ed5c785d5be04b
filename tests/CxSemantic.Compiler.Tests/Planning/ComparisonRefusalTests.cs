using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Queries;
using NodaTime;
using static CxSemantic.Compiler.Tests.TestCatalog;

namespace CxSemantic.Compiler.Tests.Planning;

/// <summary>Comparisons that would mislead are refused, with a code and a message that names the fix.</summary>
public sealed class ComparisonRefusalTests
{
    private static readonly TimeWindow March = new(new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 1));

    private static QueryException Refuse(MetricQuery query) =>
        Assert.Throws<QueryException>(() => new MetricCompiler(Scorecard).Compile(query, SqlDialectKind.DuckDb));

    public static TheoryData<string, MetricQuery, string, string> Cases => new()
    {
        {
            "baseline overlapping the window", Query("nps") with { Time = March, Compare = new BaselineComparison(new LocalDate(2026, 3, 15), new LocalDate(2026, 4, 15)) },
            QueryErrorCodes.BaselineOverlaps,
            "The baseline window [2026-03-15, 2026-04-15) overlaps the current window [2026-03-01, 2026-04-01): units in both would be compared with themselves. " +
            "Choose a baseline that ends on or before 2026-03-01 (e.g. [2026-01-29, 2026-03-01), or use previousPeriod) or starts on or after 2026-04-01."
        },
        {
            "baseline inside the window", Query("nps") with { Time = March, Compare = new BaselineComparison(new LocalDate(2026, 3, 10), new LocalDate(2026, 3, 11)) },
            QueryErrorCodes.BaselineOverlaps,
            "The baseline window [2026-03-10, 2026-03-11) overlaps the current window [2026-03-01, 2026-04-01): units in both would be compared with themselves. " +
            "Choose a baseline that ends on or before 2026-03-01 (e.g. [2026-01-29, 2026-03-01), or use previousPeriod) or starts on or after 2026-04-01."
        },
        {
            "baseline without a window", Query("nps") with { Time = null, Compare = new BaselineComparison(new LocalDate(2026, 1, 1), new LocalDate(2026, 2, 1)) },
            QueryErrorCodes.BaselineOverlaps,
            "The query has no time window, so it covers all data, including the baseline window [2026-01-01, 2026-02-01): the same units would be in both samples. Add a time window that does not overlap the baseline."
        },
        {
            "reversed baseline", Query("nps") with { Time = March, Compare = new BaselineComparison(new LocalDate(2026, 2, 1), new LocalDate(2026, 1, 1)) },
            QueryErrorCodes.InvalidTimeRange,
            "The baseline window ends (2026-01-01) before it starts (2026-02-01); 'to' is the first day not included, so it must be after 'from'."
        },
        {
            "groups of a dimension the query does not group by", Query("nps", "channel") with { Compare = new GroupComparison("journey_stage", "support") },
            QueryErrorCodes.InvalidComparison,
            "A comparison of 'journey_stage' groups needs the query to group by 'journey_stage' (each group is a row); add it to the query's dimensions."
        },
        {
            "paired journeys", Query("containment_rate", "intent_complexity") with { Compare = new GroupComparison("intent_complexity", "simple", Paired: true) },
            QueryErrorCodes.InvalidComparison,
            "Metric 'containment_rate' counts intent_journey units, which are not rows of one interaction in several groups: there is nothing to pair. " +
            "Compare it unpaired (paired: false); paired comparisons are for rows such as evaluations, where the same interaction appears under each group."
        },
        {
            "paired kappa", Query("evaluator_calibration", "evaluator", "evaluator_version") with { Compare = new GroupComparison("evaluator_version", "v1", Paired: true) },
            QueryErrorCodes.InvalidComparison,
            "Metric 'evaluator_calibration' has type agreement; a paired comparison needs a mean or a share of units (one value per unit to difference). Compare it unpaired (paired: false)."
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Refused_with_code_and_fix(string name, MetricQuery query, string code, string message)
    {
        _ = name;
        var refusal = Refuse(query);
        Assert.Equal(code, refusal.Code);
        Assert.Equal(message, refusal.Message);
    }

    [Theory]
    [InlineData("2026-02-01", "2026-03-01")] // ends where the window starts (half-open: no shared day)
    [InlineData("2026-04-01", "2026-05-01")] // starts where the window ends
    public void Adjacent_baselines_are_accepted(string from, string to)
    {
        var compiled = new MetricCompiler(Scorecard).Compile(
            Query("nps") with { Time = March, Compare = new BaselineComparison(LocalDate.FromDateTime(DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture)), LocalDate.FromDateTime(DateTime.Parse(to, System.Globalization.CultureInfo.InvariantCulture))) },
            SqlDialectKind.DuckDb);
        Assert.Single(compiled.BaselineFacts);
        Assert.True(compiled.BaselineFacts[0].Plan.End <= compiled.Plan.Periods[0].Start || compiled.BaselineFacts[0].Plan.Start >= compiled.Plan.Periods[^1].End);
    }

    [Theory]
    [InlineData(2026, 3, 1, 2026, 4, 1, null)]
    [InlineData(2026, 3, 10, 2026, 3, 17, null)]
    [InlineData(2026, 1, 31, 2026, 3, 3, null)]
    [InlineData(2026, 3, 1, 2026, 6, 1, TimeGrain.Month)]
    [InlineData(2026, 3, 4, 2026, 3, 20, TimeGrain.Week)]
    public void The_previous_period_never_overlaps_the_window(int y1, int m1, int d1, int y2, int m2, int d2, TimeGrain? grain)
    {
        var compiled = new MetricCompiler(Scorecard).Compile(
            Query("nps") with { Time = new TimeWindow(new LocalDate(y1, m1, d1), new LocalDate(y2, m2, d2), "Europe/Berlin", grain), Compare = new PreviousPeriodComparison() },
            SqlDialectKind.DuckDb);
        var previous = compiled.ComparisonPeriod!;
        Assert.True(previous.End <= compiled.Plan.Periods[0].Start, $"{previous.Label} ends {previous.End}, after the window starts {compiled.Plan.Periods[0].Start}");
        Assert.True(previous.Start < previous.End);
    }
}
