using System.Collections.Immutable;
using CxSemantic.DuckDb.Native;

namespace CxSemantic.DuckDb;

/// <summary>A result or table column: its name and DuckDB type, with the details some types need.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The logical type id.</param>
/// <param name="StorageType">How values are stored in a vector: the type itself, or for DECIMAL and
/// ENUM the integer type underneath.</param>
/// <param name="DecimalWidth">DECIMAL precision; 0 otherwise.</param>
/// <param name="DecimalScale">DECIMAL scale; 0 otherwise.</param>
/// <param name="EnumValues">ENUM dictionary; empty otherwise.</param>
public sealed record DuckDbColumn(
    string Name,
    DuckDbType Type,
    DuckDbType StorageType,
    byte DecimalWidth,
    byte DecimalScale,
    ImmutableArray<string> EnumValues)
{
    /// <summary>The SQL spelling of the type, e.g. <c>DECIMAL(18,3)</c>.</summary>
    public string SqlTypeName => Type switch
    {
        DuckDbType.Decimal => $"DECIMAL({DecimalWidth},{DecimalScale})",
        DuckDbType.TimestampTz => "TIMESTAMP WITH TIME ZONE",
        DuckDbType.Varchar => "VARCHAR",
        _ => Type.ToString().ToUpperInvariant(),
    };

    /// <summary>Reads a column description from a logical type; the caller still owns <paramref name="logicalType"/>.</summary>
    internal static unsafe DuckDbColumn FromLogicalType(string name, IntPtr logicalType)
    {
        var type = NativeMethods.duckdb_get_type_id(logicalType);
        switch (type)
        {
            case DuckDbType.Decimal:
                return new DuckDbColumn(
                    name,
                    type,
                    NativeMethods.duckdb_decimal_internal_type(logicalType),
                    NativeMethods.duckdb_decimal_width(logicalType),
                    NativeMethods.duckdb_decimal_scale(logicalType),
                    []);
            case DuckDbType.Enum:
                var size = NativeMethods.duckdb_enum_dictionary_size(logicalType);
                var values = ImmutableArray.CreateBuilder<string>((int)size);
                for (ulong i = 0; i < size; i++)
                {
                    var text = NativeMethods.duckdb_enum_dictionary_value(logicalType, i);
                    values.Add(NativeMethods.ReadUtf8(text) ?? string.Empty);
                    NativeMethods.duckdb_free(text);
                }

                return new DuckDbColumn(name, type, NativeMethods.duckdb_enum_internal_type(logicalType), 0, 0, values.MoveToImmutable());
            default:
                return new DuckDbColumn(name, type, type, 0, 0, []);
        }
    }

    /// <summary>Takes ownership of <paramref name="logicalType"/>, describes it, and destroys it.</summary>
    internal static DuckDbColumn FromOwnedLogicalType(string name, IntPtr logicalType)
    {
        try
        {
            return FromLogicalType(name, logicalType);
        }
        finally
        {
            NativeMethods.duckdb_destroy_logical_type(ref logicalType);
        }
    }
}

/// <summary>A DuckDB INTERVAL: months, days and microseconds are kept apart, as in SQL.</summary>
/// <param name="Months">Whole months.</param>
/// <param name="Days">Whole days.</param>
/// <param name="Microseconds">The rest, in microseconds.</param>
public readonly record struct DuckDbInterval(int Months, int Days, long Microseconds);
