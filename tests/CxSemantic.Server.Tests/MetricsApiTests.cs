using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using NodaTime;

namespace CxSemantic.Server.Tests;

[Collection("server")]
public sealed class MetricsApiTests(ServerFixture server)
{
    private const string Window = "time: { from: \"2026-02-01\", to: \"2026-04-01\", grain: MONTH }";

    private static TimeWindow FebMar => new(new LocalDate(2026, 2, 1), new LocalDate(2026, 4, 1), null, TimeGrain.Month);

    [Fact]
    public async Task Cohort_slice_through_http_equals_the_executor_run_directly()
    {
        var data = await Gql.DataAsync(server.Client, $$"""
            { metrics({{Window}}, where: { channel: { in: [VOICE, CHAT] } }) {
                rows { period intentComplexity containmentRate { value n numerator denominator ci { low high level } designEffect clusters intervalWithheld suppressed status exclusions { rule units } } }
                catalogVersion } }
            """);
        var expected = await server.Direct.ExecuteAsync(new MetricQuery
        {
            Metrics = ["containment_rate"],
            GroupBy = ["intent_complexity"],
            Time = FebMar,
            Filters = [new DimensionFilter("channel", FilterOperator.In, ["voice", "chat"])],
            Caller = Caller.WithRole("cx_analyst"),
        });

        var rows = data["metrics"]!["rows"]!.AsArray();
        Assert.Equal(expected.Rows.Length, rows.Count);
        Assert.Equal(6, rows.Count);
        Assert.Equal(expected.CatalogVersion, (string?)data["metrics"]!["catalogVersion"]);
        foreach (var (row, want) in rows.Zip(expected.Rows))
        {
            Assert.Equal(want.Period, (string?)row!["period"]);
            Assert.Equal(((string)want.Dimensions[0]!).ToUpperInvariant(), (string?)row["intentComplexity"]);
            var value = row["containmentRate"]!;
            var cell = want.Metrics["containment_rate"];
            Assert.Equal(cell.Value, (double?)value["value"]);
            Assert.Equal(cell.N, (long)value["n"]!);
            Assert.Equal(cell.Numerator, (double?)value["numerator"]);
            Assert.Equal(cell.Denominator, (double?)value["denominator"]);
            Assert.Equal(cell.Interval!.Low, (double)value["ci"]!["low"]!);
            Assert.Equal(cell.Interval.High, (double)value["ci"]!["high"]!);
            // Journeys of one customer are clustered: the design effect and the customers travel with the value.
            Assert.NotNull(cell.DesignEffect);
            Assert.Equal(cell.DesignEffect, (double?)value["designEffect"]);
            Assert.Equal(cell.Clusters, (long?)value["clusters"]);
            Assert.InRange((long)value["clusters"]!, 2, cell.N);
            Assert.Null(value["intervalWithheld"]);
            Assert.Equal(cell.Status?.ToUpperInvariant(), (string?)value["status"]);
            Assert.Equal(cell.Funnel.Select(f => (f.Rule, f.Units)), value["exclusions"]!.AsArray().Select(e => ((string)e!["rule"]!, (long)e["units"]!)));
        }
    }

    [Fact]
    public async Task Previous_period_comparison_carries_deltas_with_q_values()
    {
        var data = await Gql.DataAsync(server.Client, $$"""
            { metrics({{Window}}, compare: { previousPeriod: true }) {
                rows { period intentComplexity containmentRate { value delta { value pValue qValue significant baseline baselineN ci { low high } } } } } }
            """);
        var expected = await server.Direct.ExecuteAsync(new MetricQuery
        {
            Metrics = ["containment_rate"],
            GroupBy = ["intent_complexity"],
            Time = FebMar,
            Compare = new PreviousPeriodComparison(),
            Caller = Caller.WithRole("cx_analyst"),
        });
        var rows = data["metrics"]!["rows"]!.AsArray();
        Assert.Equal(expected.Rows.Length, rows.Count);
        foreach (var (row, want) in rows.Zip(expected.Rows))
        {
            var delta = row!["containmentRate"]!["delta"]!;
            var wantDelta = want.Metrics["containment_rate"].Delta!;
            Assert.Equal(wantDelta.Value, (double)delta["value"]!);
            Assert.Equal(wantDelta.PValue, (double?)delta["pValue"]);
            Assert.Equal(wantDelta.QValue, (double?)delta["qValue"]);
            Assert.Equal(wantDelta.Significant, (bool)delta["significant"]!);
            Assert.Equal(wantDelta.BaselineN, (long)delta["baselineN"]!);
        }
    }

    [Fact]
    public async Task Baseline_comparison_is_accepted()
    {
        var data = await Gql.DataAsync(server.Client, $$"""
            { metrics({{Window}}, compare: { baseline: { from: "2026-01-01", to: "2026-02-01" } }) {
                rows { period intentComplexity containmentRate { value delta { value baseline } } } } }
            """);
        Assert.All(data["metrics"]!["rows"]!.AsArray(), r => Assert.NotNull(r!["containmentRate"]!["delta"]));
    }

