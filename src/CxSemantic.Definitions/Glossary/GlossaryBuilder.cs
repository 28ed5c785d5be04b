using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Definitions.Glossary;

/// <summary>
/// Builds the definitions glossary for governance review: an index by category, and one page per
/// metric with its definition, the four elements (unit of analysis, inclusion rules, confirmation,
/// segmentation), owner, version, thresholds and lineage.
/// </summary>
public static class GlossaryBuilder
{
    /// <summary>All pages: <c>index</c> first, then <c>metrics/&lt;name&gt;</c> in name order.</summary>
    public static ImmutableArray<GlossaryPage> Build(MetricCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [Index(catalog), .. catalog.Metrics.Values.Select(m => MetricPage(catalog, m))];
    }

    /// <summary>Writes every page under <paramref name="directory"/>; returns the files written.</summary>
    public static ImmutableArray<string> Write(MetricCatalog catalog, GlossaryFormat format, string directory)
    {
        var written = ImmutableArray.CreateBuilder<string>();
        foreach (var page in Build(catalog))
        {
            var path = Path.Combine(directory, page.Path + GlossaryRenderer.Extension(format));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, GlossaryRenderer.Render(page, format));
            written.Add(path);
        }

        return written.ToImmutable();
    }

    /// <summary>The explanations in words of <paramref name="metric"/>'s page, as its page states them.</summary>
    public static MetricGlossaryFacts Facts(MetricCatalog catalog, Metric metric)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(metric);
        return new MetricGlossaryFacts(
            Definition(metric),
            Unit(catalog, metric),
            Confirmation(metric.Confirmation, catalog.Journeys.GetValueOrDefault(metric.UnitOfAnalysis)));
    }

    private static GlossaryPage Index(MetricCatalog catalog)
    {
        var blocks = ImmutableArray.CreateBuilder<GlossaryBlock>();
        blocks.Add(new GlossaryHeading(1, "Metric glossary"));
        blocks.Add(new GlossaryParagraph(
            $"{catalog.Metrics.Count} governed metrics over {catalog.Models.Count} semantic models and {catalog.Journeys.Count} journey definition(s). Catalog version `{catalog.Version}` (content hash `{catalog.ContentHash}`)."));
        foreach (var category in catalog.Metrics.Values.GroupBy(m => m.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            blocks.Add(new GlossaryHeading(2, Title(category.Key)));
            foreach (var metric in category.OrderBy(m => m.Label, StringComparer.Ordinal))
            {
                blocks.Add(new GlossaryLink(metric.Label, $"metrics/{metric.Name}", $"`{metric.Name}` v{metric.Version}, owned by {metric.Owner}"));
            }
        }

        blocks.Add(new GlossaryHeading(2, "Journeys"));
        foreach (var journey in catalog.Journeys.Values)
        {
            blocks.Add(new GlossaryParagraph(
                $"**{journey.Name}** — contacts of `{journey.From}` with the same {string.Join(" and ", journey.Identity.Select(i => $"`{i}`"))}, stitched until a gap of {Describe(journey.Window)}. {journey.Description}".TrimEnd()));
        }

        return new GlossaryPage("index", "Metric glossary", blocks.ToImmutable());
    }

    private static GlossaryPage MetricPage(MetricCatalog catalog, Metric metric)
    {
        var facts = Facts(catalog, metric);
        var blocks = ImmutableArray.CreateBuilder<GlossaryBlock>();
        blocks.Add(new GlossaryHeading(1, metric.Label));
        blocks.Add(new GlossaryParagraph(metric.Description));
        blocks.Add(new GlossaryFacts(
        [
            ("Name", $"`{metric.Name}`"),
            ("Version", metric.Version.ToString(CultureInfo.InvariantCulture)),
            ("Category", metric.Category),
            ("Owner", metric.Owner),
            ("Type", facts.Definition),
            ("Format", metric.Format.ToString().ToLowerInvariant()),
            ("Defined in", metric.Span.ToString()),
        ]));

        blocks.Add(new GlossaryHeading(2, "Unit of analysis"));
        blocks.Add(new GlossaryParagraph(facts.UnitOfAnalysis));

        blocks.Add(new GlossaryHeading(2, "Inclusion rules"));
        blocks.Add(metric.Inclusion.IsEmpty
            ? new GlossaryParagraph("All units count (stated explicitly: no inclusion rule).")
            : Rules(metric.Inclusion));
        blocks.Add(new GlossaryHeading(2, "Exclusions"));
        blocks.Add(metric.Exclusions.IsEmpty
            ? new GlossaryParagraph("None (stated explicitly). Each exclusion would appear in the exclusion funnel of every answer.")
            : Rules(metric.Exclusions));

        blocks.Add(new GlossaryHeading(2, "Confirmation"));
        blocks.Add(new GlossaryParagraph(facts.Confirmation));

        blocks.Add(new GlossaryHeading(2, "Segmentation"));
        blocks.Add(new GlossaryFacts(
        [
            ("Must be split by", metric.Segmentation.Required.IsEmpty ? "nothing" : string.Join(", ", metric.Segmentation.Required.Select(d => $"`{d}`"))),
            ("May be split by", string.Join(", ", metric.Segmentation.Allowed.Select(d => $"`{d}`"))),
            ("Minimum cell size", $"{metric.Segmentation.MinCellSize} units (smaller cells are suppressed: value withheld, n shown)"),
        ]));

        blocks.Add(new GlossaryHeading(2, "Thresholds"));
        blocks.Add(new GlossaryParagraph(metric.Thresholds is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"{(t.Better == Direction.Higher ? "Higher" : "Lower")} is better: green at {(t.Better == Direction.Higher ? "or above" : "or below")} {t.Green}, amber at {(t.Better == Direction.Higher ? "or above" : "or below")} {t.Amber}, red otherwise.")
            : "No targets: the metric is reported without a status."));

        blocks.Add(new GlossaryHeading(2, "Lineage"));
        blocks.Add(new GlossaryList([.. Lineage.Of(catalog, metric).Select(c => $"`{c}`")]));
        return new GlossaryPage($"metrics/{metric.Name}", metric.Label, blocks.ToImmutable());
    }

    private static GlossaryTable Rules(ImmutableArray<NamedFilter> rules) => new(
        ["rule", "condition", "why"],
        [.. rules.Select(r => ImmutableArray.Create(r.Name, $"`{r.Where.Text}`", r.Reason ?? string.Empty))]);

    private static string Definition(Metric metric) => metric.Spec switch
    {
        RatioMetricSpec r => $"ratio: {Part(r.Numerator)} over {Part(r.Denominator)}",
        SimpleMetricSpec s => $"{DefinitionReader.AggregationNames.NameOf(s.Aggregation)} of {(s.Measure is { } m ? $"measure `{m}`" : s.Expression is { } e ? $"`{e.Text}`" : "units")}",
        MeanMetricSpec m => $"mean of `{m.Expression.Text}` (with a t confidence interval)",
        DistributionMetricSpec d => d.Negative is null
            ? $"share of units where `{d.Positive.Text}`"
            : string.Create(CultureInfo.InvariantCulture, $"share where `{d.Positive.Text}` minus share where `{d.Negative.Text}`, × {d.Scale}"),
        DerivedMetricSpec d => $"derived: `{d.Expression.Text}`",
        AgreementMetricSpec a => $"{(a.Statistic == AgreementStatistic.CohensKappa ? "Cohen's kappa" : "accuracy")} of {(a.Evaluator is { } e ? $"evaluator `{e}`" : "each evaluator")}{(a.Version is { } v ? $" {v}" : string.Empty)} against human labels",
        _ => metric.Type.ToString(),
    };

    private static string Part(RatioPart part) =>
        (part.Measure is { } m ? $"measure `{m}`" : part.Expression is { } e ? $"{DefinitionReader.AggregationNames.NameOf(part.Aggregation)} of `{e.Text}`" : "units") +
        (part.Where is { } w ? $" where `{w.Text}`" : " (all included units)");

    private static string Unit(MetricCatalog catalog, Metric metric)
    {
        if (catalog.Journeys.TryGetValue(metric.UnitOfAnalysis, out var journey))
        {
            return $"One `{journey.Name}`: the contacts (`{journey.From}`) of one {string.Join(" and ", journey.Identity.Select(i => $"`{i}`"))}, stitched across channels and days until a gap of more than {Describe(journey.Window)}, and read over its first {Describe(journey.Horizon)}: its outcome, and whether it is mature, are decided a fixed time after it starts. {journey.Description}".TrimEnd();
        }

        var model = catalog.Models[metric.UnitOfAnalysis];
        return $"One row of `{model.Name}` (table `{model.Table}`, one per {string.Join(" + ", model.PrimaryKey.Select(k => $"`{k}`"))}). {model.Description}".TrimEnd();
    }

    private static string Confirmation(Confirmation confirmation, Journey? journey)
    {
        var text = confirmation.Method switch
        {
            ConfirmationMethod.Declared => "Declared: the outcome as the system recorded it, without further evidence.",
            ConfirmationMethod.NoRecontact => $"No recontact: confirmed when the same customer does not come back about the same intent within {Describe(confirmation.Window)}.",
            ConfirmationMethod.SystemEvent => $"System event: confirmed by {SystemEvents(confirmation)} {LinkText(confirmation.Link)} within {Describe(confirmation.Window)} after the contact.",
            ConfirmationMethod.Survey => $"Survey: the customer's own `{confirmation.SurveyKind}` answer.",
            ConfirmationMethod.Evaluator => $"AI evaluator `{confirmation.Evaluator}` pinned to version `{confirmation.EvaluatorVersion}`; other versions never mix into the series.",
            _ => "QA sample: human reviewers' labels of the calibration sample.",
        };
        if (confirmation.Method == ConfirmationMethod.NoRecontact && journey is not null)
        {
            // Maturity of journeys is decided from their start, never their outcome (docs/metric-semantics.md §4).
            text += $" A journey is mature once {Describe(journey.Horizon)} (its horizon, plus the look-ahead of any windowed fact it reads) have passed since it started, at the data's watermark; younger journeys are reported as immature, never as confirmed.";
        }
        else if (confirmation.Window is not null && confirmation.Method is ConfirmationMethod.NoRecontact or ConfirmationMethod.SystemEvent)
        {
            text += $" Units whose {Describe(confirmation.Window)} window has not closed at the data's watermark are reported as immature, never as confirmed.";
        }

        return confirmation.Description is { } d ? $"{text} {d}" : text;
    }

    private static string SystemEvents(Confirmation confirmation)
    {
        var parts = new List<string>();
        if (!confirmation.Events.IsEmpty)
        {
            parts.Add(string.Join(", ", confirmation.Events.Select(e => $"`{e}`")));
        }

        if (!confirmation.EventsByIntent.IsEmpty)
        {
            parts.Add("the intent's own event (" + string.Join("; ", confirmation.EventsByIntent.Select(e => $"`{e.Key}`: {string.Join(" or ", e.Value.Select(v => $"`{v}`"))}")) + "; other intents cannot be confirmed)");
        }

        return string.Join(", or ", parts);
    }

    private static string LinkText(EventLink link) => link switch
    {
        EventLink.Contact => "linked to the contact itself",
        EventLink.Intent => "linked to the contact or to another contact of the same customer about the same intent",
        _ => "of the same customer (any event, linked or not)",
    };

    private static string Describe(IsoWindow? window)
    {
        if (window is null)
        {
            return "the window";
        }

        var duration = window.Duration;
        return duration.Days > 0 && duration.Hours == 0 && duration.Minutes == 0
            ? $"{duration.Days} day{(duration.Days == 1 ? string.Empty : "s")} ({window.Text})"
            : window.Text;
    }

    private static string Title(string category) => category.Length == 0 ? category : char.ToUpperInvariant(category[0]) + category[1..];
}
