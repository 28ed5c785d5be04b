using BenchmarkDotNet.Attributes;
using CxSemantic.DuckDb;

namespace CxSemantic.Benchmarks.DuckDb;

/// <summary>
/// Reading query results through the binding, end to end (query + fetch + read). Each benchmark
/// reports time per value (OperationsPerInvoke), so values per second = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class DuckDbReadBenchmarks
{
    private const int Rows = 10_000_000;
    private DuckDbDatabase _db = null!;
    private DuckDbConnection _conn = null!;

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

    /// <summary>BIGINT + DOUBLE columns read as spans: 2 values a row.</summary>
    [Benchmark(OperationsPerInvoke = 2 * Rows)]
    public double NumericValues()
    {
        using var result = _conn.Query("SELECT i, d FROM numbers");
        long sum = 0;
        double total = 0;
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                foreach (var v in chunk.GetVector(0).GetValues<long>())
                {
                    sum += v;
                }

                foreach (var v in chunk.GetVector(1).GetValues<double>())
                {
                    total += v;
                }
            }
        }

        return sum + total;
    }

    /// <summary>Short VARCHARs materialised as .NET strings.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long ShortStrings()
    {
        using var result = _conn.Query("SELECT s FROM strings");
        long length = 0;
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var vector = chunk.GetVector(0);
                for (var r = 0; r < chunk.RowCount; r++)
                {
                    length += vector.GetString(r).Length;
                }
            }
        }

        return length;
    }

    /// <summary>Short VARCHARs read in place as UTF-8 spans (no allocation).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long ShortStringsUtf8()
    {
        using var result = _conn.Query("SELECT s FROM strings");
        long length = 0;
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var vector = chunk.GetVector(0);
                for (var r = 0; r < chunk.RowCount; r++)
                {
                    length += vector.GetUtf8(r).Length;
                }
            }
        }

        return length;
    }
}
