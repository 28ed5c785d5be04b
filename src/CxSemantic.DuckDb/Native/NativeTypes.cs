using System.Runtime.InteropServices;

namespace CxSemantic.DuckDb.Native;

/// <summary><c>duckdb_state</c>.</summary>
internal enum DuckDbState
{
    Success = 0,
    Error = 1,
}

/// <summary>
/// <c>duckdb_result</c>: six pointer-sized fields. Only <c>internal_data</c> matters to us; the
/// deprecated fields are kept for layout, and the struct is passed by value to
/// <c>duckdb_fetch_chunk</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeResult
{
    public ulong DeprecatedColumnCount;
    public ulong DeprecatedRowCount;
    public ulong DeprecatedRowsChanged;
    public IntPtr DeprecatedColumns;
    public IntPtr DeprecatedErrorMessage;
    public IntPtr InternalData;
}

/// <summary><c>duckdb_hugeint</c>: a two's-complement 128-bit integer as (lower, upper).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeHugeInt
{
    public ulong Lower;
    public long Upper;

    public NativeHugeInt(Int128 value)
    {
        Lower = (ulong)(value & ulong.MaxValue);
        Upper = (long)(value >> 64);
    }

    public readonly Int128 ToInt128() => new((ulong)Upper, Lower);
}

/// <summary><c>duckdb_decimal</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeDecimal
{
    public byte Width;
    public byte Scale;
    public NativeHugeInt Value;
}

/// <summary><c>duckdb_string_t</c>: 16 bytes; strings of up to 12 bytes are stored inline.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal unsafe struct NativeString
{
    public const int InlineLength = 12;

    [FieldOffset(0)] public uint Length;
    [FieldOffset(4)] public fixed byte Inlined[InlineLength];
    [FieldOffset(8)] public byte* Pointer;
}
