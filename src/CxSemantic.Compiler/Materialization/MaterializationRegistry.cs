using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Sql;
using NodaTime;

namespace CxSemantic.Compiler.Materialization;

/// <summary>One materialized table as the registry records it.</summary>
/// <param name="TableName">The table (the registry's key).</param>
/// <param name="Kind">What it holds (<see cref="JourneyMaterialization.Kind"/>).</param>
/// <param name="SourceName">The definition it materializes (the journey's name).</param>
/// <param name="DefinitionHash">The definition's content hash.</param>
/// <param name="WatermarkAt">The data watermark it was built at.</param>
/// <param name="DataVersion">The warehouse's <c>source</c> when it was built (every ingested batch changes it).</param>
/// <param name="Fingerprint">Row counts of the tables it reads, at <paramref name="WatermarkAt"/> (see <see cref="JourneyMaterialization.Reads"/>).</param>
/// <param name="BuiltAt">When it was built or last refreshed.</param>
/// <param name="RowCount">Rows in the table.</param>
public sealed record MaterializationEntry(
    string TableName,
    string Kind,
    string SourceName,
    string DefinitionHash,
    Instant WatermarkAt,
    string DataVersion,
    string Fingerprint,
    Instant BuiltAt,
    long RowCount);

/// <summary>
/// The SQL of <c>cxsem_materializations</c>: one row per materialized table. A row is written in the same
/// transaction as the table it names, so the registry never names a half-built table.
/// </summary>
public static class MaterializationRegistry
{
    /// <summary>The registry table.</summary>
    public const string Table = "cxsem_materializations";

    private static readonly ImmutableArray<string> Columns =
        ["table_name", "kind", "source_name", "definition_hash", "watermark_at", "data_version", "fingerprint", "built_at", "row_count"];

    /// <summary>Creates the registry when missing.</summary>
    public static SqlText CreateSql { get; } = new($"""
        CREATE TABLE IF NOT EXISTS {Table} (
          table_name VARCHAR PRIMARY KEY,
          kind VARCHAR NOT NULL,
          source_name VARCHAR NOT NULL,
          definition_hash VARCHAR NOT NULL,
          watermark_at TIMESTAMPTZ NOT NULL,
          data_version VARCHAR NOT NULL,
          fingerprint VARCHAR NOT NULL,
          built_at TIMESTAMPTZ NOT NULL,
          row_count BIGINT NOT NULL)
        """, []);

    /// <summary>Whether the registry exists (one row, one count).</summary>
    public static SqlText ExistsSql { get; } = TableExistsSql(Table);

    /// <summary>Whether <paramref name="table"/> exists (one row, one count; no error when it does not).</summary>
    public static SqlText TableExistsSql(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new($"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table.Replace("'", "''", StringComparison.Ordinal)}'", []);
    }

    /// <summary>Sets the registry row's <c>row_count</c> to <paramref name="table"/>'s rows (in the refresh's transaction).</summary>
    public static SqlText CountRows(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new($"UPDATE {Table} SET row_count = (SELECT count(*) FROM {table}) WHERE table_name = '{table.Replace("'", "''", StringComparison.Ordinal)}'", []);
    }

    /// <summary>The registry's rows of <paramref name="kind"/>, in <see cref="MaterializationEntry"/> order.</summary>
    public static SqlText SelectSql(string kind) =>
        new($"SELECT {string.Join(", ", Columns)} FROM {Table} WHERE kind = '{kind.Replace("'", "''", StringComparison.Ordinal)}'", []);

    /// <summary>The data's watermark and version: the newest <c>warehouse_meta</c> row.</summary>
    public static SqlText DataStateSql { get; } = new("SELECT watermark_at, source FROM warehouse_meta ORDER BY watermark_at DESC LIMIT 1", []);

    /// <summary>Replaces the registry row of <paramref name="entry"/>'s table.</summary>
    public static ImmutableArray<SqlText> Upsert(SqlDialectKind dialect, MaterializationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var values = new SqlValues(Columns, [[
            new SqlConstant(entry.TableName), new SqlConstant(entry.Kind), new SqlConstant(entry.SourceName), new SqlConstant(entry.DefinitionHash),
            new SqlInstant(entry.WatermarkAt), new SqlConstant(entry.DataVersion), new SqlConstant(entry.Fingerprint), new SqlInstant(entry.BuiltAt),
            new SqlConstant(entry.RowCount)]], "v");
        var select = SqlRenderer.For(dialect).Render(new SqlSelect
        {
            Columns = [.. Columns.Select(c => new SqlSelectItem(new SqlColumn("v", c), c))],
            From = values,
        });
        return [Delete(entry.TableName), select with { Text = $"INSERT INTO {Table} ({string.Join(", ", Columns)}) {select.Text}" }];
    }

    /// <summary>Removes the registry row of <paramref name="table"/>.</summary>
    public static SqlText Delete(string table) =>
        new($"DELETE FROM {Table} WHERE table_name = '{table.Replace("'", "''", StringComparison.Ordinal)}'", []);

    /// <summary>Drops a materialized (or scratch) table when it is there.</summary>
    public static SqlText DropTable(string table) => new($"DROP TABLE IF EXISTS {table}", []);

    /// <summary>Reads a registry row selected by <see cref="SelectSql"/>.</summary>
    public static MaterializationEntry Read(object?[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new MaterializationEntry(
            (string)row[0]!,
            (string)row[1]!,
            (string)row[2]!,
            (string)row[3]!,
            ToInstant(row[4]),
            (string)row[5]!,
            (string)row[6]!,
            ToInstant(row[7]),
            Convert.ToInt64(row[8], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>An instant the engines return (a UTC <see cref="DateTime"/>, or an offset).</summary>
    public static Instant ToInstant(object? value) => value switch
    {
        DateTime d => Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset o => Instant.FromDateTimeOffset(o),
        _ => throw new InvalidOperationException($"Expected a timestamp, got {value?.GetType().Name ?? "NULL"}."),
    };
}
