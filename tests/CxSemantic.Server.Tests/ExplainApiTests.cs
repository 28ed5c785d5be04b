using System.Text.Json.Nodes;
using CxSemantic.Compiler.Queries;

namespace CxSemantic.Server.Tests;

/// <summary><c>explain</c> over HTTP, checked against the <c>metrics</c> answers of the same windows and segments.</summary>
[Collection("server")]
public sealed class ExplainApiTests(ServerFixture server)
{
    private const string Window = """{ from: "2026-03-02", to: "2026-03-30" }""";
    private const string Baseline = """{ from: "2026-02-02", to: "2026-03-02" }""";

    [Fact]
    public async Task Sla_adherence_by_handled_by_splits_the_change_the_metrics_api_reports()
    {
        var data = await Gql.DataAsync(server.Client, $$"""
            { explain(metric: "sla_adherence", time: {{Window}}, baseline: {{Baseline}}, by: [handledBy]) {
                metric version by window { from to } baseline { from to } currentValue baselineValue currentN baselineN
                total { value standardError ci { low high } } mix { value ci { low high } } rate { value ci { low high } }
                segments { key values currentShare baselineShare currentRate baselineRate currentN baselineN mixContribution rateContribution } } }
            """);
        var e = data["explain"]!;
        Assert.Equal("sla_adherence", (string?)e["metric"]);
        Assert.Equal("handledBy", (string?)e["by"]![0]);
        Assert.Equal("2026-02-02", (string?)e["baseline"]!["from"]);

        var now = (await Gql.DataAsync(server.Client, $$"""{ metrics(time: {{Window}}) { rows { slaAdherence { value n } } } }"""))["metrics"]!["rows"]![0]!["slaAdherence"]!;
        var before = (await Gql.DataAsync(server.Client, $$"""{ metrics(time: {{Baseline}}) { rows { slaAdherence { value n } } } }"""))["metrics"]!["rows"]![0]!["slaAdherence"]!;
        Assert.Equal((double)now["value"]!, (double)e["currentValue"]!, 12);
        Assert.Equal((double)before["value"]!, (double)e["baselineValue"]!, 12);
        Assert.Equal((long)now["n"]!, (long)e["currentN"]!);
        var total = (double)e["total"]!["value"]!;
        Assert.Equal((double)now["value"]! - (double)before["value"]!, total, 12);
        Assert.Equal(total, (double)e["mix"]!["value"]! + (double)e["rate"]!["value"]!, 12);

        // Each segment's rate and units are the metrics API's cell for that handledBy value.
        var cells = (await Gql.DataAsync(server.Client, $$"""{ metrics(time: {{Window}}) { rows { handledBy slaAdherence { value n } } } }"""))["metrics"]!["rows"]!.AsArray();
        var segments = e["segments"]!.AsArray();
        Assert.Equal(cells.Count, segments.Count);
        foreach (var segment in segments)
        {
            var cell = cells.Single(c => (string?)c!["handledBy"] == (string?)segment!["values"]![0])!["slaAdherence"]!;
            Assert.Equal((double)cell["value"]!, (double)segment!["currentRate"]!, 12);
            Assert.Equal((long)cell["n"]!, (long)segment["currentN"]!);
        }

        Assert.Equal(1.0, segments.Sum(s => (double)s!["currentShare"]!), 12);
        Assert.Equal((double)e["mix"]!["value"]!, segments.Sum(s => (double)s!["mixContribution"]!), 12);
        Assert.True((double)e["total"]!["ci"]!["low"]! < total && total < (double)e["total"]!["ci"]!["high"]!);
    }

    [Theory]
    [InlineData("interaction_count", "handledBy", QueryErrorCodes.NotDecomposable)]
    [InlineData("unknown_metric", "handledBy", QueryErrorCodes.MetricNotFound)]
    [InlineData("sla_adherence", "agentTeam", QueryErrorCodes.DimensionNotAllowed)]
    public async Task Refusals_name_the_explain_field_and_carry_the_code(string metric, string by, string code)
    {
        var error = await Gql.ErrorAsync(server.Client, $$"""{ explain(metric: "{{metric}}", time: {{Window}}, by: [{{by}}]) { total { value } } }""");
        Assert.Equal(code, (string?)error["extensions"]!["code"]);
        Assert.Equal("explain", (string?)error["path"]![0]);
    }

    [Fact]
    public async Task A_dimension_that_is_not_a_dimension_is_a_validation_error()
    {
        var error = await Gql.ErrorAsync(server.Client, $$"""{ explain(metric: "sla_adherence", time: {{Window}}, by: [notADimension]) { total { value } } }""");
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", (string?)error["extensions"]!["code"]);
        Assert.Contains("DimensionName", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_fields_are_weighed_by_the_cost_model_before_they_run()
    {
        var wide = await Gql.ErrorAsync(server.Client, $$"""{ explain(metric: "sla_adherence", time: {{Window}}, by: [channel, queue, handledBy, intent, intentComplexity, segment, tenant]) { total { value } } }""");
        Assert.Equal("QUERY_TOO_EXPENSIVE", (string?)wide["extensions"]!["code"]);
        Assert.True((long)wide["extensions"]!["estimate"]! > (long)wide["extensions"]!["ceiling"]!);

        var tenants = string.Join(", ", Enumerable.Range(0, 1_001).Select(i => $"\"t{i}\""));
        var longIn = await Gql.ErrorAsync(server.Client, $$"""{ explain(metric: "sla_adherence", time: {{Window}}, by: [handledBy], where: { tenant: { in: [{{tenants}}] } }) { total { value } } }""");
        Assert.Equal("TOO_MANY_FILTER_VALUES", (string?)longIn["extensions"]!["code"]);
    }
}
