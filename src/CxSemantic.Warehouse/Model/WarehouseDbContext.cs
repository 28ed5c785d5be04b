using Microsoft.EntityFrameworkCore;

namespace CxSemantic.Warehouse.Model;

/// <summary>
/// The EF Core model of the canonical stitched-CX warehouse: the single source of truth that every
/// dialect's DDL is rendered from. Built with Npgsql's provider, so PostgreSQL DDL comes from EF Core itself;
/// <see cref="SqlServerWarehouseDbContext"/> is the same model on EF Core's SqlServer provider.
/// </summary>
internal class WarehouseDbContext : DbContext
{
    /// <summary>No server is contacted to build the model or render its script; the connection string is only a placeholder.</summary>
    private const string ModelOnlyConnectionString = "Host=localhost;Database=cxsemantic";

    public WarehouseDbContext(DbContextOptions<WarehouseDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider-specific context: EF Core keeps models and migrations apart per context type.</summary>
    protected WarehouseDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<Interaction> Interactions => Set<Interaction>();
    public DbSet<Turn> Turns => Set<Turn>();
    public DbSet<Handoff> Handoffs => Set<Handoff>();
    public DbSet<Evaluation> Evaluations => Set<Evaluation>();
    public DbSet<HumanLabel> HumanLabels => Set<HumanLabel>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SystemEvent> SystemEvents => Set<SystemEvent>();
    public DbSet<Suggestion> Suggestions => Set<Suggestion>();
    public DbSet<PolicyEvent> PolicyEvents => Set<PolicyEvent>();
    public DbSet<CrmWrite> CrmWrites => Set<CrmWrite>();
    public DbSet<CostRate> CostRates => Set<CostRate>();
    public DbSet<WarehouseMeta> WarehouseMeta => Set<WarehouseMeta>();

    /// <summary>A context for model and script work only (no database is opened).</summary>
    public static WarehouseDbContext CreateModelOnly(string? connectionString = null) =>
        new(new DbContextOptionsBuilder<WarehouseDbContext>()
            .UseNpgsql(connectionString ?? ModelOnlyConnectionString)
            .Options);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WarehouseDbContext).Assembly);
        Naming.Apply(modelBuilder.Model);
    }
}
