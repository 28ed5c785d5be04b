using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.DuckDb;

namespace CxSemantic.Warehouse.Loading.SqlServer;

/// <summary>
/// Reads a warehouse table of a DuckDB database as rows of boxed values in a bulk copy's column order, one data chunk
/// at a time (the only part of the SQL Server loader that knows the DuckDB binding).
/// </summary>
internal static class DuckDbRowSource
{
    public static long Count(DuckDbConnection duck, string table) =>
        Convert.ToInt64(duck.ExecuteScalar<object>($"SELECT count(*) FROM {Quote(table)}"), CultureInfo.InvariantCulture);

    public static IEnumerable<object?[]> Rows(DuckDbConnection duck, string table, ImmutableArray<SqlServerBulkColumn> columns, CancellationToken cancellationToken)
    {
        var readers = columns.Select(c => ReaderFor(c.ClrType, table, c.Name)).ToArray();
        using var result = duck.QueryStreaming($"SELECT {string.Join(", ", columns.Select(c => Quote(c.Name)))} FROM {Quote(table)}", cancellationToken);
        while (result.FetchChunk() is { } chunk)
        {
            object?[][] rows;
            using (chunk)
            {
                rows = new object?[chunk.RowCount][];
                for (var r = 0; r < rows.Length; r++)
                {
                    rows[r] = new object?[columns.Length];
                }

                for (var c = 0; c < columns.Length; c++)
                {
                    var vector = chunk.GetVector(c);
                    for (var r = 0; r < rows.Length; r++)
                    {
                        rows[r][c] = vector.IsNull(r) ? null : readers[c](vector, r);
                    }
                }
            }

            foreach (var row in rows)
            {
                yield return row;
            }
        }
    }

    private delegate object VectorReader(DuckDbVector vector, int row);

    private static VectorReader ReaderFor(Type type, string table, string column) => type switch
    {
        _ when type == typeof(string) => static (v, r) => v.GetString(r),
        _ when type == typeof(long) => static (v, r) => v.GetInt64(r),
        _ when type == typeof(int) => static (v, r) => checked((int)v.GetInt64(r)),
        _ when type == typeof(short) => static (v, r) => checked((short)v.GetInt64(r)),
        _ when type == typeof(bool) => static (v, r) => v.GetBoolean(r),
        _ when type == typeof(double) => static (v, r) => v.GetDouble(r),
        _ when type == typeof(decimal) => static (v, r) => v.GetDecimal(r),
        _ when type == typeof(DateOnly) => static (v, r) => v.GetDate(r),
        _ when type == typeof(DateTime) => static (v, r) => DateTime.SpecifyKind(v.GetDateTime(r), DateTimeKind.Utc),
        _ => throw new NotSupportedException($"Column {table}.{column} has CLR type {type.Name}, which the SQL Server loader does not copy yet."),
    };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
