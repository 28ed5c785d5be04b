using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Glossary;
using CxSemantic.Definitions.Model;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Types;
using CxSemantic.Server.Hosting;
using NodaTime;

namespace CxSemantic.Server.Schema;

/// <summary>The resolvers of the generated schema's root fields.</summary>
internal static class Resolvers
{
    public static void Register(SchemaBuilder builder)
    {
        builder.AddResolver("Query", "metrics", Metrics);
        builder.AddResolver("Query", "metricDefinitions", ctx => MetricDefinitions(ctx));
        builder.AddResolver("Query", "metricDefinition", ctx =>
        {
            var rc = Rc(ctx);
            var name = ctx.GetArgument<string>("name") ?? string.Empty;
            return rc.Snapshot.Catalog.Metrics.TryGetValue(name, out var metric) ? Definition(rc.Snapshot, metric) : null;
        });
        builder.AddResolver("Query", "dimensions", ctx => Dimensions(Rc(ctx).Snapshot));
        builder.AddResolver("Query", "catalog", ctx => Catalog(Rc(ctx)));
    }

    private static RequestContext Rc(ResolverContext ctx) =>
        ctx.GetContextData<RequestContext>(RequestContext.Key) ?? throw new InvalidOperationException("The request context is missing.");

    // ---- metrics ------------------------------------------------------------------------------

    private static async ValueTask<object?> Metrics(ResolverContext ctx)
    {
        var rc = Rc(ctx);
        var snapshot = rc.Snapshot;
        var schema = snapshot.Schema;
        var children = ctx.GetSelectedFields();
        var result = new Dictionary<string, object?>(StringComparer.Ordinal) { ["catalogVersion"] = snapshot.Catalog.Version };
        if (!children.Any(f => f.Name.Value is "rows" or "sql"))
        {
            return result;
        }

        var selected = ctx.LookAhead().Select("rows").FieldNames;
        var metrics = selected.Where(schema.MetricsByField.ContainsKey).Select(f => schema.MetricsByField[f].Name).ToImmutableArray();
        var groupBy = selected.Where(schema.DimensionsByField.ContainsKey).Select(f => schema.DimensionsByField[f].Name).ToImmutableArray();
        if (metrics.IsEmpty)
        {
            throw new GraphQLException(
                "Select at least one metric under rows, e.g. rows { containmentRate { value n } }: selected metrics are computed, selected dimensions group (see metricDefinitions for the metric fields).",
                ServerErrorCodes.NoMetricSelected);
        }

        var query = new MetricQuery
        {
            Metrics = metrics,
            GroupBy = groupBy,
            Time = Time(ctx.Arguments.GetValueOrDefault("time") as IReadOnlyDictionary<string, object?>),
            Filters = Filters(schema, ctx.Arguments.GetValueOrDefault("where") as IReadOnlyDictionary<string, object?>),
            Compare = Compare(schema, ctx.Arguments.GetValueOrDefault("compare") as IReadOnlyDictionary<string, object?>),
            Order = Order(schema, ctx.Arguments.GetValueOrDefault("order") as IEnumerable<object?>),
            Limit = Limit(ctx.Arguments.GetValueOrDefault("limit")),
            Caller = rc.Caller,
        };
        var answer = await rc.Queries.ExecuteAsync(snapshot, query, ctx.CancellationToken).ConfigureAwait(false);
        result["catalogVersion"] = answer.CatalogVersion;
        result["rows"] = Rows(schema, answer);
        var showSql = snapshot.Catalog.AccessPolicies.TryGetValue(rc.Caller.Role, out var policy) && policy.ShowSql;
        result["sql"] = showSql ? answer.Statements.Select(s => s.Sql.Text).ToList() : null;
        return result;
    }

    private static int? Limit(object? value) => value switch
    {
        null => null,
        int i when i >= 0 => i,
        int => throw new GraphQLException("limit must be 0 or more; leave it out for every row (up to the server's maximum).", ServerErrorCodes.InvalidArgument),
        _ => Convert.ToInt32(value, CultureInfo.InvariantCulture),
    };

    private static TimeWindow? Time(IReadOnlyDictionary<string, object?>? time)
    {
        if (time is null)
        {
            return null;
        }

        var grain = time.GetValueOrDefault("grain") is string g ? Enum.Parse<TimeGrain>(g, ignoreCase: true) : (TimeGrain?)null;
        return new TimeWindow(Date(time["from"]), Date(time["to"]), time.GetValueOrDefault("zone") as string, grain);
    }

