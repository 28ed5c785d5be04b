using System.Globalization;
using System.Text.Json;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Serialization;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Conformance;

/// <summary>The conformance schema (conformance/schema.graphql) with resolvers mirroring oracle.mjs.</summary>
internal static class ConformanceSchema
{
    public static string Directory { get; } = FindDirectory();

    public static string Sdl => File.ReadAllText(Path.Combine(Directory, "schema.graphql"));

    public static Dictionary<string, object?> Data { get; } = (Dictionary<string, object?>)JsonValues.ToPlain(JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "data.json"))).RootElement)!;

    private static string FindDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "CxSemantic.GraphQL.Tests", "conformance");
            if (File.Exists(Path.Combine(candidate, "package.json"))) { return candidate; }
            candidate = Path.Combine(dir.FullName, "conformance");
            if (File.Exists(Path.Combine(candidate, "oracle.mjs"))) { return candidate; }
            dir = dir.Parent;
        }
        throw new InvalidOperationException("conformance folder not found");
    }

    private static List<object?> List(string key) => (List<object?>)Data[key]!;

    private static IEnumerable<Dictionary<string, object?>> Metrics => List("metrics").Cast<Dictionary<string, object?>>();

    private static IEnumerable<Dictionary<string, object?>> All
        => Metrics.Concat(List("dimensions").Cast<Dictionary<string, object?>>()).Concat(List("users").Cast<Dictionary<string, object?>>());

    public static Schema Build()
    {
        return new SchemaBuilder()
            .AddScalarType(ScalarType.Date)
            .AddTypeDefinitions(Sdl)
            .AddResolver("Query", "node", c => All.FirstOrDefault(e => (string?)e["id"] == (string?)c.Arguments["id"]))
            .AddResolver("Query", "metric", c => Metrics.FirstOrDefault(e => (string?)e["id"] == (string?)c.Arguments["id"]))
            .AddResolver("Query", "metrics", c =>
            {
                var where = c.Arguments.GetValueOrDefault("where") as IReadOnlyDictionary<string, object?>;
                var list = Metrics.Where(m => MatchesMetric(where, m)).ToList();
                if (c.Arguments.GetValueOrDefault("order") is List<object?> { Count: > 0 } order)
                {
                    var first = (IReadOnlyDictionary<string, object?>)order[0]!;
                    string key = (string)first["field"]! switch { "NAME" => "name", "SCORE" => "score", _ => "createdOn" };
                    int dir = (string?)first.GetValueOrDefault("direction") == "DESC" ? -1 : 1;
                    list = [.. list.Order(Comparer<Dictionary<string, object?>>.Create((a, b) => dir * Compare(a[key], b[key])))];
                }
                return c.Arguments.GetValueOrDefault("first") is int n ? list.Take(Math.Max(0, n)).ToList() : list;
            })
            .AddResolver("Query", "search", c => All.Where(e => e["name"] is string name && name.Contains((string)c.Arguments["text"]!, StringComparison.OrdinalIgnoreCase)).ToList())
            .AddResolver("Query", "dimensions", c => List("dimensions").Cast<Dictionary<string, object?>>().Where(d => c.Arguments.GetValueOrDefault("kind") is not string kind || (string?)d["kind"] == kind).ToList())
            .AddResolver("Query", "me", _ => new Dictionary<string, object?>(List("users").Cast<Dictionary<string, object?>>().First())
            {
                ["metrics"] = new List<object?> { Metrics.First() },
                ["friend"] = List("users")[1],
            })
            .AddResolver("Query", "echo", c => Canon(c.Arguments))
            .AddResolver("Query", "version", _ => "1.0")
            .AddResolver("Query", "failing", _ => throw new GraphQLException("failing field"))
            .AddResolver("Query", "failingNonNull", _ => throw new GraphQLException("failing non-null field"))
            .AddResolver("Query", "deprecatedQuery", c => c.Arguments.GetValueOrDefault("new") ?? c.Arguments.GetValueOrDefault("old"))
            .AddResolver("Mutation", "createMetric", c =>
            {
                var input = (IReadOnlyDictionary<string, object?>)c.Arguments["input"]!;
                return new Dictionary<string, object?>
                {
                    ["__typename"] = "Metric",
                    ["id"] = "new",
                    ["name"] = input["name"],
                    ["aggregation"] = input.GetValueOrDefault("aggregation"),
                    ["tags"] = input.GetValueOrDefault("tags") ?? new List<object?>(),
                    ["createdOn"] = input.GetValueOrDefault("createdOn"),
                    ["description"] = Canon(input.GetValueOrDefault("options")),
                    ["score"] = null,
                    ["owner"] = null,
                };
            })
            .AddResolver("Mutation", "deleteMetric", c => Metrics.Any(m => (string?)m["id"] == (string?)c.Arguments["id"]))
            .AddResolver("Metric", "dimensions", c => List("dimensions").Take(Math.Max(0, c.GetArgument<int?>("first") ?? 10)).ToList())
            .AddResolver("Metric", "value", c =>
            {
                var m = (IReadOnlyDictionary<string, object?>)c.Source!;
                if (m["score"] is not int score) { return null; }
                string? grain = c.Arguments.GetValueOrDefault("grain") as string;
                return score * (grain == "WEEK" ? 7 : grain == "MONTH" ? 30 : 1) / 4.0;
            })
            .AddResolver("Metric", "related", c =>
            {
                int limit = (int)c.Arguments["limit"]!;
                var items = Metrics.Cast<object?>().Take(Math.Max(0, limit)).Append(null).ToList();
                return items.Take(Math.Max(0, limit)).ToList();
            })
            .AddResolver("Metric", "broken", _ => throw new GraphQLException("broken metric field"))
            .AddResolver("Metric", "brokenNonNull", _ => throw new GraphQLException("broken non-null metric field"))
            .Build();
    }

    private static bool MatchesString(IReadOnlyDictionary<string, object?>? filter, string value)
    {
        if (filter is null) { return true; }
        if (filter.GetValueOrDefault("eq") is string eq) { return value == eq; }
        if (filter.GetValueOrDefault("in") is List<object?> list) { return list.Contains(value); }
        if (filter.GetValueOrDefault("contains") is string contains) { return value.Contains(contains, StringComparison.Ordinal); }
        return true;
    }

    private static bool MatchesMetric(IReadOnlyDictionary<string, object?>? where, Dictionary<string, object?> m)
    {
        if (where is null) { return true; }
        if (!MatchesString(where.GetValueOrDefault("name") as IReadOnlyDictionary<string, object?>, (string)m["name"]!)) { return false; }
        if (where.GetValueOrDefault("aggregation") is List<object?> aggs && !aggs.Contains(m["aggregation"])) { return false; }
        if (where.GetValueOrDefault("minScore") is int min && ((m["score"] as int?) ?? 0) < min) { return false; }
        if (where.GetValueOrDefault("and") is List<object?> and && !and.All(w => MatchesMetric((IReadOnlyDictionary<string, object?>)w!, m))) { return false; }
        return true;
    }

    private static int Compare(object? a, object? b)
    {
        if (Equals(a, b)) { return 0; }
        if (a is null) { return -1; }
        if (b is null) { return 1; }
        return a is string sa ? string.CompareOrdinal(sa, (string)b) < 0 ? -1 : 1 : ((int)a).CompareTo((int)b) < 0 ? -1 : 1;
    }

    /// <summary>Canonical rendering shared with oracle.mjs canon().</summary>
    public static string Canon(object? v) => v switch
    {
        null => "null",
        string s => ValueHelpers.JsonString(s),
        DateOnly d => "\"" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\"",
        bool b => b ? "true" : "false",
        double d => ValueHelpers.FormatNumber(d),
        int or long => Convert.ToString(v, CultureInfo.InvariantCulture)!,
        IEnumerable<KeyValuePair<string, object?>> dict => "{" + string.Join(",", dict.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + Canon(p.Value))) + "}",
        System.Collections.IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(Canon)) + "]",
        _ => v.ToString()!,
    };
}
