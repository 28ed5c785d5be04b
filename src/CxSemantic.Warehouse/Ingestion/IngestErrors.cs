namespace CxSemantic.Warehouse.Ingestion;

/// <summary>
/// Stable codes and message templates for problems in ingestion mapping files and export files (before any row
/// is looked at). Messages say what is wrong and how to fix it; tests assert them.
/// </summary>
public static class IngestErrors
{
#pragma warning disable CS1591 // Each constant is a code or its template; the name says which.
    public const string NotAMapping = "CXI0001";
    public const string NotAMappingMessage = "A mapping document must start with 'ingest: TABLE' (the canonical table it fills); found {0}.";

    public const string UnknownTable = "CXI0002";
    public const string UnknownTableMessage = "'{0}' is not a table that can be ingested.{1} Tables: {2}.";

    public const string DuplicateTable = "CXI0003";
    public const string DuplicateTableMessage = "Table '{0}' is mapped twice; the first mapping is at {1}. Merge the two documents.";

    public const string UnknownColumn = "CXI0004";
    public const string UnknownColumnMessage = "Table '{0}' has no column '{1}'.{2} Columns: {3}.";

    public const string BadColumnSource = "CXI0005";
    public const string BadColumnSourceMessage = "Column '{0}' must be a source column name, or one of {{ from: NAME }}, {{ value: CONSTANT }}, {{ expr: \"EXPRESSION\" }}; found {1}.";

    public const string BadConstant = "CXI0006";
    public const string BadConstantMessage = "Constant '{0}' does not fit column '{1}' ({2}){3}.";

    public const string ExpressionTypeMismatch = "CXI0007";
    public const string ExpressionTypeMismatchMessage = "The expression for column '{0}' gives {1}, but the column holds {2}; convert it (e.g. a comparison for true/false, a case for text) or map another source column.";

    public const string BadTimeZone = "CXI0008";
    public const string BadTimeZoneMessage = "'{0}' is not an IANA time zone.{1} Write e.g. Europe/Berlin, America/New_York or UTC.";

    public const string BadFormat = "CXI0009";
    public const string BadFormatMessage = "'{0}' is not a file format; expected csv, parquet or jsonl.{1}";

    public const string BadSourceType = "CXI0010";
    public const string BadSourceTypeMessage = "'{0}' is not a source column type; expected one of: {1}.";

    public const string MissingSourceColumn = "CXI0020";
    public const string MissingSourceColumnMessage = "{0} has no column '{1}' (needed for {2}).{3} Its columns: {4}.";

    public const string MissingRequiredColumn = "CXI0021";
    public const string MissingRequiredColumnMessage = "{0} has no column for required '{1}' of {2}; add a column of that name to the file, or map it in the mapping file (e.g. {1}: SOURCE_COLUMN).";

    public const string UnreadableFile = "CXI0022";
    public const string UnreadableFileMessage = "{0} cannot be read as {1}: {2}";

    public const string UnknownFormat = "CXI0023";
    public const string UnknownFormatMessage = "Cannot tell the format of {0} from its extension; name it .csv, .parquet or .jsonl, or set 'format:' in the mapping.";
#pragma warning restore CS1591

    internal static string Format(string template, params object?[] args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, template, args);
}
