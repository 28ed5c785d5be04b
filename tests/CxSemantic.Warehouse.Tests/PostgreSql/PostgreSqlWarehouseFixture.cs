using CxSemantic.Compiler.Execution;
using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Loading;
using CxSemantic.Warehouse.Schema;
using Npgsql;

namespace CxSemantic.Warehouse.Tests.PostgreSql;

/// <summary>
/// One PostgreSQL server for the PostgreSQL tests, holding the demo warehouse (20 000 interactions,
/// seed 42) copied from an in-memory DuckDB that stays open for comparison.
/// </summary>
public sealed class PostgreSqlWarehouseFixture : IAsyncLifetime
{
    public const long Interactions = 20_000;

    public static readonly string CatalogFolder = RepositoryPaths.MetricDefinitions;

    private static readonly Lazy<MetricCatalog> Loaded = new(() =>
    {
        var result = CatalogLoader.LoadDirectory(CatalogFolder, WarehouseSchema.PhysicalSchema);
        return result.Catalog ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    });

    public static MetricCatalog Catalog => Loaded.Value;

    public PostgreSqlServer Server { get; private set; } = null!;

    public DuckDbDatabase DuckDb { get; private set; } = null!;

    public NpgsqlDataSource PostgreSql { get; private set; } = null!;

    public PostgreSqlLoadSummary Load { get; private set; } = null!;

    public MetricQueryExecutor OnDuckDb => new(Catalog, new DuckDbSqlEngine(DuckDb));

    public MetricQueryExecutor OnPostgreSql => new(Catalog, new PostgreSqlSqlEngine(PostgreSql));

    public async Task InitializeAsync()
    {
        var server = PostgreSqlServer.StartAsync();
        DuckDb = DemoWarehouse.Shared(Interactions, 42).Database;
        Server = await server;
        PostgreSql = await Server.CreateDatabaseAsync("cxsem_test");
        Load = await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(DuckDb, PostgreSql);
    }

    public async Task DisposeAsync()
    {
        if (PostgreSql is not null)
        {
            await PostgreSql.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlServerGroup : ICollectionFixture<PostgreSqlWarehouseFixture>
{
    public const string Name = "PostgreSQL warehouse";
}
