using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Loading;
using NodaTime;
using YamlDotNet.RepresentationModel;

namespace CxSemantic.Warehouse.Ingestion;

/// <summary>The outcome of reading a mapping file: the mappings, or the positioned problems that stop them.</summary>
/// <param name="Mappings">The mappings (those of tables without errors; check <see cref="Success"/>).</param>
/// <param name="Diagnostics">Errors and warnings in position order.</param>
public sealed record IngestMappingResult(IngestMappingSet Mappings, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when there is no error.</summary>
    public bool Success => !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Reads an ingestion mapping file (YAML, one document per table) with the definition reader's positioned
/// diagnostics: unknown keys, tables and columns get a did-you-mean, expressions are parsed and type-checked
/// in the definition language, constants are checked against the column's type and allowed values.
/// </summary>
/// <example>
/// <code>
/// ingest: interactions
/// format: csv
/// time_zone: Europe/Berlin
/// source_types: { handle_ms: integer }
/// columns:
///   interaction_id: id
///   tenant_id: { value: acme }
///   channel: { expr: "lower(medium)" }
///   handle_seconds: { expr: "round(handle_ms / 1000)" }
/// </code>
/// </example>
public static class IngestMappingReader
{
    private const string TableKey = "ingest";

    private static readonly ImmutableDictionary<string, ExpressionType> SourceTypeNames = new Dictionary<string, ExpressionType>
    {
        ["string"] = ExpressionType.String,
        ["integer"] = ExpressionType.Integer,
        ["decimal"] = ExpressionType.Decimal,
        ["boolean"] = ExpressionType.Boolean,
        ["date"] = ExpressionType.Date,
        ["timestamp"] = ExpressionType.Timestamp,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    private static readonly ImmutableDictionary<string, IngestFormat> FormatNames = new Dictionary<string, IngestFormat>
    {
        ["csv"] = IngestFormat.Csv,
        ["parquet"] = IngestFormat.Parquet,
        ["jsonl"] = IngestFormat.JsonLines,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>Reads the mapping file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IngestMappingResult ReadFile(string path) => Read(path, File.ReadAllText(path));

    /// <summary>Reads mapping text; <paramref name="path"/> only names it in diagnostics.</summary>
    public static IngestMappingResult Read(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var diagnostics = new DiagnosticBag();
        var file = YamlFile.Parse(path, text, diagnostics);
        var mappings = ImmutableDictionary.CreateBuilder<string, IngestMapping>(StringComparer.Ordinal);
        foreach (var document in file.Documents)
        {
            if (MappingReader.IsNull(document.RootNode))
            {
                continue;
            }

            if (document.RootNode is not YamlMappingNode root || !root.Children.ContainsKey(new YamlScalarNode(TableKey)))
            {
                var first = (document.RootNode as YamlMappingNode)?.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault();
                diagnostics.Error(
                    IngestErrors.NotAMapping,
                    IngestErrors.Format(IngestErrors.NotAMappingMessage, first is null ? "no key" : $"'{first.Value}'"),
                    file.SpanOf(first ?? document.RootNode));
                continue;
            }

            var errorsBefore = diagnostics.ToImmutableSorted().Length;
            var mapping = ReadDocument(new MappingReader(file, root, "mapping", diagnostics), diagnostics);
            if (mapping is null)
            {
                continue;
            }

            if (mappings.TryGetValue(mapping.Table, out var earlier))
            {
                diagnostics.Error(IngestErrors.DuplicateTable, IngestErrors.Format(IngestErrors.DuplicateTableMessage, mapping.Table, earlier.Span), mapping.Span);
            }
            else if (diagnostics.ToImmutableSorted().Length == errorsBefore)
            {
                mappings[mapping.Table] = mapping;
            }
        }

        return new IngestMappingResult(new IngestMappingSet(path, mappings.ToImmutable()), diagnostics.ToImmutableSorted());
    }

    private static IngestMapping? ReadDocument(MappingReader m, DiagnosticBag diagnostics)
    {
        var tableName = m.String(TableKey, "the canonical table this document fills");
        m.String("description");
        var format = ReadFormat(m, diagnostics);
        var zone = ReadTimeZone(m, diagnostics);
        var delimiter = m.String("delimiter");
        var sourceTypes = ReadSourceTypes(m, diagnostics);
        if (tableName is null)
        {
            m.Raw("columns");
            m.Complete();
            return null;
        }

        if (!IngestTable.Tables.TryGetValue(tableName, out var table))
        {
            diagnostics.Error(
                IngestErrors.UnknownTable,
                IngestErrors.Format(IngestErrors.UnknownTableMessage, tableName, NameSuggester.Hint(tableName, IngestTable.Names), string.Join(", ", IngestTable.Names)),
                m.ValueSpan(TableKey));
            m.Raw("columns");
            m.Complete();
            return null;
        }

        var scope = new SourceScope(sourceTypes);
        var columns = ImmutableArray.CreateBuilder<ColumnMapping>();
        foreach (var (name, span, body) in m.NamedItems("columns"))
        {
            if (table.Find(name) is not { } column)
            {
                diagnostics.Error(
                    IngestErrors.UnknownColumn,
                    IngestErrors.Format(IngestErrors.UnknownColumnMessage, table.Name, name, NameSuggester.Hint(name, table.Columns.Select(c => c.Name)), string.Join(", ", table.Columns.Select(c => c.Name))),
                    span);
                continue;
            }

            if (ReadSource(m, column, body, scope, diagnostics) is { } source)
            {
                columns.Add(new ColumnMapping(name, source, span));
            }
        }

        m.Complete();
        return new IngestMapping(table.Name, format, zone, delimiter, sourceTypes, columns.ToImmutable(), m.KeySpan(TableKey));
    }

    private static ColumnSource? ReadSource(MappingReader owner, IngestColumn column, YamlNode body, SourceScope scope, DiagnosticBag diagnostics)
    {
        if (body is YamlScalarNode { Value: { Length: > 0 } rename } && !MappingReader.IsNull(body))
        {
            return new FromColumn(rename);
        }

        if (body is not YamlMappingNode mapping || mapping.Children.Count != 1)
        {
            diagnostics.Error(
                IngestErrors.BadColumnSource,
                IngestErrors.Format(IngestErrors.BadColumnSourceMessage, column.Name, body is YamlMappingNode ? "a mapping with several keys" : "nothing"),
                owner.ValueSpanOf(body));
            return null;
        }

        var r = new MappingReader(owner.File, mapping, $"column '{column.Name}'", diagnostics);
        if (r.Has("from"))
        {
            var from = r.String("from");
            r.Complete();
            return from is null ? null : new FromColumn(from);
        }

        if (r.Has("value"))
        {
            var node = r.Raw("value")!;
            r.Complete();
            var text = MappingReader.IsNull(node) ? null : (node as YamlScalarNode)?.Value;
            return CheckConstant(text, column, r.ValueSpanOf(node), diagnostics) ? new ConstantValue(text) : null;
        }

        if (r.Has("expr"))
        {
            var node = r.Raw("expr")!;
            var text = r.String("expr");
            r.Complete();
            return text is null ? null : ReadExpression(text, r.ValueSpanOf(node), column, scope, diagnostics);
        }

        r.Raw("from");
        r.Raw("value");
        r.Raw("expr");
        r.Complete();
        return null;
    }

    private static ComputedValue? ReadExpression(string text, SourceSpan span, IngestColumn column, SourceScope scope, DiagnosticBag diagnostics)
    {
        var parsed = ExpressionParser.Parse(text, span);
        diagnostics.AddRange(parsed.Diagnostics);
        if (!parsed.TryGetValue(out var expression))
        {
            return null;
        }

        var checkedType = ExpressionTypeChecker.Check(expression, scope);
        diagnostics.AddRange(checkedType.Diagnostics);
        if (!checkedType.Success)
        {
            return null;
        }

        if (!Fits(checkedType.Type, column.Type))
        {
            diagnostics.Error(
                IngestErrors.ExpressionTypeMismatch,
                IngestErrors.Format(IngestErrors.ExpressionTypeMismatchMessage, column.Name, Describe(checkedType.Type), Describe(column.Type)),
                span with { Length = text.Length });
            return null;
        }

        return new ComputedValue(expression);
    }

    /// <summary>
    /// Whether an expression's value can go into a column: the same type, a whole number into a decimal, a date into
    /// a timestamp, a number into a whole-number column (rounded half away from zero, as <c>round</c> does: the
    /// language's <c>/</c> and <c>round</c> give decimals), and text into anything (it is cast per row, and a value
    /// that does not convert rejects the row).
    /// </summary>
    private static bool Fits(ExpressionType value, ExpressionType column) =>
        value == column || value is ExpressionType.Null or ExpressionType.Unknown or ExpressionType.String ||
        (value, column) is (ExpressionType.Integer, ExpressionType.Decimal) or (ExpressionType.Decimal, ExpressionType.Integer)
            or (ExpressionType.Date, ExpressionType.Timestamp);

    private static bool CheckConstant(string? text, IngestColumn column, SourceSpan span, DiagnosticBag diagnostics)
    {
        string? problem = text is null
            ? column.Required ? "; the column is required, so it cannot be null" : null
            : !column.AllowedValues.IsDefaultOrEmpty && !column.AllowedValues.Contains(text)
                ? $"; allowed values: {string.Join(", ", column.AllowedValues)}"
                : ParsesAs(text, column.Type) ? null : string.Empty;
        if (problem is null)
        {
            return true;
        }

        diagnostics.Error(IngestErrors.BadConstant, IngestErrors.Format(IngestErrors.BadConstantMessage, text ?? "null", column.Name, Describe(column.Type), problem), span);
        return false;
    }

    private static bool ParsesAs(string text, ExpressionType type) => type switch
    {
        ExpressionType.Integer => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        ExpressionType.Decimal => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        ExpressionType.Boolean => text is "true" or "false",
        ExpressionType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        ExpressionType.Timestamp => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        _ => true,
    };

    private static IngestFormat? ReadFormat(MappingReader m, DiagnosticBag diagnostics)
    {
        if (m.String("format") is not { } text)
        {
            return null;
        }

        if (FormatNames.TryGetValue(text, out var format))
        {
            return format;
        }

        diagnostics.Error(IngestErrors.BadFormat, IngestErrors.Format(IngestErrors.BadFormatMessage, text, NameSuggester.Hint(text, FormatNames.Keys)), m.ValueSpan("format"));
        return null;
    }

    private static string ReadTimeZone(MappingReader m, DiagnosticBag diagnostics)
    {
        var text = m.String("time_zone");
        if (text is null)
        {
            return IngestMapping.DefaultTimeZone;
        }

        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(text) is not null)
        {
            return text;
        }

        diagnostics.Error(IngestErrors.BadTimeZone, IngestErrors.Format(IngestErrors.BadTimeZoneMessage, text, NameSuggester.Hint(text, DateTimeZoneProviders.Tzdb.Ids)), m.ValueSpan("time_zone"));
        return IngestMapping.DefaultTimeZone;
    }

    private static ImmutableDictionary<string, ExpressionType> ReadSourceTypes(MappingReader m, DiagnosticBag diagnostics)
    {
        var types = ImmutableDictionary.CreateBuilder<string, ExpressionType>(StringComparer.Ordinal);
        foreach (var (name, _, body) in m.NamedItems("source_types"))
        {
            var text = (body as YamlScalarNode)?.Value ?? string.Empty;
            if (SourceTypeNames.TryGetValue(text, out var type))
            {
                types[name] = type;
            }
            else
            {
                diagnostics.Error(IngestErrors.BadSourceType, IngestErrors.Format(IngestErrors.BadSourceTypeMessage, text, string.Join(", ", SourceTypeNames.Keys.Order(StringComparer.Ordinal))), m.ValueSpanOf(body));
            }
        }

        return types.ToImmutable();
    }

    private static string Describe(ExpressionType type) => type switch
    {
        ExpressionType.Integer => "a whole number",
        ExpressionType.Decimal => "a number",
        ExpressionType.Boolean => "true/false",
        ExpressionType.String => "text",
        ExpressionType.Date => "a date",
        ExpressionType.Timestamp => "a timestamp",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The source columns an expression may read. Any name resolves — the file's columns are only known when it is
    /// read — as its declared source type, or as text (what CSV and JSON Lines hold).
    /// </summary>
    private sealed class SourceScope(ImmutableDictionary<string, ExpressionType> declared) : IExpressionScope
    {
        public IEnumerable<string> VisibleNames => declared.Keys;

        public ScopeColumn? Resolve(ImmutableArray<string> path) =>
            path.Length != 1 ? null : new ScopeColumn(declared.GetValueOrDefault(path[0], ExpressionType.String));
    }
}
