using CxSemantic.Definitions.Loading;
using static CxSemantic.Definitions.Tests.Catalog.CatalogFixture;

namespace CxSemantic.Definitions.Tests.Catalog;

/// <summary><c>rollup:</c> documents: a valid one joins the catalog; each broken one gets its exact, positioned message.</summary>
public sealed class RollupDefinitionTests
{
    private const string Valid = """
        rollup: containment_daily
        description: Containment per day.
        metrics: [containment_rate]
        dimensions: [channel, segment]
        grain: day
        zone: Europe/Berlin
        partition_by: month
        """;

    [Fact]
    public void A_valid_rollup_is_in_the_catalog()
    {
        var result = Load(new DefinitionFile("m.yaml", Metric), new DefinitionFile("r.yaml", Valid));
        Assert.Empty(result.Errors);
        var rollup = result.Catalog!.Rollups["containment_daily"];
        Assert.Equal((Model.RollupGrain.Day, Model.RollupGrain.Month, "Europe/Berlin"), (rollup.Grain, rollup.PartitionBy, rollup.Zone));
        Assert.Equal(["containment_rate"], rollup.Metrics.ToArray());
        Assert.Equal(["channel", "segment"], rollup.Dimensions.ToArray());
    }

    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "unknown metric", Valid.Replace("[containment_rate]", "[containment_rat]"), ["r.yaml:3:11: error CXD0020: Rollup 'containment_daily' refers to 'containment_rat', which is not a metric. Did you mean 'containment_rate'?"] },
        { "dimension not allowed", Valid.Replace("[channel, segment]", "[channel, handled_by]"), ["r.yaml:4:23: error CXD0020: Rollup 'containment_daily' refers to 'handled_by', which is not a segment allowed for metric 'containment_rate'. Allowed: channel, segment; drop the metric from this rollup or the dimension from its list."] },
        { "required segment missing", Valid.Replace("[channel, segment]", "[segment]"), ["r.yaml:3:11: error CXD0110: Rollup 'containment_daily' lacks channel, which every query of 'containment_rate' must group by, so no query could use it; add it to dimensions."] },
        { "unknown zone", Valid.Replace("Europe/Berlin", "Europe/Berlim"), ["r.yaml:6:7: error CXD0110: Rollup 'containment_daily' has zone 'Europe/Berlim', which is not an IANA time zone; write e.g. Europe/Berlin or UTC."] },
        { "weeks in months", Valid.Replace("grain: day", "grain: week"), ["r.yaml:7:15: error CXD0110: Rollup 'containment_daily' has week buckets in month partitions, which cut buckets in two; partition by a coarser calendar unit that whole buckets fill (day buckets fit any partition, weeks only week partitions)."] },
        { "unknown grain", Valid.Replace("grain: day", "grain: dya"), ["r.yaml:5:8: error CXD0008: 'dya' is not a valid rollup grain; expected one of: day, week, month, quarter, year. Did you mean 'day'?"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_broken_rollup_gets_its_exact_positioned_message(string name, string text, string[] expected)
    {
        _ = name;
        var result = Load(new DefinitionFile("m.yaml", Metric), new DefinitionFile("r.yaml", text));
        Assert.Null(result.Catalog);
        Assert.Equal(string.Join("\n", expected), string.Join("\n", result.Errors));
    }
}
