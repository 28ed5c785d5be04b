using System.Text;
using System.Text.Json.Nodes;
using CxSemantic.Server.Limits;

namespace CxSemantic.Server.Tests.Limits;

/// <summary>
/// The cost model through the API. Expected estimates are computed here from the definitions (channel and
/// handled_by list 5 and 3 values, intent_complexity and journey_stage 3) and the calendar: 2026-01-01 to 2026-07-01
/// is 181 days, 4,344 hours in UTC.
/// </summary>
public sealed class CostApiTests : IAsyncLifetime
{
    private const long Hours = 181 * 24;
    private readonly GatedEngine _engine = new();
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // Complexity and aliases are raised so that the cost model alone decides.
        _app = await _engine.StartServerAsync(new Dictionary<string, string?>
        {
            ["CxSemantic:MaxComplexity"] = "100000",
            ["CxSemantic:MaxAliases"] = "100",
            ["CxSemantic:Limits:MaxFilterValues"] = "1000",
        });
        _client = new HttpClient { BaseAddress = ServerFixture.Address(_app) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_field_above_the_per_field_ceiling_is_refused_with_its_estimate_before_any_statement()
    {
        var error = await Gql.ErrorAsync(_client, "{ metrics(time: { from: \"2026-01-01\", to: \"2026-07-01\", grain: HOUR }, compare: { previousPeriod: true }) { rows { period intentComplexity channel handledBy journeyStage containmentRate { value } } } }");
        var expected = (Hours + 1) * 3 * 5 * 3 * 3;
        Assert.Equal(586_575, expected);
        Assert.Equal("QUERY_TOO_EXPENSIVE", (string?)error["extensions"]!["code"]);
        Assert.Equal(expected, (long?)error["extensions"]!["estimate"]);
        Assert.Equal(200_000, (long?)error["extensions"]!["ceiling"]);
        Assert.Equal(
            "The metrics query would compute about 586,575 cells (1 metric × 4,345 periods × intent_complexity 3 × channel 5 × handled_by 3 × journey_stage 3 = 586,575 cells), above the limit of 200,000 per metrics field. "
            + "Use a coarser grain (e.g. DAY instead of HOUR), a shorter time window, fewer dimensions under rows, or filter them with where (eq/in); or raise CxSemantic:Limits:MaxCellsPerField.",
            (string?)error["message"]);
        Assert.Equal(0, _engine.Statements);
    }

    [Fact]
    public async Task Filters_narrow_the_estimate_and_unlisted_dimensions_count_the_assumed_values()
    {
        // channel filtered to two values (2 instead of 5); intent lists no values (100 assumed).
        var error = await Gql.ErrorAsync(_client, "{ metrics(time: { from: \"2026-01-01\", to: \"2026-07-01\", grain: HOUR }, where: { channel: { in: [VOICE, CHAT, VOICE] } }) { rows { period channel intent intentComplexity containmentRate { value } } } }");
        var expected = Hours * 2 * 100 * 3;
        Assert.Equal(expected, (long?)error["extensions"]!["estimate"]);
        Assert.Contains("1 metric × 4,344 periods × channel 2 × intent 100 (assumed: values not listed) × intent_complexity 3 = 2,606,400 cells", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(0, _engine.Statements);
    }

    [Fact]
    public async Task Aliased_fields_count_together_and_the_whole_request_is_refused_before_any_runs()
    {
        var query = new StringBuilder("{");
        for (var i = 0; i < 49; i++)
        {
            query.Append(System.Globalization.CultureInfo.InvariantCulture, $" m{i}: metrics(time: {{ from: \"2026-01-01\", to: \"2026-07-01\", grain: HOUR }}) {{ rows {{ period intentComplexity containmentRate {{ value }} }} }}");
        }

        var (_, body, _) = await Gql.SendAsync(_client, Gql.Post(query.Append(" }").ToString()));
        // metrics is non-null: the first refusal nulls the data, and no field has run a statement.
        var errors = body["errors"]!.AsArray();
        var each = Hours * 3;
        Assert.Null(body["data"]);
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.Equal("QUERY_TOO_EXPENSIVE", (string?)e!["extensions"]!["code"]);
            Assert.Equal(49 * each, (long?)e["extensions"]!["estimate"]);
            Assert.Equal(500_000, (long?)e["extensions"]!["ceiling"]);
            Assert.Equal(
                "The request's 49 metrics fields (aliases included) would compute about 638,568 cells together, above the limit of 500,000 per request. "
                + "Send fewer metrics fields per request (select several metrics under one rows instead of one alias per metric) or narrow them (a coarser grain, a shorter window, fewer dimensions, where filters); or raise CxSemantic:Limits:MaxCellsPerRequest.",
                (string?)e["message"]);
        });
        Assert.Equal(0, _engine.Statements);
    }

    [Fact]
    public async Task In_lists_are_bounded()
    {
        const string query = "query($intents: [String!]) { metrics(where: { intent: { in: $intents } }) { rows { intentComplexity containmentRate { n } } } }";
        var tooMany = Enumerable.Range(0, 1_001).Select(i => "q" + i).ToArray();
        var (_, body, _) = await Gql.SendAsync(_client, Gql.Post(query, new Dictionary<string, object?> { ["intents"] = tooMany }));
        var error = body["errors"]![0]!;
        Assert.Equal("TOO_MANY_FILTER_VALUES", (string?)error["extensions"]!["code"]);
        Assert.Equal(1_001, (int?)error["extensions"]!["values"]);
        Assert.Equal(
            "The metrics filter where.intent.in lists 1,001 values, more than the 1,000 allowed. Filter on a coarser dimension, split the values over several requests, or raise CxSemantic:Limits:MaxFilterValues.",
            (string?)error["message"]);
        Assert.Equal(0, _engine.Statements);

        // At the limit the query runs.
        var (_, allowed, _) = await Gql.SendAsync(_client, Gql.Post(query, new Dictionary<string, object?> { ["intents"] = tooMany[..1_000] }));
        Assert.True(allowed["errors"] is null, allowed.ToJsonString());
        Assert.NotNull(allowed["data"]!["metrics"]!["rows"]);
    }

    [Fact]
    public void Defaults_match_the_issue()
    {
        var options = new QueryLimitOptions();
        Assert.Equal((200_000L, 500_000L, 1_000), (options.MaxCellsPerField, options.MaxCellsPerRequest, options.MaxFilterValues));
    }
}
