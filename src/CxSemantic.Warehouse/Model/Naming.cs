using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CxSemantic.Warehouse.Model;

/// <summary>The naming convention of the warehouse: snake_case columns, <c>pk_/fk_/ix_</c> constraint names.</summary>
internal static class Naming
{
    /// <summary>Default length of text columns that are not configured otherwise: ids and vocabulary values are short.</summary>
    public const int DefaultTextLength = 64;

    public static string ToSnakeCase(string pascalCase)
    {
        var sb = new StringBuilder(pascalCase.Length + 8);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var c = pascalCase[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Applies the convention to every entity type; explicit table names come from the configurations.</summary>
    public static void Apply(IMutableModel model)
    {
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName()
                ?? throw new InvalidOperationException($"Entity {entity.DisplayName()} has no table name.");
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
                if (property.ClrType == typeof(string) && property.GetMaxLength() is null)
                {
                    property.SetMaxLength(DefaultTextLength);
                }
            }

            entity.FindPrimaryKey()?.SetName("pk_" + table);
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName($"fk_{table}_{JoinColumns(foreignKey.Properties)}");
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName($"ix_{table}_{JoinColumns(index.Properties)}");
            }
        }
    }

    private static string JoinColumns(IEnumerable<IMutableProperty> properties) =>
        string.Join('_', properties.Select(p => ToSnakeCase(p.Name)));
}
