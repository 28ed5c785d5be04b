using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Queries;
using NodaTime;
using static CxSemantic.Compiler.Tests.TestCatalog;

namespace CxSemantic.Compiler.Tests.Planning;

/// <summary>Every refusal has a stable code and a message that names the fix.</summary>
public sealed class RefusalTests
{
    private static QueryException Refuse(MetricQuery query) =>
        Assert.Throws<QueryException>(() => new MetricCompiler(Scorecard).Compile(query, SqlDialectKind.DuckDb));

    public static TheoryData<string, MetricQuery, string, string> Cases => new()
    {
        {
            "unknown metric", Query("containment_rat", "intent_complexity"), QueryErrorCodes.MetricNotFound,
            "Unknown metric 'containment_rat'. Did you mean 'containment_rate'? See metricDefinitions for the catalog."
        },
        {
            "no metric", Query("nps") with { Metrics = [] }, QueryErrorCodes.NoMetricSelected,
            "The query names no metric; select at least one metric."
        },
        {
            "dimension not allowed", Query("nps", "queue"), QueryErrorCodes.DimensionNotAllowed,
            "Metric 'nps' may not be split or filtered by 'queue'; its definition allows: channel, journey_stage, segment, tenant."
        },
        {
            "filter on a dimension not allowed", Query("nps") with { Filters = [new DimensionFilter("intent", FilterOperator.Equal, ["order_status"])] }, QueryErrorCodes.DimensionNotAllowed,
            "Metric 'nps' may not be split or filtered by 'intent'; its definition allows: channel, journey_stage, segment, tenant."
        },
        {
            "required segment missing", Query("containment_rate", "channel"), QueryErrorCodes.RequiredSegmentMissing,
            "Metric 'containment_rate' must be split by 'intent_complexity': unsplit values mislead (see its definition). Add it to the query's dimensions."
        },
        {
            "two required segments missing", Query("evaluator_calibration"), QueryErrorCodes.RequiredSegmentMissing,
            "Metric 'evaluator_calibration' must be split by 'evaluator' and 'evaluator_version': unsplit values mislead (see its definition). Add them to the query's dimensions."
        },
        {
            "unknown role", Query("nps") with { Caller = Caller.WithRole("intern") }, QueryErrorCodes.AccessDenied,
            "Unknown role 'intern': the catalog defines no access policy for it. Use the role you were given, or ask the catalog's owners for one."
        },
        {
            "unknown role with a long name", Query("nps") with { Caller = Caller.WithRole(new string('r', 5_000)) }, QueryErrorCodes.AccessDenied,
            $"Unknown role '{new string('r', 64)}…': the catalog defines no access policy for it. Use the role you were given, or ask the catalog's owners for one."
        },
        {
            "metric not allowed for the role", Query("total_cost").WithClaims("tenant_manager", ("tenant", "acme")), QueryErrorCodes.AccessDenied,
            "Role 'tenant_manager' may not query metric 'total_cost'; ask its owner (finance-ops) for access or remove it from the query."
        },
        {
            "dimension not allowed for the role", Query("interaction_count", "tenant").WithClaims("tenant_manager", ("tenant", "acme")), QueryErrorCodes.AccessDenied,
            "Role 'tenant_manager' may not split or filter by 'tenant'."
        },
        {
            "personal data", Query("interaction_count") with { Filters = [new DimensionFilter("customer_id", FilterOperator.Equal, ["c1"])], Caller = Caller.WithRole("cx_leader") }, QueryErrorCodes.AccessDenied,
            "'customer_id' is personal data and role 'cx_leader' may not see personal data."
        },
        {
            "missing claim", Query("interaction_count") with { Caller = Caller.WithRole("tenant_manager") }, QueryErrorCodes.AccessDenied,
            "Role 'tenant_manager' sees only rows whose tenant matches the caller's 'tenant' claim, and the caller has no such claim."
        },
        {
            "reversed window", Query("nps") with { Time = new TimeWindow(new LocalDate(2026, 3, 1), new LocalDate(2026, 2, 1)) }, QueryErrorCodes.InvalidTimeRange,
            "The time window ends (2026-02-01) before it starts (2026-03-01); 'to' is the first day not included, so it must be after 'from'."
        },
        {
            "previous period without a window", Query("nps") with { Time = null, Compare = new PreviousPeriodComparison() }, QueryErrorCodes.InvalidTimeRange,
            "A previous-period comparison needs a time window; add 'time'."
        },
        {
            "equality filter with two values", Query("nps", "channel") with { Filters = [new DimensionFilter("channel", FilterOperator.Equal, ["voice", "chat"])] }, QueryErrorCodes.InvalidFilter,
            "The filter on 'channel' (Equal) takes exactly one value; 2 were given."
        },
        {
            "empty in filter", Query("nps", "channel") with { Filters = [new DimensionFilter("channel", FilterOperator.In, ImmutableArray<object>.Empty)] }, QueryErrorCodes.InvalidFilter,
            "The 'in' filter on 'channel' has no values; give at least one."
        },
        {
            "a dimension the unit lacks", Query("interaction_count", "segment") with { Metrics = ["interaction_count", "guidance_acceptance"] }, QueryErrorCodes.DimensionNotAllowed,
            "Metric 'guidance_acceptance' may not be split or filtered by 'segment'; its definition allows: suggestion_kind, agent_team, channel, intent, intent_complexity, tenant."
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Refusals_have_a_code_and_a_fix(string name, MetricQuery query, string code, string message)
    {
        _ = name;
        var ex = Refuse(query);
        Assert.Equal(message, ex.Message);
        Assert.Equal(code, ex.Code);
    }
}
