using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;

namespace CxSemantic.Warehouse.Ingestion;

/// <summary>The file formats an export may come in; each is read by DuckDB's own reader.</summary>
public enum IngestFormat
{
    /// <summary>Comma- (or otherwise) separated values with a header line (<c>read_csv</c>).</summary>
    Csv,

    /// <summary>Apache Parquet (<c>read_parquet</c>).</summary>
    Parquet,

    /// <summary>JSON Lines: one JSON object per line (<c>read_json</c>, newline-delimited).</summary>
    JsonLines,
}

/// <summary>
/// How one export fills one canonical table: where each column's value comes from, the time zone of
/// timestamps written without an offset, and the types of the source columns that expressions read.
/// Target columns the mapping does not name are taken from the source column of the same name, when the
/// file has one.
/// </summary>
/// <param name="Table">The canonical table (e.g. <c>interactions</c>).</param>
/// <param name="Format">The file format, or null to go by the file's extension.</param>
/// <param name="TimeZone">IANA zone in which timestamps without an offset are read (default UTC).</param>
/// <param name="Delimiter">The CSV field separator, or null to let DuckDB detect it.</param>
/// <param name="SourceTypes">Declared types of source columns read by expressions (CSV and JSON Lines are text otherwise).</param>
/// <param name="Columns">The mapped target columns, in file order.</param>
/// <param name="Span">Where the mapping document starts.</param>
public sealed record IngestMapping(
    string Table,
    IngestFormat? Format,
    string TimeZone,
    string? Delimiter,
    ImmutableDictionary<string, ExpressionType> SourceTypes,
    ImmutableArray<ColumnMapping> Columns,
    SourceSpan Span)
{
    /// <summary>The zone of naive timestamps when a mapping names none.</summary>
    public const string DefaultTimeZone = "UTC";

    /// <summary>A mapping that takes every column from the same-named source column (what a file without a mapping gets).</summary>
    public static IngestMapping Identity(string table) =>
        new(table, null, DefaultTimeZone, null, ImmutableDictionary<string, ExpressionType>.Empty, [], SourceSpan.None);

    /// <summary>The mapping of a target column, or null when it is taken by name.</summary>
    public ColumnMapping? For(string column) => Columns.FirstOrDefault(c => c.Column == column);
}

/// <summary>Where one target column's value comes from.</summary>
/// <param name="Column">The target column.</param>
/// <param name="Source">The source of its value.</param>
/// <param name="Span">Where the mapping names the column.</param>
public sealed record ColumnMapping(string Column, ColumnSource Source, SourceSpan Span);

/// <summary>The source of a target column's value.</summary>
public abstract record ColumnSource;

/// <summary>The value of a source column (a rename when the names differ), cast to the target type.</summary>
/// <param name="Name">The source column (CSV header, JSON key or Parquet column).</param>
public sealed record FromColumn(string Name) : ColumnSource;

/// <summary>The same value on every row.</summary>
/// <param name="Text">The value as written (cast to the target type), or null for SQL NULL.</param>
public sealed record ConstantValue(string? Text) : ColumnSource;

/// <summary>An expression in the definition language over the source columns.</summary>
/// <param name="Expression">The parsed, type-checked expression.</param>
public sealed record ComputedValue(Expression Expression) : ColumnSource;

/// <summary>A set of mappings read from one file: at most one per table.</summary>
/// <param name="Path">The mapping file.</param>
/// <param name="Mappings">Mappings by table.</param>
public sealed record IngestMappingSet(string Path, ImmutableDictionary<string, IngestMapping> Mappings)
{
    /// <summary>No mapping file: every table is taken by name.</summary>
    public static IngestMappingSet None { get; } = new(string.Empty, ImmutableDictionary<string, IngestMapping>.Empty);

    /// <summary>The mapping for <paramref name="table"/>, or the identity mapping.</summary>
    public IngestMapping For(string table) => Mappings.GetValueOrDefault(table) ?? IngestMapping.Identity(table);
}