    private static LocalDate Date(object? value) => value switch
    {
        DateOnly d => LocalDate.FromDateOnly(d),
        LocalDate l => l,
        string s => NodaTime.Text.LocalDatePattern.Iso.Parse(s).GetValueOrThrow(),
        _ => throw new GraphQLException("Dates are written YYYY-MM-DD, e.g. \"2026-01-01\".", QueryErrorCodes.InvalidTimeRange),
    };

    private static Comparison? Compare(MetricsSchema schema, IReadOnlyDictionary<string, object?>? compare)
    {
        if (compare is null)
        {
            return null;
        }

        var previous = compare.GetValueOrDefault("previousPeriod") is true;
        var baseline = compare.GetValueOrDefault("baseline") as IReadOnlyDictionary<string, object?>;
        var groups = compare.GetValueOrDefault("groups") as IReadOnlyDictionary<string, object?>;
        if ((previous ? 1 : 0) + (baseline is null ? 0 : 1) + (groups is null ? 0 : 1) > 1)
        {
            throw new GraphQLException(
                "compare takes one of previousPeriod: true, a baseline window or groups; remove the others.", ServerErrorCodes.InvalidArgument);
        }

        return (previous, baseline, groups) switch
        {
            (true, _, _) => new PreviousPeriodComparison(),
            (_, not null, _) => new BaselineComparison(Date(baseline["from"]), Date(baseline["to"])),
            (_, _, not null) => Groups(schema, groups),
            _ => null,
        };
    }

    private static GroupComparison Groups(MetricsSchema schema, IReadOnlyDictionary<string, object?> groups)
    {
        var field = groups.GetValueOrDefault("dimension") as string ?? string.Empty;
        if (!schema.DimensionsByField.TryGetValue(field, out var dimension))
        {
            throw new GraphQLException($"compare.groups.dimension '{field}' is not a dimension field; see the dimensions query.", ServerErrorCodes.InvalidArgument);
        }

        var reference = groups.GetValueOrDefault("reference") as string ?? string.Empty;
        return new GroupComparison(dimension.Name, dimension.FromGraphQL.GetValueOrDefault(reference) ?? reference, groups.GetValueOrDefault("paired") is true);
    }

    private static ImmutableArray<DimensionFilter> Filters(MetricsSchema schema, IReadOnlyDictionary<string, object?>? where)
    {
        if (where is null)
        {
            return [];
        }

        var filters = ImmutableArray.CreateBuilder<DimensionFilter>();
        foreach (var (field, operations) in where)
        {
            if (operations is not IReadOnlyDictionary<string, object?> ops || !schema.DimensionsByField.TryGetValue(field, out var dimension))
            {
                continue;
            }

            foreach (var (op, value) in ops)
            {
                if (value is null)
                {
                    continue;
                }

                var filter = op switch
                {
                    "eq" => new DimensionFilter(dimension.Name, FilterOperator.Equal, [FilterValue(dimension, value)]),
                    "neq" => new DimensionFilter(dimension.Name, FilterOperator.NotEqual, [FilterValue(dimension, value)]),
                    "in" => new DimensionFilter(dimension.Name, FilterOperator.In, [.. ((IEnumerable<object?>)value).Select(v => FilterValue(dimension, v))]),
                    "nin" => new DimensionFilter(dimension.Name, FilterOperator.NotIn, [.. ((IEnumerable<object?>)value).Select(v => FilterValue(dimension, v))]),
                    "gt" => new DimensionFilter(dimension.Name, FilterOperator.GreaterThan, [FilterValue(dimension, value)]),
                    "gte" => new DimensionFilter(dimension.Name, FilterOperator.GreaterThanOrEqual, [FilterValue(dimension, value)]),
                    "lt" => new DimensionFilter(dimension.Name, FilterOperator.LessThan, [FilterValue(dimension, value)]),
                    "lte" => new DimensionFilter(dimension.Name, FilterOperator.LessThanOrEqual, [FilterValue(dimension, value)]),
                    "isNull" => new DimensionFilter(dimension.Name, value is true ? FilterOperator.IsNull : FilterOperator.IsNotNull, []),
                    _ => null,
                };
                if (filter is not null)
                {
                    filters.Add(filter);
                }
            }
        }

        return filters.ToImmutable();
    }

