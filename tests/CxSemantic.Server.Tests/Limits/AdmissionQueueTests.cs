using CxSemantic.Server.Limits;

namespace CxSemantic.Server.Tests.Limits;

public sealed class AdmissionQueueTests
{
    [Fact]
    public async Task Statements_beyond_the_slots_wait_and_beyond_the_queue_are_refused()
    {
        var queue = new AdmissionQueue(slots: 2, queueLength: 2);
        using var a = await queue.EnterAsync("a", CancellationToken.None);
        using var b = await queue.EnterAsync("b", CancellationToken.None);
        var c = queue.EnterAsync("c", CancellationToken.None);
        var d = queue.EnterAsync("d", CancellationToken.None);
        Assert.False(c.IsCompleted);
        Assert.False(d.IsCompleted);
        Assert.Equal((2, 2), (queue.Running, queue.Waiting));

        var busy = await Assert.ThrowsAsync<ServerBusyException>(() => queue.EnterAsync("e", CancellationToken.None));
        Assert.Equal("the server is running 2 statements and 2 are waiting (its queue is full)", busy.Message);

        // A freed slot goes to the longest-waiting statement.
        a.Dispose();
        using var granted = await c;
        Assert.False(d.IsCompleted);
        b.Dispose();
        (await d).Dispose();
        granted.Dispose();
        Assert.Equal((0, 0), (queue.Running, queue.Waiting));
    }

    [Fact]
    public async Task One_caller_holds_at_most_half_the_slots_and_half_the_queue()
    {
        var queue = new AdmissionQueue(slots: 4, queueLength: 4);
        var flooder = new List<IDisposable> { await queue.EnterAsync("flood", CancellationToken.None), await queue.EnterAsync("flood", CancellationToken.None) };
        Assert.Equal(2, queue.SlotsPerCaller);

        // Slots are free, but the flooder holds its share: it waits, up to half the queue, then is refused.
        var waiting1 = queue.EnterAsync("flood", CancellationToken.None);
        var waiting2 = queue.EnterAsync("flood", CancellationToken.None);
        Assert.False(waiting1.IsCompleted);
        var refused = await Assert.ThrowsAsync<ServerBusyException>(() => queue.EnterAsync("flood", CancellationToken.None));
        Assert.Contains("this caller already has 2 statements waiting (at most 2, half the queue", refused.Message, StringComparison.Ordinal);

        // Another caller still gets the free slots at once, ahead of the flooder's waiting statements.
        using var other1 = await queue.EnterAsync("other", CancellationToken.None);
        using var other2 = await queue.EnterAsync("other", CancellationToken.None);
        Assert.Equal(4, queue.Running);

        // When the flooder's statement ends, its next waiting one runs.
        flooder[0].Dispose();
        flooder[0] = await waiting1;
        Assert.False(waiting2.IsCompleted);
        flooder[1].Dispose();
        flooder[1] = await waiting2;
        flooder.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_queue_and_a_freed_slot_goes_to_the_next()
    {
        var queue = new AdmissionQueue(slots: 1, queueLength: 4);
        var running = await queue.EnterAsync("a", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = queue.EnterAsync("b", cancel.Token);
        var next = queue.EnterAsync("c", CancellationToken.None);
        Assert.Equal(2, queue.Waiting);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, queue.Waiting);

        running.Dispose();
        (await next).Dispose();
        Assert.Equal((0, 0), (queue.Running, queue.Waiting));
    }

    [Fact]
    public async Task Slots_are_never_exceeded_and_all_are_returned_under_concurrency()
    {
        var queue = new AdmissionQueue(slots: 3, queueLength: 1_000);
        var peak = 0;
        var inside = 0;
        var callers = Enumerable.Range(0, 200).Select(async i =>
        {
            using var slot = await queue.EnterAsync("caller" + (i % 5), CancellationToken.None);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref peak, now);
            await Task.Yield();
            Interlocked.Decrement(ref inside);
        });
        await Task.WhenAll(callers);
        Assert.InRange(peak, 1, 3);
        Assert.Equal((0, 0), (queue.Running, queue.Waiting));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
