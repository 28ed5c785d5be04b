using CxSemantic.DuckDb;

namespace CxSemantic.DuckDb.Tests;

/// <summary>Streaming results: produced chunk by chunk while read, with the same values as a materialized result.</summary>
public sealed class StreamingTests : IDisposable
{
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 2 });
    private readonly DuckDbConnection _conn;

    public StreamingTests()
    {
        _conn = _db.Connect();
        _conn.Execute("CREATE TABLE big AS SELECT i AS id, i * 2 AS twice, CASE WHEN i % 7 = 0 THEN NULL ELSE 'v' || i END AS label FROM range(1000000) t(i)");
    }

    public void Dispose()
    {
        _conn.Dispose();
        _db.Dispose();
    }

    [Fact]
    public void A_streamed_result_reads_every_row_with_the_same_values()
    {
        using var result = _conn.QueryStreaming("SELECT id, twice, label FROM big ORDER BY id");
        Assert.True(result.IsStreaming);
        long rows = 0, sum = 0, nulls = 0;
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var ids = chunk.GetVector(0);
                var twice = chunk.GetVector(1);
                var labels = chunk.GetVector(2);
                for (var r = 0; r < chunk.RowCount; r++)
                {
                    var id = ids.GetInt64(r);
                    Assert.Equal(rows, id);
                    Assert.Equal(2 * id, twice.GetInt64(r));
                    if (labels.IsNull(r))
                    {
                        Assert.Equal(0, id % 7);
                        nulls++;
                    }
                    else
                    {
                        Assert.Equal("v" + id, labels.GetString(r));
                    }

                    sum += id;
                    rows++;
                }
            }
        }

        Assert.Equal(1_000_000, rows);
        Assert.Equal(499_999_500_000, sum);
        Assert.Equal(142_858, nulls);
        using var materialized = _conn.Query("SELECT 1");
        Assert.False(materialized.IsStreaming);
    }

    [Fact]
    public void A_failure_while_streaming_is_raised_by_the_fetch()
    {
        // The error happens during execution, i.e. while the stream is being read.
        using var result = _conn.QueryStreaming("SELECT CASE WHEN id = 900000 THEN error('boom at ' || id) ELSE id END FROM big");
        var failure = Assert.Throws<DuckDbException>(() =>
        {
            while (result.FetchChunk() is { } chunk)
            {
                chunk.Dispose();
            }
        });
        Assert.Contains("boom at 900000", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_streaming_query_that_does_not_bind_fails_at_once()
    {
        var failure = Assert.Throws<DuckDbException>(() => _conn.QueryStreaming("SELECT nope FROM big"));
        Assert.Contains("nope", failure.Message, StringComparison.Ordinal);
    }
}