    private static object FilterValue(DimensionField dimension, object? value) => value switch
    {
        null => throw new GraphQLException($"Filter values on {dimension.Field} cannot be null; use isNull: true.", QueryErrorCodes.InvalidFilter),
        string s when dimension.Type == DimensionType.Enum => dimension.FromGraphQL.TryGetValue(s, out var v) ? v : s,
        DateOnly d => LocalDate.FromDateOnly(d),
        int i => (double)i,
        _ => value,
    };

    private static ImmutableArray<OrderTerm> Order(MetricsSchema schema, IEnumerable<object?>? order)
    {
        if (order is null)
        {
            return [];
        }

        var terms = ImmutableArray.CreateBuilder<OrderTerm>();
        foreach (var item in order.OfType<IReadOnlyDictionary<string, object?>>())
        {
            foreach (var (field, direction) in item)
            {
                if (direction is not string d)
                {
                    continue;
                }

                var name = field == "period" ? "period"
                    : schema.DimensionsByField.TryGetValue(field, out var dimension) ? dimension.Name
                    : schema.MetricsByField.TryGetValue(field, out var metric) ? metric.Name
                    : field;
                terms.Add(new OrderTerm(name, d == "DESC" ? SortDirection.Descending : SortDirection.Ascending));
            }
        }

        return terms.ToImmutable();
    }

    private static List<Dictionary<string, object?>> Rows(MetricsSchema schema, MetricQueryResult answer)
    {
        var dimensions = answer.Dimensions.Select(d => schema.DimensionsByName.GetValueOrDefault(d)).ToArray();
        var rows = new List<Dictionary<string, object?>>(answer.Rows.Length);
        foreach (var row in answer.Rows)
        {
            var output = new Dictionary<string, object?>(dimensions.Length + row.Metrics.Count + 1, StringComparer.Ordinal) { ["period"] = row.Period };
            for (var i = 0; i < dimensions.Length && i < row.Dimensions.Length; i++)
            {
                if (dimensions[i] is { } dimension)
                {
                    output[dimension.Field] = DimensionValue(dimension, row.Dimensions[i]);
                }
            }

            foreach (var (name, value) in row.Metrics)
            {
                if (schema.MetricsByName.TryGetValue(name, out var metric))
                {
                    output[metric.Field] = Value(value);
                }
            }

            rows.Add(output);
        }

        return rows;
    }

    private static object? DimensionValue(DimensionField dimension, object? value) => value switch
    {
        null => null,
        _ when dimension.Type == DimensionType.Enum => dimension.ToGraphQL.GetValueOrDefault(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
        _ when dimension.GraphQLType == "Boolean" => value is bool b ? b : Convert.ToBoolean(value, CultureInfo.InvariantCulture),
        _ when dimension.GraphQLType == "Float" => Finite(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ when dimension.GraphQLType == "Date" => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            LocalDate l => l.ToDateOnly(),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        },
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static int Count(long value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);

    private static Dictionary<string, object?> Value(MetricValue value) => new(StringComparer.Ordinal)
    {
        ["value"] = Finite(value.Value),
        ["n"] = Count(value.N),
        ["numerator"] = Finite(value.Numerator),
        ["denominator"] = Finite(value.Denominator),
        ["ci"] = Interval(value.Interval),
        ["intervalWithheld"] = value.IntervalWithheld,
        ["designEffect"] = Finite(value.DesignEffect),
        ["clusters"] = value.Clusters is { } clusters ? Count(clusters) : null,
        ["suppressed"] = value.Suppressed,
        ["suppressionReason"] = value.SuppressionReason,
        ["immature"] = Count(value.Immature),
        ["exclusions"] = value.Funnel.Select(f => new Dictionary<string, object?>(StringComparer.Ordinal) { ["rule"] = f.Rule, ["units"] = Count(f.Units) }).ToList(),
        ["status"] = value.Status?.ToUpperInvariant(),
        ["evaluatorVersions"] = value.EvaluatorVersions,
        ["version"] = value.Version,
        ["deltaWithheld"] = value.DeltaWithheld,
        ["delta"] = value.Delta is { } d
            ? new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["value"] = Finite(d.Value) ?? 0,
                ["ci"] = Interval(d.Interval),
                ["pValue"] = Finite(d.PValue),
                ["qValue"] = Finite(d.QValue),
                ["significant"] = d.Significant,
                ["baseline"] = Finite(d.BaselineValue),
                ["baselineN"] = Count(d.BaselineN),
                ["test"] = d.Test,
                ["pairs"] = d.Pairs is { } pairs ? Count(pairs) : null,
            }
            : null,
    };

