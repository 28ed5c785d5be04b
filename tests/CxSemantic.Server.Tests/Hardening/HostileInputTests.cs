using System.Text;
using System.Text.Json.Nodes;

namespace CxSemantic.Server.Tests.Hardening;

/// <summary>The smaller scenarios of issue 17 over HTTP: each answered with its code, nothing echoed whole.</summary>
[Collection("server")]
public sealed class HostileInputTests(ServerFixture server)
{
    [Theory]
    [InlineData("from: \"2026-01-01\", to: \"9999-12-31\", grain: YEAR")]
    [InlineData("from: \"2026-01-01\", to: \"9999-12-31\", grain: HOUR")]
    [InlineData("from: \"0001-01-01\", to: \"2026-01-01\", grain: YEAR")]
    public async Task A_window_beyond_the_supported_dates_is_INVALID_TIME_RANGE(string window)
    {
        var error = await Gql.ErrorAsync(server.Client, $"{{ metrics(time: {{ {window} }}, compare: {{ previousPeriod: true }}) {{ rows {{ period intentComplexity containmentRate {{ value }} }} }} }}");
        Assert.Equal("INVALID_TIME_RANGE", (string?)error["extensions"]!["code"]);
        Assert.Contains("outside the supported dates 1900-01-01 to 9000-01-01", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_megabyte_time_zone_is_refused_without_being_echoed()
    {
        var zone = new string('Z', 1024 * 1024);
        var (_, body, _) = await Gql.SendAsync(server.Client, Gql.Post(
            "query($zone: String) { metrics(time: { from: \"2026-01-01\", to: \"2026-02-01\", zone: $zone }) { rows { intentComplexity containmentRate { value } } } }",
            new { zone }));
        var error = body["errors"]![0]!;
        Assert.Equal("INVALID_TIME_RANGE", (string?)error["extensions"]!["code"]);
        Assert.Equal("The time zone id has 1048576 characters; IANA zone ids have at most 64. Use one such as Europe/Berlin or America/New_York.", (string?)error["message"]);
        Assert.True(body.ToJsonString().Length < 1_000);
    }

    [Fact]
    public async Task The_cursor_of_the_last_int_position_is_refused_not_wrapped_to_negative_cursors()
    {
        var cursor = Convert.ToBase64String(Encoding.UTF8.GetBytes("metric:2147483647"));
        var error = await Gql.ErrorAsync(server.Client, $"{{ metricDefinitions(first: 2, after: \"{cursor}\") {{ nodes {{ name }} pageInfo {{ endCursor }} }} }}");
        Assert.Equal("INVALID_ARGUMENT", (string?)error["extensions"]!["code"]);
        Assert.Equal($"after: \"{cursor}\" is not a cursor of this API; pass pageInfo.endCursor of the previous page.", (string?)error["message"]);
    }

    [Fact]
    public async Task An_unknown_role_is_refused_without_listing_the_roles()
    {
        var error = await Gql.ErrorAsync(server.Client, "{ metrics { rows { intentComplexity containmentRate { value } } } }", role: "intern");
        Assert.Equal("ACCESS_DENIED", (string?)error["extensions"]!["code"]);
        Assert.Equal("Unknown role 'intern': the catalog defines no access policy for it. Use the role you were given, or ask the catalog's owners for one.", (string?)error["message"]);
        Assert.DoesNotContain("cx_analyst", error.ToJsonString(), StringComparison.Ordinal);
    }
}
