using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;
using NodaTime;
using NodaTime.Text;
using YamlDotNet.RepresentationModel;

namespace CxSemantic.Definitions.Loading;

/// <summary>
/// Turns YAML documents into definition records, syntax only: shapes, names, enums, durations and
/// expression syntax. Cross-references and types are checked afterwards by <see cref="CatalogValidator"/>.
/// </summary>
internal sealed partial class DefinitionReader(DiagnosticBag diagnostics)
{
    public const string MetricKey = "metric";
    public const string ModelKey = "semantic_model";
    public const string JourneyKey = "journey";
    public const string PolicyKey = "access_policy";

    private static readonly string[] DocumentKinds = [ModelKey, JourneyKey, MetricKey, PolicyKey];

    private static readonly string[] TypeSpecificKeys =
        ["numerator", "denominator", "expr", "positive", "negative", "scale", "agg", "measure", "percentile", "evaluator", "evaluator_version", "statistic"];

    public List<SemanticModel> Models { get; } = [];

    public List<Journey> Journeys { get; } = [];

    public List<Metric> Metrics { get; } = [];

    public List<AccessPolicy> Policies { get; } = [];

    /// <summary>Locations of the definition being read; reset per document.</summary>
    private ImmutableDictionary<string, SourceSpan>.Builder _locations = ImmutableDictionary.CreateBuilder<string, SourceSpan>(StringComparer.Ordinal);

