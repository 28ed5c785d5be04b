using System.Collections.Immutable;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;
using CxSemantic.Warehouse.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CxSemantic.Warehouse.Schema;

public static partial class WarehouseSchema
{
    private static readonly Lazy<PhysicalSchema> Physical = new(BuildPhysicalSchema);

    /// <summary>
    /// The warehouse as the definition language sees it: tables, columns with expression types and
    /// nullability, and the values CHECK constraints allow. Metric definitions are validated against it.
    /// </summary>
    public static PhysicalSchema PhysicalSchema => Physical.Value;

    private static PhysicalSchema BuildPhysicalSchema()
    {
        var tables = ImmutableDictionary.CreateBuilder<string, PhysicalTable>(StringComparer.Ordinal);
        foreach (var entity in OrderedTables.Value)
        {
            var table = entity.GetTableName()!;
            var identifier = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var columns = ImmutableDictionary.CreateBuilder<string, PhysicalColumn>(StringComparer.Ordinal);
            foreach (var property in entity.GetProperties())
            {
                var name = property.GetColumnName(identifier)!;
                var allowed = property.FindAnnotation(TableBuilderChecks.AllowedValuesAnnotation)?.Value as string[] ?? [];
                columns[name] = new PhysicalColumn(name, TypeOf(property), property.IsColumnNullable(identifier), [.. allowed]);
            }

            tables[table] = new PhysicalTable(table, columns.ToImmutable());
        }

        return new PhysicalSchema(tables.ToImmutable());
    }

    private static ExpressionType TypeOf(IProperty property)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        return type switch
        {
            _ when type == typeof(string) => ExpressionType.String,
            _ when type == typeof(bool) => ExpressionType.Boolean,
            _ when type == typeof(short) || type == typeof(int) || type == typeof(long) => ExpressionType.Integer,
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => ExpressionType.Decimal,
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => ExpressionType.Timestamp,
            _ when type == typeof(DateOnly) => ExpressionType.Date,
            _ => throw new NotSupportedException($"Column {property.DeclaringType.DisplayName()}.{property.Name} has CLR type {type.Name}, which has no expression type."),
        };
    }
}
