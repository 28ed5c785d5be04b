using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Definitions.Tests.Catalog;

public sealed class CatalogLoaderTests
{
    [Fact]
    public void The_base_catalog_is_valid_and_complete()
    {
        var result = CatalogFixture.Load(new DefinitionFile("m.yaml", CatalogFixture.Metric));
        Assert.Empty(result.Diagnostics);
        var catalog = result.Catalog!;
        var metric = catalog.Metrics["containment_rate"];
        Assert.Equal("intent_journey", metric.UnitOfAnalysis);
        var ratio = Assert.IsType<RatioMetricSpec>(metric.Spec);
        Assert.True(ratio.IsProportion);
        Assert.Equal("last_handler = 'bot'", ratio.Numerator.Where!.Text);
        Assert.Equal("m.yaml:9:22+20", $"{ratio.Numerator.Where.Span}+{ratio.Numerator.Where.Span.Length}");
        Assert.Equal(["eligible"], metric.Inclusion.Select(i => i.Name));
        Assert.Equal(["rage quits"], metric.Exclusions.Select(i => i.Name));
        Assert.Equal(ConfirmationMethod.NoRecontact, metric.Confirmation.Method);
        Assert.Equal(NodaTime.Duration.FromDays(7), metric.Confirmation.Window!.Duration);
        Assert.Equal(["channel"], metric.Segmentation.Required.ToArray());
        Assert.Equal(["channel", "segment"], metric.Segmentation.Allowed.ToArray());
        Assert.Equal(30, metric.Segmentation.MinCellSize);
        Assert.Equal("green", metric.Thresholds!.StatusOf(0.61));
        Assert.Equal("amber", metric.Thresholds.StatusOf(0.55));
        Assert.Equal("red", metric.Thresholds.StatusOf(0.2));
        Assert.Equal(64, catalog.ContentHash.Length);
        Assert.Equal(catalog.ContentHash[..12], catalog.Version);
        var journey = catalog.Journeys["intent_journey"];
        Assert.Equal(["customer_id", "intent"], journey.Identity.ToArray());
        Assert.Equal(JourneyAggregation.Last, journey.Attributes[1].Aggregation);
        Assert.Equal(new DimensionPath("customers", "segment"), catalog.Models["interactions"].FindDimension("segment")!.Via);
    }

    [Fact]
    public void The_content_hash_changes_with_any_edit_and_ignores_line_endings_and_file_order()
    {
        var a = CatalogFixture.Load(new DefinitionFile("m.yaml", CatalogFixture.Metric)).Catalog!;
        var b = CatalogLoader.Load([new DefinitionFile("m.yaml", CatalogFixture.Metric.Replace("\n", "\r\n")), new DefinitionFile("models.yaml", CatalogFixture.Models)], CatalogFixture.Schema).Catalog!;
        var c = CatalogFixture.Load(new DefinitionFile("m.yaml", CatalogFixture.Metric.Replace("0.6", "0.61"))).Catalog!;
        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.NotEqual(a.ContentHash, c.ContentHash);
    }

    [Fact]
    public void All_problems_are_reported_at_once_in_position_order()
    {
        var text = CatalogFixture.MetricWith("owner:", null)
            .Replace("last_handler = 'bot'", "last_handlr = 'bot'")
            .Replace("window: P7D }", "window: 7 days }");
        var result = CatalogFixture.Load(new DefinitionFile("m.yaml", text));
        Assert.Null(result.Catalog);
        Assert.Equal(3, result.Errors.Count());
        Assert.Equal(
            string.Join("\n", [
                "m.yaml:1:1: error CXD0004: Metric 'containment_rate' is missing 'owner': the team accountable for the definition",
                "m.yaml:8:22: error CXE0101: Unknown column 'last_handlr'; it is not a column of this model or of a declared join, so check the spelling or declare it. Did you mean 'last_handler'?",
                "m.yaml:14:47: error CXD0010: '7 days' is not an ISO-8601 duration; write e.g. P7D (7 days), PT24H (24 hours) or PT30M (30 minutes).",
            ]),
            string.Join("\n", result.Diagnostics));
    }
}
