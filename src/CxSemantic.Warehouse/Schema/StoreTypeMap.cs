using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Dialects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CxSemantic.Warehouse.Schema;

/// <summary>
/// The one CLR-type → store-type table for the dialects whose DDL is rendered from metadata (DuckDB, SQL Server).
/// PostgreSQL types come from Npgsql's own type mapping.
/// </summary>
internal static class StoreTypeMap
{
    private enum Facet
    {
        None,
        Length,
        PrecisionScale,
    }

    private sealed record Rule(Type ClrType, string DuckDb, string SqlServer, Facet Facet);

    // Instants are UTC: TIMESTAMPTZ in DuckDB; datetimeoffset in SQL Server keeps the +00:00 explicit.
    // DuckDB ignores VARCHAR lengths, so only SQL Server renders them.
    private static readonly ImmutableDictionary<Type, Rule> Rules = new Rule[]
    {
        new(typeof(bool), "BOOLEAN", "bit", Facet.None),
        new(typeof(short), "SMALLINT", "smallint", Facet.None),
        new(typeof(int), "INTEGER", "int", Facet.None),
        new(typeof(long), "BIGINT", "bigint", Facet.None),
        new(typeof(double), "DOUBLE", "float", Facet.None),
        new(typeof(decimal), "DECIMAL", "decimal", Facet.PrecisionScale),
        new(typeof(string), "VARCHAR", "nvarchar", Facet.Length),
        new(typeof(DateTime), "TIMESTAMPTZ", "datetimeoffset(6)", Facet.None),
        new(typeof(DateOnly), "DATE", "date", Facet.None),
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

        var name = dialect switch
        {
            SqlDialectKind.DuckDb => rule.DuckDb,
            SqlDialectKind.TSql => rule.SqlServer,
            _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "PostgreSQL types come from Npgsql."),
        };
        return rule.Facet switch
        {
            Facet.PrecisionScale => string.Create(
                CultureInfo.InvariantCulture,
                $"{name}({property.GetPrecision() ?? 18},{property.GetScale() ?? 0})"),
            Facet.Length when dialect == SqlDialectKind.TSql => property.GetMaxLength() is { } length
                ? string.Create(CultureInfo.InvariantCulture, $"{name}({length})")
                : name + "(max)",
            _ => name,
        };
    }
}
