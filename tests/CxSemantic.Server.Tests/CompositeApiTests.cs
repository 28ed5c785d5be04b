using CxSemantic.Compiler.Queries;

namespace CxSemantic.Server.Tests;

/// <summary><c>composite</c> over HTTP, checked against the <c>metrics</c> answer of the same window grouped by the weight dimension.</summary>
[Collection("server")]
public sealed class CompositeApiTests(ServerFixture server)
{
    private const string Window = """{ from: "2026-03-02", to: "2026-03-30" }""";

    /// <summary>The weights of weighted_intent_fcr as written in metric-definitions (default 1).</summary>
    private static readonly Dictionary<string, double> Weights = new(StringComparer.Ordinal)
    {
        ["fraud_report"] = 5, ["cancel_subscription"] = 5, ["payment_issue"] = 4, ["refund_request"] = 4,
        ["billing_question"] = 3, ["contract_renewal"] = 3, ["account_access"] = 3, ["service_complaint"] = 3,
        ["technical_issue"] = 2, ["delivery_problem"] = 2, ["product_info"] = 0.5,
    };

    [Fact]
    public async Task Weighted_intent_fcr_is_the_weighted_average_of_the_metrics_api_cells()
    {
        var data = await Gql.DataAsync(server.Client, $$"""
            { composite(name: "weighted_intent_fcr", time: {{Window}}) {
                name version metric metricVersion weightBy window { from to } value standardError ci { low high } n coverage
                components { value n rate standardError weight share } excluded { value n reason } catalogVersion } }
            """);
        var c = data["composite"]!;
        Assert.Equal(("weighted_intent_fcr", "intent_fcr", "intent"), ((string?)c["name"], (string?)c["metric"], (string?)c["weightBy"]));

        var cells = (await Gql.DataAsync(server.Client, $$"""{ metrics(time: {{Window}}) { rows { intent intentFcr { value n suppressed } } } }"""))["metrics"]!["rows"]!.AsArray()
            .Select(r => (Intent: (string)r!["intent"]!, Value: (double?)r["intentFcr"]!["value"], N: (long)r["intentFcr"]!["n"]!, Suppressed: (bool)r["intentFcr"]!["suppressed"]!))
            .ToList();
        var used = cells.Where(x => !x.Suppressed && x.Value is not null).ToList();
        Assert.True(used.Count >= 10, $"only {used.Count} intents have a value");
        var w = used.Sum(x => Weights.GetValueOrDefault(x.Intent, 1));
        Assert.Equal(used.Sum(x => Weights.GetValueOrDefault(x.Intent, 1) * x.Value!.Value) / w, (double)c["value"]!, 12);
        Assert.Equal(used.Sum(x => x.N), (long)c["n"]!);
        Assert.Equal(used.Count, c["components"]!.AsArray().Count);
        Assert.Equal(1.0, c["components"]!.AsArray().Sum(x => (double)x!["share"]!), 12);
        var value = (double)c["value"]!;
        Assert.True((double)c["ci"]!["low"]! < value && value < (double)c["ci"]!["high"]!);
    }

    [Fact]
    public async Task An_unknown_composite_is_refused_with_its_code_and_path()
    {
        var error = await Gql.ErrorAsync(server.Client, $$"""{ composite(name: "weighted_intent_fc", time: {{Window}}) { value } }""");
        Assert.Equal(QueryErrorCodes.CompositeNotFound, (string?)error["extensions"]!["code"]);
        Assert.Equal("composite", (string?)error["path"]![0]);
        Assert.Contains("Did you mean 'weighted_intent_fcr'?", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Composite_fields_are_weighed_by_the_cost_model_before_they_run()
    {
        var tenants = string.Join(", ", Enumerable.Range(0, 1_001).Select(i => $"\"t{i}\""));
        var error = await Gql.ErrorAsync(server.Client, $$"""{ composite(name: "weighted_intent_fcr", time: {{Window}}, where: { tenant: { in: [{{tenants}}] } }) { value } }""");
        Assert.Equal("TOO_MANY_FILTER_VALUES", (string?)error["extensions"]!["code"]);
        Assert.Equal("composite", (string?)error["path"]![0]);
    }
}
