using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Definitions.Loading;

/// <summary>A definition file's path (relative, for messages) and text.</summary>
/// <param name="Path">The path shown in diagnostics.</param>
/// <param name="Text">The YAML.</param>
public sealed record DefinitionFile(string Path, string Text);

/// <summary>The outcome of loading definitions: a catalog when there were no errors, and every diagnostic.</summary>
/// <param name="Catalog">The catalog, or null when any error was found.</param>
/// <param name="Diagnostics">Every error and warning, in file, line, column order.</param>
public sealed record CatalogLoadResult(MetricCatalog? Catalog, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when a catalog was built.</summary>
    public bool Success => Catalog is not null;

    /// <summary>The errors only.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Loads every YAML file under a folder into an immutable, validated <see cref="MetricCatalog"/>,
/// reporting all problems at once with file:line:column.
/// </summary>
public static class CatalogLoader
{
    /// <summary>Loads <c>*.yaml</c> and <c>*.yml</c> files under <paramref name="directory"/> (recursively).</summary>
    /// <param name="directory">The definitions folder.</param>
    /// <param name="schema">The warehouse tables to check column references against; <see cref="PhysicalSchema.Empty"/> skips those checks.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static CatalogLoadResult LoadDirectory(string directory, PhysicalSchema schema)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The definitions folder '{directory}' does not exist.");
        }

        var files = Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Select(f => new DefinitionFile(Path.GetRelativePath(directory, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToArray();
        return Load(files, schema);
    }

    /// <summary>Loads definitions from in-memory files.</summary>
    public static CatalogLoadResult Load(IEnumerable<DefinitionFile> files, PhysicalSchema schema)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(schema);
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
        var diagnostics = new DiagnosticBag();
        var reader = new DefinitionReader(diagnostics);
        foreach (var file in ordered)
        {
            reader.Read(YamlFile.Parse(file.Path, file.Text, diagnostics));
        }

        var index = new DefinitionIndex(
            Unique(reader.Models, m => m.Name, m => m.Span, "Semantic model", diagnostics),
            Unique(reader.Journeys, j => j.Name, j => j.Span, "Journey", diagnostics),
            Unique(reader.Metrics, m => m.Name, m => m.Span, "Metric", diagnostics),
            Unique(reader.Policies, p => p.Role, p => p.Span, "Access policy", diagnostics));
        foreach (var journey in index.Journeys.Keys.Where(index.Models.ContainsKey))
        {
            diagnostics.Error(
                DefinitionErrors.DuplicateName,
                DefinitionErrors.Format(DefinitionErrors.DuplicateNameMessage, "Journey", journey, index.Models[journey].Span) + " (a journey and a semantic model share the name, so a unit of analysis would be ambiguous)",
                index.Journeys[journey].Span);
        }

        new CatalogValidator(diagnostics, schema, index).Validate();
        var composites = Unique(reader.Composites, c => c.Name, c => c.Span, "Composite", diagnostics);
        new CompositeValidator(diagnostics, schema, index).Validate(composites.Values);
        var rollups = Unique(reader.Rollups, r => r.Name, r => r.Span, "Rollup", diagnostics);
        new RollupValidator(diagnostics, schema, index).Validate(rollups.Values);
        var all = diagnostics.ToImmutableSorted();
        if (diagnostics.HasErrors)
        {
            return new CatalogLoadResult(null, all);
        }

        var catalog = new MetricCatalog
        {
            Models = index.Models,
            Journeys = index.Journeys,
            Metrics = index.Metrics,
            AccessPolicies = index.Policies,
            Composites = composites,
            Rollups = rollups,
            ContentHash = Hash(ordered),
            Warnings = all,
            Schema = schema,
        };
        return new CatalogLoadResult(catalog, all);
    }

    private static ImmutableSortedDictionary<string, T> Unique<T>(
        List<T> items, Func<T, string> name, Func<T, SourceSpan> span, string kind, DiagnosticBag diagnostics)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (builder.TryGetValue(name(item), out var first))
            {
                diagnostics.Error(
                    DefinitionErrors.DuplicateName,
                    DefinitionErrors.Format(DefinitionErrors.DuplicateNameMessage, kind, name(item), span(first)),
                    span(item));
                continue;
            }

            builder[name(item)] = item;
        }

        return builder.ToImmutable();
    }

    /// <summary>Paths and contents with line endings normalised: the same definitions hash the same on every OS.</summary>
    private static string Hash(IEnumerable<DefinitionFile> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(file.Path));
            sha.AppendData([0]);
            sha.AppendData(Encoding.UTF8.GetBytes(file.Text.Replace("\r\n", "\n", StringComparison.Ordinal)));
            sha.AppendData([0]);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
