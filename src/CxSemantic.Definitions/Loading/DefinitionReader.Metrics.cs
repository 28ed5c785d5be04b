using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;
using YamlDotNet.RepresentationModel;

namespace CxSemantic.Definitions.Loading;

/// <summary>Metrics: the type-specific spec, filters, confirmation, segmentation and thresholds.</summary>
internal sealed partial class DefinitionReader
{
    private static readonly string[] TypeSpecificKeys =
        ["numerator", "denominator", "expr", "positive", "negative", "scale", "agg", "measure", "percentile", "evaluator", "evaluator_version", "statistic"];

    private Metric ReadMetric(MappingReader m)
    {
        var name = Name(m, MetricKey);
        var version = m.Int("version", "every metric is versioned; start at 1 and bump it on every change of meaning");
        if (version is < 1)
        {
            diagnostics.Error(DefinitionErrors.BadVersion, DefinitionErrors.Format(DefinitionErrors.BadVersionMessage, name, version), m.ValueSpan("version"));
        }

        var parsedType = Enum(m, "type", MetricTypeNames, "metric type", "simple, ratio, mean, distribution, derived or agreement");
        if (parsedType is null)
        {
            // With the type unknown, its parts cannot be judged: one message, not one per part.
            foreach (var key in TypeSpecificKeys)
            {
                m.Raw(key);
            }
        }

        var type = parsedType ?? MetricType.Simple;
        return new Metric
        {
            Name = name,
            Version = version ?? 1,
            Label = m.String("label", "a human label for dashboards and the glossary") ?? name,
            Category = m.String("category", "the scorecard category, e.g. automation") ?? string.Empty,
            Owner = m.String("owner", "the team accountable for the definition") ?? string.Empty,
            Description = m.String("description", "what the metric means, in words a CX leader understands") ?? string.Empty,
            UnitOfAnalysis = LocatedString(m, "unit_of_analysis", "what one counted thing is: a journey or a semantic model") ?? string.Empty,
            Type = type,
            Spec = ReadSpec(m, name, type),
            Inclusion = Filters(m, "inclusion", "inclusion rule", "which units count (write 'inclusion: []' to state that all units count)"),
            Exclusions = Filters(m, "exclusions", "exclusion", "which units are removed and why (write 'exclusions: []' to state that none are)"),
            Confirmation = ReadConfirmation(m, name),
            Segmentation = ReadSegmentation(m, name),
            Thresholds = ReadThresholds(m, name),
            Format = Enum(m, "format", FormatNames, "format", "how values are shown: percent, number, duration, currency or score") ?? MetricFormat.Number,
            Span = m.KeySpan(MetricKey),
            Locations = _locations.ToImmutable(),
        };
    }

    private MetricSpec ReadSpec(MappingReader m, string metric, MetricType type)
    {
        switch (type)
        {
            case MetricType.Ratio:
                return new RatioMetricSpec(
                    Part(m, "numerator", metric) ?? new RatioPart(null, Aggregation.Count, null, null),
                    Part(m, "denominator", metric) ?? new RatioPart(null, Aggregation.Count, null, null));
            case MetricType.Mean:
                return new MeanMetricSpec(Expression(m, "expr", "the per-unit value to average") ?? Placeholder(m));
            case MetricType.Distribution:
                return new DistributionMetricSpec(
                    Expression(m, "positive", "the condition for a positive unit (a promoter, a top-box answer)") ?? Placeholder(m),
                    Expression(m, "negative", null),
                    m.Double("scale") ?? 1);
            case MetricType.Derived:
                var expression = Expression(m, "expr", "an expression over other metrics, e.g. cost_to_serve / resolved_intents") ?? Placeholder(m);
                var references = expression.Syntax is null
                    ? []
                    : ExpressionColumns.ReferencedNames(expression.Syntax).Distinct().ToImmutableArray();
                return new DerivedMetricSpec(expression, references);
            case MetricType.Agreement:
                var statistic = Enum(m, "statistic", StatisticNames, "agreement statistic", "accuracy or cohens_kappa") ?? AgreementStatistic.CohensKappa;
                return new AgreementMetricSpec(m.String("evaluator"), m.String("evaluator_version"), statistic);
            default:
                var agg = Enum(m, "agg", AggregationNames, "aggregation", null) ?? Aggregation.Count;
                var measure = LocatedString(m, "measure", null);
                return new SimpleMetricSpec(agg, measure, Expression(m, "expr", null), Fraction(m, "percentile", agg == Aggregation.Percentile));
        }
    }

