using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using NodaTime;

namespace CxSemantic.Server.Tests;

/// <summary>compare { groups }, q-values, withheld deltas and the overlap refusal through GraphQL.</summary>
[Collection("server")]
public sealed class ComparisonApiTests(ServerFixture server)
{
    [Fact]
    public async Task Paired_group_comparison_through_http_equals_the_executor_run_directly()
    {
        var data = await Gql.DataAsync(server.Client, """
            { metrics(time: { from: "2026-03-18", to: "2026-04-01" }, where: { evaluator: { eq: TONE } },
                      compare: { groups: { dimension: evaluatorVersion, reference: "V1", paired: true } }) {
                rows { evaluator evaluatorVersion modelDriftIndex { value n deltaWithheld delta { value ci { low high } pValue qValue significant baseline baselineN test pairs } } } } }
            """);
        var expected = await server.Direct.ExecuteAsync(new MetricQuery
        {
            Metrics = ["model_drift_index"],
            GroupBy = ["evaluator", "evaluator_version"],
            Filters = [new DimensionFilter("evaluator", FilterOperator.Equal, ["tone"])],
            Time = new TimeWindow(new LocalDate(2026, 3, 18), new LocalDate(2026, 4, 1)),
            Compare = new GroupComparison("evaluator_version", "v1", Paired: true),
            Caller = Caller.WithRole("cx_analyst"),
        });
        var rows = data["metrics"]!["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        var v1 = rows.Single(r => (string?)r!["evaluatorVersion"] == "V1")!["modelDriftIndex"]!;
        Assert.Null(v1["delta"]);
        Assert.Null(v1["deltaWithheld"]);
        var delta = rows.Single(r => (string?)r!["evaluatorVersion"] == "V2")!["modelDriftIndex"]!["delta"]!;
        var want = expected.Rows.Single(r => (string?)r.Dimensions[1] == "v2").Metrics["model_drift_index"].Delta!;
        // The two runs sum floating-point values in the database's (parallel, unordered) aggregation: equal to 1e-9 relative.
        Close(want.Value, (double)delta["value"]!);
        Close(want.Interval!.Low, (double)delta["ci"]!["low"]!);
        Close(want.PValue!.Value, (double)delta["pValue"]!);
        Close(want.QValue!.Value, (double)delta["qValue"]!);
        Assert.True((bool)delta["significant"]!);
        Assert.Equal("paired_t", (string?)delta["test"]);
        Assert.Equal(want.Pairs, (long?)delta["pairs"]);
        Assert.InRange((double)delta["value"]!, -0.1, -0.06);
    }

    [Fact]
    public async Task Unpaired_groups_carry_the_test_and_no_pairs()
    {
        var data = await Gql.DataAsync(server.Client, """
            { metrics(time: { from: "2026-01-01", to: "2026-07-01" }, compare: { groups: { dimension: journeyStage, reference: "SUPPORT" } }) {
                rows { journeyStage conversationalCsat { value delta { value qValue test pairs } } } } }
            """);
        var rows = data["metrics"]!["rows"]!.AsArray();
        var renewal = rows.Single(r => (string?)r!["journeyStage"] == "RENEWAL")!["conversationalCsat"]!["delta"]!;
        Assert.True((double)renewal["value"]! < 0, "renewal scores lower CSAT than support (planted effect 2)");
        Assert.NotNull(renewal["qValue"]);
        Assert.NotNull((string?)renewal["test"]);
        Assert.Null(renewal["pairs"]);
        Assert.Null(rows.Single(r => (string?)r!["journeyStage"] == "SUPPORT")!["conversationalCsat"]!["delta"]);
    }

    [Fact]
    public async Task Immature_cells_withhold_the_delta_and_say_why()
    {
        var data = await Gql.DataAsync(server.Client, """
            { metrics(time: { from: "2026-06-01", to: "2026-06-29", grain: WEEK }, compare: { previousPeriod: true }) {
                rows { period intentComplexity recontactRate { value immature delta { value } deltaWithheld } } } }
            """);
        var withheld = data["metrics"]!["rows"]!.AsArray().Select(r => r!["recontactRate"]!).Where(v => v["deltaWithheld"] is not null).ToList();
        Assert.NotEmpty(withheld);
        Assert.All(withheld, v => Assert.Null(v["delta"]));

        // A cell with immature units says so; the others in this window are withheld because their
        // reference week is suppressed (below the minimum cell size), which the reason must name.
        var immature = withheld.Where(v => (long?)v["immature"] > 0).ToList();
        Assert.NotEmpty(immature);
        Assert.All(immature, v => Assert.Contains("immature", (string?)v["deltaWithheld"], StringComparison.Ordinal));
        Assert.All(withheld.Except(immature), v => Assert.Matches("immature|is suppressed", (string?)v["deltaWithheld"]));
    }

    [Theory]
    [InlineData("{ metrics(time: { from: \"2026-03-01\", to: \"2026-04-01\" }, compare: { baseline: { from: \"2026-03-15\", to: \"2026-04-15\" } }) { rows { nps { value } } } }", QueryErrorCodes.BaselineOverlaps)]
    [InlineData("{ metrics(compare: { groups: { dimension: journeyStage, reference: \"SUPPORT\" } }) { rows { channel nps { value } } } }", QueryErrorCodes.InvalidComparison)]
    public async Task Misleading_comparisons_are_refused_with_the_compiler_code_and_message(string query, string code)
    {
        var error = await Gql.ErrorAsync(server.Client, query);
        Assert.Equal(code, (string?)error["extensions"]!["code"]);
        var direct = code == QueryErrorCodes.BaselineOverlaps
            ? new MetricQuery
            {
                Metrics = ["nps"],
                Time = new TimeWindow(new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 1)),
                Compare = new BaselineComparison(new LocalDate(2026, 3, 15), new LocalDate(2026, 4, 15)),
                Caller = Caller.WithRole("cx_analyst"),
            }
            : new MetricQuery { Metrics = ["nps"], GroupBy = ["channel"], Compare = new GroupComparison("journey_stage", "support"), Caller = Caller.WithRole("cx_analyst") };
        var expected = await Assert.ThrowsAsync<QueryException>(() => server.Direct.ExecuteAsync(direct));
        Assert.Equal(expected.Message, (string?)error["message"]);
    }

    [Fact]
    public async Task Two_comparisons_at_once_are_an_invalid_argument()
    {
        var error = await Gql.ErrorAsync(server.Client, """
            { metrics(time: { from: "2026-03-01", to: "2026-04-01" }, compare: { previousPeriod: true, groups: { dimension: channel, reference: "CHAT" } }) { rows { channel nps { value } } } }
            """);
        Assert.Equal("INVALID_ARGUMENT", (string?)error["extensions"]!["code"]);
        Assert.Equal("compare takes one of previousPeriod: true, a baseline window or groups; remove the others.", (string?)error["message"]);
    }

    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
