using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Time;
using NodaTime;
using static CxSemantic.Compiler.Tests.TestCatalog;

namespace CxSemantic.Compiler.Tests.Queries;

/// <summary>
/// Refusals not covered by <c>RefusalTests</c>/<c>ComparisonRefusalTests</c>: the exact code and message,
/// in particular catalog faults, which are not a missing metric.
/// </summary>
public sealed class QueryMessagesTests
{
    private static QueryException Refuse(MetricQuery query, CompilerOptions? options = null) =>
        Assert.Throws<QueryException>(() => new MetricCompiler(Scorecard, options).Compile(query, SqlDialectKind.DuckDb));

    [Fact]
    public void A_missing_event_model_is_an_incomplete_catalog_not_a_missing_metric()
    {
        var ex = Refuse(Query("resolution_accuracy"), new CompilerOptions { EventModel = "absent_events" });
        Assert.Equal("CATALOG_INCOMPLETE", ex.Code);
        Assert.Equal(
            "Metric 'resolution_accuracy' is confirmed by system events, but the catalog has no 'absent_events' semantic model.",
            ex.Message);
    }

    [Fact]
    public void A_missing_human_label_model_is_an_incomplete_catalog_not_a_missing_metric()
    {
        var ex = Refuse(Query("evaluator_calibration", "evaluator", "evaluator_version"), new CompilerOptions { HumanLabelModel = "absent_labels" });
        Assert.Equal("CATALOG_INCOMPLETE", ex.Code);
        Assert.Equal(
            "Metric 'evaluator_calibration' compares with human labels, but the catalog has no 'absent_labels' semantic model.",
            ex.Message);
    }

    [Fact]
    public void A_query_without_metrics_has_the_servers_code()
    {
        var ex = Refuse(Query("nps") with { Metrics = [] });
        Assert.Equal("NO_METRIC_SELECTED", ex.Code);
        Assert.Equal("The query names no metric; select at least one metric.", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_group_comparison_without_a_reference_is_refused(string reference)
    {
        var ex = Refuse(Query("nps", "channel") with { Compare = new GroupComparison("channel", reference) });
        Assert.Equal(QueryErrorCodes.InvalidComparison, ex.Code);
        Assert.Equal("A comparison of 'channel' groups needs a reference group: the value of 'channel' the other groups are compared with.", ex.Message);
    }

    [Fact]
    public void A_paired_comparison_of_a_derived_metric_is_refused()
    {
        var ex = Refuse(Query("policy_violation_rate", "channel") with { Compare = new GroupComparison("channel", "voice", Paired: true) });
        Assert.Equal(QueryErrorCodes.InvalidComparison, ex.Code);
        Assert.Equal(
            "Metric 'policy_violation_rate' is derived; a paired comparison needs a mean or a share of units. Compare it unpaired (paired: false) or query its components.",
            ex.Message);
    }

    [Fact]
    public void Too_many_periods_are_an_invalid_time_range()
    {
        var window = new TimeWindow(new LocalDate(2020, 1, 1), new LocalDate(2026, 1, 1), "UTC", TimeGrain.Hour);
        var ex = Assert.Throws<QueryException>(() => PeriodCalendar.Periods(window));
        Assert.Equal(QueryErrorCodes.InvalidTimeRange, ex.Code);
        Assert.Equal("The window 2020-01-01..2026-01-01 at grain Hour has more than 10000 periods; use a coarser grain or a shorter window.", ex.Message);
    }
}
