using System.Collections.Immutable;
using System.Reflection;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Warehouse.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CxSemantic.Warehouse.Schema;

/// <summary>
/// The canonical stitched-CX warehouse schema (DESIGN §3), defined once as an EF Core model and rendered as DDL
/// for DuckDB, PostgreSQL and SQL Server.
/// </summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static partial class WarehouseSchema
{
    /// <summary>Version of the schema; stored in <c>warehouse_meta.schema_version</c> by loaders.</summary>
    public const int Version = 1;

    private static readonly Lazy<IModel> DesignTimeModel = new(() =>
    {
        using var context = WarehouseDbContext.CreateModelOnly();
        return context.GetService<IDesignTimeModel>().Model;
    });

    private static readonly Lazy<ImmutableArray<IEntityType>> OrderedTables = new(() => OrderByDependencies(DesignTimeModel.Value));

    /// <summary>
    /// The EF Core design-time model (with CHECK constraints and relational names): table and column names,
    /// types, keys, foreign keys and indexes can be read from it.
    /// </summary>
    public static IModel Model => DesignTimeModel.Value;

    /// <summary>Table names in creation order: every referenced table comes before the tables referencing it.</summary>
    public static ImmutableArray<string> TableNames => [.. OrderedTables.Value.Select(t => t.GetTableName()!)];

    /// <summary>Renders the DDL script that creates the whole schema in the given dialect.</summary>
    /// <param name="dialect">Target dialect.</param>
    /// <param name="profile">
    /// How much constraint machinery to create. PostgreSQL and SQL Server DDL is EF Core's own script (Npgsql's and
    /// SqlServer's providers) and only exists in the <see cref="SchemaProfile.Full"/> profile.
    /// </param>
    /// <returns>
    /// DuckDB: one script of semicolon-terminated statements, tables in dependency order, then indexes. PostgreSQL and
    /// SQL Server: EF Core's <c>GenerateCreateScript</c> (SQL Server's in <c>GO</c>-separated batches).
    /// </returns>
    /// <exception cref="NotSupportedException">PostgreSQL or SQL Server with <see cref="SchemaProfile.BulkLoad"/>.</exception>
    public static string RenderDdl(SqlDialectKind dialect, SchemaProfile profile = SchemaProfile.Full) => dialect switch
    {
        SqlDialectKind.DuckDb => MetadataDdlRenderer.DuckDb.Render(OrderedTables.Value, profile),
        _ when profile != SchemaProfile.Full && dialect is SqlDialectKind.PostgreSql or SqlDialectKind.TSql =>
            throw new NotSupportedException($"{dialect} DDL is EF Core's migration script and is rendered in the Full profile only."),
        SqlDialectKind.PostgreSql => RenderPostgreSql(),
        SqlDialectKind.TSql => RenderSqlServer(),
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Unknown SQL dialect."),
    };

    /// <summary>EF Core's SqlServer script for the model with its tables in <paramref name="schema"/> (null: the default schema).</summary>
    internal static string RenderSqlServer(string? schema = null)
    {
        using var context = SqlServerWarehouseDbContext.CreateModelOnly(schema);
        return context.Database.GenerateCreateScript();
    }

    private static string RenderPostgreSql()
    {
        using var context = WarehouseDbContext.CreateModelOnly();
        return context.Database.GenerateCreateScript();
    }

    /// <summary>Columns of a table in declaration order (the order of the entity's CLR properties).</summary>
    internal static IEnumerable<IProperty> ColumnsOf(IEntityType entity)
    {
        var order = entity.ClrType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select((p, i) => (p.Name, i))
            .ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        return entity.GetProperties().OrderBy(p => order[p.Name]);
    }

    /// <summary>Stable topological order: the DbSet declaration order of the context, parents first.</summary>
    private static ImmutableArray<IEntityType> OrderByDependencies(IModel model)
    {
        var declared = typeof(WarehouseDbContext).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>))
            .Select(p => model.FindEntityType(p.PropertyType.GetGenericArguments()[0])!)
            .ToList();
        var placed = new HashSet<IEntityType>();
        var ordered = ImmutableArray.CreateBuilder<IEntityType>(declared.Count);
        while (ordered.Count < declared.Count)
        {
            var next = declared.FirstOrDefault(e => !placed.Contains(e)
                && e.GetForeignKeys().All(f => f.PrincipalEntityType == e || placed.Contains(f.PrincipalEntityType)))
                ?? throw new InvalidOperationException("The warehouse model has a foreign-key cycle.");
            placed.Add(next);
            ordered.Add(next);
        }

        return ordered.MoveToImmutable();
    }
}