    private RatioPart? Part(MappingReader m, string key, string metric)
    {
        var r = m.Mapping(key, $"{key} of metric '{metric}'", $"a ratio needs a {key} ('{key}: {{}}' counts every included unit)");
        if (r is null)
        {
            return null;
        }

        var agg = Enum(r, "agg", AggregationNames, "aggregation", null) ?? Aggregation.Count;
        var part = new RatioPart(Expression(r, "where", null), agg, r.String("measure"), Expression(r, "expr", null));
        r.Complete();
        return part;
    }

    private ImmutableArray<NamedFilter> Filters(MappingReader m, string key, string what, string requiredBecause)
    {
        if (!m.Has(key))
        {
            m.Missing(key, requiredBecause);
            return [];
        }

        var filters = ImmutableArray.CreateBuilder<NamedFilter>();
        foreach (var r in m.MappingList(key, $"{what} of {m.Context}"))
        {
            var name = r.String("name", $"each {what} is named, so the exclusion funnel and glossary can show it");
            var where = Expression(r, "where", $"the condition of the {what}");
            if (name is not null && where is not null)
            {
                filters.Add(new NamedFilter(name, where, r.String("reason")));
            }

            r.Complete();
        }

        return filters.ToImmutable();
    }

    private Confirmation ReadConfirmation(MappingReader m, string metric)
    {
        var r = m.Mapping("confirmation", $"confirmation of metric '{metric}'", "how an outcome is known to be real, e.g. { method: no_recontact, window: P7D } or { method: declared }");
        if (r is null)
        {
            return new Confirmation { Method = ConfirmationMethod.Declared };
        }

        var method = Enum(r, "method", ConfirmationNames, "confirmation method", "declared, system_event, no_recontact, survey, evaluator or qa_sample") ?? ConfirmationMethod.Declared;
        var confirmation = new Confirmation
        {
            Method = method,
            Window = r.Has("window") ? Window(r, "window", null) : null,
            Events = r.Names("events").Select(e => e.Value).ToImmutableArray(),
            EventsByIntent = EventsByIntent(r),
            Link = Enum(r, "link", EventLinkNames, "event link", null) ?? EventLink.Contact,
            Evaluator = r.String("evaluator"),
            EvaluatorVersion = r.String("evaluator_version"),
            SurveyKind = r.String("survey"),
            Description = r.String("description"),
        };

        void Need(bool present, string key, string why)
        {
            if (!present)
            {
                diagnostics.Error(
                    DefinitionErrors.ConfirmationIncomplete,
                    DefinitionErrors.Format(DefinitionErrors.ConfirmationIncompleteMessage, MethodName(method), metric, key, why),
                    r.Span);
            }
        }

        switch (method)
        {
            case ConfirmationMethod.SystemEvent:
                Need(!confirmation.Events.IsEmpty || !confirmation.EventsByIntent.IsEmpty, "events", "the system event types that confirm the outcome, e.g. [order_shipped], or 'events_by_intent' with the types per intent");
                Need(r.Has("window"), "window", "how long after the unit the event may arrive, e.g. P3D");
                break;
            case ConfirmationMethod.NoRecontact:
                Need(r.Has("window"), "window", "how long the customer must stay away, e.g. P7D");
                break;
            case ConfirmationMethod.Survey:
                Need(confirmation.SurveyKind is not null, "survey", "which survey confirms: csat, ces or nps");
                break;
            case ConfirmationMethod.Evaluator:
                Need(confirmation.Evaluator is not null, "evaluator", "the AI evaluator whose label confirms the outcome");
                Need(confirmation.EvaluatorVersion is not null, "evaluator_version", "a pinned version, so a time series never mixes evaluator versions");
                break;
        }

        r.Complete();
        return confirmation;
    }

