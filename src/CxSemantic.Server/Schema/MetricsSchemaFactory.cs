using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using CxSemantic.Definitions.Glossary;
using CxSemantic.Definitions.Model;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.Server.Schema;

/// <summary>
/// Generates the GraphQL schema from a catalog: one typed <c>MetricRow</c> field per dimension
/// (GraphQL enums for enum dimensions) and per metric, HotChocolate-style filter and order inputs,
/// and the definition, dimension and catalog queries.
/// </summary>
internal static class MetricsSchemaFactory
{
    private static readonly FrozenSet<string> ReservedRowFields = FrozenSet.ToFrozenSet(["period", "__typename"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> FixedTypeNames = FrozenSet.ToFrozenSet(
    [
        "Query", "Date", "MetricsResult", "MetricRow", "MetricValue", "ConfidenceInterval", "MetricDelta", "Exclusion", "MetricStatus",
        "TimeWindowInput", "TimeGrain", "CompareInput", "BaselineInput", "GroupComparisonInput", "DimensionName", "MetricFilterInput", "MetricOrderInput", "SortEnumType",
        "StringOperationFilterInput", "BooleanOperationFilterInput", "FloatOperationFilterInput", "DateOperationFilterInput",
        "MetricDefinition", "MetricDefinitionConnection", "MetricDefinitionEdge", "PageInfo", "MetricDefinitionFilterInput",
        "MetricDefinitionOrderInput", "NamedFilter", "Confirmation", "Segmentation", "Thresholds", "SourceLocation", "DimensionInfo",
        "DimensionKind", "CatalogInfo", "CatalogProblem", "MetricKind", "MetricFormat", "ConfirmationMethod", "BetterDirection",
    ], StringComparer.Ordinal);

    public static MetricsSchema Build(MetricCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = ImmutableArray.CreateBuilder<string>();
        var dimensions = BuildDimensions(catalog, problems);
        var metrics = BuildMetrics(catalog, dimensions, problems);
        var sdl = Sdl(dimensions, metrics);
        var builder = new SchemaBuilder()
            .AddScalarType(ScalarType.Date)
            .AddTypeDefinitions(sdl);
        Resolvers.Register(builder);
        var glossary = GlossaryBuilder.Build(catalog).ToFrozenDictionary(p => p.Path, StringComparer.Ordinal);
        return new MetricsSchema(builder.Build(), sdl, dimensions, metrics, glossary, problems.ToImmutable());
    }

    private static ImmutableArray<DimensionField> BuildDimensions(MetricCatalog catalog, ImmutableArray<string>.Builder problems)
    {
        // Every dimension some metric may be split by, typed from its model definition.
        var names = catalog.Metrics.Values.SelectMany(m => m.Segmentation.Allowed.Concat(m.Segmentation.Required))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var modelDimensions = catalog.Models.Values.SelectMany(m => m.Dimensions.Select(d => (Model: m, Dimension: d))).ToList();
        var result = ImmutableArray.CreateBuilder<DimensionField>();
        var usedFields = new HashSet<string>(ReservedRowFields, StringComparer.Ordinal);
        var usedTypes = new HashSet<string>(FixedTypeNames, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var definitions = modelDimensions.Where(x => x.Dimension.Name == name).ToList();
            var sources = definitions.Select(x => x.Model.Name).ToList();
            var journeyAttributes = catalog.Journeys.Values.SelectMany(j => j.Attributes.Where(a => a.Name == name).Select(a => (Journey: j, Attribute: a))).ToList();
            sources.AddRange(journeyAttributes.Select(x => x.Journey.Name));

            // An enum definition anywhere (also behind a journey attribute over a model dimension) types the field.
            var typed = definitions.Select(x => x.Dimension).FirstOrDefault(d => d.Type == DimensionType.Enum && !d.Values.IsEmpty)
                ?? journeyAttributes.Select(x => x.Attribute.Expression?.Text.Trim())
                    .SelectMany(text => modelDimensions.Where(x => x.Dimension.Name == text).Select(x => x.Dimension))
                    .FirstOrDefault(d => d.Type == DimensionType.Enum && !d.Values.IsEmpty)
                ?? definitions.Select(x => x.Dimension).FirstOrDefault(d => d.Via is null)
                ?? definitions.Select(x => x.Dimension).FirstOrDefault();
            var via = definitions.Select(x => x.Dimension.Via).FirstOrDefault(v => v is not null);
            if (typed is { Type: not DimensionType.Enum } && via is not null)
            {
                // Follow the join to the model that defines it (e.g. segment via customers.segment).
                typed = modelDimensions.Where(x => x.Model.Name == via.Join && x.Dimension.Name == via.Dimension).Select(x => x.Dimension).FirstOrDefault() ?? typed;
            }

            var type = typed?.Type ?? DimensionType.String;
            var field = GraphQLNames.Camel(name);
            if (!usedFields.Add(field))
            {
                problems.Add($"Dimension '{name}' cannot be a MetricRow field: '{field}' is taken; rename the dimension.");
                continue;
            }

            string graphQLType;
            var toGraphQL = FrozenDictionary<string, string>.Empty;
            var fromGraphQL = FrozenDictionary<string, string>.Empty;
            ImmutableArray<string> values = [];
            if (type == DimensionType.Enum && typed is not null)
            {
                graphQLType = GraphQLNames.Pascal(name);
                if (!usedTypes.Add(graphQLType))
                {
                    graphQLType += "Value";
                    usedTypes.Add(graphQLType);
                }

                values = typed.Values;
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                var reverse = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var value in values)
                {
                    var gql = GraphQLNames.EnumValue(value);
                    while (reverse.ContainsKey(gql))
                    {
                        gql += "_";
                    }

                    map[value] = gql;
                    reverse[gql] = value;
                }

                toGraphQL = map.ToFrozenDictionary(StringComparer.Ordinal);
                fromGraphQL = reverse.ToFrozenDictionary(StringComparer.Ordinal);
            }
            else
            {
                graphQLType = type switch
                {
                    DimensionType.Number => "Float",
                    DimensionType.Boolean => "Boolean",
                    DimensionType.Date => "Date",
                    _ => "String",
                };
            }

            var described = definitions.Select(x => x.Dimension).FirstOrDefault(d => d.Description is not null);
            result.Add(new DimensionField(
                name,
                field,
                type,
                graphQLType,
                toGraphQL,
                fromGraphQL,
                definitions.Select(x => x.Dimension.Label).FirstOrDefault(l => l is not null),
                described?.Description ?? journeyAttributes.Select(x => x.Attribute.Description).FirstOrDefault(d => d is not null),
                definitions.Any(x => x.Dimension.Pii),
                [.. sources.Distinct(StringComparer.Ordinal)])
            {
                Values = values,
            });
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<MetricField> BuildMetrics(MetricCatalog catalog, ImmutableArray<DimensionField> dimensions, ImmutableArray<string>.Builder problems)
    {
        var used = new HashSet<string>(ReservedRowFields, StringComparer.Ordinal);
        used.UnionWith(dimensions.Select(d => d.Field));
        var result = ImmutableArray.CreateBuilder<MetricField>();
        foreach (var metric in catalog.Metrics.Values)
        {
            var field = GraphQLNames.Camel(metric.Name);
            if (!used.Add(field))
            {
                problems.Add($"Metric '{metric.Name}' cannot be a MetricRow field: '{field}' is taken by a dimension or another metric; rename one of them.");
                continue;
            }

            result.Add(new MetricField(metric.Name, field, metric));
        }

        return result.ToImmutable();
    }

    private static string Sdl(ImmutableArray<DimensionField> dimensions, ImmutableArray<MetricField> metrics)
    {
        var sdl = new StringBuilder(16_384);
        sdl.AppendLine(FixedSdl);

        foreach (var dimension in dimensions.Where(d => d.Type == DimensionType.Enum))
        {
            Describe(sdl, $"Values of the dimension `{dimension.Name}`.", "");
            sdl.Append("enum ").Append(dimension.GraphQLType).AppendLine(" {");
            foreach (var (value, gql) in dimension.Values.Select(v => (v, dimension.ToGraphQL[v])))
            {
                Describe(sdl, $"`{value}`", "  ");
                sdl.Append("  ").AppendLine(gql);
            }

            sdl.AppendLine("}").AppendLine();
            Describe(sdl, $"Filter on `{dimension.Name}`: all given operations must hold.", "");
            sdl.Append("input ").Append(dimension.GraphQLType).AppendLine("OperationFilterInput {");
            sdl.Append("  eq: ").AppendLine(dimension.GraphQLType);
            sdl.Append("  neq: ").AppendLine(dimension.GraphQLType);
            sdl.Append("  in: [").Append(dimension.GraphQLType).AppendLine("!]");
            sdl.Append("  nin: [").Append(dimension.GraphQLType).AppendLine("!]");
            sdl.AppendLine("  isNull: Boolean");
            sdl.AppendLine("}").AppendLine();
        }

        // Dimension names for arguments (group comparisons): the MetricRow field names, as enum values.
        Describe(sdl, "A dimension, named by its MetricRow field.", "");
        sdl.AppendLine("enum DimensionName {");
        foreach (var dimension in dimensions)
        {
            Describe(sdl, $"`{dimension.Name}`", "  ");
            sdl.Append("  ").AppendLine(dimension.Field);
        }

        sdl.AppendLine("}").AppendLine();

        Describe(sdl, "One answer row: the period, the values of the selected dimensions, and the selected metrics. Selecting a dimension groups by it; selecting a metric computes it.", "");
        sdl.AppendLine("type MetricRow {");
        Describe(sdl, "The period label (e.g. 2026-01, 2026-W02), or null without a time grain.", "  ");
        sdl.AppendLine("  period: String");
        foreach (var dimension in dimensions)
        {
            Describe(sdl, $"Dimension `{dimension.Name}`{(dimension.Description is { } d ? ": " + d : ".")}", "  ");
            sdl.Append("  ").Append(dimension.Field).Append(": ").AppendLine(dimension.GraphQLType);
        }

        foreach (var metric in metrics)
        {
            Describe(sdl, $"{metric.Metric.Label} (`{metric.Name}` v{metric.Metric.Version}): {metric.Metric.Description}", "  ");
            sdl.Append("  ").Append(metric.Field).AppendLine(": MetricValue");
        }

        sdl.AppendLine("}").AppendLine();

        Describe(sdl, "Filters on dimensions (all must hold), in HotChocolate's style: `{ channel: { in: [VOICE, CHAT] } }`.", "");
        sdl.AppendLine("input MetricFilterInput {");
        foreach (var dimension in dimensions)
        {
            var filter = dimension.Type switch
            {
                DimensionType.Enum => dimension.GraphQLType + "OperationFilterInput",
                DimensionType.Number => "FloatOperationFilterInput",
                DimensionType.Boolean => "BooleanOperationFilterInput",
                DimensionType.Date => "DateOperationFilterInput",
                _ => "StringOperationFilterInput",
            };
            sdl.Append("  ").Append(dimension.Field).Append(": ").AppendLine(filter);
        }

        sdl.AppendLine("}").AppendLine();

        Describe(sdl, "Row order in HotChocolate's style: `[{ containmentRate: DESC }, { channel: ASC }]` (metrics order by value).", "");
        sdl.AppendLine("input MetricOrderInput {");
        sdl.AppendLine("  period: SortEnumType");
        foreach (var field in dimensions.Select(d => d.Field).Concat(metrics.Select(m => m.Field)))
        {
            sdl.Append("  ").Append(field).AppendLine(": SortEnumType");
        }

        sdl.AppendLine("}");
        return sdl.ToString();
    }

    private static void Describe(StringBuilder sdl, string text, string indent)
    {
        sdl.Append(indent).Append("\"\"\"").Append(text.Replace("\"\"\"", "\\\"\"\"", StringComparison.Ordinal).Replace('\n', ' ').Trim()).AppendLine("\"\"\"");
    }

    private const string FixedSdl = """
        "The governed metrics API of CxSemantic: metrics and dimensions are typed fields generated from the catalog."
        type Query {
          "Answers a metric query. The selection under `rows` is the query: selected dimensions group, selected metrics compute."
          metrics(time: TimeWindowInput, where: MetricFilterInput, compare: CompareInput, order: [MetricOrderInput!], limit: Int): MetricsResult!
          "Metric definitions (the glossary), filtered, ordered and paged (Relay cursors)."
          metricDefinitions(where: MetricDefinitionFilterInput, order: [MetricDefinitionOrderInput!], first: Int, after: String): MetricDefinitionConnection!
          "One metric definition by its name (snake_case, e.g. containment_rate)."
          metricDefinition(name: String!): MetricDefinition
          "Every dimension a metric may be split by."
          dimensions: [DimensionInfo!]!
          "The catalog in service: version, hash, load time and the problems of the last reload attempt."
          catalog: CatalogInfo!
        }

        "An answer: rows, the compiled SQL (roles allowed to see it), and the catalog version it was computed with."
        type MetricsResult {
          rows: [MetricRow!]!
          "The SQL statements that computed the answer; null for roles without show_sql."
          sql: [String!]
          catalogVersion: String!
        }

        "A governed metric value in one cell, with everything needed to trust (or distrust) it."
        type MetricValue {
          "The value; null when undefined or suppressed."
          value: Float
          "Units behind the value (after inclusion, exclusions and maturity)."
          n: Int!
          numerator: Float
          denominator: Float
          "Confidence interval (Wilson on the effective n for proportions, cluster-robust t for means); null when suppressed or withheld."
          ci: ConfidenceInterval
          "Why the interval is withheld although the value is shown (kappa when a label category has fewer than 10 labels); null otherwise."
          intervalWithheld: String
          "Design effect: the value's cluster-robust variance (customers as clusters) over the variance if every unit were independent; null when the model reaches no customer, the type has no interval, or suppressed."
          designEffect: Float
          "Customers (clusters) behind the value; null when not clustered or suppressed."
          clusters: Int
          "True when the value is withheld: n below the metric's minimum cell size, or so that a withheld cell cannot be derived by subtraction."
          suppressed: Boolean!
          "Why the value is withheld (primary, complementary, or a filter that would isolate a withheld cell, with the fix); null when shown."
          suppressionReason: String
          "Units whose confirmation window is still open (counted apart)."
          immature: Int!
          "The exclusion funnel: units dropped by each named rule, in definition order."
          exclusions: [Exclusion!]!
          "GREEN / AMBER / RED from the thresholds; null without thresholds or value."
          status: MetricStatus
          "Evaluator versions counted in the cell (evaluator data only)."
          evaluatorVersions: [String!]!
          "The metric definition's version."
          version: Int!
          "The comparison, when the query asked for one (Benjamini–Hochberg across all deltas of the answer)."
          delta: MetricDelta
          "Why the comparison asked for is not shown (delta is null), e.g. the reference period still has immature units; null when a delta is shown or the row is the reference group."
          deltaWithheld: String
        }

        type ConfidenceInterval {
          low: Float!
          high: Float!
          level: Float!
        }

        type MetricDelta {
          "Current minus baseline."
          value: Float!
          ci: ConfidenceInterval
          pValue: Float
          "Benjamini–Hochberg adjusted p-value (q-value); the family is every delta of the answer, across rows and metrics (before limit)."
          qValue: Float
          "qValue < 0.05: a discovery at a 5 % false discovery rate."
          significant: Boolean!
          "The baseline's value (previous period, baseline window or reference group)."
          baseline: Float
          baselineN: Int!
          "The test: two_proportion_z, welch_t, normal (NPS, kappa) or paired_t; null when the metric has no test."
          test: String
          "Paired comparisons: the units in both groups (the delta is the mean of their differences)."
          pairs: Int
        }

        type Exclusion {
          rule: String!
          units: Int!
        }

        enum MetricStatus {
          GREEN
          AMBER
          RED
        }

        "A half-open window of local dates [from, to) in an IANA zone, optionally cut into periods."
        input TimeWindowInput {
          from: Date!
          "First date not included."
          to: Date!
          "IANA zone, e.g. Europe/Berlin (default UTC)."
          zone: String
          grain: TimeGrain
        }

        enum TimeGrain {
          HOUR
          DAY
          WEEK
          MONTH
          QUARTER
          YEAR
        }

        "What each row is compared with: the previous period, a baseline window (not overlapping the time window), or a reference group. Give one."
        input CompareInput {
          previousPeriod: Boolean
          baseline: BaselineInput
          groups: GroupComparisonInput
        }

        input BaselineInput {
          from: Date!
          to: Date!
        }

        "Every row whose `dimension` value differs from `reference` is compared with the reference row of the same period and other dimensions; select the dimension's field under rows."
        input GroupComparisonInput {
          dimension: DimensionName!
          "The reference group: an enum value (e.g. V1) or the catalog value (v1)."
          reference: String!
          "Compare on the same interactions only (e.g. evaluator v1 and v2 scoring the same contacts): the delta is the mean of the paired differences (paired t). Mean and share metrics over rows such as evaluations."
          paired: Boolean
        }

        enum SortEnumType {
          ASC
          DESC
        }

        input StringOperationFilterInput {
          eq: String
          neq: String
          in: [String!]
          nin: [String!]
          isNull: Boolean
        }

        input BooleanOperationFilterInput {
          eq: Boolean
          neq: Boolean
          isNull: Boolean
        }

        input FloatOperationFilterInput {
          eq: Float
          neq: Float
          in: [Float!]
          nin: [Float!]
          gt: Float
          gte: Float
          lt: Float
          lte: Float
          isNull: Boolean
        }

        input DateOperationFilterInput {
          eq: Date
          neq: Date
          gt: Date
          gte: Date
          lt: Date
          lte: Date
          isNull: Boolean
        }

        enum MetricKind {
          SIMPLE
          RATIO
          MEAN
          DISTRIBUTION
          DERIVED
          AGREEMENT
        }

        enum MetricFormat {
          PERCENT
          NUMBER
          DURATION
          CURRENCY
          SCORE
        }

        enum ConfirmationMethod {
          DECLARED
          SYSTEM_EVENT
          NO_RECONTACT
          SURVEY
          EVALUATOR
          QA_SAMPLE
        }

        enum BetterDirection {
          HIGHER
          LOWER
        }

        "A governed metric definition: everything the glossary shows."
        type MetricDefinition {
          name: String!
          "The MetricRow field that computes this metric."
          field: String!
          label: String!
          version: Int!
          category: String!
          owner: String!
          description: String!
          type: MetricKind!
          "What the metric computes, in words (e.g. ratio: count where … over count)."
          definition: String!
          format: MetricFormat!
          "The unit of analysis (interaction, journey, …)."
          unitOfAnalysis: String!
          "The unit of analysis in words, as the glossary explains it."
          unitOfAnalysisText: String!
          inclusion: [NamedFilter!]!
          exclusions: [NamedFilter!]!
          confirmation: Confirmation!
          segmentation: Segmentation!
          thresholds: Thresholds
          "Every table.column the definition reads."
          lineage: [String!]!
          "Where the definition lives (file:line:column)."
          source: String!
          "The glossary page as Markdown."
          glossaryMarkdown: String!
        }

        type NamedFilter {
          name: String!
          where: String!
          reason: String
        }

        type Confirmation {
          method: ConfirmationMethod!
          "ISO-8601 duration, e.g. P7D."
          window: String
          events: [String!]!
          "system_event: which events may confirm a unit — CONTACT (linked to it), INTENT (linked to it or to another contact of the customer about the same intent) or CUSTOMER (any event of the customer)."
          link: String
          "system_event: the event types that confirm each intent (an intent not listed cannot be confirmed)."
          eventsByIntent: [IntentEvents!]!
          evaluator: String
          evaluatorVersion: String
          surveyKind: String
          description: String
          "The confirmation in words, as the glossary explains it."
          text: String!
        }

        "The event types that confirm one intent."
        type IntentEvents {
          intent: String!
          events: [String!]!
        }

        type Segmentation {
          required: [String!]!
          allowed: [String!]!
          minCellSize: Int!
        }

        type Thresholds {
          green: Float!
          amber: Float!
          better: BetterDirection!
        }

        type MetricDefinitionConnection {
          nodes: [MetricDefinition!]!
          edges: [MetricDefinitionEdge!]!
          pageInfo: PageInfo!
          totalCount: Int!
        }

        type MetricDefinitionEdge {
          cursor: String!
          node: MetricDefinition!
        }

        type PageInfo {
          hasNextPage: Boolean!
          hasPreviousPage: Boolean!
          startCursor: String
          endCursor: String
        }

        input MetricDefinitionFilterInput {
          name: StringOperationFilterInput
          category: StringOperationFilterInput
          owner: StringOperationFilterInput
          unitOfAnalysis: StringOperationFilterInput
          label: StringOperationFilterInput
        }

        input MetricDefinitionOrderInput {
          name: SortEnumType
          label: SortEnumType
          category: SortEnumType
          owner: SortEnumType
          version: SortEnumType
        }

        enum DimensionKind {
          STRING
          ENUM
          NUMBER
          BOOLEAN
          DATE
          TIME
        }

        type DimensionInfo {
          name: String!
          "The MetricRow field and MetricFilterInput key."
          field: String!
          type: DimensionKind!
          "The GraphQL type of the field (an enum type for enum dimensions)."
          graphQLType: String!
          "Catalog values of an enum dimension."
          values: [String!]!
          "GraphQL enum values, in the order of values."
          enumValues: [String!]!
          label: String
          description: String
          pii: Boolean!
          "Models and journeys defining it."
          sources: [String!]!
          "Metrics that may be split by it."
          metrics: [String!]!
        }

        type CatalogInfo {
          "Short content hash of the definitions in service."
          version: String!
          hash: String!
          "When the catalog in service was loaded (ISO-8601)."
          loadedAt: String!
          "Problems of the last reload attempt (the previous good catalog keeps serving), plus warnings."
          problems: [CatalogProblem!]!
          metricCount: Int!
          "The definitions folder."
          directory: String!
        }

        type CatalogProblem {
          code: String!
          message: String!
          file: String
          line: Int
          column: Int
          severity: String!
        }

        scalar Date

        """;
}
