using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CxSemantic.GraphQL.Tests.Conformance;

/// <summary>
/// The documented ways graphql-js 16 and 17 disagree for reasons that are not bugs (conformance/README.md,
/// "graphql-js 16 and 17"). Each is applied to one version's answer only, and the message-wording list is checked
/// for staleness: a listed case that no longer differs fails the test.
/// </summary>
internal static partial class KnownDifferences
{
    private static readonly JsonNode s_file = JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceSchema.Directory, "known-differences.json")))!;

    /// <summary>Cases (corpus ids or execution case names) whose messages one version words differently; <paramref name="kind"/> is validation or execution.</summary>
    public static IReadOnlySet<string> MessageWording(string package, string kind)
        => s_file[package]?["messageWording"]?[kind] is JsonArray ids ? ids.Select(i => (string)i!).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();

    /// <summary>
    /// graphql-js 16 still declares <c>includeDeprecated: Boolean = false</c> and <c>@deprecated(reason: String)</c>;
    /// the September 2025 spec and graphql-js 17 make both non-null, and so do we. Wraps them in NON_NULL in 16's answer.
    /// </summary>
    public static JsonNode Introspection16(JsonNode schema)
    {
        var copy = schema.DeepClone();
        foreach (var type in copy["types"]!.AsArray())
        {
            if (!((string)type!["name"]!).StartsWith("__", StringComparison.Ordinal) || type["fields"] is not JsonArray fields) { continue; }
            foreach (var arg in fields.SelectMany(f => f!["args"]!.AsArray()).Where(a => (string?)a!["name"] == "includeDeprecated"))
            {
                WrapNonNull(arg!);
            }
        }
        foreach (var directive in copy["directives"]!.AsArray().Where(d => (string?)d!["name"] == "deprecated"))
        {
            WrapNonNull(directive!["args"]!.AsArray().Single(a => (string?)a!["name"] == "reason")!);
        }
        return copy;
    }

    private static void WrapNonNull(JsonNode inputValue)
    {
        var type = inputValue["type"]!;
        if ((string?)type["kind"] == "NON_NULL") { return; }
        inputValue["type"] = new JsonObject { ["kind"] = "NON_NULL", ["name"] = null, ["ofType"] = type.DeepClone() };
    }

    /// <summary>
    /// graphql-js 17: (1) lists FRAGMENT_VARIABLE_DEFINITION in __DirectiveLocation for its experimental fragment
    /// arguments (not in the spec; our parser has no fragment variables): dropped from 17's answer; (2) default values
    /// go through <see cref="Defaults17"/>.
    /// </summary>
    public static JsonNode Introspection17(JsonNode schema)
    {
        var copy = schema.DeepClone();
        var location = copy["types"]!.AsArray().Single(t => (string?)t!["name"] == "__DirectiveLocation")!["enumValues"]!.AsArray();
        location.Remove(location.Single(v => (string?)v!["name"] == "FRAGMENT_VARIABLE_DEFINITION"));
        DefaultValues17(copy);
        return copy;
    }

    /// <summary>Applies <see cref="Defaults17"/> to every <c>defaultValue</c> in an introspection answer.</summary>
    public static void DefaultValues17(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key == "defaultValue" && value is JsonValue v && v.GetValueKind() == JsonValueKind.String) { o[key] = Defaults17((string)v!); }
                    else { DefaultValues17(value); }
                }
                break;
            case JsonArray a:
                foreach (var item in a) { DefaultValues17(item); }
                break;
        }
    }

    /// <summary>
    /// graphql-js 17 prints object values with spaces inside the braces (<c>{ a: 1 }</c>; 16 and we print <c>{a: 1}</c>),
    /// and prints a default as written in the SDL instead of the coerced value, so the one default in schema.graphql that
    /// relies on an inner default (<c>Query.metrics(order:)</c>, <c>MetricOrder.direction = ASC</c>) lacks the filled-in field.
    /// </summary>
    public static string Defaults17(string printed)
        => ObjectBraces().Replace(printed, m => m.Value.Trim() is "{" ? "{" : "}")
            .Replace("[{field: NAME}]", "[{field: NAME, direction: ASC}]", StringComparison.Ordinal);

    [GeneratedRegex(@"\{ | \}")]
    private static partial Regex ObjectBraces();
}
