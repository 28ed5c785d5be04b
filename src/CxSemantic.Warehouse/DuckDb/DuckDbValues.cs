using System.Numerics;
using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.DuckDb;

/// <summary>
/// Reads DuckDB values as the CLR types the compiler and the warehouse code expect (the types the project's own
/// binding returned before DuckDB.NET): BIGINT long, INTEGER int, HUGEINT <see cref="Int128"/> (DuckDB.NET:
/// BigInteger; <c>sum</c> of integers is a HUGEINT), DECIMAL decimal, DOUBLE double, DATE <see cref="DateOnly"/>,
/// TIMESTAMP a <see cref="DateTime"/> of unspecified kind, TIMESTAMPTZ a UTC <see cref="DateTime"/> (DuckDB.NET:
/// unspecified kind), BOOLEAN bool, VARCHAR and ENUM string, BLOB byte[] (DuckDB.NET: a stream), NULL null.
/// </summary>
public static class DuckDbValues
{
    /// <summary>How to read column <paramref name="ordinal"/> of <paramref name="reader"/>'s result: decided once per result.</summary>
    public static Func<DuckDBDataReader, int, object?> ReaderFor(DuckDBDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.GetDataTypeName(ordinal) switch
        {
            "TimestampTz" => static (r, c) => r.IsDBNull(c) ? null : DateTime.SpecifyKind(r.GetDateTime(c), DateTimeKind.Utc),
            "HugeInt" => static (r, c) => r.IsDBNull(c) ? null : (Int128)r.GetFieldValue<BigInteger>(c),
            "Blob" => static (r, c) => r.IsDBNull(c) ? null : ReadBlob(r, c),
            _ => static (r, c) => r.IsDBNull(c) ? null : r.GetValue(c),
        };
    }

    private static byte[] ReadBlob(DuckDBDataReader reader, int ordinal)
    {
        using var stream = reader.GetStream(ordinal);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
