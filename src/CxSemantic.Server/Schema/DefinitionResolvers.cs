using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using CxSemantic.Definitions.Glossary;
using CxSemantic.Definitions.Model;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Hosting;

namespace CxSemantic.Server.Schema;

/// <summary>
/// <c>Query.metricDefinitions</c> (filtered, ordered, paged by <see cref="ConnectionPager"/>) and
/// <c>Query.metricDefinition</c>: the catalog's metric definitions with their glossary facts.
/// </summary>
internal static class DefinitionResolvers
{
    private static readonly ConnectionPager Pager = new("metric");

    /// <summary>The definition fields <c>where</c> filters and <c>order</c> sorts by (by their input names).</summary>
    private static readonly FrozenDictionary<string, Func<Metric, IComparable>> Fields = new Dictionary<string, Func<Metric, IComparable>>(StringComparer.Ordinal)
    {
        ["name"] = m => m.Name,
        ["label"] = m => m.Label,
        ["category"] = m => m.Category,
        ["owner"] = m => m.Owner,
        ["unitOfAnalysis"] = m => m.UnitOfAnalysis,
        ["version"] = m => m.Version,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static Dictionary<string, object?> MetricDefinitions(ResolverContext ctx)
    {
        var snapshot = RequestContext.Of(ctx).Snapshot;
        var metrics = Filter(snapshot.Catalog.Metrics.Values, ctx.Arguments.GetValueOrDefault("where") as IReadOnlyDictionary<string, object?>);
        var ordered = Order(metrics, ctx.Arguments.GetValueOrDefault("order") as IEnumerable<object?>).ToList();
        return Pager.Page(ordered, ctx.Arguments.GetValueOrDefault("first") as int?, ctx.GetArgument<string>("after")).ToGraphQL(m => Definition(snapshot, m));
    }

    public static Dictionary<string, object?>? MetricDefinition(ResolverContext ctx)
    {
        var snapshot = RequestContext.Of(ctx).Snapshot;
        var name = ctx.GetArgument<string>("name") ?? string.Empty;
        return snapshot.Catalog.Metrics.TryGetValue(name, out var metric) ? Definition(snapshot, metric) : null;
    }

    private static IEnumerable<Metric> Filter(IEnumerable<Metric> metrics, IReadOnlyDictionary<string, object?>? where)
    {
        foreach (var (field, ops) in where ?? new Dictionary<string, object?>())
        {
            if (ops is not IReadOnlyDictionary<string, object?> operations)
            {
                continue;
            }

            var get = Fields.GetValueOrDefault(field);
            metrics = metrics.Where(m => StringMatches(get?.Invoke(m) as string ?? string.Empty, operations)).ToList();
        }

        return metrics;
    }

    private static IOrderedEnumerable<Metric> Order(IEnumerable<Metric> metrics, IEnumerable<object?>? order)
    {
        var ordered = metrics.OrderBy(_ => 0);
        foreach (var (field, direction) in (order ?? []).OfType<IReadOnlyDictionary<string, object?>>().SelectMany(d => d))
        {
            if (direction is not string dir)
            {
                continue;
            }

            var key = Fields.GetValueOrDefault(field) ?? Fields["name"];
            ordered = dir == "DESC" ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }

        return ordered;
    }

    private static bool StringMatches(string value, IReadOnlyDictionary<string, object?> operations)
    {
        foreach (var (op, operand) in operations)
        {
            var ok = op switch
            {
                "eq" => operand is null || value == (string)operand,
                "neq" => operand is null || value != (string)operand,
                "in" => operand is null || ((IEnumerable<object?>)operand).Contains(value),
                "nin" => operand is null || !((IEnumerable<object?>)operand).Contains(value),
                "isNull" => operand is not true,
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, object?> Definition(CatalogSnapshot snapshot, Metric metric)
    {
        var glossary = snapshot.Schema.Glossary.GetValueOrDefault(metric.Name);
        var field = snapshot.Schema.MetricsByName.TryGetValue(metric.Name, out var f) ? f.Field : GraphQLNames.Camel(metric.Name);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = metric.Name,
            ["field"] = field,
            ["label"] = metric.Label,
            ["version"] = metric.Version,
            ["category"] = metric.Category,
            ["owner"] = metric.Owner,
            ["description"] = metric.Description,
            ["type"] = metric.Type.ToString().ToUpperInvariant(),
            ["definition"] = glossary?.Facts.Definition ?? metric.Type.ToString(),
            ["format"] = metric.Format.ToString().ToUpperInvariant(),
            ["unitOfAnalysis"] = metric.UnitOfAnalysis,
            ["unitOfAnalysisText"] = glossary?.Facts.UnitOfAnalysis ?? metric.UnitOfAnalysis,
            ["inclusion"] = metric.Inclusion.Select(Rule).ToList(),
            ["exclusions"] = metric.Exclusions.Select(Rule).ToList(),
            ["confirmation"] = Confirmation(metric.Confirmation, glossary?.Facts.Confirmation ?? string.Empty),
            ["segmentation"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["required"] = metric.Segmentation.Required,
                ["allowed"] = metric.Segmentation.Allowed,
                ["minCellSize"] = metric.Segmentation.MinCellSize,
            },
            ["thresholds"] = metric.Thresholds is { } t
                ? new Dictionary<string, object?>(StringComparer.Ordinal) { ["green"] = t.Green, ["amber"] = t.Amber, ["better"] = t.Better.ToString().ToUpperInvariant() }
                : null,
            ["lineage"] = Lineage.Of(snapshot.Catalog, metric),
            ["source"] = metric.Span.ToString(),
            ["history"] = snapshot.History.GetValueOrDefault(metric.Name, []).Select(History).ToList(),
            ["glossaryMarkdown"] = glossary is null ? string.Empty : GlossaryRenderer.Render(glossary.Page, GlossaryFormat.Markdown),
        };
    }

    private static Dictionary<string, object?> Confirmation(Confirmation confirmation, string text) => new(StringComparer.Ordinal)
    {
        ["method"] = ScreamingSnake(confirmation.Method.ToString()),
        ["window"] = confirmation.Window?.Text,
        ["events"] = confirmation.Events,
        ["link"] = confirmation.Method == ConfirmationMethod.SystemEvent ? confirmation.Link.ToString().ToUpperInvariant() : null,
        ["eventsByIntent"] = confirmation.EventsByIntent
            .Select(e => new Dictionary<string, object?>(StringComparer.Ordinal) { ["intent"] = e.Key, ["events"] = e.Value })
            .ToList(),
        ["evaluator"] = confirmation.Evaluator,
        ["evaluatorVersion"] = confirmation.EvaluatorVersion,
        ["surveyKind"] = confirmation.SurveyKind,
        ["description"] = confirmation.Description,
        ["text"] = text,
    };

    private static Dictionary<string, object?> History(DefinitionChange change) => new(StringComparer.Ordinal)
    {
        ["kind"] = change.Kind,
        ["version"] = change.Version,
        ["previousVersion"] = change.PreviousVersion,
        ["changedFields"] = change.ChangedFields,
        ["at"] = change.At.ToString("o", CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, object?> Rule(NamedFilter rule) => new(StringComparer.Ordinal)
    {
        ["name"] = rule.Name,
        ["where"] = rule.Where.Text,
        ["reason"] = rule.Reason,
    };

    private static string ScreamingSnake(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(pascal[i]));
        }

        return builder.ToString();
    }
}
