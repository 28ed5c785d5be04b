using System.Collections.Immutable;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;

namespace CxSemantic.Compiler.Tests.Rollups;

/// <summary>
/// A private demo warehouse (30 000 interactions, seed 42) with the shipped catalog's rollups built by
/// <see cref="RollupRefresher"/>: <see cref="Raw"/> answers from raw rows, <see cref="FromRollups"/> from the rollups.
/// </summary>
public sealed class RollupWarehouseFixture : IDisposable
{
    public RollupWarehouseFixture()
    {
        Database = DemoWarehouse.Generate(new DemoOptions { Interactions = 30_000, Seed = 42 });
        Engine = new DuckDbSqlEngine(Database, "rollup warehouse");
        Refresh = new RollupRefresher(TestCatalog.Scorecard, Engine, Engine).RefreshAsync().GetAwaiter().GetResult();
        Registry = RollupRefresher.ReadAsync(Engine).GetAwaiter().GetResult();
        Raw = new MetricQueryExecutor(TestCatalog.Scorecard, Engine);
        FromRollups = new MetricQueryExecutor(TestCatalog.Scorecard, Engine, CompilerOptions.Default with { Rollups = Registry });
    }

    public DuckDbDatabase Database { get; }

    public DuckDbSqlEngine Engine { get; }

    public ImmutableArray<RollupRefreshResult> Refresh { get; }

    public RollupRegistry Registry { get; }

    public MetricQueryExecutor Raw { get; }

    public MetricQueryExecutor FromRollups { get; }

    public void Dispose() => Database.Dispose();
}

[CollectionDefinition(Name)]
public sealed class RollupWarehouseCollectionDefinition : ICollectionFixture<RollupWarehouseFixture>
{
    public const string Name = "rollup warehouse";
}