    /// <summary><c>events_by_intent: { order_status: [order_shipped], … }</c>.</summary>
    private ImmutableSortedDictionary<string, ImmutableArray<string>> EventsByIntent(MappingReader r)
    {
        var map = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var (intent, span, body) in r.NamedItems("events_by_intent"))
        {
            if (body is YamlSequenceNode { Children: { Count: > 0 } items } && items.All(i => i is YamlScalarNode { Value.Length: > 0 }))
            {
                map[intent] = [.. items.Select(i => ((YamlScalarNode)i).Value!)];
            }
            else
            {
                diagnostics.Error(
                    DefinitionErrors.InvalidValue,
                    DefinitionErrors.Format(DefinitionErrors.InvalidValueMessage, intent, "events_by_intent entry", "a list of event types, e.g. order_status: [order_shipped]", string.Empty),
                    r.ValueSpanOf(body));
            }
        }

        return map.ToImmutable();
    }

    private Segmentation ReadSegmentation(MappingReader m, string metric)
    {
        var r = m.Mapping("segmentation", $"segmentation of metric '{metric}'", "how the metric may and must be sliced: { required: […], allowed: […], min_cell_size: 30 }");
        if (r is null)
        {
            return new Segmentation([], [], 1);
        }

        var required = r.Names("required", "the dimensions every query must split by ('required: []' if none)");
        var allowed = r.Names("allowed", "the dimensions a query may split or filter by");
        for (var i = 0; i < allowed.Length; i++)
        {
            _locations[$"segmentation.allowed.{i}"] = allowed[i].Span;
        }

        var minCell = r.Int("min_cell_size", "the fewest units a cell needs before its value is shown") ?? 1;
        if (minCell < 1)
        {
            diagnostics.Error(
                DefinitionErrors.InvalidNumber,
                DefinitionErrors.Format(DefinitionErrors.InvalidNumberMessage, "min_cell_size", r.Context, "at least 1", minCell),
                r.ValueSpan("min_cell_size"));
        }

        foreach (var (value, span) in required)
        {
            if (!allowed.Any(a => a.Value == value))
            {
                diagnostics.Error(DefinitionErrors.RequiredNotAllowed, DefinitionErrors.Format(DefinitionErrors.RequiredNotAllowedMessage, value, metric), span);
            }
        }

        r.Complete();
        return new Segmentation([.. required.Select(x => x.Value)], [.. allowed.Select(x => x.Value)], minCell);
    }

    private Thresholds? ReadThresholds(MappingReader m, string metric)
    {
        if (!m.Has("thresholds"))
        {
            return null;
        }

        var r = m.Mapping("thresholds", $"thresholds of {m.Context}");
        if (r is null)
        {
            return null;
        }

        var green = r.Double("green", "the value at which the metric is on target");
        var amber = r.Double("amber", "the value below target at which it is still tolerable");
        var better = Enum(r, "better", DirectionNames, "direction", "higher or lower") ?? Direction.Higher;
        r.Complete();
        if (green is null || amber is null)
        {
            return null;
        }

        var ordered = better == Direction.Higher ? green >= amber : green <= amber;
        if (!ordered)
        {
            diagnostics.Error(
                DefinitionErrors.ThresholdOrder,
                DefinitionErrors.Format(DefinitionErrors.ThresholdOrderMessage, metric, better == Direction.Higher ? "higher" : "lower", green, better == Direction.Higher ? "at least" : "at most", amber),
                r.ValueSpan("green"));
        }

        return new Thresholds(green.Value, amber.Value, better);
    }
}
