using System.Collections.Concurrent;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using CxSemantic.Warehouse.Engines;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Execution;

/// <summary>
/// A query's statements run concurrently; when one fails, the others are cancelled in the database and the caller
/// gets that failure at once, not after the slowest sibling (or the request's time limit while a sibling waits on a lock).
/// </summary>
public sealed class StatementFailureTests
{
    /// <summary>Two metrics and a filter: two answer statements and, both metrics being suppressed below a cell size, their disclosure atoms.</summary>
    private static readonly MetricQuery Query = new()
    {
        Metrics = ["containment_rate", "average_handle_time"],
        GroupBy = ["intent_complexity"],
        Filters = [new DimensionFilter("channel", FilterOperator.In, ["voice", "chat"])],
        Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 4, 1), "UTC", TimeGrain.Month),
        Caller = Caller.WithRole("cx_analyst"),
    };

    /// <summary>How many statements <see cref="Query"/> runs: two answers and two disclosure-atom tables.</summary>
    private const int Statements = 4;

    [Fact]
    public async Task The_query_runs_several_statements_at_once()
    {
        var engine = new FailingEngine(new DuckDbSqlEngine(SeededWarehouse.Demo.Database), failing: -1);
        var result = await new MetricQueryExecutor(TestCatalog.Scorecard, engine).ExecuteAsync(Query);

        Assert.NotEmpty(result.Rows);
        Assert.Equal(Statements, engine.Started);
    }

    [Theory]
    [InlineData(0)] // the first started: a disclosure-atoms statement
    [InlineData(1)]
    [InlineData(Statements - 1)] // the last started: an answer statement
    public async Task The_first_failure_cancels_the_other_statements_and_is_what_the_caller_sees(int failing)
    {
        var engine = new FailingEngine(new DuckDbSqlEngine(SeededWarehouse.Demo.Database), failing, Statements);

        // Without the cancellation the held statements would wait forever: the guard turns that into a failure.
        var failure = await Assert.ThrowsAsync<SqlEngineException>(() =>
            new MetricQueryExecutor(TestCatalog.Scorecard, engine).ExecuteAsync(Query).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(SqlEngineFailure.ConnectionLost, failure.Failure);
        Assert.Equal(FailingEngine.Message, failure.Message);
        Assert.Equal(engine.Started - 1, engine.CancelledWhileHeld);
    }

    [Fact]
    public async Task The_callers_cancellation_is_reported_as_a_cancellation_not_as_a_failure()
    {
        var engine = new FailingEngine(new DuckDbSqlEngine(SeededWarehouse.Demo.Database), int.MaxValue, Statements);
        using var caller = new CancellationTokenSource();
        var running = new MetricQueryExecutor(TestCatalog.Scorecard, engine).ExecuteAsync(Query, caller.Token);
        await engine.AllHeld.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(engine.Started, engine.CancelledWhileHeld);
    }

    /// <summary>
    /// Answers the <c>failing</c>-th statement (in start order) with a lost connection once the others have started, and
    /// holds every other statement until its token is cancelled (a negative <c>failing</c>: runs everything on the real engine).
    /// </summary>
    private sealed class FailingEngine(ISqlEngine inner, int failing, int expected = 0) : ISqlEngine
    {
        public const string Message = "The connection to the warehouse was lost during the query (test).";

        private readonly ConcurrentBag<int> _cancelled = [];
        private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _started;

        public SqlDialectKind Dialect => inner.Dialect;

        public int Started => Volatile.Read(ref _started);

        public int CancelledWhileHeld => _cancelled.Count;

        /// <summary>Completes when every statement of the query waits.</summary>
        public TaskCompletionSource AllHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
        {
            if (failing < 0)
            {
                Interlocked.Increment(ref _started);
                return await inner.QueryAsync(sql, cancellationToken);
            }

            // The executor starts all its statements before awaiting any; yielding first lets them all start.
            var index = Interlocked.Increment(ref _started) - 1;
            await Task.Yield();
            if (index + 1 == expected)
            {
                _allStarted.TrySetResult();
                AllHeld.TrySetResult();
            }

            await _allStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            if (index == failing)
            {
                throw new SqlEngineException(SqlEngineFailure.ConnectionLost, Message);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _cancelled.Add(index);
                throw;
            }

            throw new InvalidOperationException("unreachable");
        }
    }
}
