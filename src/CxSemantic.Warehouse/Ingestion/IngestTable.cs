using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Warehouse.Model;
using CxSemantic.Warehouse.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CxSemantic.Warehouse.Ingestion;

/// <summary>A column of a canonical table as ingestion sees it.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">Its type in the definition language.</param>
/// <param name="ClrType">Its CLR type (nullable wrapper removed).</param>
/// <param name="DuckDbType">The DuckDB type values are cast to.</param>
/// <param name="Required">True when the column may not be NULL.</param>
/// <param name="AllowedValues">The values its CHECK constraint allows (empty when unconstrained).</param>
internal sealed record IngestColumn(
    string Name, ExpressionType Type, Type ClrType, string DuckDbType, bool Required, ImmutableArray<string> AllowedValues)
{
    /// <summary>The PostgreSQL type values are cast to.</summary>
    public string PostgreSqlType => DuckDbType switch
    {
        "DOUBLE" => "double precision",
        "TIMESTAMPTZ" => "timestamptz",
        "VARCHAR" => "text",
        _ => DuckDbType.ToLowerInvariant(),
    };
}

/// <summary>A foreign key: the columns of this table and the table and columns they must match.</summary>
internal sealed record IngestReference(ImmutableArray<string> Columns, string PrincipalTable, ImmutableArray<string> PrincipalColumns);

/// <summary>A CHECK constraint other than an allowed-values list, with the SQL that is portable to every dialect.</summary>
internal sealed record IngestCheck(string Name, string Sql);

/// <summary>
/// A canonical table as ingestion validates it: read from the warehouse's EF Core model (the single source of
/// truth), so a new CHECK constraint or foreign key is validated without a change here.
/// </summary>
internal sealed record IngestTable(
    string Name,
    ImmutableArray<IngestColumn> Columns,
    ImmutableArray<string> Key,
    ImmutableArray<IngestReference> References,
    ImmutableArray<IngestCheck> Checks)
{
    private static readonly Lazy<ImmutableDictionary<string, IngestTable>> All = new(Build);

    /// <summary>Tables that can be ingested, by name (all canonical tables but <c>warehouse_meta</c>).</summary>
    public static ImmutableDictionary<string, IngestTable> Tables => All.Value;

    /// <summary>Ingestible table names in dependency order (referenced tables first).</summary>
    public static ImmutableArray<string> Names => [.. WarehouseSchema.TableNames.Where(Tables.ContainsKey)];

    /// <summary>The ingestible table called <paramref name="name"/>.</summary>
    /// <exception cref="IngestException">There is none.</exception>
    public static IngestTable Require(string name) =>
        Tables.GetValueOrDefault(name)
            ?? throw new IngestException(IngestErrors.UnknownTable, IngestErrors.Format(IngestErrors.UnknownTableMessage, name, Definitions.Diagnostics.NameSuggester.Hint(name, Names), string.Join(", ", Names)));

    /// <summary>The column called <paramref name="name"/>, or null.</summary>
    public IngestColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    private static ImmutableDictionary<string, IngestTable> Build()
    {
        var tables = ImmutableDictionary.CreateBuilder<string, IngestTable>(StringComparer.Ordinal);
        var physical = WarehouseSchema.PhysicalSchema;
        foreach (var entity in WarehouseSchema.Model.GetEntityTypes())
        {
            var name = entity.GetTableName()!;
            if (name == "warehouse_meta")
            {
                continue; // written by loaders, never ingested
            }

            var table = physical.FindTable(name)!;
            var columns = WarehouseSchema.ColumnsOf(entity).Select(p =>
            {
                var column = table.Columns[p.GetColumnName()];
                return new IngestColumn(
                    column.Name,
                    column.Type,
                    Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType,
                    StoreTypeMap.StoreType(p, SqlDialectKind.DuckDb),
                    !column.Nullable,
                    column.AllowedValues);
            });
            var references = entity.GetForeignKeys().Select(f => new IngestReference(
                [.. f.Properties.Select(p => p.GetColumnName())],
                f.PrincipalEntityType.GetTableName()!,
                [.. f.PrincipalKey.Properties.Select(p => p.GetColumnName())]));

            // Allowed-values checks are validated (and reported) per column; the rest by their own SQL.
            var valueChecks = table.Columns.Values.Where(c => !c.AllowedValues.IsDefaultOrEmpty).Select(c => $"ck_{name}_{c.Name}").ToHashSet(StringComparer.Ordinal);
            var checks = entity.GetCheckConstraints()
                .Where(c => !valueChecks.Contains(c.ModelName))
                .OrderBy(c => c.ModelName, StringComparer.Ordinal)
                .Select(c => new IngestCheck(c.ModelName, c.Sql));
            tables[name] = new IngestTable(
                name,
                [.. columns],
                [.. entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName())],
                [.. references],
                [.. checks]);
        }

        return tables.ToImmutable();
    }
}

/// <summary>The canonical tables ingestion can fill.</summary>
public static class IngestibleTables
{
    /// <summary>Their names, referenced tables first (the order a folder is ingested in).</summary>
    public static ImmutableArray<string> Names => IngestTable.Names;
}
