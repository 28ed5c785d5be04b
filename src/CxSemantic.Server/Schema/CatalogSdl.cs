using System.Collections.Immutable;
using System.Text;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Server.Schema;

/// <summary>
/// Writes the catalog-generated part of the schema after the fixed part (<see cref="FixedSdl"/>): an enum and a filter
/// input per enum dimension, <c>DimensionName</c>, <c>MetricRow</c> (a field per dimension and metric) and the
/// filter and order inputs over them.
/// </summary>
internal static class CatalogSdl
{
    /// <summary>The fixed SDL followed by the catalog's types.</summary>
    public static string Write(ImmutableArray<DimensionField> dimensions, ImmutableArray<MetricField> metrics)
    {
        var sdl = new StringBuilder(16_384);
        sdl.AppendLine(FixedSdl.Text);

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
            sdl.Append("input ").Append(dimension.GraphQLType).Append(SchemaTypes.EnumFilterSuffix).AppendLine(" {");
            sdl.Append("  eq: ").AppendLine(dimension.GraphQLType);
            sdl.Append("  neq: ").AppendLine(dimension.GraphQLType);
            sdl.Append("  in: [").Append(dimension.GraphQLType).AppendLine("!]");
            sdl.Append("  nin: [").Append(dimension.GraphQLType).AppendLine("!]");
            sdl.AppendLine("  isNull: Boolean");
            sdl.AppendLine("}").AppendLine();
        }

        // Dimension names for arguments (group comparisons): the MetricRow field names, as enum values.
        Describe(sdl, "A dimension, named by its MetricRow field.", "");
        sdl.Append("enum ").Append(SchemaTypes.DimensionName).AppendLine(" {");
        foreach (var dimension in dimensions)
        {
            Describe(sdl, $"`{dimension.Name}`", "  ");
            sdl.Append("  ").AppendLine(dimension.Field);
        }

        sdl.AppendLine("}").AppendLine();

        Describe(sdl, "One answer row: the period, the values of the selected dimensions, and the selected metrics. Selecting a dimension groups by it; selecting a metric computes it.", "");
        sdl.Append("type ").Append(SchemaTypes.MetricRow).AppendLine(" {");
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
            sdl.Append("  ").Append(metric.Field).Append(": ").AppendLine(SchemaTypes.MetricValue);
        }

        sdl.AppendLine("}").AppendLine();

        Describe(sdl, "Filters on dimensions (all must hold), in HotChocolate's style: `{ channel: { in: [VOICE, CHAT] } }`.", "");
        sdl.Append("input ").Append(SchemaTypes.MetricFilterInput).AppendLine(" {");
        foreach (var dimension in dimensions)
        {
            var filter = dimension.Type switch
            {
                DimensionType.Enum => dimension.GraphQLType + SchemaTypes.EnumFilterSuffix,
                DimensionType.Number => SchemaTypes.FloatFilter,
                DimensionType.Boolean => SchemaTypes.BooleanFilter,
                DimensionType.Date => SchemaTypes.DateFilter,
                _ => SchemaTypes.StringFilter,
            };
            sdl.Append("  ").Append(dimension.Field).Append(": ").AppendLine(filter);
        }

        sdl.AppendLine("}").AppendLine();

        Describe(sdl, "Row order in HotChocolate's style: `[{ containmentRate: DESC }, { channel: ASC }]` (metrics order by value).", "");
        sdl.Append("input ").Append(SchemaTypes.MetricOrderInput).AppendLine(" {");
        sdl.Append("  period: ").AppendLine(SchemaTypes.SortEnum);
        foreach (var field in dimensions.Select(d => d.Field).Concat(metrics.Select(m => m.Field)))
        {
            sdl.Append("  ").Append(field).Append(": ").AppendLine(SchemaTypes.SortEnum);
        }

        sdl.AppendLine("}");
        return sdl.ToString();
    }

    private static void Describe(StringBuilder sdl, string text, string indent)
    {
        sdl.Append(indent).Append("\"\"\"").Append(text.Replace("\"\"\"", "\\\"\"\"", StringComparison.Ordinal).Replace('\n', ' ').Trim()).AppendLine("\"\"\"");
    }
}
