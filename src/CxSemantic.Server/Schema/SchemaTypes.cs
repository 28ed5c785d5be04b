using System.Collections.Frozen;
using CxSemantic.GraphQL.Language;

namespace CxSemantic.Server.Schema;

/// <summary>
/// The GraphQL type names the server's code refers to. The fixed ones are defined in the embedded
/// <c>MetricsSchema.graphql</c>; the generated ones are referenced there and defined from the catalog
/// (<see cref="CatalogSdl"/>). <see cref="FixedSdl"/> checks both against the file when it is read.
/// </summary>
internal static class SchemaTypes
{
    /// <summary>The root query type.</summary>
    public const string Query = "Query";

    /// <summary>The governed value of a metric in one row.</summary>
    public const string MetricValue = "MetricValue";

    /// <summary>ASC / DESC in order inputs.</summary>
    public const string SortEnum = "SortEnumType";

    /// <summary>Filter operations on a string dimension.</summary>
    public const string StringFilter = "StringOperationFilterInput";

    /// <summary>Filter operations on a number dimension.</summary>
    public const string FloatFilter = "FloatOperationFilterInput";

    /// <summary>Filter operations on a boolean dimension.</summary>
    public const string BooleanFilter = "BooleanOperationFilterInput";

    /// <summary>Filter operations on a date dimension.</summary>
    public const string DateFilter = "DateOperationFilterInput";

    /// <summary>The date scalar (YYYY-MM-DD).</summary>
    public const string Date = "Date";

    /// <summary>Generated: one answer row, a field per dimension and metric of the catalog.</summary>
    public const string MetricRow = "MetricRow";

    /// <summary>Generated: the dimensions as enum values (group comparisons).</summary>
    public const string DimensionName = "DimensionName";

    /// <summary>Generated: filters on the catalog's dimensions.</summary>
    public const string MetricFilterInput = "MetricFilterInput";

    /// <summary>Generated: row order by the catalog's dimensions and metrics.</summary>
    public const string MetricOrderInput = "MetricOrderInput";

    /// <summary>Generated for each enum dimension <c>X</c>: its filter input <c>XOperationFilterInput</c>.</summary>
    public const string EnumFilterSuffix = "OperationFilterInput";

    /// <summary>Built-in scalars dimension fields are typed with.</summary>
    public const string Float = "Float";

    /// <summary>Built-in scalars dimension fields are typed with.</summary>
    public const string Boolean = "Boolean";

    /// <summary>Built-in scalars dimension fields are typed with.</summary>
    public const string String = "String";

    /// <summary>The constants naming types the fixed file defines.</summary>
    public static IReadOnlyList<string> Fixed { get; } = [Query, MetricValue, SortEnum, StringFilter, FloatFilter, BooleanFilter, DateFilter, Date];

    /// <summary>The constants naming types generated from the catalog (the file uses them, CatalogSdl defines them).</summary>
    public static IReadOnlyList<string> Generated { get; } = [MetricRow, DimensionName, MetricFilterInput, MetricOrderInput];
}

/// <summary>The fixed part of the schema: the embedded <c>MetricsSchema.graphql</c>, read and checked once.</summary>
internal static class FixedSdl
{
    private const string ResourceName = "CxSemantic.Server.Schema.MetricsSchema.graphql";

    private static readonly FrozenSet<string> BuiltInScalars = FrozenSet.ToFrozenSet(["String", "Int", "Float", "Boolean", "ID"], StringComparer.Ordinal);

    static FixedSdl()
    {
        using var stream = typeof(FixedSdl).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the server assembly.");
        using var reader = new StreamReader(stream);
        Text = reader.ReadToEnd();
        TypeNames = DefinedTypes(GraphQLParser.Parse(Text));
        if (Disagreement(Text) is { } disagreement)
        {
            throw new InvalidOperationException(disagreement);
        }
    }

    /// <summary>The SDL text.</summary>
    public static string Text { get; }

    /// <summary>The types the file defines: catalog-generated types must not take these names.</summary>
    public static FrozenSet<string> TypeNames { get; }

    /// <summary>
    /// Where <paramref name="sdl"/> and <see cref="SchemaTypes"/> disagree, or null when every fixed name is defined in
    /// the SDL and the types it uses without defining them are exactly the generated ones.
    /// </summary>
    public static string? Disagreement(string sdl)
    {
        var document = GraphQLParser.Parse(sdl);
        var defined = DefinedTypes(document);
        var referenced = Descendants(document).OfType<NamedTypeNode>().Select(t => t.Name.Value).Distinct(StringComparer.Ordinal);
        var missing = SchemaTypes.Fixed.Where(name => !defined.Contains(name)).ToList();
        var undefined = referenced.Where(name => !defined.Contains(name) && !BuiltInScalars.Contains(name)).Order(StringComparer.Ordinal).ToList();
        return missing.Count == 0 && undefined.SequenceEqual(SchemaTypes.Generated.Order(StringComparer.Ordinal), StringComparer.Ordinal)
            ? null
            : $"{ResourceName} and SchemaTypes disagree: not defined in the file: [{string.Join(", ", missing)}]; " +
              $"used but not defined (must be the generated types [{string.Join(", ", SchemaTypes.Generated)}]): [{string.Join(", ", undefined)}].";
    }

    private static FrozenSet<string> DefinedTypes(DocumentNode document) =>
        document.Definitions.OfType<TypeDefinitionNode>().Select(t => t.Name.Value).ToFrozenSet(StringComparer.Ordinal);

    private static IEnumerable<SyntaxNode> Descendants(SyntaxNode node) =>
        node.GetChildren().SelectMany(child => Descendants(child).Prepend(child));
}
