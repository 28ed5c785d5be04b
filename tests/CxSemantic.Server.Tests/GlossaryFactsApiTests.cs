namespace CxSemantic.Server.Tests;

/// <summary>
/// The definition texts the API serves (definition, unitOfAnalysisText, confirmation.text) are the ones the glossary
/// page states: read here from the rendered Markdown, which the server no longer reads back.
/// </summary>
[Collection("server")]
public sealed class GlossaryFactsApiTests(ServerFixture server)
{
    [Fact]
    public async Task Every_definition_states_the_facts_of_its_glossary_page()
    {
        var data = await Gql.DataAsync(server.Client, """
            { metricDefinitions { nodes { name definition unitOfAnalysisText confirmation { text } glossaryMarkdown } } }
            """);
        var nodes = data["metricDefinitions"]!["nodes"]!.AsArray();
        Assert.Equal(server.Catalog.Metrics.Count, nodes.Count);
        foreach (var node in nodes)
        {
            var markdown = (string)node!["glossaryMarkdown"]!;
            var definition = (string)node["definition"]!;
            var unit = (string)node["unitOfAnalysisText"]!;
            var confirmation = (string)node["confirmation"]!["text"]!;
            Assert.False(string.IsNullOrWhiteSpace(definition) || string.IsNullOrWhiteSpace(unit) || string.IsNullOrWhiteSpace(confirmation), (string?)node["name"]);
            Assert.Contains($"| **Type** | {definition.Replace("|", "\\|", StringComparison.Ordinal)} |\n", markdown, StringComparison.Ordinal);
            Assert.Contains($"## Unit of analysis\n\n{unit}\n\n", markdown, StringComparison.Ordinal);
            Assert.Contains($"## Confirmation\n\n{confirmation}\n\n", markdown, StringComparison.Ordinal);
        }

        var containment = nodes.Single(n => (string)n!["name"]! == "containment_rate")!;
        Assert.StartsWith("ratio: ", (string)containment["definition"]!, StringComparison.Ordinal);
    }
}