    private static Dictionary<string, object?>? Interval(CxSemantic.Compiler.Statistics.ConfidenceInterval? interval) =>
        interval is null || !double.IsFinite(interval.Low) || !double.IsFinite(interval.High)
            ? null
            : new Dictionary<string, object?>(StringComparer.Ordinal) { ["low"] = interval.Low, ["high"] = interval.High, ["level"] = interval.Level };

    // ---- definitions --------------------------------------------------------------------------

    private static Dictionary<string, object?> MetricDefinitions(ResolverContext ctx)
    {
        var snapshot = Rc(ctx).Snapshot;
        IEnumerable<Metric> metrics = snapshot.Catalog.Metrics.Values;
        if (ctx.Arguments.GetValueOrDefault("where") is IReadOnlyDictionary<string, object?> where)
        {
            foreach (var (field, ops) in where)
            {
                if (ops is not IReadOnlyDictionary<string, object?> operations)
                {
                    continue;
                }

                Func<Metric, string> get = field switch
                {
                    "name" => m => m.Name,
                    "category" => m => m.Category,
                    "owner" => m => m.Owner,
                    "unitOfAnalysis" => m => m.UnitOfAnalysis,
                    "label" => m => m.Label,
                    _ => _ => string.Empty,
                };
                metrics = metrics.Where(m => StringMatches(get(m), operations)).ToList();
            }
        }

        var ordered = metrics.OrderBy(_ => 0);
        if (ctx.Arguments.GetValueOrDefault("order") is IEnumerable<object?> order)
        {
            foreach (var (field, direction) in order.OfType<IReadOnlyDictionary<string, object?>>().SelectMany(d => d))
            {
                if (direction is not string dir)
                {
                    continue;
                }

                Func<Metric, IComparable> key = field switch
                {
                    "label" => m => m.Label,
                    "category" => m => m.Category,
                    "owner" => m => m.Owner,
                    "version" => m => m.Version,
                    _ => m => m.Name,
                };
                ordered = dir == "DESC" ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
            }
        }

        var all = ordered.ToList();
        var start = 0;
        if (ctx.GetArgument<string>("after") is { } after)
        {
            start = DecodeCursor(after) + 1;
        }

        var first = ctx.Arguments.GetValueOrDefault("first") is int f ? f : (int?)null;
        if (first < 0)
        {
            throw new GraphQLException("first must be 0 or more.", ServerErrorCodes.InvalidArgument);
        }

        var page = all.Skip(start).Take(first ?? int.MaxValue).Select((m, i) => (Metric: m, Index: start + i)).ToList();
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["nodes"] = page.Select(p => Definition(snapshot, p.Metric)).ToList(),
            ["edges"] = page.Select(p => new Dictionary<string, object?>(StringComparer.Ordinal) { ["cursor"] = Cursor(p.Index), ["node"] = Definition(snapshot, p.Metric) }).ToList(),
            ["pageInfo"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["hasNextPage"] = start + page.Count < all.Count,
                ["hasPreviousPage"] = start > 0,
                ["startCursor"] = page.Count > 0 ? Cursor(page[0].Index) : null,
                ["endCursor"] = page.Count > 0 ? Cursor(page[^1].Index) : null,
            },
            ["totalCount"] = all.Count,
        };
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

    private static string Cursor(int index) => Convert.ToBase64String(Encoding.UTF8.GetBytes("metric:" + index.ToString(CultureInfo.InvariantCulture)));

    private static int DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith("metric:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return index;
            }
        }
        catch (FormatException)
        {
        }

