using BenchmarkDotNet.Attributes;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;
using CxSemantic.GraphQL.Validation;

namespace CxSemantic.Benchmarks.GraphQL;

/// <summary>
/// GraphQL engine costs: parse + validate of a ~2 KB dashboard query, and execution overhead per field.
/// Run: dotnet run -c Release --project bench/CxSemantic.Benchmarks -- --filter '*GraphQL*' --job short
/// </summary>
[MemoryDiagnoser]
public class GraphQLBenchmarks
{
    public const string DashboardQuery = """
        query Dashboard($id: ID!, $from: Date!, $to: Date!, $grain: Grain = DAY, $withTargets: Boolean = true, $region: [String!]!) {
          dashboard(id: $id) {
            id
            title
            description
            owner { ...UserInfo }
            filters { name label values }
            panels(first: 12) {
              id
              title
              kind
              position { x y w h }
              metric {
                ...MetricInfo
                current: value(range: {from: $from, to: $to}, where: {region: {in: $region}})
                previous: value(range: {from: "2023-01-01", to: "2023-12-31"}, where: {region: {in: $region}})
                target @include(if: $withTargets)
                series(range: {from: $from, to: $to}, grain: $grain, order: [{field: TIME, direction: ASC}]) {
                  time
                  value
                  annotations { text author { ...UserInfo } }
                }
                breakdown(by: "region", first: 10, order: [{field: VALUE, direction: DESC}]) {
                  key
                  value
                  share
                }
              }
              ... on ChartPanel { chartType stacked axes { label min max } }
              ... on TablePanel { columns { key title width } pageSize }
              ... on TextPanel { markdown }
            }
          }
          viewer { ...UserInfo favorites { id title description owner { ...UserInfo } } }
          compare: dashboard(id: "d2") {
            id
            title
            panels(first: 4) {
              id
              title
              kind
              position { x y w h }
              metric {
                ...MetricInfo
                value(range: {from: $from, to: $to}, where: {channel: {eq: "online"}})
                target
                series(range: {from: $from, to: $to}, grain: WEEK) { time value }
                byChannel: breakdown(by: "channel", first: 5) { key value share }
                byRegion: breakdown(by: "region", first: 5, order: [{field: KEY}]) { key value }
              }
              ... on ChartPanel { chartType axes { label min max } }
              ... on TablePanel { columns { key title } }
            }
          }
        }

        fragment MetricInfo on Metric {
          id
          name
          label
          unit
          format
          aggregation
          tags
          definedBy { ...UserInfo }
        }

        fragment UserInfo on User {
          id
          name
          email
          avatarUrl
        }
        """;

    private Schema _schema = null!;
    private DocumentNode _document = null!;
    private DocumentNode _flatDocument = null!;
    private readonly ExecutionOptions _executeOnly = new() { ValidateDocument = false, MaxDepth = null, MaxFieldCount = null, MaxAliases = null };
    private readonly Dictionary<string, object?> _variables = new() { ["id"] = "d1", ["from"] = "2024-01-01", ["to"] = "2024-01-31", ["region"] = new List<object?> { "EU", "US" } };

    public const int Items = 100;
    public const int FieldsPerItem = 10;

