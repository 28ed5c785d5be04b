using System.Runtime.CompilerServices;
using System.Text;
using CxSemantic.DuckDb.Native;

namespace CxSemantic.DuckDb;

/// <summary>
/// One column of a <see cref="DuckDbDataChunk"/>: DuckDB's own memory, read in place. Valid until
/// the chunk is disposed; a ref struct so that it cannot outlive the method reading it.
/// </summary>
public readonly unsafe ref struct DuckDbVector
{
    private readonly void* _data;
    private readonly ulong* _validity;

    internal DuckDbVector(IntPtr vector, DuckDbColumn column, int length)
    {
        _data = NativeMethods.duckdb_vector_get_data(vector);
        _validity = NativeMethods.duckdb_vector_get_validity(vector);
        Column = column;
        Length = length;
    }

    /// <summary>The column this vector belongs to.</summary>
    public DuckDbColumn Column { get; }

    /// <summary>The logical type of the values.</summary>
    public DuckDbType Type => Column.Type;

    /// <summary>The number of rows in the chunk.</summary>
    public int Length { get; }

    /// <summary>True when no value is NULL (DuckDB leaves the validity mask unallocated then).</summary>
    public bool HasNoNulls => _validity == null;

    /// <summary>The validity bitmask, one bit a row (1 = valid); empty when no value is NULL.</summary>
    public ReadOnlySpan<ulong> Validity => _validity == null ? default : new ReadOnlySpan<ulong>(_validity, (Length + 63) / 64);

    /// <summary>True when the value at <paramref name="row"/> is NULL.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row) => _validity != null && (_validity[row >> 6] & (1UL << (row & 63))) == 0;

    /// <summary>
    /// The raw values as a span of <typeparamref name="T"/>, which must match the storage type
    /// (long for BIGINT and timestamps, double for DOUBLE, int for DATE, byte for BOOLEAN…).
    /// Values at NULL rows are undefined: check <see cref="IsNull"/> or <see cref="Validity"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The size of <typeparamref name="T"/> does not match.</exception>
    public ReadOnlySpan<T> GetValues<T>()
        where T : unmanaged
    {
        var size = StorageSize(Column.StorageType);
        if (size != sizeof(T))
        {
            throw new InvalidOperationException(
                $"Column '{Column.Name}' is {Column.SqlTypeName}, stored in {size}-byte values; it cannot be read as {typeof(T).Name} ({sizeof(T)} bytes).");
        }

        return new ReadOnlySpan<T>(_data, Length);
    }

    /// <summary>A BOOLEAN value.</summary>
    public bool GetBoolean(int row)
    {
        Expect(DuckDbType.Boolean);
        return ((byte*)_data)[row] != 0;
    }

    /// <summary>An integer value of any width (TINYINT…BIGINT, unsigned up to UINTEGER), widened.</summary>
    public long GetInt64(int row) => Column.StorageType switch
    {
        DuckDbType.TinyInt => ((sbyte*)_data)[row],
        DuckDbType.SmallInt => ((short*)_data)[row],
        DuckDbType.Integer => ((int*)_data)[row],
        DuckDbType.BigInt => ((long*)_data)[row],
        DuckDbType.UTinyInt => ((byte*)_data)[row],
        DuckDbType.USmallInt => ((ushort*)_data)[row],
        DuckDbType.UInteger => ((uint*)_data)[row],
        DuckDbType.UBigInt => checked((long)((ulong*)_data)[row]),
        DuckDbType.HugeInt => checked((long)((NativeHugeInt*)_data)[row].ToInt128()),
        _ => throw WrongType("an integer"),
    };

    /// <summary>A HUGEINT (or any narrower integer) as <see cref="Int128"/>.</summary>
    public Int128 GetInt128(int row) => Column.StorageType == DuckDbType.HugeInt
        ? ((NativeHugeInt*)_data)[row].ToInt128()
        : GetInt64(row);

    /// <summary>Any numeric value (integers, FLOAT, DOUBLE, DECIMAL) as a double.</summary>
    public double GetDouble(int row) => Type switch
    {
        DuckDbType.Double => ((double*)_data)[row],
        DuckDbType.Float => ((float*)_data)[row],
        DuckDbType.Decimal => (double)GetDecimal(row),
        DuckDbType.HugeInt => (double)GetInt128(row),
        DuckDbType.UBigInt => ((ulong*)_data)[row],
        _ => GetInt64(row),
    };

    /// <summary>A DECIMAL value (or an integer) as <see cref="decimal"/>.</summary>
    public decimal GetDecimal(int row)
    {
        if (Type != DuckDbType.Decimal)
        {
            return Type is DuckDbType.Double or DuckDbType.Float ? (decimal)GetDouble(row) : GetInt64(row);
        }

        var unscaled = Column.StorageType switch
        {
            DuckDbType.SmallInt => ((short*)_data)[row],
            DuckDbType.Integer => ((int*)_data)[row],
            DuckDbType.BigInt => ((long*)_data)[row],
            DuckDbType.HugeInt => ((NativeHugeInt*)_data)[row].ToInt128(),
            _ => throw WrongType("a decimal"),
        };
        return ToDecimal(unscaled, Column.DecimalScale);
    }

    /// <summary>The UTF-8 bytes of a VARCHAR or BLOB value, in place (no copy).</summary>
    public ReadOnlySpan<byte> GetUtf8(int row)
    {
        if (Type is not (DuckDbType.Varchar or DuckDbType.Blob))
        {
            throw WrongType("a string");
        }

        var text = (NativeString*)_data + row;
        var length = (int)text->Length;
        return length <= NativeString.InlineLength
            ? new ReadOnlySpan<byte>(text->Inlined, length)
            : new ReadOnlySpan<byte>(text->Pointer, length);
    }

    /// <summary>A VARCHAR value, or the label of an ENUM value.</summary>
    public string GetString(int row)
    {
        if (Type == DuckDbType.Enum)
        {
            var index = Column.StorageType switch
            {
                DuckDbType.UTinyInt => ((byte*)_data)[row],
                DuckDbType.USmallInt => ((ushort*)_data)[row],
                _ => (int)((uint*)_data)[row],
            };
            return Column.EnumValues[index];
        }

        return Encoding.UTF8.GetString(GetUtf8(row));
    }

    /// <summary>A DATE value.</summary>
    public DateOnly GetDate(int row)
    {
        Expect(DuckDbType.Date);
        return DuckDbTime.FromDays(((int*)_data)[row]);
    }

    /// <summary>
    /// A timestamp of any precision. TIMESTAMPTZ values are UTC instants (<see cref="DateTimeKind.Utc"/>);
    /// plain TIMESTAMP values have no zone (<see cref="DateTimeKind.Unspecified"/>).
    /// </summary>
    public DateTime GetDateTime(int row)
    {
        var raw = ((long*)_data)[row];
        return Type switch
        {
            DuckDbType.TimestampTz => DuckDbTime.FromMicroseconds(raw, DateTimeKind.Utc),
            DuckDbType.Timestamp => DuckDbTime.FromMicroseconds(raw, DateTimeKind.Unspecified),
            DuckDbType.TimestampMilliseconds => DuckDbTime.FromMicroseconds(raw * 1000, DateTimeKind.Unspecified),
            DuckDbType.TimestampSeconds => DuckDbTime.FromMicroseconds(raw * 1_000_000, DateTimeKind.Unspecified),
            DuckDbType.TimestampNanoseconds => DuckDbTime.FromNanoseconds(raw, DateTimeKind.Unspecified),
            DuckDbType.Date => GetDate(row).ToDateTime(TimeOnly.MinValue),
            _ => throw WrongType("a timestamp"),
        };
    }

    /// <summary>A TIME value.</summary>
    public TimeOnly GetTime(int row)
    {
        Expect(DuckDbType.Time);
        return new TimeOnly(((long*)_data)[row] * (TimeSpan.TicksPerMillisecond / 1000));
    }

    /// <summary>An INTERVAL value.</summary>
    public DuckDbInterval GetInterval(int row)
    {
        Expect(DuckDbType.Interval);
        var raw = (byte*)_data + (row * 16);
        return new DuckDbInterval(*(int*)raw, *(int*)(raw + 4), *(long*)(raw + 8));
    }

    /// <summary>
    /// The value boxed as its natural .NET type (bool, sbyte…long, Int128, float, double, decimal,
    /// string, DateOnly, DateTime, TimeOnly, DuckDbInterval, byte[]), or null. For convenience and
    /// tests; hot paths use the typed getters or <see cref="GetValues{T}"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">Nested types (LIST, STRUCT, MAP…).</exception>
    public object? GetValue(int row)
    {
        if (IsNull(row))
        {
            return null;
        }

        return Type switch
        {
            DuckDbType.Boolean => GetBoolean(row),
            DuckDbType.TinyInt => ((sbyte*)_data)[row],
            DuckDbType.SmallInt => ((short*)_data)[row],
            DuckDbType.Integer => ((int*)_data)[row],
            DuckDbType.BigInt => ((long*)_data)[row],
            DuckDbType.UTinyInt => ((byte*)_data)[row],
            DuckDbType.USmallInt => ((ushort*)_data)[row],
            DuckDbType.UInteger => ((uint*)_data)[row],
            DuckDbType.UBigInt => ((ulong*)_data)[row],
            DuckDbType.HugeInt => GetInt128(row),
            DuckDbType.Float => ((float*)_data)[row],
            DuckDbType.Double => ((double*)_data)[row],
            DuckDbType.Decimal => GetDecimal(row),
            DuckDbType.Varchar or DuckDbType.Enum => GetString(row),
            DuckDbType.Blob => GetUtf8(row).ToArray(),
            DuckDbType.Date => GetDate(row),
            DuckDbType.Time => GetTime(row),
            DuckDbType.Interval => GetInterval(row),
            DuckDbType.Timestamp or DuckDbType.TimestampTz or DuckDbType.TimestampSeconds
                or DuckDbType.TimestampMilliseconds or DuckDbType.TimestampNanoseconds => GetDateTime(row),
            _ => throw new NotSupportedException($"Column '{Column.Name}' has type {Column.SqlTypeName}, which this binding does not read yet."),
        };
    }

    internal static int StorageSize(DuckDbType storageType) => storageType switch
    {
        DuckDbType.Boolean or DuckDbType.TinyInt or DuckDbType.UTinyInt => 1,
        DuckDbType.SmallInt or DuckDbType.USmallInt => 2,
        DuckDbType.Integer or DuckDbType.UInteger or DuckDbType.Float or DuckDbType.Date => 4,
        DuckDbType.BigInt or DuckDbType.UBigInt or DuckDbType.Double or DuckDbType.Timestamp or DuckDbType.TimestampTz
            or DuckDbType.TimestampSeconds or DuckDbType.TimestampMilliseconds or DuckDbType.TimestampNanoseconds
            or DuckDbType.Time or DuckDbType.TimeTz => 8,
        DuckDbType.HugeInt or DuckDbType.UHugeInt or DuckDbType.Interval or DuckDbType.Varchar or DuckDbType.Blob
            or DuckDbType.Uuid => 16,
        _ => 0,
    };

    internal static decimal ToDecimal(Int128 unscaled, byte scale)
    {
        var negative = unscaled < 0;
        var magnitude = (UInt128)(negative ? -unscaled : unscaled);
        if (magnitude >> 96 != 0)
        {
            throw new OverflowException("DECIMAL value exceeds the range of System.Decimal (96-bit mantissa).");
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, scale);
    }

    private void Expect(DuckDbType type)
    {
        if (Type != type)
        {
            throw WrongType(type.ToString().ToUpperInvariant());
        }
    }

    private InvalidOperationException WrongType(string wanted) =>
        new($"Column '{Column.Name}' is {Column.SqlTypeName}; it cannot be read as {wanted}.");
}
