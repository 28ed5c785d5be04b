using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Model;
using YamlDotNet.RepresentationModel;

namespace CxSemantic.Definitions.Loading;

/// <summary>
/// Turns YAML documents into definition records, syntax only: shapes, names, enums, durations and
/// expression syntax. Cross-references and types are checked afterwards by <see cref="CatalogValidator"/>.
/// </summary>
internal sealed partial class DefinitionReader(DiagnosticBag diagnostics)
{
    public const string MetricKey = "metric";
    public const string ModelKey = "semantic_model";
    public const string JourneyKey = "journey";
    public const string PolicyKey = "access_policy";
    public const string CompositeKey = "composite";
    public const string RollupKey = "rollup";

    private static readonly string[] DocumentKinds = [ModelKey, JourneyKey, MetricKey, PolicyKey, CompositeKey, RollupKey];

    public List<SemanticModel> Models { get; } = [];

    public List<Journey> Journeys { get; } = [];

    public List<Metric> Metrics { get; } = [];

    public List<AccessPolicy> Policies { get; } = [];

    public List<Composite> Composites { get; } = [];

    public List<Rollup> Rollups { get; } = [];

    /// <summary>Locations of the definition being read; reset per document.</summary>
    private ImmutableDictionary<string, SourceSpan>.Builder _locations = ImmutableDictionary.CreateBuilder<string, SourceSpan>(StringComparer.Ordinal);

    public void Read(YamlFile file)
    {
        foreach (var document in file.Documents)
        {
            var root = document.RootNode;
            if (MappingReader.IsNull(root))
            {
                continue; // an empty document (a trailing ---) is harmless
            }

            if (root is not YamlMappingNode mapping)
            {
                diagnostics.Error(
                    DefinitionErrors.UnknownDocument,
                    DefinitionErrors.Format(DefinitionErrors.NotAMappingMessage, root is YamlSequenceNode ? "list" : "single value"),
                    file.SpanOf(root));
                continue;
            }

            var kind = mapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).FirstOrDefault(DocumentKinds.Contains);
            if (kind is null)
            {
                var first = mapping.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault();
                diagnostics.Error(
                    DefinitionErrors.UnknownDocument,
                    DefinitionErrors.Format(DefinitionErrors.UnknownDocumentMessage, first?.Value ?? string.Empty) +
                    (first?.Value is { } v ? NameSuggester.Hint(v, DocumentKinds) : string.Empty),
                    first is null ? file.SpanOf(root) : file.SpanOf(first, first.Value?.Length ?? 0));
                continue;
            }

            var name = (mapping.Children[new YamlScalarNode(kind)] as YamlScalarNode)?.Value ?? string.Empty;
            var reader = new MappingReader(file, mapping, $"{kind.Replace('_', ' ')} '{name}'", diagnostics);
            _locations = ImmutableDictionary.CreateBuilder<string, SourceSpan>(StringComparer.Ordinal);
            switch (kind)
            {
                case ModelKey: Models.Add(ReadModel(reader)); break;
                case JourneyKey: Journeys.Add(ReadJourney(reader)); break;
                case MetricKey: Metrics.Add(ReadMetric(reader)); break;
                case CompositeKey: Composites.Add(ReadComposite(reader)); break;
                case RollupKey: Rollups.Add(ReadRollup(reader)); break;
                default: Policies.Add(ReadPolicy(reader)); break;
            }

            reader.Complete();
        }
    }

    private AccessPolicy ReadPolicy(MappingReader m)
    {
        var role = Name(m, PolicyKey);
        var filters = ImmutableArray.CreateBuilder<RowFilter>();
        foreach (var r in m.MappingList("row_filters", $"row filter of access policy '{role}'"))
        {
            var dimension = r.String("dimension", "the dimension to restrict");
            _locations[$"row_filters.{filters.Count}"] = r.ValueSpan("dimension");
            var claim = r.String("claim", "the caller's claim whose value the dimension must equal");
            if (dimension is not null && claim is not null)
            {
                filters.Add(new RowFilter(dimension, claim));
            }

            r.Complete();
        }

        return new AccessPolicy
        {
            Role = role,
            Metrics = LocatedNames(m, "metrics", "the metrics this role may query ('[\"*\"]' for all)"),
            Dimensions = m.Has("dimensions") ? LocatedNames(m, "dimensions", null) : ["*"],
            Pii = m.Bool("pii", false),
            ShowSql = m.Bool("show_sql", false),
            RowFilters = filters.ToImmutable(),
            Description = m.String("description"),
            Span = m.KeySpan(PolicyKey),
            Locations = _locations.ToImmutable(),
        };
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex NamePattern();
}
