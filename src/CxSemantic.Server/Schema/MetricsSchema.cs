using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CxSemantic.Definitions.Glossary;
using CxSemantic.Definitions.Model;
using GqlSchema = CxSemantic.GraphQL.Types.Schema;

namespace CxSemantic.Server.Schema;

/// <summary>A dimension as a GraphQL field of <c>MetricRow</c> and a key of <c>MetricFilterInput</c>.</summary>
/// <param name="Name">The catalog name (snake_case).</param>
/// <param name="Field">The GraphQL field (camelCase).</param>
/// <param name="Type">The dimension type.</param>
/// <param name="GraphQLType">The GraphQL output type (an enum name for enum dimensions).</param>
/// <param name="ToGraphQL">Enum dimensions: catalog value → GraphQL enum value.</param>
/// <param name="FromGraphQL">Enum dimensions: GraphQL enum value → catalog value.</param>
/// <param name="Label">The label, if any.</param>
/// <param name="Description">The description, if any.</param>
/// <param name="Pii">Personal data.</param>
/// <param name="Sources">Where the dimension is defined (model or journey names).</param>
internal sealed record DimensionField(
    string Name,
    string Field,
    DimensionType Type,
    string GraphQLType,
    FrozenDictionary<string, string> ToGraphQL,
    FrozenDictionary<string, string> FromGraphQL,
    string? Label,
    string? Description,
    bool Pii,
    ImmutableArray<string> Sources)
{
    /// <summary>The catalog values of an enum dimension, in definition order.</summary>
    public ImmutableArray<string> Values { get; init; } = [];
}

/// <summary>A metric as a GraphQL field of <c>MetricRow</c>.</summary>
internal sealed record MetricField(string Name, string Field, Metric Metric);

/// <summary>A metric's glossary page and the facts it states, as values.</summary>
/// <param name="Page">The page (<c>glossaryMarkdown</c>).</param>
/// <param name="Facts">The definition, unit of analysis and confirmation in words.</param>
internal sealed record MetricGlossary(GlossaryPage Page, MetricGlossaryFacts Facts);

/// <summary>The GraphQL schema generated from one catalog, with the name maps the resolvers need.</summary>
internal sealed class MetricsSchema
{
    public MetricsSchema(
        GqlSchema schema,
        string sdl,
        ImmutableArray<DimensionField> dimensions,
        ImmutableArray<MetricField> metrics,
        FrozenDictionary<string, MetricGlossary> glossary,
        ImmutableArray<string> problems)
    {
        Schema = schema;
        Sdl = sdl;
        Dimensions = dimensions;
        Metrics = metrics;
        DimensionsByField = dimensions.ToFrozenDictionary(d => d.Field, StringComparer.Ordinal);
        DimensionsByName = dimensions.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);
        MetricsByField = metrics.ToFrozenDictionary(m => m.Field, StringComparer.Ordinal);
        MetricsByName = metrics.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);
        Glossary = glossary;
        Problems = problems;
    }

    public GqlSchema Schema { get; }

    public string Sdl { get; }

    public ImmutableArray<DimensionField> Dimensions { get; }

    public ImmutableArray<MetricField> Metrics { get; }

    public FrozenDictionary<string, DimensionField> DimensionsByField { get; }

    public FrozenDictionary<string, DimensionField> DimensionsByName { get; }

    public FrozenDictionary<string, MetricField> MetricsByField { get; }

    public FrozenDictionary<string, MetricField> MetricsByName { get; }

    /// <summary>Glossary pages and facts by metric name.</summary>
    public FrozenDictionary<string, MetricGlossary> Glossary { get; }

    /// <summary>Names that could not become GraphQL fields (collisions), for <c>catalog { problems }</c>.</summary>
    public ImmutableArray<string> Problems { get; }
}

/// <summary>Naming rules from catalog names to GraphQL names.</summary>
internal static class GraphQLNames
{
    /// <summary><c>intent_complexity</c> → <c>intentComplexity</c>.</summary>
    public static string Camel(string name)
    {
        var pascal = Pascal(name);
        return pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    /// <summary><c>intent_complexity</c> → <c>IntentComplexity</c>.</summary>
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        if (builder.Length > 0 && char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    /// <summary><c>bot_to_agent</c> → <c>BOT_TO_AGENT</c>; <c>3_12m</c> → <c>_3_12M</c>.</summary>
    public static string EnumValue(string value)
    {
        var builder = new StringBuilder(value.Length + 1);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        var text = builder.ToString();
        return text is "TRUE" or "FALSE" or "NULL" ? text + "_" : text;
    }

    /// <summary>Formats a double as a GraphQL/JSON literal.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