    public void Read(YamlFile file)
    {
        foreach (var document in file.Documents)
        {
            var root = document.RootNode;
            if (MappingReader.IsNull(root))
            {
                continue; // an empty document (a trailing ---) is harmless
            }

            if (root is not YamlMappingNode mapping)
            {
                diagnostics.Error(
                    DefinitionErrors.UnknownDocument,
                    DefinitionErrors.Format(DefinitionErrors.NotAMappingMessage, root is YamlSequenceNode ? "list" : "single value"),
                    file.SpanOf(root));
                continue;
            }

            var kind = mapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).FirstOrDefault(DocumentKinds.Contains);
            if (kind is null)
            {
                var first = mapping.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault();
                diagnostics.Error(
                    DefinitionErrors.UnknownDocument,
                    DefinitionErrors.Format(DefinitionErrors.UnknownDocumentMessage, first?.Value ?? string.Empty) +
                    (first?.Value is { } v ? NameSuggester.Hint(v, DocumentKinds) : string.Empty),
                    first is null ? file.SpanOf(root) : file.SpanOf(first, first.Value?.Length ?? 0));
                continue;
            }

            var name = (mapping.Children[new YamlScalarNode(kind)] as YamlScalarNode)?.Value ?? string.Empty;
            var reader = new MappingReader(file, mapping, $"{kind.Replace('_', ' ')} '{name}'", diagnostics);
            _locations = ImmutableDictionary.CreateBuilder<string, SourceSpan>(StringComparer.Ordinal);
            switch (kind)
            {
                case ModelKey: Models.Add(ReadModel(reader)); break;
                case JourneyKey: Journeys.Add(ReadJourney(reader)); break;
                case MetricKey: Metrics.Add(ReadMetric(reader)); break;
                default: Policies.Add(ReadPolicy(reader)); break;
            }

            reader.Complete();
        }
    }

    private SemanticModel ReadModel(MappingReader m)
    {
        var name = Name(m, ModelKey);
        var model = new SemanticModel
        {
            Name = name,
            Table = LocatedString(m, "table", "the warehouse table the model reads") ?? name,
            PrimaryKey = LocatedNames(m, "primary_key", "the column(s) that identify one row, so measures are never double-counted"),
            TimeColumn = m.String("time"),
            EndTimeColumn = m.String("end_time"),
            Description = m.String("description"),
            Span = m.KeySpan(ModelKey),
        };

        var dimensions = ImmutableArray.CreateBuilder<Dimension>();
        foreach (var (dimName, span, body) in m.NamedItems("dimensions"))
        {
            CheckName(dimName, span);
            dimensions.Add(ReadDimension(m, dimName, span, body));
        }

        var measures = ImmutableArray.CreateBuilder<Measure>();
        foreach (var (measureName, span, body) in m.NamedItems("measures"))
        {
            CheckName(measureName, span);
            var r = Body(m, body, $"measure '{measureName}' of semantic model '{name}'");
            if (r is null)
            {
                continue;
            }

            var agg = Enum(r, "agg", AggregationNames, "aggregation", "how rows are combined") ?? Aggregation.Count;
            measures.Add(new Measure
            {
                Name = measureName,
                Aggregation = agg,
                Expression = Expression(r, "expr", agg == Aggregation.Count ? null : "the value to aggregate"),
                Percentile = Fraction(r, "percentile", agg == Aggregation.Percentile),
                Description = r.String("description"),
                Span = span,
            });
            r.Complete();
        }

        var joins = ImmutableArray.CreateBuilder<ModelJoin>();
        foreach (var (target, span, body) in m.NamedItems("joins"))
        {
            var r = Body(m, body, $"join '{target}' of semantic model '{name}'");
            if (r is null)
            {
                continue;
            }

            var on = r.Names("on", "the key column(s) of this table that match the joined table").Select(n => n.Value).ToImmutableArray();
            var references = r.Has("references") ? r.Names("references").Select(n => n.Value).ToImmutableArray() : on;
            joins.Add(new ModelJoin
            {
                Model = target,
                On = on,
                References = references,
                Relationship = Enum(r, "relationship", RelationshipNames, "relationship", "many_to_one, one_to_one or one_to_many, so fan-out can be prevented") ?? Relationship.ManyToOne,
                Condition = Expression(r, "condition", null),
                Span = span,
            });
            r.Complete();
        }

        return model with { Dimensions = dimensions.ToImmutable(), Measures = measures.ToImmutable(), Joins = joins.ToImmutable(), Locations = _locations.ToImmutable() };
    }

    private Dimension ReadDimension(MappingReader owner, string name, SourceSpan span, YamlNode body)
    {
        // `channel:` alone, or `channel: {}`, is the column of that name.
        var r = MappingReader.IsNull(body) ? null : Body(owner, body, $"dimension '{name}'");
        if (r is null)
        {
            return new Dimension { Name = name, Type = DimensionType.String, Expression = ColumnExpression(name, span), Span = span };
        }

        var type = Enum(r, "type", DimensionTypeNames, "dimension type", null);
        DimensionPath? via = null;
        if (r.String("via") is { } path)
        {
            var dot = path.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || dot == path.Length - 1 || path.IndexOf('.', dot + 1) >= 0)
            {
                diagnostics.Error(
                    DefinitionErrors.InvalidValue,
                    DefinitionErrors.Format(DefinitionErrors.InvalidValueMessage, path, "via path", "join.dimension, e.g. customers.segment", string.Empty),
                    r.ValueSpan("via"));
            }
            else
            {
                via = new DimensionPath(path[..dot], path[(dot + 1)..]);
            }
        }

        RelatedFact? related = null;
        if (r.String("from") is { } relatedModel)
        {
            var agg = Enum(r, "agg", RelatedAggregationNames, "related aggregation", "count or any, over the related rows") ?? RelatedAggregation.Count;
            related = new RelatedFact(relatedModel, agg, Expression(r, "where", null), r.Has("within") ? Window(r, "within", null) : null);
            type ??= agg == RelatedAggregation.Count ? DimensionType.Number : DimensionType.Boolean;
        }

        var expression = Expression(r, "expr", null);
        if (expression is null && via is null && related is null)
        {
            expression = ColumnExpression(name, span);
        }

        var values = r.Names("values").Select(v => v.Value).ToImmutableArray();
        var dimension = new Dimension
        {
            Name = name,
            Type = type ?? (values.IsEmpty ? DimensionType.String : DimensionType.Enum),
            Expression = expression,
            Via = via,
            Related = related,
            Values = values,
            Pii = r.Bool("pii", false),
            Label = r.String("label"),
            Description = r.String("description"),
            Span = span,
        };
        if (dimension.Type == DimensionType.Enum && r.Has("values") is var hasValues &&
            (values.IsEmpty || values.Distinct(StringComparer.Ordinal).Count() != values.Length))
        {
            var why = values.IsEmpty ? "the list is empty" : $"'{values.GroupBy(v => v).First(g => g.Count() > 1).Key}' is listed twice";
            diagnostics.Error(DefinitionErrors.BadEnumValues, DefinitionErrors.Format(DefinitionErrors.BadEnumValuesMessage, name, why), hasValues ? r.ValueSpan("values") : span);
        }

        r.Complete();
        return dimension;
    }

    private Journey ReadJourney(MappingReader m)
    {
        var name = Name(m, JourneyKey);
        var attributes = ImmutableArray.CreateBuilder<JourneyAttribute>();
        foreach (var (attrName, span, body) in m.NamedItems("attributes"))
        {
            CheckName(attrName, span);
            var r = Body(m, body, $"attribute '{attrName}' of journey '{name}'");
            if (r is null)
            {
                continue;
            }

            var agg = Enum(r, "agg", JourneyAggregationNames, "journey aggregation", "how the journey's contacts are combined") ?? JourneyAggregation.First;
            attributes.Add(new JourneyAttribute
            {
                Name = attrName,
                Aggregation = agg,
                Expression = Expression(r, "expr", agg == JourneyAggregation.Count ? null : "the per-contact value"),
                Description = r.String("description"),
                Span = span,
            });
            r.Complete();
        }

        var window = Window(m, "window", "the gap after which a new journey starts, e.g. P7D") ?? new IsoWindow("P7D", Duration.FromDays(7));
        if (m.Has("horizon"))
        {
            _locations["horizon"] = m.ValueSpan("horizon");
        }

        return new Journey
        {
            Name = name,
            From = LocatedString(m, "from", "the semantic model whose rows are the journey's contacts") ?? string.Empty,
            Identity = LocatedNames(m, "identity", "the dimensions that say whose journey a contact belongs to, e.g. [customer_id, intent]"),
            Window = window,
            Horizon = Window(m, "horizon", null) ?? DefaultHorizon(window),
            Attributes = attributes.ToImmutable(),
            Description = m.String("description"),
            Span = m.KeySpan(JourneyKey),
            Locations = _locations.ToImmutable(),
        };
    }

    /// <summary>Without a stated horizon a journey is read over twice its window.</summary>
    private static IsoWindow DefaultHorizon(IsoWindow window)
    {
        var twice = window.Duration * 2;
        var text = twice.BclCompatibleTicks % TimeSpan.TicksPerDay == 0 ? $"P{twice.BclCompatibleTicks / TimeSpan.TicksPerDay}D" : $"PT{(long)twice.TotalSeconds}S";
        return new IsoWindow(text, twice);
    }

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

    private AccessPolicy ReadPolicy(MappingReader m)
    {
        var role = Name(m, PolicyKey);
        var filters = ImmutableArray.CreateBuilder<RowFilter>();
        foreach (var r in m.MappingList("row_filters", $"row filter of access policy '{role}'"))
        {
            var dimension = r.String("dimension", "the dimension to restrict");
            _locations[$"row_filters.{filters.Count}"] = r.ValueSpan("dimension");
            var claim = r.String("claim", "the caller's claim whose value the dimension must equal");
            if (dimension is not null && claim is not null)
            {
                filters.Add(new RowFilter(dimension, claim));
            }

            r.Complete();
        }

        return new AccessPolicy
        {
            Role = role,
            Metrics = LocatedNames(m, "metrics", "the metrics this role may query ('[\"*\"]' for all)"),
            Dimensions = m.Has("dimensions") ? LocatedNames(m, "dimensions", null) : ["*"],
            Pii = m.Bool("pii", false),
            ShowSql = m.Bool("show_sql", false),
            RowFilters = filters.ToImmutable(),
            Description = m.String("description"),
            Span = m.KeySpan(PolicyKey),
            Locations = _locations.ToImmutable(),
        };
    }

    /// <summary>Reads a list of names and records where each is written (<c>key.0</c>, <c>key.1</c>…).</summary>
    private ImmutableArray<string> LocatedNames(MappingReader m, string key, string? requiredBecause, string? prefix = null)
    {
        var names = m.Names(key, requiredBecause);
        for (var i = 0; i < names.Length; i++)
        {
            _locations[$"{prefix}{key}.{i}"] = names[i].Span;
        }

        return [.. names.Select(n => n.Value)];
    }

    private string? LocatedString(MappingReader m, string key, string? requiredBecause)
    {
        var value = m.String(key, requiredBecause);
        if (value is not null)
        {
            _locations[key] = m.ValueSpan(key);
        }

        return value;
    }

    private string Name(MappingReader m, string key)
    {
        var name = m.String(key) ?? string.Empty;
        CheckName(name, m.ValueSpan(key));
        return name;
    }

    private void CheckName(string name, SourceSpan span)
    {
        if (!NamePattern().IsMatch(name))
        {
            diagnostics.Error(DefinitionErrors.InvalidName, DefinitionErrors.Format(DefinitionErrors.InvalidNameMessage, name), span);
        }
    }

    private MappingReader? Body(MappingReader owner, YamlNode body, string context)
    {
        if (body is YamlMappingNode mapping)
        {
            return new MappingReader(owner.File, mapping, context, diagnostics);
        }

        if (MappingReader.IsNull(body))
        {
            return new MappingReader(owner.File, new YamlMappingNode(), context, diagnostics, owner.File.SpanOf(body));
        }

        diagnostics.Error(
            DefinitionErrors.WrongType,
            DefinitionErrors.Format(DefinitionErrors.WrongTypeMessage, context, owner.Context, "a mapping (key: value pairs)", body is YamlSequenceNode ? "a list" : $"'{(body as YamlScalarNode)?.Value}'"),
            owner.ValueSpanOf(body));
        return null;
    }

    private DefinitionExpression? Expression(MappingReader r, string key, string? requiredBecause)
    {
        var node = r.Raw(key);
        if (node is null || MappingReader.IsNull(node))
        {
            r.Missing(key, requiredBecause);
            return null;
        }

        if (node is not YamlScalarNode { Value: { } text })
        {
            r.WrongType(key, "an expression (text)", node);
            return null;
        }

        var span = r.ValueSpanOf(node);
        var parsed = ExpressionParser.Parse(text, span);
        diagnostics.AddRange(parsed.Diagnostics);
        return new DefinitionExpression(text, span, parsed.Expression);
    }

    private static DefinitionExpression ColumnExpression(string column, SourceSpan span)
    {
        var parsed = ExpressionParser.Parse(column, span);
        return new DefinitionExpression(column, span, parsed.Expression);
    }

    private static DefinitionExpression Placeholder(MappingReader m) => new(string.Empty, m.Span, null);

    private IsoWindow? Window(MappingReader r, string key, string? requiredBecause)
    {
        var text = r.String(key, requiredBecause);
        if (text is null)
        {
            return null;
        }

        var parsed = PeriodPattern.NormalizingIso.Parse(text);
        if (!parsed.Success)
        {
            diagnostics.Error(DefinitionErrors.BadDuration, DefinitionErrors.Format(DefinitionErrors.BadDurationMessage, text), r.ValueSpan(key));
            return null;
        }

        var period = parsed.Value;
        if (period.Years != 0 || period.Months != 0)
        {
            diagnostics.Error(DefinitionErrors.BadDuration, DefinitionErrors.Format(DefinitionErrors.NotFixedDurationMessage, text), r.ValueSpan(key));
            return null;
        }

        var duration = period.ToDuration();
        if (duration <= Duration.Zero)
        {
            diagnostics.Error(DefinitionErrors.BadDuration, DefinitionErrors.Format(DefinitionErrors.NonPositiveDurationMessage, text), r.ValueSpan(key));
            return null;
        }

        return new IsoWindow(text, duration);
    }

    private double? Fraction(MappingReader r, string key, bool required)
    {
        var value = r.Double(key, required ? "the percentile as a fraction between 0 and 1, e.g. 0.9" : null);
        if (value is < 0 or > 1)
        {
            diagnostics.Error(
                DefinitionErrors.InvalidNumber,
                DefinitionErrors.Format(DefinitionErrors.InvalidNumberMessage, key, r.Context, "a fraction between 0 and 1", value),
                r.ValueSpan(key));
        }

        return value;
    }

    private T? Enum<T>(MappingReader r, string key, NameTable<T> names, string what, string? requiredBecause)
        where T : struct
    {
        var text = r.String(key, requiredBecause);
        if (text is null)
        {
            return null;
        }

        if (names.TryGetValue(text, out var value))
        {
            return value;
        }

        diagnostics.Error(
            DefinitionErrors.InvalidValue,
            DefinitionErrors.Format(DefinitionErrors.InvalidValueMessage, text, what, string.Join(", ", names.Keys), NameSuggester.Hint(text, names.Keys)),
            r.ValueSpan(key));
        return null;
    }

    internal static string MethodName(ConfirmationMethod method) => ConfirmationNames.NameOf(method);

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex NamePattern();
}
