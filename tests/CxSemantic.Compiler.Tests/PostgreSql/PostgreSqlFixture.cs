using System.Diagnostics;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Tests.Execution;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Loading;
using Npgsql;

namespace CxSemantic.Compiler.Tests.PostgreSql;

/// <summary>
/// A private PostgreSQL 15 server (<see cref="PostgreSqlServer"/>) holding copies of the DuckDB suites' own
/// warehouses, loaded with <see cref="PostgreSqlWarehouseLoader"/>: <see cref="Oracle"/> (database
/// <c>cxsem_oracle</c>, <see cref="SeededWarehouse.Oracle"/>, 30 000 interactions) and <see cref="Demo"/>
/// (<c>cxsem_demo</c>, <see cref="SeededWarehouse.Demo"/>, 100 000 interactions), both seed 42. The DuckDB
/// databases are the very instances the DuckDB suites query, so both engines answer over the same rows.
/// </summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    public PostgreSqlServer Server { get; private set; } = null!;

    /// <summary>The oracle suites' warehouse in PostgreSQL.</summary>
    public PostgreSqlWarehouseCopy Oracle { get; private set; } = null!;

    /// <summary>The execution suites' warehouse in PostgreSQL.</summary>
    public PostgreSqlWarehouseCopy Demo { get; private set; } = null!;

    /// <summary>How long the fixture took: generating (or waiting for) both DuckDB warehouses, starting the server, loading.</summary>
    public TimeSpan SetupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var server = PostgreSqlServer.StartAsync();
        var oracle = Task.Run(() => SeededWarehouse.Oracle);
        var demo = Task.Run(() => SeededWarehouse.Demo);
        Server = await server;
        Task<PostgreSqlWarehouseCopy>[] loads = [LoadAsync(Server, "cxsem_oracle", oracle), LoadAsync(Server, "cxsem_demo", demo)];
        try
        {
            await Task.WhenAll(loads);
        }
        catch
        {
            foreach (var load in loads.Where(l => l.IsCompletedSuccessfully))
            {
                await load.Result.DataSource.DisposeAsync();
            }

            throw;
        }

        Oracle = loads[0].Result;
        Demo = loads[1].Result;
        SetupTime = clock.Elapsed;
    }

    private static async Task<PostgreSqlWarehouseCopy> LoadAsync(PostgreSqlServer server, string database, Task<DemoWarehouse> source)
    {
        var warehouse = await source;
        var dataSource = await server.CreateDatabaseAsync(database);
        try
        {
            var load = await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(warehouse.Database, dataSource);
            return new PostgreSqlWarehouseCopy(warehouse, dataSource, load);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var copy in new[] { Oracle, Demo })
        {
            if (copy is not null)
            {
                await copy.DataSource.DisposeAsync();
            }
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>One seeded DuckDB warehouse copied into a PostgreSQL database.</summary>
/// <param name="Source">The DuckDB warehouse it was copied from.</param>
/// <param name="DataSource">The PostgreSQL database's connection pool.</param>
/// <param name="Load">What the loader copied.</param>
public sealed record PostgreSqlWarehouseCopy(DemoWarehouse Source, NpgsqlDataSource DataSource, PostgreSqlLoadSummary Load)
{
    /// <summary>Compiled queries over the copy, run by <see cref="PostgreSqlSqlEngine"/>.</summary>
    public MetricQueryExecutor Executor { get; } = new(TestCatalog.Scorecard, new PostgreSqlSqlEngine(DataSource));

    /// <summary>Runs a scalar statement directly in PostgreSQL.</summary>
    public long Count(string sql)
    {
        using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Every PostgreSQL suite of the compiler shares one server (and its two warehouse copies).</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollectionDefinition : ICollectionFixture<PostgreSqlFixture>
{
    public const string Name = "PostgreSQL";
}
