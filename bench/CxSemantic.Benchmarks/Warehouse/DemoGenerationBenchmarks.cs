using BenchmarkDotNet.Attributes;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Schema;

namespace CxSemantic.Benchmarks.Warehouse;

/// <summary>
/// Demo data generation into an in-memory DuckDB (schema creation included), per interaction
/// (OperationsPerInvoke), so interactions per second = 1 / Mean. About 18.5 rows are written per interaction.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DemoGenerationBenchmarks
{
    private const int Interactions = 200_000;

    [Params(1, 2)]
    public int Parallelism { get; set; }

    [Benchmark(OperationsPerInvoke = Interactions)]
    public long Generate()
    {
        using var database = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 2 });
        return DemoWarehouseGenerator.Generate(database, new DemoOptions { Interactions = Interactions, Parallelism = Parallelism }).TotalRows;
    }
}

/// <summary>Rendering the warehouse DDL from the EF Core model, per dialect.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class WarehouseDdlBenchmarks
{
    [Params(SqlDialectKind.DuckDb, SqlDialectKind.PostgreSql, SqlDialectKind.TSql)]
    public SqlDialectKind Dialect { get; set; }

    [Benchmark]
    public int RenderDdl() => WarehouseSchema.RenderDdl(Dialect).Length;
}
