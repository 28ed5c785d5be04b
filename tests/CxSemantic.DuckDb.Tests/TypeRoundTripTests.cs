using CxSemantic.DuckDb;

namespace CxSemantic.DuckDb.Tests;

public sealed class TypeRoundTripTests : IDisposable
{
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _conn;

    public TypeRoundTripTests() => _conn = _db.Connect();

    public void Dispose()
    {
        _conn.Dispose();
        _db.Dispose();
    }

    public static TheoryData<string, DuckDbType, object> Literals => new()
    {
        { "true", DuckDbType.Boolean, true },
        { "false", DuckDbType.Boolean, false },
        { "(-128)::TINYINT", DuckDbType.TinyInt, (sbyte)-128 },
        { "32767::SMALLINT", DuckDbType.SmallInt, (short)32767 },
        { "(-2147483648)::INTEGER", DuckDbType.Integer, int.MinValue },
        { "9223372036854775807::BIGINT", DuckDbType.BigInt, long.MaxValue },
        { "255::UTINYINT", DuckDbType.UTinyInt, (byte)255 },
        { "65535::USMALLINT", DuckDbType.USmallInt, (ushort)65535 },
        { "4294967295::UINTEGER", DuckDbType.UInteger, uint.MaxValue },
        { "18446744073709551615::UBIGINT", DuckDbType.UBigInt, ulong.MaxValue },
        { "170141183460469231731687303715884105727::HUGEINT", DuckDbType.HugeInt, Int128.MaxValue },
        { "(-170141183460469231731687303715884105727)::HUGEINT", DuckDbType.HugeInt, -Int128.MaxValue },
        { "1.5::FLOAT", DuckDbType.Float, 1.5f },
        { "0.1::DOUBLE", DuckDbType.Double, 0.1 },
        { "12.34::DECIMAL(4,2)", DuckDbType.Decimal, 12.34m },
        { "(-123456.789)::DECIMAL(9,3)", DuckDbType.Decimal, -123456.789m },
        { "123456789012345.678::DECIMAL(18,3)", DuckDbType.Decimal, 123456789012345.678m },
        { "(-12345678901234567890123.45678)::DECIMAL(38,5)", DuckDbType.Decimal, -12345678901234567890123.45678m },
        { "'short'", DuckDbType.Varchar, "short" },
        { "'exactly12chr'", DuckDbType.Varchar, "exactly12chr" },
        { "'a string longer than twelve bytes'", DuckDbType.Varchar, "a string longer than twelve bytes" },
        { "'Grüße, 東京 🚀'", DuckDbType.Varchar, "Grüße, 東京 🚀" },
        { "''", DuckDbType.Varchar, "" },
        { "DATE '2026-03-29'", DuckDbType.Date, new DateOnly(2026, 3, 29) },
        { "DATE '1969-12-31'", DuckDbType.Date, new DateOnly(1969, 12, 31) },
        { "TIME '23:59:58.123456'", DuckDbType.Time, new TimeOnly(23, 59, 58).Add(TimeSpan.FromTicks(1234560)) },
        { "TIMESTAMP '2026-03-29 01:59:59.999999'", DuckDbType.Timestamp, new DateTime(2026, 3, 29, 1, 59, 59, DateTimeKind.Unspecified).AddTicks(9999990) },
        { "TIMESTAMP '1960-01-01 00:00:00'", DuckDbType.Timestamp, new DateTime(1960, 1, 1, 0, 0, 0, DateTimeKind.Unspecified) },
        { "TIMESTAMPTZ '2026-10-25 00:30:00+00'", DuckDbType.TimestampTz, new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc) },
        { "TIMESTAMP_MS '2026-01-02 03:04:05.678'", DuckDbType.TimestampMilliseconds, new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Unspecified) },
        { "TIMESTAMP_S '2026-01-02 03:04:05'", DuckDbType.TimestampSeconds, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified) },
        { "TIMESTAMP_NS '2026-01-02 03:04:05.123456789'", DuckDbType.TimestampNanoseconds, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified).AddTicks(1234567) },
        { "INTERVAL '1 month 2 days 3 seconds'", DuckDbType.Interval, new DuckDbInterval(1, 2, 3_000_000) },
        { "'\\xAA\\x00\\xFF'::BLOB", DuckDbType.Blob, new byte[] { 0xAA, 0x00, 0xFF } },
    };

    [Theory]
    [MemberData(nameof(Literals))]
    public void Reads_every_supported_type_from_a_literal(string literal, DuckDbType type, object expected)
    {
        // TIMESTAMPTZ literals render in the session zone; pin it so the instant is unambiguous.
        _conn.Execute("SET TimeZone = 'UTC'");
        using var result = _conn.Query($"SELECT {literal} AS v, NULL::{SqlTypeOf(literal)} AS n");
        Assert.Equal(type, result.Columns[0].Type);
        using var chunk = result.FetchChunk()!;
        Assert.Equal(1, chunk.RowCount);
        var value = chunk.GetVector(0);
        Assert.False(value.IsNull(0));
        Assert.Equal(expected, value.GetValue(0));
        var nulls = chunk.GetVector(1);
        Assert.True(nulls.IsNull(0));
        Assert.Null(nulls.GetValue(0));
        Assert.Null(result.FetchChunk());
    }

    [Fact]
    public void Reads_enum_labels_through_the_dictionary()
    {
        _conn.Execute("CREATE TYPE channel AS ENUM ('voice', 'chat', 'email'); CREATE TABLE e (c channel)");
        _conn.Execute("INSERT INTO e VALUES ('email'), (NULL), ('voice')");
        var rows = _conn.QueryRows("SELECT c FROM e ORDER BY rowid");
        Assert.Equal(["email", null, "voice"], rows.Select(r => r[0]));
        using var result = _conn.Query("SELECT c FROM e");
        Assert.Equal(new[] { "voice", "chat", "email" }, result.Columns[0].EnumValues.ToArray());
    }

    [Fact]
    public void Typed_spans_read_values_in_place_and_reject_the_wrong_width()
    {
        using var result = _conn.Query("SELECT range::BIGINT AS i, range::DOUBLE * 0.5 AS d FROM range(5000)");
        long sum = 0;
        double dsum = 0;
        var rows = 0;
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                Assert.True(chunk.RowCount <= DuckDbResult.VectorSize);
                var ints = chunk.GetVector(0);
                Assert.True(ints.HasNoNulls);
                foreach (var v in ints.GetValues<long>())
                {
                    sum += v;
                }

                foreach (var v in chunk.GetVector(1).GetValues<double>())
                {
                    dsum += v;
                }

                rows += chunk.RowCount;
                var ex = Assert.Throws<InvalidOperationException>(() => chunk.GetVector(0).GetValues<int>());
                Assert.Equal("Column 'i' is BIGINT, stored in 8-byte values; it cannot be read as Int32 (4 bytes).", ex.Message);
            }
        }

        Assert.Equal(5000, rows);
        Assert.Equal(4999L * 5000 / 2, sum);
        Assert.Equal(4999.0 * 5000 / 4, dsum);
    }

    [Fact]
    public void Validity_masks_mark_nulls_across_chunk_boundaries()
    {
        using var result = _conn.Query("SELECT CASE WHEN range % 7 = 0 THEN NULL ELSE range END AS v FROM range(10000)");
        var offset = 0;
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var v = chunk.GetVector(0);
                for (var r = 0; r < chunk.RowCount; r++)
                {
                    var n = offset + r;
                    Assert.Equal(n % 7 == 0, v.IsNull(r));
                    if (n % 7 != 0)
                    {
                        Assert.Equal(n, v.GetInt64(r));
                    }
                }

                offset += chunk.RowCount;
            }
        }

        Assert.Equal(10000, offset);
    }

    [Fact]
    public void Scalars_convert_to_the_requested_type()
    {
        Assert.Equal(42L, _conn.ExecuteScalar<long>("SELECT 42::INTEGER"));
        Assert.Equal(2.5m, _conn.ExecuteScalar<decimal>("SELECT 2.5::DECIMAL(3,1)"));
        Assert.Null(_conn.ExecuteScalar<string>("SELECT NULL::VARCHAR"));
        Assert.Null(_conn.ExecuteScalar<int?>("SELECT 1 WHERE false"));
        Assert.Equal(7, _conn.ExecuteScalar<int>("SELECT count(*) FROM range(7)"));
    }

    private static string SqlTypeOf(string literal) => literal switch
    {
        _ when literal.StartsWith("DATE", StringComparison.Ordinal) => "DATE",
        _ when literal.StartsWith("TIMESTAMPTZ", StringComparison.Ordinal) => "TIMESTAMPTZ",
        _ when literal.StartsWith("TIMESTAMP_MS", StringComparison.Ordinal) => "TIMESTAMP_MS",
        _ when literal.StartsWith("TIMESTAMP_S ", StringComparison.Ordinal) => "TIMESTAMP_S",
        _ when literal.StartsWith("TIMESTAMP_NS", StringComparison.Ordinal) => "TIMESTAMP_NS",
        _ when literal.StartsWith("TIMESTAMP", StringComparison.Ordinal) => "TIMESTAMP",
        _ when literal.StartsWith("TIME", StringComparison.Ordinal) => "TIME",
        _ when literal.StartsWith("INTERVAL", StringComparison.Ordinal) => "INTERVAL",
        _ when literal.Contains("::", StringComparison.Ordinal) => literal[(literal.LastIndexOf("::", StringComparison.Ordinal) + 2)..],
        _ when literal.StartsWith('\'') => "VARCHAR",
        _ => "BOOLEAN",
    };
}