    [GlobalSetup]
    public void Setup()
    {
        var item = Enumerable.Range(0, FieldsPerItem).ToDictionary(i => $"f{i}", i => (object?)i);
        var items = Enumerable.Range(0, Items).Select(_ => item).ToList();
        var user = new Dictionary<string, object?> { ["id"] = "u1", ["name"] = "Alice", ["email"] = "a@x", ["avatarUrl"] = null };
        var metric = new Dictionary<string, object?>
        {
            ["id"] = "m1", ["name"] = "revenue", ["label"] = "Revenue", ["unit"] = "EUR", ["format"] = "0.0", ["aggregation"] = "SUM",
            ["tags"] = new[] { "kpi" }, ["definedBy"] = user, ["target"] = 10.0,
        };
        _schema = new SchemaBuilder()
            .AddScalarType(ScalarType.Date)
            .AddTypeDefinitions("""
                enum Grain { DAY WEEK MONTH }
                enum PanelKind { CHART TABLE TEXT }
                enum SortField { TIME VALUE KEY }
                enum Direction { ASC DESC }
                input Range { from: Date!, to: Date! }
                input StringFilter @oneOf { eq: String, in: [String!] }
                input MetricWhere { region: StringFilter, channel: StringFilter }
                input Order { field: SortField!, direction: Direction = ASC }
                type User { id: ID!, name: String, email: String, avatarUrl: String, favorites: [Dashboard!]! }
                type Filter { name: String!, label: String, values: [String!]! }
                type Position { x: Int!, y: Int!, w: Int!, h: Int! }
                type Annotation { text: String!, author: User }
                type Point { time: Date!, value: Float, annotations: [Annotation!]! }
                type Slice { key: String!, value: Float, share: Float }
                type Metric {
                  id: ID!, name: String!, label: String, unit: String, format: String, aggregation: String, tags: [String!]!, definedBy: User
                  value(range: Range!, where: MetricWhere): Float
                  target: Float
                  series(range: Range!, grain: Grain = DAY, order: [Order!]): [Point!]!
                  breakdown(by: String!, first: Int = 10, order: [Order!]): [Slice!]!
                }
                type Axis { label: String, min: Float, max: Float }
                type Column { key: String!, title: String, width: Int }
                interface Panel { id: ID!, title: String, kind: PanelKind!, position: Position!, metric: Metric }
                type ChartPanel implements Panel { id: ID!, title: String, kind: PanelKind!, position: Position!, metric: Metric, chartType: String, stacked: Boolean, axes: [Axis!]! }
                type TablePanel implements Panel { id: ID!, title: String, kind: PanelKind!, position: Position!, metric: Metric, columns: [Column!]!, pageSize: Int }
                type TextPanel implements Panel { id: ID!, title: String, kind: PanelKind!, position: Position!, metric: Metric, markdown: String }
                type Dashboard { id: ID!, title: String!, description: String, owner: User, filters: [Filter!]!, panels(first: Int): [Panel!]! }
                type Item { f0: Int, f1: Int, f2: Int, f3: Int, f4: Int, f5: Int, f6: Int, f7: Int, f8: Int, f9: Int }
                type Query { dashboard(id: ID!): Dashboard, viewer: User, items: [Item!]! }
                """)
            .AddResolver("Query", "items", _ => items)
            .AddResolver("Query", "viewer", _ => user)
            .AddResolver("Query", "dashboard", _ => new Dictionary<string, object?>
            {
                ["id"] = "d1", ["title"] = "Sales", ["owner"] = user, ["filters"] = Array.Empty<object>(),
                ["panels"] = Enumerable.Range(0, 6).Select(i => new Dictionary<string, object?>
                {
                    ["__typename"] = "ChartPanel", ["id"] = $"p{i}", ["title"] = "Panel", ["kind"] = "CHART",
                    ["position"] = new Dictionary<string, object?> { ["x"] = 0, ["y"] = i, ["w"] = 6, ["h"] = 4 },
                    ["metric"] = metric, ["chartType"] = "line", ["stacked"] = false, ["axes"] = Array.Empty<object>(),
                }).ToList(),
            })
            .AddResolver("Metric", "value", _ => 42.5)
            .AddResolver("Metric", "series", _ => Enumerable.Range(1, 7).Select(d => new Dictionary<string, object?> { ["time"] = $"2024-01-0{d}", ["value"] = d * 1.5, ["annotations"] = Array.Empty<object>() }).ToList())
            .AddResolver("Metric", "breakdown", _ => new[] { new Dictionary<string, object?> { ["key"] = "EU", ["value"] = 1.0, ["share"] = 0.5 } })
            .Build();
        _document = GraphQLParser.Parse(DashboardQuery);
        _flatDocument = GraphQLParser.Parse("{ items { f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 } }");
        if (DocumentValidator.Validate(_schema, _document).Count > 0)
        {
            throw new InvalidOperationException("dashboard query is invalid: " + string.Join("; ", DocumentValidator.Validate(_schema, _document)));
        }
    }

    /// <summary>Size of the dashboard query in UTF-8 bytes (≈2 KB).</summary>
    public static int DashboardQueryBytes => System.Text.Encoding.UTF8.GetByteCount(DashboardQuery);

    [Benchmark]
    public DocumentNode Parse() => GraphQLParser.Parse(DashboardQuery);

    [Benchmark]
    public int Validate() => DocumentValidator.Validate(_schema, _document).Count;

    [Benchmark]
    public int ParseAndValidate() => DocumentValidator.Validate(_schema, GraphQLParser.Parse(DashboardQuery)).Count;

    /// <summary>1,000 leaf fields (100 items × 10 fields, default resolver over dictionaries); reported per field.</summary>
    [Benchmark(OperationsPerInvoke = Items * FieldsPerItem)]
    public async Task<ExecutionResult> ExecutePerField()
        => await Executor.ExecuteAsync(_schema, new GraphQLRequest { Document = _flatDocument }, _executeOnly);

    private readonly ExecutionOptions _cached = new() { DocumentCache = new DocumentCache() };

    /// <summary>A document cache hit for the dashboard query: lexing it, hashing the tokens (SHA-256) and the LRU look-up.</summary>
    [Benchmark]
    public PreparedDocument DocumentCacheHit() => _cached.DocumentCache!.GetOrPrepare(_schema, DashboardQuery);

    /// <summary>Same as <see cref="DashboardEndToEnd"/> with a <see cref="DocumentCache"/>: parse and validation are skipped after the first run.</summary>
    [Benchmark]
    public async Task<string> DashboardEndToEndCached()
    {
        var result = await Executor.ExecuteAsync(_schema, new GraphQLRequest { Query = DashboardQuery, Variables = _variables }, _cached);
        return result.ToJson();
    }

    [Benchmark]
    public async Task<string> DashboardEndToEnd()
    {
        var result = await Executor.ExecuteAsync(_schema, new GraphQLRequest { Query = DashboardQuery, Variables = _variables });
        return result.ToJson();
    }
}
