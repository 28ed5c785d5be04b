using System.Text.Json;
using System.Text.Json.Nodes;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;
using CxSemantic.GraphQL.Validation;

namespace CxSemantic.GraphQL.Tests.Conformance;

[Collection("graphql-js")]
public sealed class ConformanceTests(GraphQLJsOracle oracle)
{
    [Theory]
    [MemberData(nameof(GraphQLJsOracle.Versions), MemberType = typeof(GraphQLJsOracle))]
    public void Introspection_loads_in_buildClientSchema_and_prints_like_our_sdl(string graphqlJs)
    {
        var run = oracle[graphqlJs];
        Assert.Empty(run.IntrospectionResult.Errors);
        Assert.Equal(oracle.Schema.ToSdl(), TheirSdl(run, "introspectionSdl"));
    }

    [Theory]
    [MemberData(nameof(GraphQLJsOracle.Versions), MemberType = typeof(GraphQLJsOracle))]
    public void Full_introspection_result_matches_graphql_js_for_the_same_sdl(string graphqlJs)
    {
        var run = oracle[graphqlJs];
        Assert.Empty(run.IntrospectionResult.Errors);
        var ours = JsonNode.Parse(run.IntrospectionResult.ToJson())!["data"]!["__schema"]!;
        var theirs = run.Response["introspectionResult"]!["data"]!["__schema"]!;
        theirs = graphqlJs == "graphql16" ? KnownDifferences.Introspection16(theirs) : KnownDifferences.Introspection17(theirs);
        Assert.True(JsonNode.DeepEquals(NormalizeIntrospection(ours), NormalizeIntrospection(theirs)),
            "introspection differs:\n" + Diff(NormalizeIntrospection(ours), NormalizeIntrospection(theirs)));
    }

