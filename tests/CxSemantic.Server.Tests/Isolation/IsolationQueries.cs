using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CxSemantic.Definitions.Model;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Schema;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.Server.Tests.Isolation;

/// <summary>What a role may query: its metrics (with their segmentation) and dimensions with values to filter on.</summary>
/// <param name="Metrics">Metric name → segmentation.</param>
/// <param name="Dimensions">Dimension name → (GraphQL field, enum or string, values as GraphQL literals).</param>
public sealed record QueryVocabulary(
    ImmutableSortedDictionary<string, Segmentation> Metrics,
    ImmutableSortedDictionary<string, (string Field, ImmutableArray<string> Literals)> Dimensions)
{
    /// <summary>
    /// The tenant_manager policy's metrics and dimensions; enum values from the schema, string values from the data
    /// (every tenant's, so that filters also name other tenants' values).
    /// </summary>
    public static async Task<QueryVocabulary> LoadAsync(MetricCatalog catalog, Func<string, Task<JsonNode>> analystData)
    {
        var policy = catalog.AccessPolicies["tenant_manager"];
        var info = (await analystData("{ dimensions { name field type enumValues metrics } }"))["dimensions"]!.AsArray();
        var dimensions = ImmutableSortedDictionary.CreateBuilder<string, (string, ImmutableArray<string>)>(StringComparer.Ordinal);
        foreach (var name in policy.Dimensions)
        {
            var dimension = info.Single(d => (string?)d!["name"] == name)!;
            var field = (string)dimension["field"]!;
            ImmutableArray<string> literals;
            if ((string?)dimension["type"] == "ENUM")
            {
                literals = [.. dimension["enumValues"]!.AsArray().Select(v => (string)v!)];
            }
            else
            {
                // The values in the data, read through a metric that may be split by this dimension alone.
                var metric = dimension["metrics"]!.AsArray().Select(m => (string)m!).First(m => catalog.Metrics[m].Segmentation.Required.All(r => r == name));
                var rows = (await analystData($"{{ metrics {{ rows {{ {field} {GraphQLNames.Camel(metric)} {{ n }} }} }} }}"))["metrics"]!["rows"]!.AsArray();
                literals = [.. rows.Select(r => (string?)r![field]).OfType<string>().Distinct().Order(StringComparer.Ordinal).Select(v => "\"" + v + "\""), "\"no-such-value\""];
            }

            dimensions[name] = (field, literals);
        }

        return new QueryVocabulary(
            policy.Metrics.ToImmutableSortedDictionary(m => m, m => catalog.Metrics[m].Segmentation, StringComparer.Ordinal),
            dimensions.ToImmutable());
    }
}

/// <summary>How a metric or dimension field is written in the selection: plainly, aliased, in a named or an inline fragment.</summary>
public enum Spelling
{
    Plain,
    Alias,
    NamedFragment,
    InlineFragment,
}

/// <summary>A time window argument.</summary>
public sealed record WindowArgument(DateOnly From, DateOnly To, string Zone, string? Grain)
{
    public string Literal => string.Create(CultureInfo.InvariantCulture, $"{{ from: \"{From:yyyy-MM-dd}\", to: \"{To:yyyy-MM-dd}\", zone: \"{Zone}\"{(Grain is null ? "" : ", grain: " + Grain)} }}");

    public Dictionary<string, object?> Variable => new(StringComparer.Ordinal)
    {
        ["from"] = From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["zone"] = Zone,
        ["grain"] = Grain,
    };
}

/// <summary>One random metrics query; <see cref="IsolationQueries.Render"/> turns it (with others) into a document.</summary>
public sealed record IsolationQuery(
    ImmutableArray<(string Metric, Spelling Spelling, string Subfields)> Metrics,
    ImmutableArray<(string Dimension, Spelling Spelling)> GroupBy,
    ImmutableArray<string> Filters,
    WindowArgument? Time,
    bool Variables,
    bool Compare,
    int? Limit);

/// <summary>Random documents of one to three <c>metrics</c> queries as FsCheck generators.</summary>
public sealed class IsolationQueries(QueryVocabulary vocabulary)
{
    private static readonly string[] Subfields =
        ["value n", "value n suppressed suppressionReason", "value n numerator denominator ci { low high level }", "value n immature status", "n exclusions { rule units }", "value n designEffect clusters"];

    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"];

