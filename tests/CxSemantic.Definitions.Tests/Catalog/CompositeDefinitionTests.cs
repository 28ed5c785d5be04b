using CxSemantic.Definitions.Loading;
using static CxSemantic.Definitions.Tests.Catalog.CatalogFixture;

namespace CxSemantic.Definitions.Tests.Catalog;

/// <summary><c>composite:</c> documents: a valid one joins the catalog; each broken one gets its exact, positioned message.</summary>
public sealed class CompositeDefinitionTests
{
    private const string Valid = """
        composite: weighted_containment
        version: 1
        label: Weighted containment
        owner: cx
        description: Containment with chat counting more.
        metric: containment_rate
        weight_by: channel
        default_weight: 1
        weights: { chat: 3, email: 0 }
        """;

    [Fact]
    public void A_valid_composite_is_in_the_catalog_and_its_hash()
    {
        var result = Load(new DefinitionFile("m.yaml", Metric), new DefinitionFile("c.yaml", Valid));
        Assert.Empty(result.Errors);
        var composite = result.Catalog!.Composites["weighted_containment"];
        Assert.Equal(("containment_rate", "channel", 3.0, 0.0, 1.0), (composite.Metric, composite.WeightBy, composite.WeightOf("chat"), composite.WeightOf("email"), composite.WeightOf("voice")));
        var without = Load(new DefinitionFile("m.yaml", Metric));
        Assert.NotEqual(without.Catalog!.ContentHash, result.Catalog.ContentHash);
    }

    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "unknown metric", Valid.Replace("metric: containment_rate", "metric: containment_rat"), ["c.yaml:6:9: error CXD0020: Composite 'weighted_containment' refers to 'containment_rat', which is not a metric. Did you mean 'containment_rate'?"] },
        { "dimension not allowed", Valid.Replace("weight_by: channel", "weight_by: handled_by"), ["c.yaml:7:12: error CXD0020: Composite 'weighted_containment' refers to 'handled_by', which is not a segment allowed for metric 'containment_rate'. Allowed: channel, segment."] },
        { "negative weight", Valid.Replace("chat: 3", "chat: -3"), ["c.yaml:9:18: error CXD0032: 'chat' in weights of composite 'weighted_containment' must be a non-negative number (0 leaves the value out of the composite); found -3."] },
        { "unknown value", Valid.Replace("chat: 3", "caht: 3"), ["c.yaml:9:12: error CXD0020: Weights of composite 'weighted_containment' refers to 'caht', which is not a value of 'channel'. Did you mean 'chat'?"] },
        { "nothing weighted", Valid.Replace("default_weight: 1", "default_weight: 0").Replace("chat: 3", "chat: 0"), ["c.yaml:1:1: error CXD0100: Composite 'weighted_containment' gives every value a weight of 0, so it has nothing to average; give some values a positive weight or set default_weight."] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_broken_composite_gets_its_exact_positioned_message(string name, string text, string[] expected)
    {
        _ = name;
        var result = Load(new DefinitionFile("m.yaml", Metric), new DefinitionFile("c.yaml", text));
        Assert.Null(result.Catalog);
        Assert.Equal(string.Join("\n", expected), string.Join("\n", result.Errors));
    }
}
