using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.Loading.SqlServer;

/// <summary>
/// Reads a warehouse table of a DuckDB database as rows of boxed values in a bulk copy's column order, as DuckDB streams them (the only part of the SQL Server loader that knows the DuckDB binding).
/// </summary>
internal static class DuckDbRowSource
{
    public static long Count(DuckDBConnection duck, string table) =>
        Convert.ToInt64(duck.ExecuteScalar<object>($"SELECT count(*) FROM {Quote(table)}"), CultureInfo.InvariantCulture);

    public static IEnumerable<object?[]> Rows(DuckDBConnection duck, string table, ImmutableArray<SqlServerBulkColumn> columns, CancellationToken cancellationToken)
    {
        var readers = columns.Select(c => ReaderFor(c.ClrType, table, c.Name)).ToArray();
        using var stream = DuckDbStreamingResult.Open(duck, $"SELECT {string.Join(", ", columns.Select(c => Quote(c.Name)))} FROM {Quote(table)}", cancellationToken);
        var reader = stream.Reader;
        while (stream.Read())
        {
            var row = new object?[columns.Length];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = reader.IsDBNull(c) ? null : readers[c](reader, c);
            }

            yield return row;
        }
    }

    private static Func<DuckDBDataReader, int, object> ReaderFor(Type type, string table, string column) => type switch
    {
        _ when type == typeof(string) => static (v, c) => v.GetString(c),
        _ when type == typeof(long) => static (v, c) => v.GetInt64(c),
        _ when type == typeof(int) => static (v, c) => checked((int)v.GetInt64(c)),
        _ when type == typeof(short) => static (v, c) => checked((short)v.GetInt64(c)),
        _ when type == typeof(bool) => static (v, c) => v.GetBoolean(c),
        _ when type == typeof(double) => static (v, c) => v.GetDouble(c),
        _ when type == typeof(decimal) => static (v, c) => v.GetDecimal(c),
        _ when type == typeof(DateOnly) => static (v, c) => v.GetFieldValue<DateOnly>(c),
        _ when type == typeof(DateTime) => static (v, c) => DateTime.SpecifyKind(v.GetDateTime(c), DateTimeKind.Utc),
        _ => throw new NotSupportedException($"Column {table}.{column} has CLR type {type.Name}, which the SQL Server loader does not copy yet."),
    };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