    [Fact]
    public async Task Small_cells_are_suppressed_value_withheld_n_shown()
    {
        var data = await Gql.DataAsync(server.Client, """
            { metrics(time: { from: "2026-03-02", to: "2026-03-03" }) {
                rows { intentComplexity channel segment containmentRate { value n suppressed suppressionReason ci { low } designEffect clusters } } } }
            """);
        var rows = data["metrics"]!["rows"]!.AsArray();
        var suppressed = rows.Where(r => (bool)r!["containmentRate"]!["suppressed"]!).ToList();
        Assert.NotEmpty(suppressed);
        Assert.All(suppressed, r =>
        {
            var value = r!["containmentRate"]!;
            Assert.Null(value["value"]);
            Assert.Null(value["ci"]);
            // Primary (n below 30), or complementary: withheld so that a small cell cannot be derived by subtraction.
            var reason = (string)value["suppressionReason"]!;
            Assert.True(
                ((long)value["n"]! < 30 && reason == "n below the minimum cell size 30") || reason.StartsWith("withheld so that ", StringComparison.Ordinal),
                reason);
            Assert.Null(value["designEffect"]);
            Assert.Null(value["clusters"]);
        });
        Assert.Contains(suppressed, r => (long)r!["containmentRate"]!["n"]! < 30);
        Assert.All(rows.Where(r => !(bool)r!["containmentRate"]!["suppressed"]!), r => Assert.Null(r!["containmentRate"]!["suppressionReason"]));
    }

    [Theory]
    [InlineData("{ metrics { rows { queue containmentRate { value } } } }", QueryErrorCodes.DimensionNotAllowed)]
    [InlineData("{ metrics { rows { channel containmentRate { value } } } }", QueryErrorCodes.RequiredSegmentMissing)]
    [InlineData("{ metrics(time: { from: \"2026-04-01\", to: \"2026-02-01\" }) { rows { intentComplexity containmentRate { value } } } }", QueryErrorCodes.InvalidTimeRange)]
    public async Task Refusals_carry_the_compiler_code_and_its_message(string query, string code)
    {
        var error = await Gql.ErrorAsync(server.Client, query);
        Assert.Equal(code, (string?)error["extensions"]!["code"]);
        var expected = await Assert.ThrowsAsync<QueryException>(() => server.Direct.ExecuteAsync(ToQuery(query)));
        Assert.Equal(expected.Message, (string?)error["message"]);
        Assert.Equal(["metrics"], error["path"]!.AsArray().Select(p => (string)p!));
    }

    private static MetricQuery ToQuery(string query) => query switch
    {
        _ when query.Contains("queue", StringComparison.Ordinal) => new MetricQuery { Metrics = ["containment_rate"], GroupBy = ["queue"], Caller = Caller.WithRole("cx_analyst") },
        _ when query.Contains("2026-04-01", StringComparison.Ordinal) => new MetricQuery
        {
            Metrics = ["containment_rate"],
            GroupBy = ["intent_complexity"],
            Time = new TimeWindow(new LocalDate(2026, 4, 1), new LocalDate(2026, 2, 1)),
            Caller = Caller.WithRole("cx_analyst"),
        },
        _ => new MetricQuery { Metrics = ["containment_rate"], GroupBy = ["channel"], Caller = Caller.WithRole("cx_analyst") },
    };

    [Fact]
    public async Task A_role_without_the_metric_is_refused_with_access_denied()
    {
        var error = await Gql.ErrorAsync(server.Client, "{ metrics { rows { channel totalCost { value } } } }", role: "tenant_manager", claims: new Dictionary<string, string> { ["tenant"] = "acme" });
        Assert.Equal(QueryErrorCodes.AccessDenied, (string?)error["extensions"]!["code"]);
    }

    [Fact]
    public async Task Unknown_metric_field_is_a_validation_error_with_400()
    {
        var (status, body, contentType) = await Gql.SendAsync(server.Client, Gql.Post("{ metrics { rows { noSuchMetric { value } } } }"));
        Assert.Equal(400, status);
        Assert.StartsWith("application/graphql-response+json", contentType, StringComparison.Ordinal);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", (string?)body["errors"]![0]!["extensions"]!["code"]);
        Assert.Null(body["data"]);
    }

