using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CxSemantic.Warehouse.Model;

/// <summary>
/// The warehouse model on EF Core's SqlServer provider: SQL Server DDL and migrations come from EF Core itself.
/// A context type of its own, because EF Core keys both the cached model and the migrations by context type.
/// </summary>
internal sealed class SqlServerWarehouseDbContext : WarehouseDbContext
{
    /// <summary>No server is contacted to build the model or render its script; the connection string is only a placeholder.</summary>
    private const string ModelOnlyConnectionString = "Server=localhost;Database=cxsemantic;Integrated Security=false";

    public SqlServerWarehouseDbContext(DbContextOptions<SqlServerWarehouseDbContext> options)
        : base(options) => Schema = options.FindExtension<SchemaExtension>()?.Schema;

    /// <summary>The schema the tables are created in; null for the connection's default schema (usually <c>dbo</c>).</summary>
    public string? Schema { get; }

    /// <summary>A context for model and script work only (no database is opened).</summary>
    /// <param name="schema">The schema the tables go in (the loader's staging schema); null for the default schema.</param>
    /// <param name="connectionString">The connection to use later, if any.</param>
    public static SqlServerWarehouseDbContext CreateModelOnly(string? schema = null, string? connectionString = null) =>
        new(Options(new DbContextOptionsBuilder<SqlServerWarehouseDbContext>().UseSqlServer(connectionString ?? ModelOnlyConnectionString), schema));

    /// <summary>Adds the table schema to options built elsewhere (e.g. over an open connection).</summary>
    public static DbContextOptions<SqlServerWarehouseDbContext> Options(DbContextOptionsBuilder<SqlServerWarehouseDbContext> builder, string? schema)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new SchemaExtension(schema));
        return builder.ReplaceService<IModelCacheKeyFactory, SchemaModelCacheKeyFactory>().Options;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are UTC. datetimeoffset keeps the +00:00 explicit and is the type of the compiler's T-SQL instant
        // literals, so a filter on an indexed time column needs no implicit conversion of the column; precision 6
        // is the microsecond resolution of PostgreSQL and DuckDB.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeOffsetConverter>().HavePrecision(6);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        if (Schema is not null)
        {
            modelBuilder.HasDefaultSchema(Schema);
        }
    }

    /// <summary>A UTC <see cref="DateTime"/> as a <see cref="DateTimeOffset"/> at +00:00 (whatever its Kind), and back.</summary>
    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTime, DateTimeOffset>(
        value => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)),
        value => value.UtcDateTime);

    /// <summary>One cached model per schema.</summary>
    private sealed class SchemaModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), (context as SqlServerWarehouseDbContext)?.Schema, designTime);
    }

    /// <summary>Carries the schema in the options, so that the model cache can tell the models apart.</summary>
    private sealed class SchemaExtension(string? schema) : IDbContextOptionsExtension
    {
        public string? Schema => schema;

        public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

        public void ApplyServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
        {
        }

        public void Validate(IDbContextOptions options)
        {
        }

        private sealed class ExtensionInfo(SchemaExtension extension) : DbContextOptionsExtensionInfo(extension)
        {
            public override bool IsDatabaseProvider => false;

            public override string LogFragment => extension.Schema is null ? string.Empty : $"Schema={extension.Schema} ";

            public override int GetServiceProviderHashCode() => 0;

            public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

            public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
                debugInfo["CxSemantic:Schema"] = extension.Schema ?? string.Empty;
        }
    }
}
