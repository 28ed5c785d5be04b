using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Dialects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CxSemantic.Warehouse.Schema;

/// <summary>
/// The CLR-type → store-type table for the dialect whose DDL is rendered from metadata (DuckDB).
/// PostgreSQL and SQL Server types come from their EF Core providers' own type mappings.
/// </summary>
internal static class StoreTypeMap
{
    private sealed record Rule(Type ClrType, string DuckDb, bool PrecisionScale = false);

    // Instants are UTC: TIMESTAMPTZ. DuckDB ignores VARCHAR lengths, so none is rendered.
    private static readonly ImmutableDictionary<Type, Rule> Rules = new Rule[]
    {
        new(typeof(bool), "BOOLEAN"),
        new(typeof(short), "SMALLINT"),
        new(typeof(int), "INTEGER"),
        new(typeof(long), "BIGINT"),
        new(typeof(double), "DOUBLE"),
        new(typeof(decimal), "DECIMAL", PrecisionScale: true),
        new(typeof(string), "VARCHAR"),
        new(typeof(DateTime), "TIMESTAMPTZ"),
        new(typeof(DateOnly), "DATE"),
    }.ToImmutableDictionary(r => r.ClrType);

    /// <summary>The CLR types the warehouse model may use.</summary>
    public static IEnumerable<Type> SupportedClrTypes => Rules.Keys;

    public static string StoreType(IReadOnlyProperty property, SqlDialectKind dialect)
    {
        var clrType = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (!Rules.TryGetValue(clrType, out var rule))
        {
            throw new NotSupportedException(
                $"Column {property.DeclaringType.DisplayName()}.{property.Name} has CLR type {clrType.Name}, which has no store type mapping.");
        }

        if (dialect != SqlDialectKind.DuckDb)
        {
            throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "PostgreSQL and SQL Server types come from their EF Core providers.");
        }

        return rule.PrecisionScale
            ? string.Create(CultureInfo.InvariantCulture, $"{rule.DuckDb}({property.GetPrecision() ?? 18},{property.GetScale() ?? 0})")
            : rule.DuckDb;
    }
}