    /// <summary>Sorts types and directives by name; drops descriptions of built-in definitions (wording is implementation-defined).</summary>
    private static JsonNode NormalizeIntrospection(JsonNode schema)
    {
        var copy = schema.DeepClone().AsObject();
        static bool BuiltIn(string? name) => name is not null && (name.StartsWith("__", StringComparison.Ordinal) || name is "Int" or "Float" or "String" or "Boolean" or "ID" or "include" or "skip" or "deprecated" or "specifiedBy" or "oneOf");
        static void StripDescriptions(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    o.Remove("description");
                    foreach (var (_, v) in o.ToList()) { StripDescriptions(v); }
                    break;
                case JsonArray a:
                    foreach (var v in a) { StripDescriptions(v); }
                    break;
            }
        }
        JsonArray Sorted(string key)
        {
            var items = copy[key]!.AsArray().Select(n => n!.DeepClone()).OrderBy(n => (string?)n["name"], StringComparer.Ordinal).ToList();
            foreach (var item in items)
            {
                if (BuiltIn((string?)item["name"])) { StripDescriptions(item); }
            }
            return new JsonArray([.. items]);
        }
        copy["types"] = Sorted("types");
        copy["directives"] = Sorted("directives");
        return copy;
    }

    private static string Diff(JsonNode ours, JsonNode theirs)
    {
        var lines = new List<string>();
        var a = ours["types"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => t!.ToJsonString());
        var b = theirs["types"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => t!.ToJsonString());
        foreach (var name in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            a.TryGetValue(name, out var x);
            b.TryGetValue(name, out var y);
            if (x != y) { lines.Add($"{name}:\n  ours:   {x}\n  theirs: {y}"); }
        }
        var d1 = ours["directives"]!.ToJsonString();
        var d2 = theirs["directives"]!.ToJsonString();
        if (d1 != d2) { lines.Add($"directives:\n  ours:   {d1}\n  theirs: {d2}"); }
        foreach (var key in new[] { "description", "queryType", "mutationType", "subscriptionType" })
        {
            if (ours[key]?.ToJsonString() != theirs[key]?.ToJsonString()) { lines.Add($"{key}: {ours[key]?.ToJsonString()} vs {theirs[key]?.ToJsonString()}"); }
        }
        return string.Join("\n", lines);
    }

    [Theory]
    [MemberData(nameof(GraphQLJsOracle.Versions), MemberType = typeof(GraphQLJsOracle))]
    public void Sdl_printer_matches_graphql_js_printSchema_of_the_same_sdl(string graphqlJs)
    {
        Assert.Equal(TheirSdl(oracle[graphqlJs], "schemaSdl"), Schema.FromSdl(ConformanceSchema.Sdl).ToSdl());
    }

    /// <summary>An SDL printed by graphql-js; 17's object-value spacing and uncoerced defaults normalized (KnownDifferences).</summary>
    private static string? TheirSdl(OracleRun run, string key)
    {
        var sdl = (string?)run.Response[key];
        return sdl is not null && run.Package == "graphql17" ? KnownDifferences.Defaults17(sdl) : sdl;
    }

    [Theory]
    [MemberData(nameof(GraphQLJsOracle.Versions), MemberType = typeof(GraphQLJsOracle))]
    public void Validation_corpus_has_same_verdicts_rules_and_messages_as_graphql_js(string graphqlJs)
    {
        var expected = oracle[graphqlJs].Response["validation"]!.AsArray();
        var reworded = KnownDifferences.MessageWording(graphqlJs, "validation");
        var stale = new List<string>();
        Assert.Equal(oracle.Corpus.Count, expected.Count);
        Assert.True(oracle.Corpus.Count >= 300, $"corpus has only {oracle.Corpus.Count} documents");

        var mismatches = new List<string>();
        var rulesSeen = new HashSet<string>();
        int valid = 0;
        for (int i = 0; i < oracle.Corpus.Count; i++)
        {
            var doc = oracle.Corpus[i];
            var theirs = expected[i]!.AsObject();
            List<string> ours;
            List<string> theirList;
            try
            {
                var document = GraphQLParser.Parse(doc.Source);
                ours = [.. DocumentValidator.Validate(oracle.Schema, document).Select(e => Describe(e.Rule, e.Message, e.Locations.Select(l => (l.Line, l.Column))))];
            }
            catch (GraphQLSyntaxException ex)
            {
                ours = [Describe("syntax", ex.Message, [(ex.Location.Line, ex.Location.Column)])];
            }

            if (theirs["syntaxError"] is { } syntax)
            {
                theirList = [Describe("syntax", (string)syntax!, Locations(theirs["locations"]))];
            }
            else
            {
                theirList = [.. theirs["errors"]!.AsArray().Select(e => Describe((string?)e!["rule"], (string)e["message"]!, Locations(e["locations"])))];
                foreach (var e in theirs["errors"]!.AsArray()) { rulesSeen.Add((string)e!["rule"]!); }
                if (theirList.Count == 0) { valid++; }
            }

            ours.Sort(StringComparer.Ordinal);
            theirList.Sort(StringComparer.Ordinal);
            if (reworded.Contains(doc.Id))
            {
                // Documented wording difference: the rule and locations must still agree, the message text must differ.
                if (ours.SequenceEqual(theirList)) { stale.Add(doc.Id); }
                ours = [.. ours.Select(WithoutMessage).Order(StringComparer.Ordinal)];
                theirList = [.. theirList.Select(WithoutMessage).Order(StringComparer.Ordinal)];
            }
            if (!ours.SequenceEqual(theirList))
            {
                mismatches.Add($"{doc.Id}:\n{doc.Source}\n  ours:   {string.Join("\n          ", ours)}\n  theirs: {string.Join("\n          ", theirList)}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n\n" + string.Join("\n\n", mismatches));
        Assert.True(stale.Count == 0, "known-differences.json lists cases that no longer differ: " + string.Join(", ", stale));
        Assert.True(valid >= 50, $"only {valid} valid documents");
        var missing = DocumentValidator.RuleNames.Where(r => !rulesSeen.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "rules never triggered by the corpus: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(GraphQLJsOracle.Versions), MemberType = typeof(GraphQLJsOracle))]
    public async Task Execution_results_match_graphql_js(string graphqlJs)
    {
        var expected = oracle[graphqlJs].Response["execution"]!.AsArray();
        var reworded = KnownDifferences.MessageWording(graphqlJs, "execution");
        var stale = new List<string>();
        Assert.Equal(oracle.Cases.Count, expected.Count);
        var mismatches = new List<string>();
        for (int i = 0; i < oracle.Cases.Count; i++)
        {
            var c = oracle.Cases[i];
            var variables = c.Variables is { } v ? GraphQLRequest.ParseVariables(v) : null;
            var result = await Executor.ExecuteAsync(oracle.Schema, new GraphQLRequest { Query = c.Query, Variables = variables, OperationName = c.OperationName }, new ExecutionOptions { MaxDepth = null });
            var ours = Normalize(JsonNode.Parse(result.ToJson())!);
            var theirs = Normalize(expected[i]!);
            if (graphqlJs == "graphql17") { KnownDifferences.DefaultValues17(theirs); }
            if (reworded.Contains(c.Name))
            {
                // Documented wording difference: data, paths and locations must still agree, the message text must differ.
                if (JsonNode.DeepEquals(ours, theirs)) { stale.Add(c.Name); }
                ours = Normalize(ours, withMessages: false);
                theirs = Normalize(theirs, withMessages: false);
            }
            if (!JsonNode.DeepEquals(ours, theirs))
            {
                mismatches.Add($"{c.Name}:\n  ours:   {ours.ToJsonString()}\n  theirs: {theirs.ToJsonString()}");
            }
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n\n" + string.Join("\n\n", mismatches));
        Assert.True(stale.Count == 0, "known-differences.json lists cases that no longer differ: " + string.Join(", ", stale));
        Assert.True(oracle.Cases.Count >= 40, "too few execution cases");
    }

    private static JsonNode Normalize(JsonNode node, bool withMessages = true)
    {
        var obj = node.DeepClone().AsObject();
        if (obj["errors"] is JsonArray errors)
        {
            var list = errors.Select(e =>
            {
                var copy = e!.DeepClone().AsObject();
                copy.Remove("extensions");
                if (!withMessages) { copy.Remove("message"); }
                return copy;
            }).OrderBy(e => e.ToJsonString(), StringComparer.Ordinal).ToList();
            obj["errors"] = new JsonArray([.. list]);
        }
        return obj;
    }

    private static string WithoutMessage(string described)
    {
        var parts = described.Split(" | ");
        return parts[0] + " | … | " + parts[^1];
    }

    private static IEnumerable<(int, int)> Locations(JsonNode? node)
        => node is JsonArray array ? array.Select(l => ((int)l!["line"]!, (int)l["column"]!)) : [];

    private static string Describe(string? rule, string message, IEnumerable<(int Line, int Column)> locations)
        => $"{rule} | {message} | {string.Join(" ", locations.Select(l => $"{l.Line}:{l.Column}"))}";
}
