using System.Collections.Immutable;
using CxSemantic.Warehouse.Model;
using CxSemantic.Warehouse.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CxSemantic.Warehouse.Loading.SqlServer;

/// <summary>One column of a bulk copy: where the value comes from, and the SQL Server column it goes to.</summary>
/// <param name="Ordinal">The value's position in a source row (the column's position in the table).</param>
/// <param name="Name">The column name.</param>
/// <param name="StoreType">The SQL Server type EF Core's SqlServer provider gives the column (e.g. <c>datetimeoffset(6)</c>).</param>
/// <param name="ClrType">The model's CLR type (nullable stripped) of the values the source delivers.</param>
/// <param name="Nullable">Whether the column takes NULL.</param>
public sealed record SqlServerBulkColumn(int Ordinal, string Name, string StoreType, Type ClrType, bool Nullable);

/// <summary>
/// The bulk-copy column mapping of each warehouse table, built from the SqlServer EF Core model (the model the DDL
/// comes from), and the conversion of source values to what SqlBulkCopy writes into those columns.
/// </summary>
public static class SqlServerBulkCopyMapping
{
    private static readonly Lazy<ImmutableDictionary<string, ImmutableArray<SqlServerBulkColumn>>> Tables = new(Build);

    /// <summary>The columns of <paramref name="table"/> in the table's column order.</summary>
    /// <exception cref="KeyNotFoundException">Not a warehouse table.</exception>
    public static ImmutableArray<SqlServerBulkColumn> For(string table) =>
        Tables.Value.TryGetValue(table, out var columns)
            ? columns
            : throw new KeyNotFoundException($"'{table}' is not a warehouse table; the tables are {string.Join(", ", WarehouseSchema.TableNames)}.");

    /// <summary>
    /// A source value as SqlBulkCopy must receive it for its column: a UTC instant as a <see cref="DateTimeOffset"/> at
    /// +00:00 (datetimeoffset), a <see cref="DateOnly"/> as a midnight <see cref="DateTime"/> (date), NULL as
    /// <see cref="DBNull"/>; everything else unchanged.
    /// </summary>
    public static object ToProvider(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        _ => value,
    };

    /// <summary>The CLR type <see cref="ToProvider"/> turns values of <paramref name="clrType"/> into.</summary>
    public static Type ProviderType(Type clrType) => clrType switch
    {
        _ when clrType == typeof(DateTime) => typeof(DateTimeOffset),
        _ when clrType == typeof(DateOnly) => typeof(DateTime),
        _ => clrType,
    };

    private static ImmutableDictionary<string, ImmutableArray<SqlServerBulkColumn>> Build()
    {
        using var context = SqlServerWarehouseDbContext.CreateModelOnly();
        var model = context.GetService<IDesignTimeModel>().Model;
        var tables = ImmutableDictionary.CreateBuilder<string, ImmutableArray<SqlServerBulkColumn>>(StringComparer.Ordinal);
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var identifier = StoreObjectIdentifier.Table(table, entity.GetSchema());
            tables[table] = [.. WarehouseSchema.ColumnsOf(entity).Select((p, i) => new SqlServerBulkColumn(
                i,
                p.GetColumnName(identifier)!,
                p.GetColumnType(identifier),
                System.Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType,
                p.IsColumnNullable(identifier)))];
        }

        return tables.ToImmutable();
    }
}
