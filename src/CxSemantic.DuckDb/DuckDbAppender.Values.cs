using System.Text;
using CxSemantic.DuckDb.Native;

namespace CxSemantic.DuckDb;

/// <summary>The typed values: each <c>Append</c> checks the column's type and writes into the data chunk in place.</summary>
public sealed unsafe partial class DuckDbAppender
{
    private static readonly long[] PowersOfTen = BuildPowersOfTen();

    /// <summary>Appends NULL to the next column.</summary>
    public DuckDbAppender AppendNull()
    {
        var c = NextColumn();
        if (_validity[c] == null)
        {
            NativeMethods.duckdb_vector_ensure_validity_writable(_vectors[c]);
            _validity[c] = NativeMethods.duckdb_vector_get_validity(_vectors[c]);
        }

        _validity[c][_row >> 6] &= ~(1UL << (_row & 63));
        if (_columns[c].StorageType is DuckDbType.Varchar or DuckDbType.Blob)
        {
            // No stale pointer from an earlier chunk may sit in a NULL string slot.
            ((NativeString*)_data[c])[_row] = default;
        }

        _column++;
        return this;
    }

    /// <summary>Appends a BOOLEAN.</summary>
    public DuckDbAppender Append(bool value)
    {
        var c = NextColumn();
        if (_columns[c].Type != DuckDbType.Boolean)
        {
            throw Mismatch(c, "a bool");
        }

        ((byte*)_data[c])[_row] = value ? (byte)1 : (byte)0;
        _column++;
        return this;
    }

    /// <summary>Appends a SMALLINT (or any wider numeric column).</summary>
    public DuckDbAppender Append(short value) => Append((long)value);

    /// <summary>Appends an INTEGER (or any wider numeric column).</summary>
    public DuckDbAppender Append(int value) => Append((long)value);

    /// <summary>Appends a BIGINT, or an integer into any integer, DECIMAL, FLOAT or DOUBLE column (range-checked).</summary>
    public DuckDbAppender Append(long value)
    {
        var c = NextColumn();
        var data = _data[c];
        var row = _row;
        switch (_columns[c].Type)
        {
            case DuckDbType.BigInt: ((long*)data)[row] = value; break;
            case DuckDbType.Integer: ((int*)data)[row] = checked((int)value); break;
            case DuckDbType.SmallInt: ((short*)data)[row] = checked((short)value); break;
            case DuckDbType.TinyInt: ((sbyte*)data)[row] = checked((sbyte)value); break;
            case DuckDbType.UBigInt: ((ulong*)data)[row] = checked((ulong)value); break;
            case DuckDbType.UInteger: ((uint*)data)[row] = checked((uint)value); break;
            case DuckDbType.USmallInt: ((ushort*)data)[row] = checked((ushort)value); break;
            case DuckDbType.UTinyInt: ((byte*)data)[row] = checked((byte)value); break;
            case DuckDbType.HugeInt: ((NativeHugeInt*)data)[row] = new NativeHugeInt(value); break;
            case DuckDbType.Double: ((double*)data)[row] = value; break;
            case DuckDbType.Float: ((float*)data)[row] = value; break;
            case DuckDbType.Decimal: WriteUnscaled(c, (Int128)value * PowersOfTen[_columns[c].DecimalScale]); break;
            default: throw Mismatch(c, "an integer");
        }

        _column++;
        return this;
    }

    /// <summary>Appends a DOUBLE (or FLOAT, or DECIMAL rounded to the column's scale).</summary>
    public DuckDbAppender Append(double value)
    {
        var c = NextColumn();
        switch (_columns[c].Type)
        {
            case DuckDbType.Double: ((double*)_data[c])[_row] = value; break;
            case DuckDbType.Float: ((float*)_data[c])[_row] = (float)value; break;
            case DuckDbType.Decimal:
                WriteUnscaled(c, (Int128)Math.Round(value * PowersOfTen[_columns[c].DecimalScale], MidpointRounding.AwayFromZero));
                break;
            default: throw Mismatch(c, "a double");
        }

        _column++;
        return this;
    }

    /// <summary>Appends a DECIMAL (rounded to the column's scale), or a DOUBLE/FLOAT.</summary>
    public DuckDbAppender Append(decimal value)
    {
        var c = NextColumn();
        switch (_columns[c].Type)
        {
            case DuckDbType.Decimal:
                var scaled = decimal.Round(value * PowersOfTen[_columns[c].DecimalScale], MidpointRounding.AwayFromZero);
                WriteUnscaled(c, (Int128)scaled);
                break;
            case DuckDbType.Double: ((double*)_data[c])[_row] = (double)value; break;
            case DuckDbType.Float: ((float*)_data[c])[_row] = (float)value; break;
            default: throw Mismatch(c, "a decimal");
        }

        _column++;
        return this;
    }

