using CxSemantic.Server.Limits;

namespace CxSemantic.Server.Tests.Limits;

public sealed class SharedComputationsTests
{
    [Fact]
    public async Task Identical_concurrent_requests_share_one_computation()
    {
        var shared = new SharedComputations<int>();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        Task<int> Work(CancellationToken _)
        {
            Interlocked.Increment(ref runs);
            return gate.Task;
        }

        var first = shared.RunAsync("q", Work, CancellationToken.None);
        var second = shared.RunAsync("q", Work, CancellationToken.None);
        var other = shared.RunAsync("other", _ => Task.FromResult(7), CancellationToken.None);
        Assert.Equal(7, await other);
        gate.SetResult(42);
        var both = await Task.WhenAll(first, second);
        Assert.Equal(new[] { 42, 42 }, both);
        Assert.Equal(1, runs);
        Assert.Equal(0, shared.Running);

        // Finished computations are not kept: the next request computes afresh.
        Assert.Equal(5, await shared.RunAsync("q", _ => Task.FromResult(5), CancellationToken.None));
    }

    [Fact]
    public async Task The_computation_is_cancelled_only_when_every_waiter_has_gone()
    {
        var shared = new SharedComputations<int>();
        var computation = CancellationToken.None;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> Work(CancellationToken token)
        {
            computation = token;
            started.SetResult();
            return never.Task.WaitAsync(token);
        }

        using var a = new CancellationTokenSource();
        using var b = new CancellationTokenSource();
        var first = shared.RunAsync("q", Work, a.Token);
        var second = shared.RunAsync("q", Work, b.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(computation.CanBeCanceled);

        await a.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(computation.IsCancellationRequested);
        Assert.Equal(1, shared.Running);

        await b.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.True(computation.IsCancellationRequested);
        Assert.Equal(0, shared.Running);
    }

    [Fact]
    public async Task A_failure_reaches_every_waiter_and_is_not_kept()
    {
        var shared = new SharedComputations<int>();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = shared.RunAsync("q", _ => gate.Task, CancellationToken.None);
        var second = shared.RunAsync("q", _ => gate.Task, CancellationToken.None);
        gate.SetException(new InvalidOperationException("boom"));
        Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => first)).Message);
        Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => second)).Message);
        Assert.Equal(1, await shared.RunAsync("q", _ => Task.FromResult(1), CancellationToken.None));
    }
}
