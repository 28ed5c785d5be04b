using System.Text.Json.Nodes;

namespace CxSemantic.Server.Tests;

/// <summary>
/// A server refreshing its own copy of the demo warehouse (<c>Materializations: refresh</c>): once the background refresh
/// has built the rollups, dashboard queries over GraphQL read them (the <c>sql</c> field names the rollup) and answer
/// exactly what the shared server answers from raw rows over the same data — every value, n, interval, status and delta.
/// </summary>
[Collection("server")]
public sealed class RollupApiTests(ServerFixture server, RollupApiTests.RefreshedServer refreshed) : IClassFixture<RollupApiTests.RefreshedServer>
{
    private const string Time = """time: { from: "2026-01-01", to: "2026-07-01", grain: MONTH }""";

    private const string Value = """
        { value n numerator denominator ci { low high level } intervalWithheld designEffect clusters suppressed suppressionReason immature
          exclusions { rule units } status evaluatorVersions version deltaWithheld
          delta { value ci { low high level } pValue qValue significant baseline baselineN test pairs } }
        """;

    [Theory]
    [InlineData("intentComplexity", "containmentRate", "journey_monthly")]
    [InlineData("intentComplexity", "containmentRate silentFailureRate intentFcr", "journey_monthly journey_daily journey_daily")]
    [InlineData("intentComplexity segment", "containmentRate", "journey_daily")]
    [InlineData("channel", "conversationalCsat nps", "survey_daily nps_monthly")]
    [InlineData("intentComplexity queue", "averageHandleTime slaAdherence", "contact_daily contact_daily")]
    [InlineData("queue", "slaAdherence", "sla_monthly")]
    public async Task Dashboard_queries_read_their_rollup_and_answer_what_raw_rows_answer(string by, string metrics, string rollups)
    {
        // One statement per metric, each naming the smallest rollup that answers it (containment by complexity
        // alone: the monthly one).
        var query = Query(by, metrics);
        var (raw, rawSql) = await AnswerAsync(server.Client, query);
        var (rolled, rolledSql) = await AnswerAsync(refreshed.Client, query);

        Assert.All(rawSql, s => Assert.DoesNotContain("-- rollup", s, StringComparison.Ordinal));
        Assert.Equal(rollups.Split(' '), rolledSql.Select(s => s.StartsWith("-- rollup: ", StringComparison.Ordinal) ? s[11..s.IndexOf(' ', 11)] : "raw rows"));
        Assert.All(rolledSql, s => Assert.Matches("^-- rollup: [a-z_]+ \\(table rollup_[a-z_]+_[0-9a-f]{16}, [0-9]+ rows, watermark 2026-07-01T00:00:00Z\\)\n", s));
        Assert.True(raw.AsArray().Count > 0);
        AssertSame(raw, rolled);
    }

    [Fact]
    public async Task A_query_no_rollup_covers_reads_raw_rows_or_journey_tables_and_answers_the_same()
    {
        // No rollup of containment is split by channel: the journey table built by the same refresh answers instead.
        var query = Query("intentComplexity channel", "containmentRate");
        var (raw, _) = await AnswerAsync(server.Client, query);
        var (answer, sql) = await AnswerAsync(refreshed.Client, query);
        Assert.DoesNotContain("-- rollup", Assert.Single(sql), StringComparison.Ordinal);
        Assert.Contains("cxsem_journeys_", sql[0], StringComparison.Ordinal);
        AssertSame(raw, answer);
    }

    [Fact]
    public async Task A_tenant_managers_row_filter_is_answered_from_the_rollup_split_by_tenant_with_the_same_numbers()
    {
        var claims = new Dictionary<string, string> { ["tenant"] = "acme" };
        var query = $$"""{ metrics({{Time}}, compare: { previousPeriod: true }) { rows { period intentComplexity containmentRate {{Value}} } } }""";
        var raw = (await Gql.DataAsync(server.Client, query, role: "tenant_manager", claims: claims))["metrics"]!["rows"]!;
        var rolled = (await Gql.DataAsync(refreshed.Client, query, role: "tenant_manager", claims: claims))["metrics"]!["rows"]!;
        Assert.True(raw.AsArray().Count > 0);
        AssertSame(raw, rolled);
    }

