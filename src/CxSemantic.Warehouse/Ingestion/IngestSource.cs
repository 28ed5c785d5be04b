using System.Collections.Immutable;
using System.Security.Cryptography;
using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using static CxSemantic.Warehouse.Ingestion.MappingExpressionSql;

namespace CxSemantic.Warehouse.Ingestion;

/// <summary>
/// An export file as DuckDB reads it: the format, the table function that reads it (CSV and JSON Lines as text,
/// so that one bad value rejects one row instead of failing the file), its columns, and its batch id.
/// </summary>
internal sealed record IngestSource(string Path, IngestFormat Format, string ReaderSql, ImmutableArray<string> Columns, string BatchId)
{
    /// <summary>The staged copy of the file's rows (a temporary table, in file order).</summary>
    public const string StagingTable = "ingest_source";

    /// <summary>What to add to a staged row's <c>rowid</c> to get its line in the file (1-based, after a CSV header).</summary>
    public int LineOffset => Format == IngestFormat.Csv ? 2 : 1;

    /// <summary>The format of a file: the mapping's, else by extension.</summary>
    /// <exception cref="IngestException">Neither says.</exception>
    public static IngestFormat FormatOf(string path, IngestFormat? declared)
    {
        if (declared is { } format)
        {
            return format;
        }

        var name = System.IO.Path.GetFileName(path).ToLowerInvariant();
        return name switch
        {
            _ when name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith(".csv.gz", StringComparison.Ordinal) => IngestFormat.Csv,
            _ when name.EndsWith(".parquet", StringComparison.Ordinal) => IngestFormat.Parquet,
            _ when name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal)
                || name.EndsWith(".jsonl.gz", StringComparison.Ordinal) => IngestFormat.JsonLines,
            _ => throw new IngestException(IngestErrors.UnknownFormat, IngestErrors.Format(IngestErrors.UnknownFormatMessage, path)),
        };
    }

    /// <summary>Opens a file: hashes it and asks DuckDB for its columns.</summary>
    /// <exception cref="IngestException">DuckDB cannot read it in that format.</exception>
    public static IngestSource Open(DuckDBConnection connection, string path, IngestMapping mapping)
    {
        var full = System.IO.Path.GetFullPath(path);
        var format = FormatOf(full, mapping.Format);
        var reader = format switch
        {
            IngestFormat.Csv => $"read_csv({Quote(full)}, header = true, all_varchar = true{(mapping.Delimiter is { } d ? $", delim = {Quote(d)}" : string.Empty)})",
            IngestFormat.Parquet => $"read_parquet({Quote(full)})",
            _ => $"read_json({Quote(full)}, format = 'newline_delimited')",
        };
        var columns = Describe(connection, reader, full, format);
        if (format == IngestFormat.JsonLines)
        {
            // Every key as text: a value that does not fit its column rejects its row, not the whole file.
            reader = $"read_json({Quote(full)}, format = 'newline_delimited', columns = {{{string.Join(", ", columns.Select(c => $"{Quote(c)}: 'VARCHAR'"))}}})";
        }

        return new IngestSource(full, format, reader, columns, Hash(full));
    }

    /// <summary>Reads the file's rows, in file order, into <see cref="StagingTable"/> of <paramref name="connection"/>.</summary>
    /// <exception cref="IngestException">
    /// DuckDB cannot parse the file (a CSV line with the wrong number of fields, broken JSON): it is refused whole.
    /// </exception>
    public void Stage(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            connection.Execute($"CREATE OR REPLACE TEMP TABLE {StagingTable} AS SELECT * FROM {ReaderSql}", cancellationToken);
        }
        catch (DuckDBException ex) when (ex.ErrorClass() is not DuckDBErrorType.Interrupt)
        {
            throw new IngestException(IngestErrors.UnreadableFile, IngestErrors.Format(IngestErrors.UnreadableFileMessage, Path, Name(Format), ex.Message));
        }
    }

    /// <summary>A source column as text (the value a row is judged and quoted by).</summary>
    public static string Text(string column) => $"CAST(s.{Identifier(column)} AS VARCHAR)";

    private static ImmutableArray<string> Describe(DuckDBConnection connection, string reader, string path, IngestFormat format)
    {
        try
        {
            return [.. connection.QueryRows($"DESCRIBE SELECT * FROM {reader}").Select(r => (string)r[0]!)];
        }
        catch (DuckDBException ex)
        {
            throw new IngestException(IngestErrors.UnreadableFile, IngestErrors.Format(IngestErrors.UnreadableFileMessage, path, Name(format), ex.Message));
        }
    }

    internal static string Name(IngestFormat format) => format switch
    {
        IngestFormat.Csv => "CSV",
        IngestFormat.Parquet => "Parquet",
        _ => "JSON Lines",
    };

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
