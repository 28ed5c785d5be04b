using BenchmarkDotNet.Attributes;
using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CxSemantic.Benchmarks.DuckDb;

/// <summary>
/// Reading query results through DuckDB.NET's reader, end to end (query + fetch + read). Each benchmark
/// reports time per value (OperationsPerInvoke), so values per second = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class DuckDbReadBenchmarks
{
    private const int Rows = 10_000_000;
    private DuckDbDatabase _db = null!;
    private DuckDBConnection _conn = null!;

    [GlobalSetup]
    public void Setup()
    {
        _db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 2 });
        _conn = _db.Connect();
        _conn.Execute($"""
            CREATE TABLE numbers AS SELECT range AS i, range::DOUBLE * 0.25 AS d FROM range({Rows});
            CREATE TABLE strings AS SELECT (['voice','chat','messaging','email','web'])[range % 5 + 1] || '-' || (range % 997)::VARCHAR AS s FROM range({Rows});
            """);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _conn.Dispose();
        _db.Dispose();
    }

    /// <summary>BIGINT + DOUBLE columns read with typed getters: 2 values a row.</summary>
    [Benchmark(OperationsPerInvoke = 2 * Rows)]
    public double NumericValues()
    {
        using var result = DuckDbStreamingResult.Open(_conn, "SELECT i, d FROM numbers", CancellationToken.None);
        var reader = result.Reader;
        long sum = 0;
        double total = 0;
        while (result.Read())
        {
            sum += reader.GetInt64(0);
            total += reader.GetDouble(1);
        }

        return sum + total;
    }

    /// <summary>Short VARCHARs materialised as .NET strings.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long ShortStrings()
    {
        using var result = DuckDbStreamingResult.Open(_conn, "SELECT s FROM strings", CancellationToken.None);
        var reader = result.Reader;
        long length = 0;
        while (result.Read())
        {
            length += reader.GetString(0).Length;
        }

        return length;
    }
}
