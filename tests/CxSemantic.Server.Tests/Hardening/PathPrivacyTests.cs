using System.Text.Json.Nodes;
using CxSemantic.Server.Hosting;

namespace CxSemantic.Server.Tests.Hardening;

/// <summary>Absolute paths of the server's machine reach only trusted roles (show_sql), never /health.</summary>
[Collection("server")]
public sealed class PathPrivacyTests(ServerFixture server)
{
    private const string Query = "{ catalog { directory } }";

    [Fact]
    public async Task Health_shows_folder_and_file_names_only()
    {
        var health = JsonNode.Parse(await server.Client.GetStringAsync("/health"))!;
        Assert.Equal("metric-definitions", (string?)health["definitions"]);
        Assert.Equal(Path.GetFileName(TestPaths.Warehouse), (string?)health["warehouse"]!["location"]);
        Assert.DoesNotContain(Path.GetFullPath(TestPaths.Definitions), health.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), health.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cx_leader", false)]
    [InlineData("tenant_manager", false)]
    [InlineData("cx_analyst", true)]
    public async Task The_catalog_directory_is_absolute_only_for_roles_that_see_the_SQL(string role, bool absolute)
    {
        var data = await Gql.DataAsync(server.Client, Query, role: role, claims: new Dictionary<string, string> { ["tenant"] = "acme" });
        var directory = (string?)data["catalog"]!["directory"];
        Assert.Equal(absolute ? Path.GetFullPath(TestPaths.Definitions) : "metric-definitions", directory);
    }

    [Theory]
    [InlineData("/srv/cx/metric-definitions/metrics/automation.yaml", false, "metric-definitions/metrics/automation.yaml")]
    [InlineData("/srv/cx/metric-definitions", false, "metric-definitions")]
    [InlineData("/srv/cx/metric-definitions-old/x.yaml", false, "x.yaml")]
    [InlineData("/etc/passwd", false, "passwd")]
    [InlineData("metrics/automation.yaml", false, "metrics/automation.yaml")]
    [InlineData("/srv/cx/metric-definitions/metrics/automation.yaml", true, "/srv/cx/metric-definitions/metrics/automation.yaml")]
    public void Definition_paths_are_shown_relative_to_the_folder_parent_unless_trusted(string path, bool trusted, string shown) =>
        Assert.Equal(shown, new DefinitionPaths("/srv/cx/metric-definitions", trusted).Show(path));
}