    private static readonly (string? Grain, int MaxDays)[] Grains = [(null, 180), ("DAY", 10), ("WEEK", 70), ("MONTH", 180), ("QUARTER", 180)];

    /// <summary>Mostly one metric per query: each metric is one SQL statement per warehouse, the cost of the property.</summary>
    private static Gen<int> MetricCount => Gen.Frequency((15, Gen.Constant(1)), (4, Gen.Constant(2)), (1, Gen.Constant(3)));

    private static Gen<Spelling> Spellings => Gen.Frequency((5, Gen.Constant(Spelling.Plain)), (2, Gen.Constant(Spelling.Alias)), (2, Gen.Constant(Spelling.NamedFragment)), (1, Gen.Constant(Spelling.InlineFragment)));

    /// <summary>A query: 1–3 metrics, the dimensions they require plus 0–2 they allow (rarely one they do not), 0–2 filters (rarely on tenant itself), maybe a window, comparison, limit.</summary>
    public Gen<IsolationQuery> Query =>
        from metrics in Gen.Shuffle(vocabulary.Metrics.Keys.ToArray()).SelectMany(all => MetricCount.Select(n => all.Take(n).ToArray()))
        from spellings in Spellings.ArrayOf(3)
        from subfields in Gen.Elements(Subfields).ArrayOf(3)
        from extra in Gen.Choose(0, 2)
        from allowedOrder in Gen.Shuffle(vocabulary.Dimensions.Keys.ToArray())
        from stray in Gen.Frequency((12, Gen.Constant(false)), (1, Gen.Constant(true)))
        from dimensionSpellings in Spellings.ArrayOf(5)
        from filters in Filter.ListOf()
        from time in Gen.Frequency((3, Gen.Constant<WindowArgument?>(null)), (7, Window))
        from variables in Gen.Elements(false, true)
        from compare in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        from limit in Gen.Frequency((8, Gen.Constant<int?>(null)), (1, Gen.Choose(1, 4).Select(n => (int?)n)))
        select Build(metrics, spellings, subfields, extra, allowedOrder, stray, dimensionSpellings, filters, time, variables, compare, limit);

    private IsolationQuery Build(string[] metrics, Spelling[] spellings, string[] subfields, int extra, string[] dimensionOrder, bool stray, Spelling[] dimensionSpellings, IReadOnlyList<(string Dimension, string Filter)> candidates, WindowArgument? time, bool variables, bool compare, int? limit)
    {
        // Metrics that can share one grouping: each allows what the others require.
        var kept = new List<string>();
        foreach (var metric in metrics)
        {
            var candidate = kept.Append(metric).Select(m => vocabulary.Metrics[m]).ToList();
            if (candidate.SelectMany(s => s.Required).All(d => candidate.All(s => s.Allowed.Contains(d) || s.Required.Contains(d))))
            {
                kept.Add(metric);
            }
        }

        metrics = [.. kept];
        var segmentations = metrics.Select(m => vocabulary.Metrics[m]).ToList();

        // Up to two filters, one per dimension, on dimensions every metric allows (tenant and strays are refused: rarely kept on purpose).
        var filters = candidates.DistinctBy(c => c.Dimension)
            .Where(c => c.Dimension == "tenant" || segmentations.All(s => s.Allowed.Contains(c.Dimension) || s.Required.Contains(c.Dimension)))
            .Take(2).Select(c => c.Filter).ToImmutableArray();
        var required = segmentations.SelectMany(s => s.Required).Distinct();
        var allowed = dimensionOrder.Where(d => segmentations.All(s => s.Allowed.Contains(d) || s.Required.Contains(d))).Take(extra);
        var strays = stray ? dimensionOrder.Where(d => !segmentations.All(s => s.Allowed.Contains(d))).Take(1) : [];
        var groupBy = required.Concat(allowed).Concat(strays).Distinct().Select((d, i) => (d, dimensionSpellings[i % dimensionSpellings.Length])).ToImmutableArray();
        return new IsolationQuery(
            [.. metrics.Select((m, i) => (m, spellings[i], subfields[i]))],
            groupBy,
            filters,
            time,
            variables && time is not null,
            compare && time is not null,
            limit);
    }

