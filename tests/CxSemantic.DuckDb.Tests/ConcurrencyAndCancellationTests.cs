using System.Diagnostics;
using CxSemantic.DuckDb;

namespace CxSemantic.DuckDb.Tests;

public sealed class ConcurrencyAndCancellationTests
{
    // A cross join heavy enough to run for many seconds on 2 cores if not interrupted.
    private const string LongQuery = "SELECT count(*) FROM range(100000000) a, range(1000) b WHERE (a.range * b.range) % 7 = 3";

    [Fact]
    public void Eight_threads_query_one_database_at_once_each_on_its_own_connection()
    {
        using var db = DuckDbDatabase.Open();
        using (var setup = db.Connect())
        {
            setup.Execute("CREATE TABLE facts AS SELECT range AS id, range % 13 AS k FROM range(200000)");
        }

        var expected = new long[8];
        var actual = new long[8];
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            using var conn = db.Connect();
            long total = 0;
            for (var i = 0; i < 25; i++)
            {
                total += conn.ExecuteScalar<long>("SELECT sum(id) FROM facts WHERE k = $1", (t + i) % 13);
            }

            actual[t] = total;
        })).ToArray();

        using (var reference = db.Connect())
        {
            for (var t = 0; t < 8; t++)
            {
                for (var i = 0; i < 25; i++)
                {
                    var k = (t + i) % 13;
                    // Independent computation: sum of ids < 200000 with id % 13 == k.
                    long sum = 0;
                    for (long id = k; id < 200000; id += 13)
                    {
                        sum += id;
                    }

                    expected[t] += sum;
                }
            }
        }

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Cancelling_a_long_query_interrupts_it_within_seconds()
    {
        using var db = DuckDbDatabase.Open();
        using var conn = db.Connect();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        var ex = Assert.ThrowsAny<OperationCanceledException>(() => conn.Query(LongQuery, cts.Token));
        var afterCancel = clock.Elapsed - TimeSpan.FromMilliseconds(300);
        Assert.Equal(cts.Token, ex.CancellationToken);
        var inner = Assert.IsType<DuckDbException>(ex.InnerException);
        Assert.Equal(DuckDbErrorType.Interrupt, inner.ErrorType);
        // Uncancelled, the query runs for minutes; the bound leaves room for a loaded machine (CI shares 2 cores).
        Assert.True(afterCancel < TimeSpan.FromSeconds(5), $"The query stopped {afterCancel.TotalMilliseconds:F0} ms after cancellation.");

        // The connection is usable afterwards, and the interrupt does not leak into the next query.
        Assert.Equal(6, conn.ExecuteScalar<int>("SELECT 2 * 3"));
    }

    [Fact]
    public void A_token_cancelled_before_the_query_never_starts_it()
    {
        using var db = DuckDbDatabase.Open();
        using var conn = db.Connect();
        Assert.Throws<OperationCanceledException>(() => conn.Query(LongQuery, new CancellationToken(canceled: true)));
        Assert.Equal(1, conn.ExecuteScalar<int>("SELECT 1"));
    }

    [Fact]
    public void Prepared_statements_are_cancellable_too()
    {
        using var db = DuckDbDatabase.Open();
        using var conn = db.Connect();
        using var statement = conn.Prepare("SELECT count(*) FROM range($1::BIGINT) a, range(1000) b WHERE (a.range * b.range) % 7 = 3");
        statement.Bind(1, 100_000_000L);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.ThrowsAny<OperationCanceledException>(() => statement.Execute(cts.Token));
    }
}
