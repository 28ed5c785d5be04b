using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.DuckDb;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;

namespace CxSemantic.Compiler.Tests.Execution;

/// <summary>A demo warehouse of 100 000 interactions (seed 42), generated once for the execution tests.</summary>
public sealed class DemoWarehouseFixture : IDisposable
{
    public DemoWarehouseFixture()
    {
        Database = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 2 });
        DemoWarehouseGenerator.Generate(Database, new DemoOptions { Interactions = 100_000, Seed = 42 });
        Executor = new MetricQueryExecutor(TestCatalog.Scorecard, new DuckDbSqlEngine(Database));
    }

    public DuckDbDatabase Database { get; }

    public MetricQueryExecutor Executor { get; }

    public MetricQueryResult Run(MetricQuery query) => Executor.ExecuteAsync(query).GetAwaiter().GetResult();

    public void Dispose() => Database.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DemoWarehouseCollectionDefinition : ICollectionFixture<DemoWarehouseFixture>
{
    public const string Name = "demo warehouse";
}