    /// <summary>Appends a VARCHAR (null appends NULL), or an ENUM label.</summary>
    public DuckDbAppender Append(string? value)
    {
        if (value is null)
        {
            return AppendNull();
        }

        var c = CurrentColumn();
        if (_columns[c].Type == DuckDbType.Enum)
        {
            return AppendEnum(c, value);
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(value, _utf8);
        return AppendUtf8(_utf8.AsSpan(0, written));
    }

    /// <summary>Appends a VARCHAR given as UTF-8 bytes (no transcoding: the fastest path for strings).</summary>
    public DuckDbAppender AppendUtf8(ReadOnlySpan<byte> utf8)
    {
        var c = NextColumn();
        if (_columns[c].Type is not (DuckDbType.Varchar or DuckDbType.Blob))
        {
            throw Mismatch(c, "a string");
        }

        if (utf8.Length <= NativeString.InlineLength)
        {
            // Short strings live inside the 16-byte slot; the unused tail must be zero because
            // DuckDB compares slots as whole words.
            var slot = (NativeString*)_data[c] + _row;
            *slot = default;
            slot->Length = (uint)utf8.Length;
            utf8.CopyTo(new Span<byte>(slot->Inlined, NativeString.InlineLength));
        }
        else
        {
            fixed (byte* text = utf8)
            {
                NativeMethods.duckdb_vector_assign_string_element_len(_vectors[c], (ulong)_row, text, (ulong)utf8.Length);
            }
        }

        _column++;
        return this;
    }

    /// <summary>Appends a DATE (or midnight, into a timestamp column).</summary>
    public DuckDbAppender Append(DateOnly value)
    {
        var c = CurrentColumn();
        if (_columns[c].Type == DuckDbType.Date)
        {
            ((int*)_data[c])[_row] = DuckDbTime.ToDays(value);
            _column++;
            return this;
        }

        return Append(value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
    }

    /// <summary>
    /// Appends a timestamp: into TIMESTAMPTZ as the instant (UTC), into TIMESTAMP as the wall time
    /// given, into DATE as its date. <see cref="DateTimeKind.Local"/> values are converted to UTC first.
    /// </summary>
    public DuckDbAppender Append(DateTime value)
    {
        var c = NextColumn();
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        var micros = DuckDbTime.ToMicroseconds(value);
        switch (_columns[c].Type)
        {
            case DuckDbType.TimestampTz or DuckDbType.Timestamp: ((long*)_data[c])[_row] = micros; break;
            case DuckDbType.TimestampMilliseconds: ((long*)_data[c])[_row] = micros / 1000; break;
            case DuckDbType.TimestampSeconds: ((long*)_data[c])[_row] = micros / 1_000_000; break;
            case DuckDbType.TimestampNanoseconds: ((long*)_data[c])[_row] = micros * 1000; break;
            case DuckDbType.Date: ((int*)_data[c])[_row] = DuckDbTime.ToDays(DateOnly.FromDateTime(value)); break;
            default: throw Mismatch(c, "a DateTime");
        }

        _column++;
        return this;
    }

    /// <summary>Appends an instant (TIMESTAMPTZ).</summary>
    public DuckDbAppender Append(DateTimeOffset value) => Append(value.UtcDateTime);

    /// <summary>Appends a BOOLEAN or NULL.</summary>
    public DuckDbAppender Append(bool? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends an integer or NULL.</summary>
    public DuckDbAppender Append(short? value) => value.HasValue ? Append((long)value.Value) : AppendNull();

    /// <summary>Appends an integer or NULL.</summary>
    public DuckDbAppender Append(int? value) => value.HasValue ? Append((long)value.Value) : AppendNull();

    /// <summary>Appends an integer or NULL.</summary>
    public DuckDbAppender Append(long? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends a double or NULL.</summary>
    public DuckDbAppender Append(double? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends a decimal or NULL.</summary>
    public DuckDbAppender Append(decimal? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends a date or NULL.</summary>
    public DuckDbAppender Append(DateOnly? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends a timestamp or NULL.</summary>
    public DuckDbAppender Append(DateTime? value) => value.HasValue ? Append(value.Value) : AppendNull();

    /// <summary>Appends an instant or NULL.</summary>
    public DuckDbAppender Append(DateTimeOffset? value) => value.HasValue ? Append(value.Value) : AppendNull();

    private static long[] BuildPowersOfTen()
    {
        var powers = new long[19];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    private DuckDbAppender AppendEnum(int c, string value)
    {
        if (!_enumIndexes[c]!.TryGetValue(value, out var index))
        {
            throw new ArgumentException(
                $"'{value}' is not a value of ENUM column {_columns[c].Name} of '{Table}'; expected one of: {string.Join(", ", _columns[c].EnumValues)}.",
                nameof(value));
        }

        NextColumn();
        switch (_columns[c].StorageType)
        {
            case DuckDbType.UTinyInt: ((byte*)_data[c])[_row] = (byte)index; break;
            case DuckDbType.USmallInt: ((ushort*)_data[c])[_row] = (ushort)index; break;
            default: ((uint*)_data[c])[_row] = (uint)index; break;
        }

        _column++;
        return this;
    }

    private void WriteUnscaled(int c, Int128 unscaled)
    {
        var data = _data[c];
        switch (_columns[c].StorageType)
        {
            case DuckDbType.SmallInt: ((short*)data)[_row] = checked((short)unscaled); break;
            case DuckDbType.Integer: ((int*)data)[_row] = checked((int)unscaled); break;
            case DuckDbType.BigInt: ((long*)data)[_row] = checked((long)unscaled); break;
            default: ((NativeHugeInt*)data)[_row] = new NativeHugeInt(unscaled); break;
        }
    }

    private InvalidOperationException Mismatch(int c, string given) =>
        new($"Column {c + 1} of '{Table}' ({_columns[c].Name}) is {_columns[c].SqlTypeName}; it cannot take {given}.");
}