    [Fact]
    public async Task Selecting_no_metric_explains_the_fix()
    {
        var error = await Gql.ErrorAsync(server.Client, "{ metrics { rows { channel } } }");
        Assert.Equal("NO_METRIC_SELECTED", (string?)error["extensions"]!["code"]);
        Assert.Contains("Select at least one metric under rows", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenant_manager_sees_only_its_tenant_and_no_sql()
    {
        const string query = "{ metrics { rows { intentComplexity containmentRate { n } } sql } }";
        var claims = new Dictionary<string, string> { ["tenant"] = "acme" };
        var data = await Gql.DataAsync(server.Client, query, role: "tenant_manager", claims: claims);
        Assert.Null(data["metrics"]!["sql"]);
        var expected = await server.Direct.ExecuteAsync(new MetricQuery
        {
            Metrics = ["containment_rate"],
            GroupBy = ["intent_complexity"],
            Caller = new Caller("tenant_manager", ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", ["acme"])),
        });
        Assert.Equal(expected.Rows.Select(r => r.Metrics["containment_rate"].N), data["metrics"]!["rows"]!.AsArray().Select(r => (long)r!["containmentRate"]!["n"]!));

        var analyst = await Gql.DataAsync(server.Client, query, role: "cx_analyst");
        var sql = analyst["metrics"]!["sql"]!.AsArray();
        Assert.NotEmpty(sql);
        Assert.Contains("SELECT", (string?)sql[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Fragments_aliases_and_order_drive_the_query()
    {
        var data = await Gql.DataAsync(server.Client, """
            query { metrics(order: [{ interactionCount: DESC }], limit: 2) { rows { ...Cells } } }
            fragment Cells on MetricRow { channel volume: interactionCount { value } }
            """);
        var rows = data["metrics"]!["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.True((double)rows[0]!["volume"]!["value"]! >= (double)rows[1]!["volume"]!["value"]!);
        Assert.NotNull((string?)rows[0]!["channel"]);
    }

    [Fact]
    public async Task Definitions_dimensions_and_catalog_are_served()
    {
        var data = await Gql.DataAsync(server.Client, """
            { metricDefinitions(where: { category: { eq: "automation" } }, order: [{ name: ASC }], first: 2) {
                nodes { name field label version unitOfAnalysis inclusion { name where } exclusions { name where reason } confirmation { method window text } segmentation { required allowed minCellSize } thresholds { green better } lineage owner source }
                pageInfo { hasNextPage endCursor } totalCount }
              metricDefinition(name: "containment_rate") { label definition lineage glossaryMarkdown }
              dimensions { name field type graphQLType values enumValues }
              catalog { version hash loadedAt problems { message } metricCount } }
            """);
        var defs = data["metricDefinitions"]!;
        Assert.Equal(2, defs["nodes"]!.AsArray().Count);
        Assert.True((bool)defs["pageInfo"]!["hasNextPage"]!);
        var names = defs["nodes"]!.AsArray().Select(n => (string)n!["name"]!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var next = await Gql.DataAsync(server.Client, $$"""{ metricDefinitions(where: { category: { eq: "automation" } }, order: [{ name: ASC }], first: 50, after: "{{(string)defs["pageInfo"]!["endCursor"]!}}") { nodes { name } totalCount } }""");
        Assert.Equal((int)defs["totalCount"]! - 2, next["metricDefinitions"]!["nodes"]!.AsArray().Count);

        var containment = data["metricDefinition"]!;
        Assert.Equal(server.Catalog.Metrics["containment_rate"].Label, (string?)containment["label"]);
        Assert.Contains("interactions.", string.Join(",", containment["lineage"]!.AsArray().Select(x => (string)x!)), StringComparison.Ordinal);
        Assert.Contains("## Lineage", (string?)containment["glossaryMarkdown"], StringComparison.Ordinal);

        var channel = data["dimensions"]!.AsArray().Single(d => (string)d!["name"]! == "channel")!;
        Assert.Equal("ENUM", (string?)channel["type"]);
        Assert.Equal("Channel", (string?)channel["graphQLType"]);
        Assert.Contains("VOICE", channel["enumValues"]!.AsArray().Select(v => (string)v!));

        Assert.Equal(server.Catalog.Version, (string?)data["catalog"]!["version"]);
        Assert.Equal(server.Catalog.Metrics.Count, (int)data["catalog"]!["metricCount"]!);
        Assert.Empty(data["catalog"]!["problems"]!.AsArray());
    }

    [Fact]
    public async Task The_compiled_sql_shown_is_the_compilers()
    {
        var data = await Gql.DataAsync(server.Client, $"{{ metrics({Window}) {{ rows {{ intentComplexity containmentRate {{ value }} }} sql }} }}");
        var compiled = server.Direct.Compiler.Compile(new MetricQuery
        {
            Metrics = ["containment_rate"],
            GroupBy = ["intent_complexity"],
            Time = FebMar,
            Limit = 10_001,
            Caller = Caller.WithRole("cx_analyst"),
        }, SqlDialectKind.DuckDb);
        Assert.Equal(compiled.Facts.Select(f => f.Sql.Text), data["metrics"]!["sql"]!.AsArray().Select(s => (string)s!));
    }

    internal static JsonNode? Rows(JsonNode data) => data["metrics"]!["rows"];
}
