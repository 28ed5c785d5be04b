using CxSemantic.Definitions.Glossary;
using CxSemantic.Definitions.Loading;
using static CxSemantic.Definitions.Tests.Catalog.CatalogFixture;

namespace CxSemantic.Definitions.Tests.Catalog;

public sealed class GlossaryAndDiffTests
{
    private static Model.MetricCatalog Catalog(string metric) => Load(new DefinitionFile("m.yaml", metric)).Catalog!;

    [Fact]
    public void A_metric_page_shows_the_four_elements_and_lineage()
    {
        var pages = GlossaryBuilder.Build(Catalog(Metric));
        Assert.Equal(["index", "metrics/containment_rate"], pages.Select(p => p.Path).ToArray());
        var md = GlossaryRenderer.Render(pages[1], GlossaryFormat.Markdown);
        Assert.Contains("## Unit of analysis\n\nOne `intent_journey`: the contacts (`interactions`) of one `customer_id` and `intent`, stitched across channels and days until a gap of more than 7 days (P7D), and read over its first 14 days (P14D): its outcome, and whether it is mature, are decided a fixed time after it starts.", md);
        Assert.Contains("A journey is mature once 14 days (P14D) (its horizon, plus the look-ahead of any windowed fact it reads) have passed since it started, at the data's watermark; younger journeys are reported as immature, never as confirmed.", md);
        Assert.Contains("| eligible | `eligible` |  |", md);
        Assert.Contains("| rage quits | `end_reason = 'rage_quit'` |  |", md);
        Assert.Contains("No recontact: confirmed when the same customer does not come back about the same intent within 7 days (P7D).", md);
        Assert.Contains("| **Must be split by** | `channel` |", md);
        Assert.Contains("| **May be split by** | `channel`, `segment` |", md);
        Assert.Contains("Higher is better: green at or above 0.6, amber at or above 0.5, red otherwise.", md);
        // The numerator reads the journey attribute last_handler = last handled_by; exclusions read end_reason.
        Assert.EndsWith(
            "## Lineage\n\n- `interactions.customer_id`\n- `interactions.eligible`\n- `interactions.end_reason`\n- `interactions.handled_by`\n- `interactions.intent`\n- `interactions.interaction_id`\n- `interactions.started_at`\n",
            md);
    }

    [Fact]
    public void The_index_groups_metrics_by_category_and_links_their_pages()
    {
        var index = GlossaryBuilder.Build(Catalog(Metric))[0];
        var md = GlossaryRenderer.Render(index, GlossaryFormat.Markdown);
        Assert.Contains("## Automation\n\n- [Containment rate](metrics/containment_rate.md) — `containment_rate` v1, owned by cx-analytics\n", md);
        var html = GlossaryRenderer.Render(index, GlossaryFormat.Html);
        Assert.Contains("<li><a href=\"metrics/containment_rate.html\">Containment rate</a> — <code>containment_rate</code> v1, owned by cx-analytics</li>", html);
        var page = GlossaryRenderer.Render(GlossaryBuilder.Build(Catalog(Metric))[1], GlossaryFormat.Html);
        Assert.Contains("<td><code>end_reason = &#39;rage_quit&#39;</code></td>", page);
        Assert.StartsWith("<!DOCTYPE html>", page);
    }

    [Fact]
    public void Diff_lists_added_removed_and_changed_metrics_and_flags_a_missing_version_bump()
    {
        var before = Catalog(Metric);
        var other = Metric.Replace("containment_rate", "other_rate");
        var after = Load(
            new DefinitionFile("m.yaml", Metric.Replace("green: 0.6", "green: 0.7").Replace("last_handler = 'bot'", "last_handler  =  'bot'")),
            new DefinitionFile("o.yaml", other)).Catalog!;
        var diff = CatalogDiff.Between(before, after);
        Assert.Equal(["other_rate"], diff.Added.ToArray());
        Assert.Empty(diff.Removed);
        var change = Assert.Single(diff.Changed);
        // Reformatting the numerator is not a change; moving the green threshold is.
        Assert.Equal(["thresholds"], change.ChangedFields.ToArray());
        Assert.True(change.MissingVersionBump);
        Assert.True(diff.HasErrors);

        var bumped = Catalog(Metric.Replace("green: 0.6", "green: 0.7").Replace("version: 1", "version: 2"));
        var ok = CatalogDiff.Between(before, bumped);
        Assert.Equal(["thresholds", "version"], Assert.Single(ok.Changed).ChangedFields.ToArray());
        Assert.False(ok.HasErrors);
        Assert.Equal(["containment_rate"], CatalogDiff.Between(bumped, Load().Catalog!).Removed.ToArray());
    }
}
