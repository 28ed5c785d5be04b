using CxSemantic.Testing;
using CxSemantic.Warehouse.Loading;
using Npgsql;

namespace CxSemantic.Server.Tests.PostgreSql;

/// <summary>
/// A private PostgreSQL 15 holding the server tests' demo warehouse (the same 20 000-interaction DuckDB file,
/// loaded with the loader), and the API server twice over the same data: on PostgreSQL and on DuckDB.
/// </summary>
public sealed class PostgreSqlServerFixture : IAsyncLifetime
{
    public const string Database = "cxsem_server";

    public PostgreSqlServer Server { get; private set; } = null!;

    public NpgsqlDataSource Warehouse { get; private set; } = null!;

    public CxServerFactory OnPostgreSql { get; private set; } = null!;

    public CxServerFactory OnDuckDb { get; private set; } = null!;

    public HttpClient PostgreSqlClient { get; private set; } = null!;

    public HttpClient DuckDbClient { get; private set; } = null!;

    /// <summary>Settings for a server on PostgreSQL with <paramref name="connectionString"/>.</summary>
    public static Dictionary<string, string?> Settings(string connectionString)
    {
        var settings = ServerFixture.BaseSettings();
        settings.Remove("CxSemantic:Warehouse:File");
        settings["CxSemantic:Warehouse:Engine"] = "postgres";
        settings["CxSemantic:Warehouse:ConnectionString"] = connectionString;
        settings["CxSemantic:CacheEntries"] = "0";
        return settings;
    }

    public string ConnectionString(string? extra = null) => Server.ConnectionString(Database) + (extra is null ? "" : ";" + extra);

    public async Task InitializeAsync()
    {
        var server = PostgreSqlServer.StartAsync();
        await TestPaths.EnsureWarehouseAsync();
        Server = await server;
        Warehouse = await Server.CreateDatabaseAsync(Database);
        using (var source = DuckDbDatabase.Open(TestPaths.Warehouse, new DuckDbConfig { ReadOnly = true, Threads = 2 }))
        {
            await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(source, Warehouse);
        }

        OnPostgreSql = new CxServerFactory(Settings(ConnectionString()));
        PostgreSqlClient = OnPostgreSql.CreateClient();
        var duck = ServerFixture.BaseSettings();
        duck["CxSemantic:CacheEntries"] = "0";
        OnDuckDb = new CxServerFactory(duck);
        DuckDbClient = OnDuckDb.CreateClient();
    }

    public async Task DisposeAsync()
    {
        PostgreSqlClient?.Dispose();
        DuckDbClient?.Dispose();
        if (OnPostgreSql is not null)
        {
            await OnPostgreSql.DisposeAsync();
        }

        if (OnDuckDb is not null)
        {
            await OnDuckDb.DisposeAsync();
        }

        if (Warehouse is not null)
        {
            await Warehouse.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlServerGroup : ICollectionFixture<PostgreSqlServerFixture>
{
    public const string Name = "server on PostgreSQL";
}