    [Fact]
    public async Task Explain_runs_its_queries_through_the_rollups_with_the_same_decomposition()
    {
        var query = """
            { explain(metric: "sla_adherence", time: { from: "2026-05-01", to: "2026-06-01" }, baseline: { from: "2026-04-01", to: "2026-05-01" }, by: [queue]) {
                currentValue baselineValue currentN baselineN total { value standardError ci { low high } } mix { value ci { low high } } rate { value ci { low high } }
                segments { key values currentShare baselineShare currentRate baselineRate currentN baselineN mixContribution rateContribution } } }
            """;
        AssertSame((await Gql.DataAsync(server.Client, query))["explain"]!, (await Gql.DataAsync(refreshed.Client, query))["explain"]!);
    }

    private static string Query(string by, string metrics) =>
        $$"""{ metrics({{Time}}, compare: { previousPeriod: true }) { rows { period {{by}} {{string.Join(" ", metrics.Split(' ').Select(m => m + " " + Value))}} } sql } }""";

    private static async Task<(JsonNode Rows, string[] Sql)> AnswerAsync(HttpClient client, string query)
    {
        var result = (await Gql.DataAsync(client, query))["metrics"]!;
        return (result["rows"]!, [.. result["sql"]!.AsArray().Select(s => (string)s!)]);
    }

    /// <summary>The same JSON: equal strings, integers, booleans and nulls; numbers within 1e-9 (relative above 1), as the rollup corpus.</summary>
    private static void AssertSame(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonObject e:
                var a = Assert.IsType<JsonObject>(actual);
                Assert.Equal(e.Select(p => p.Key), a.Select(p => p.Key));
                foreach (var (key, value) in e)
                {
                    AssertSame(value, a[key], $"{path}.{key}");
                }

                break;
            case JsonArray e:
                var items = Assert.IsType<JsonArray>(actual);
                Assert.True(e.Count == items.Count, $"{path}: {e.Count} items, got {items.Count}");
                for (var i = 0; i < e.Count; i++)
                {
                    AssertSame(e[i], items[i], $"{path}[{i}]");
                }

                break;
            default:
                var (x, y) = (expected.AsValue(), Assert.IsAssignableFrom<JsonValue>(actual));
                if (x.TryGetValue<double>(out var d) && !x.TryGetValue<long>(out _) && y.TryGetValue<double>(out var dy))
                {
                    Assert.True(Math.Abs(d - dy) <= 1e-9 * Math.Max(1, Math.Abs(d)), $"{path}: {d:R} vs {dy:R}");
                }
                else
                {
                    Assert.True(expected.ToJsonString() == actual!.ToJsonString(), $"{path}: {expected.ToJsonString()} vs {actual!.ToJsonString()}");
                }

                break;
        }
    }

    /// <summary>A server on a private copy of the demo warehouse that refreshes its materializations in the background; ready once the rollups answer.</summary>
    public sealed class RefreshedServer : IAsyncLifetime
    {
        private readonly string _file = Path.Combine(Path.GetTempPath(), "cxsemantic-server-tests", $"rollups-{Guid.NewGuid():N}.duckdb");
        private CxServerFactory? _factory;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await TestPaths.EnsureWarehouseAsync();
            File.Copy(TestPaths.Warehouse, _file);
            var settings = ServerFixture.BaseSettings();
            settings["CxSemantic:Warehouse:File"] = _file;
            settings["CxSemantic:Warehouse:Materializations"] = "refresh";
            settings["CxSemantic:CacheEntries"] = "0"; // answers given while refreshing must not stay cached
            _factory = new CxServerFactory(settings);
            Client = _factory.CreateClient();

            // Queries answer from raw rows until the background refresh has built every rollup.
            var probe = Query("channel", "nps");
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (!(await AnswerAsync(Client, probe)).Sql.All(s => s.StartsWith("-- rollup: ", StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, "The background refresh built no rollups within 5 minutes.");
                await Task.Delay(500);
            }
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }

            File.Delete(_file);
        }
    }
}