        throw new GraphQLException($"after: \"{cursor}\" is not a cursor of this API; pass pageInfo.endCursor of the previous page.", ServerErrorCodes.InvalidArgument);
    }

    private static Dictionary<string, object?> Definition(CatalogSnapshot snapshot, Metric metric)
    {
        var page = snapshot.Schema.Glossary.GetValueOrDefault("metrics/" + metric.Name);
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
            ["definition"] = page is null ? metric.Type.ToString() : Fact(page, "Type") ?? metric.Type.ToString(),
            ["format"] = metric.Format.ToString().ToUpperInvariant(),
            ["unitOfAnalysis"] = metric.UnitOfAnalysis,
            ["unitOfAnalysisText"] = page is null ? metric.UnitOfAnalysis : Section(page, "Unit of analysis") ?? metric.UnitOfAnalysis,
            ["inclusion"] = metric.Inclusion.Select(Rule).ToList(),
            ["exclusions"] = metric.Exclusions.Select(Rule).ToList(),
            ["confirmation"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["method"] = ScreamingSnake(metric.Confirmation.Method.ToString()),
                ["window"] = metric.Confirmation.Window?.Text,
                ["events"] = metric.Confirmation.Events,
                ["link"] = metric.Confirmation.Method == ConfirmationMethod.SystemEvent ? metric.Confirmation.Link.ToString().ToUpperInvariant() : null,
                ["eventsByIntent"] = metric.Confirmation.EventsByIntent
                    .Select(e => new Dictionary<string, object?>(StringComparer.Ordinal) { ["intent"] = e.Key, ["events"] = e.Value })
                    .ToList(),
                ["evaluator"] = metric.Confirmation.Evaluator,
                ["evaluatorVersion"] = metric.Confirmation.EvaluatorVersion,
                ["surveyKind"] = metric.Confirmation.SurveyKind,
                ["description"] = metric.Confirmation.Description,
                ["text"] = page is null ? string.Empty : Section(page, "Confirmation") ?? string.Empty,
            },
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
            ["glossaryMarkdown"] = page is null ? string.Empty : GlossaryRenderer.Render(page, GlossaryFormat.Markdown),
        };
    }

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

    private static string? Fact(GlossaryPage page, string label) =>
        page.Blocks.OfType<GlossaryFacts>().SelectMany(f => f.Rows).Where(r => r.Label == label).Select(r => r.Value).FirstOrDefault();

    private static string? Section(GlossaryPage page, string heading)
    {
        var index = page.Blocks.IndexOf(page.Blocks.FirstOrDefault(b => b is GlossaryHeading h && h.Text == heading)!);
        return index >= 0 && index + 1 < page.Blocks.Length && page.Blocks[index + 1] is GlossaryParagraph p ? p.Text : null;
    }

    // ---- dimensions and catalog ---------------------------------------------------------------

    private static List<Dictionary<string, object?>> Dimensions(CatalogSnapshot snapshot) =>
        [.. snapshot.Schema.Dimensions.Select(d => new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = d.Name,
            ["field"] = d.Field,
            ["type"] = d.Type.ToString().ToUpperInvariant(),
            ["graphQLType"] = d.GraphQLType,
            ["values"] = d.Values,
            ["enumValues"] = d.Values.Select(v => d.ToGraphQL[v]).ToList(),
            ["label"] = d.Label,
            ["description"] = d.Description,
            ["pii"] = d.Pii,
            ["sources"] = d.Sources,
            ["metrics"] = snapshot.Catalog.Metrics.Values.Where(m => m.Segmentation.Allowed.Contains(d.Name) || m.Segmentation.Required.Contains(d.Name)).Select(m => m.Name).ToList(),
        })];

    private static Dictionary<string, object?> Catalog(RequestContext rc)
    {
        var catalog = rc.Snapshot.Catalog;
        var problems = rc.State.Problems.Concat(catalog.Warnings)
            .Select(d => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = d.Code,
                ["message"] = d.Message,
                ["file"] = string.IsNullOrEmpty(d.Span.File) ? null : d.Span.File,
                ["line"] = d.Span.IsKnown ? d.Span.Line : null,
                ["column"] = d.Span.IsKnown ? d.Span.Column : null,
                ["severity"] = d.Severity.ToString().ToUpperInvariant(),
            })
            .Concat(rc.Snapshot.Schema.Problems.Select(p => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = "SCHEMA_NAME_COLLISION",
                ["message"] = p,
                ["file"] = null,
                ["line"] = null,
                ["column"] = null,
                ["severity"] = "WARNING",
            }))
            .ToList();
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["version"] = catalog.Version,
            ["hash"] = catalog.ContentHash,
            ["loadedAt"] = rc.Snapshot.LoadedAt.ToString("o", CultureInfo.InvariantCulture),
            ["problems"] = problems,
            ["metricCount"] = catalog.Metrics.Count,
            ["directory"] = rc.State.Directory,
        };
    }
}
