using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Tests.Oracle;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Engines;

namespace CxSemantic.Compiler.Tests.Execution;

/// <summary>The Compiler suites' two shared demo warehouses (<see cref="DemoWarehouse.Shared(long, ulong)"/>), both seed 42.</summary>
public static class SeededWarehouse
{
    /// <summary>The oracle suites' warehouse: 30 000 interactions, seed 42.</summary>
    public static DemoWarehouse Oracle => DemoWarehouse.Shared(OracleFixture.Interactions, OracleFixture.Seed);

    /// <summary>The execution suites' warehouse: 100 000 interactions, seed 42.</summary>
    public static DemoWarehouse Demo => DemoWarehouse.Shared(100_000, 42);
}

/// <summary>The demo warehouse of 100 000 interactions (seed 42, <see cref="SeededWarehouse.Demo"/>) for the execution tests.</summary>
public sealed class DemoWarehouseFixture
{
    public DemoWarehouseFixture()
    {
        Database = SeededWarehouse.Demo.Database;
        Executor = new MetricQueryExecutor(TestCatalog.Scorecard, new DuckDbSqlEngine(Database));
    }

    public DuckDbDatabase Database { get; }

    public MetricQueryExecutor Executor { get; }

    public MetricQueryResult Run(MetricQuery query) => Executor.ExecuteAsync(query).GetAwaiter().GetResult();
}

[CollectionDefinition(Name)]
public sealed class DemoWarehouseCollectionDefinition : ICollectionFixture<DemoWarehouseFixture>
{
    public const string Name = "demo warehouse";
}
