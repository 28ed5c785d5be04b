using System.Text;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Warehouse.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CxSemantic.Warehouse.Schema;

/// <summary>
/// Renders DuckDB's CREATE TABLE / CREATE INDEX statements by walking the EF Core model's metadata (EF Core has no
/// DuckDB provider; PostgreSQL and SQL Server DDL come from EF Core's own providers). Store types come from
/// <see cref="StoreTypeMap"/>.
/// </summary>
internal sealed class MetadataDdlRenderer
{
    private readonly SqlDialectKind _dialect;

    private MetadataDdlRenderer(SqlDialectKind dialect) => _dialect = dialect;

    public static MetadataDdlRenderer DuckDb { get; } = new(SqlDialectKind.DuckDb);

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string Render(IReadOnlyList<IEntityType> tables, SchemaProfile profile)
    {
        var sql = new StringBuilder();
        foreach (var entity in tables)
        {
            RenderTable(sql, entity, profile);
        }

        if (profile == SchemaProfile.Full)
        {
            foreach (var entity in tables)
            {
                foreach (var index in entity.GetIndexes().OrderBy(i => i.GetDatabaseName(), StringComparer.Ordinal))
                {
                    sql.Append(index.IsUnique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ")
                        .Append(Quote(index.GetDatabaseName()!)).Append(" ON ").Append(Quote(entity.GetTableName()!))
                        .Append(" (").Append(ColumnList(index.Properties)).Append(");\n");
                }
            }
        }

        return sql.ToString();
    }

    private void RenderTable(StringBuilder sql, IEntityType entity, SchemaProfile profile)
    {
        var table = entity.GetTableName()!;
        var tableId = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var lines = new List<string>();
        foreach (var property in WarehouseSchema.ColumnsOf(entity))
        {
            lines.Add($"{Quote(property.GetColumnName(tableId)!)} {StoreTypeMap.StoreType(property, _dialect)}{(property.IsColumnNullable(tableId) ? "" : " NOT NULL")}");
        }

        if (profile == SchemaProfile.Full)
        {
            var key = entity.FindPrimaryKey()!;
            lines.Add($"CONSTRAINT {Quote(key.GetName()!)} PRIMARY KEY ({ColumnList(key.Properties)})");
            foreach (var foreignKey in entity.GetForeignKeys().OrderBy(f => f.GetConstraintName(), StringComparer.Ordinal))
            {
                lines.Add($"CONSTRAINT {Quote(foreignKey.GetConstraintName()!)} FOREIGN KEY ({ColumnList(foreignKey.Properties)}) " +
                    $"REFERENCES {Quote(foreignKey.PrincipalEntityType.GetTableName()!)} ({ColumnList(foreignKey.PrincipalKey.Properties)})");
            }
        }

        foreach (var check in entity.GetCheckConstraints().OrderBy(c => c.ModelName, StringComparer.Ordinal))
        {
            lines.Add($"CONSTRAINT {Quote(check.Name!)} CHECK ({check.Sql})");
        }

        sql.Append("CREATE TABLE ").Append(Quote(table)).Append(" (\n    ")
            .AppendJoin(",\n    ", lines)
            .Append("\n);\n");
    }

    private static string ColumnList(IReadOnlyList<IProperty> properties) =>
        string.Join(", ", properties.Select(p => Quote(p.GetColumnName())));
}