    private Gen<(string Dimension, string Filter)> Filter =>
        from dimension in Gen.Elements(vocabulary.Dimensions.Keys.ToArray())
        from op in Gen.Elements("eq", "neq", "in", "nin", "isNull")
        from values in Gen.Shuffle(vocabulary.Dimensions[dimension].Literals.ToArray())
        from count in Gen.Choose(1, 3)
        from tenant in Gen.Frequency((25, Gen.Constant<string?>(null)), (1, Gen.Elements<string?>("tenant: { eq: \"globex\" }", "tenant: { in: [\"acme\", \"globex\", \"initech\"] }", "tenant: { neq: \"acme\" }")))
        select tenant is not null ? ("tenant", tenant) : (dimension, vocabulary.Dimensions[dimension].Field + ": { " + op + ": " + op switch
        {
            "in" or "nin" => "[" + string.Join(", ", values.Take(count)) + "]",
            "isNull" => count == 1 ? "true" : "false",
            _ => values[0],
        } + " }");

    private static Gen<WindowArgument?> Window =>
        from grain in Gen.Elements(Grains)
        from start in Gen.Choose(0, 190)
        from days in Gen.Choose(1, grain.MaxDays)
        from zone in Gen.Elements(Zones)
        let first = new DateOnly(2025, 12, 20).AddDays(start)
        select (WindowArgument?)new WindowArgument(first, first.AddDays(days), zone, grain.Grain);

    /// <summary>A document with one field per query (aliased when several), its fragments, and variables for windows asked to travel as variables.</summary>
    public GraphQLRequest Render(IReadOnlyList<IsolationQuery> queries)
    {
        var body = new StringBuilder();
        var fragments = new StringBuilder();
        var declarations = new List<string>();
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (int q = 0; q < queries.Count; q++)
        {
            var query = queries[q];
            var arguments = new List<string>();
            if (query.Time is not null && query.Variables)
            {
                declarations.Add($"$t{q}: TimeWindowInput");
                variables[$"t{q}"] = query.Time.Variable;
                arguments.Add($"time: $t{q}");
            }
            else if (query.Time is not null)
            {
                arguments.Add("time: " + query.Time.Literal);
            }

            if (query.Filters.Length > 0)
            {
                arguments.Add("where: { " + string.Join(", ", query.Filters) + " }");
            }

            if (query.Compare)
            {
                arguments.Add("compare: { previousPeriod: true }");
            }

            if (query.Limit is { } limit)
            {
                // A total order (period, then every grouped dimension) so that the cut is the same on both warehouses.
                var order = new[] { "{ period: ASC }" }.Concat(query.GroupBy.Select(g => $"{{ {vocabulary.Dimensions[g.Dimension].Field}: DESC }}"));
                arguments.Add($"order: [{string.Join(", ", order)}], limit: {limit}");
            }

            body.Append(queries.Count > 1 ? $"  q{q}: metrics" : "  metrics");
            if (arguments.Count > 0)
            {
                body.Append('(').Append(string.Join(", ", arguments)).Append(')');
            }

            body.Append(" { rows { ");
            if (query.Time?.Grain is not null)
            {
                body.Append("period ");
            }

            foreach (var (dimension, spelling) in query.GroupBy)
            {
                Field(body, fragments, $"d{q}_{dimension}", vocabulary.Dimensions[dimension].Field, spelling);
            }

            foreach (var (metric, spelling, subfields) in query.Metrics)
            {
                var delta = query.Compare ? " delta { value pValue significant baselineN }" : string.Empty;
                Field(body, fragments, $"m{q}_{metric}", GraphQLNames.Camel(metric) + " { " + subfields + delta + " }", spelling);
            }

            body.Append("} }\n");
        }

        var head = declarations.Count > 0 ? $"query Isolation({string.Join(", ", declarations)}) " : "query Isolation ";
        return new GraphQLRequest { Query = head + "{\n" + body + "}\n" + fragments, Variables = variables.Count > 0 ? variables : null };
    }

    private static void Field(StringBuilder body, StringBuilder fragments, string name, string selection, Spelling spelling)
    {
        switch (spelling)
        {
            case Spelling.Alias:
                body.Append(name).Append(": ").Append(selection).Append(' ');
                break;
            case Spelling.NamedFragment:
                body.Append("...F_").Append(name).Append(' ');
                fragments.Append("fragment F_").Append(name).Append(" on MetricRow { ").Append(selection).Append(" }\n");
                break;
            case Spelling.InlineFragment:
                body.Append("... on MetricRow { ").Append(selection).Append(" } ");
                break;
            default:
                body.Append(selection).Append(' ');
                break;
        }
    }
}
