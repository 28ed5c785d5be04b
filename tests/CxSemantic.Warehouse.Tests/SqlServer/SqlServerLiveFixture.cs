using CxSemantic.Compiler.Execution;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Loading;
using CxSemantic.Warehouse.Loading.SqlServer;
using CxSemantic.Warehouse.Tests.PostgreSql;

namespace CxSemantic.Warehouse.Tests.SqlServer;

/// <summary>
/// A live SQL Server test: runs only when <c>CXSEM_SQLSERVER</c> names a SqlClient connection string of a database the
/// tests may fill (its default schema gets the warehouse; e.g. the docker-compose <c>sqlserver</c> profile), and is
/// reported as skipped otherwise (no SQL Server can run on the build machines).
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (string.IsNullOrEmpty(SqlServerLiveFixture.ConnectionString))
        {
            Skip = $"Live SQL Server test: set {SqlServerLiveFixture.Variable} to a SqlClient connection string (e.g. Server=127.0.0.1,1433;Database=cx;User ID=sa;Password=…;TrustServerCertificate=true) to run it.";
        }
    }
}

/// <inheritdoc cref="SqlServerFactAttribute"/>
public sealed class SqlServerTheoryAttribute : TheoryAttribute
{
    public SqlServerTheoryAttribute()
    {
        if (string.IsNullOrEmpty(SqlServerLiveFixture.ConnectionString))
        {
            Skip = new SqlServerFactAttribute().Skip;
        }
    }
}

/// <summary>The PostgreSQL suites' demo warehouse (same size and seed), loaded into the SQL Server of <c>CXSEM_SQLSERVER</c> once.</summary>
public sealed class SqlServerLiveFixture : IAsyncLifetime
{
    public const string Variable = "CXSEM_SQLSERVER";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);

    public DuckDbDatabase DuckDb { get; private set; } = null!;

    public PostgreSqlLoadSummary Load { get; private set; } = null!;

    public MetricQueryExecutor OnDuckDb => new(PostgreSqlWarehouseFixture.Catalog, new DuckDbSqlEngine(DuckDb));

    public MetricQueryExecutor OnSqlServer => new(PostgreSqlWarehouseFixture.Catalog, new SqlServerSqlEngine(ConnectionString!));

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(ConnectionString))
        {
            return;
        }

        DuckDb = DemoWarehouse.Shared(PostgreSqlWarehouseFixture.Interactions, 42).Database;
        Load = await SqlServerWarehouseLoader.LoadFromDuckDbAsync(DuckDb, ConnectionString);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class SqlServerLiveGroup : ICollectionFixture<SqlServerLiveFixture>
{
    public const string Name = "SQL Server warehouse (live)";
}
