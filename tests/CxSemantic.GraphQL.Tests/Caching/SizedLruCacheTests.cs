using CxSemantic.GraphQL.Caching;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.GraphQL.Tests.Caching;

public class SizedLruCacheTests
{
    [Fact]
    public void Adding_evicts_the_least_recently_used_until_the_bytes_fit()
    {
        var cache = new SizedLruCache<string, int>(maxBytes: 100);
        cache.Set("a", 1, 40);
        cache.Set("b", 2, 40);
        Assert.True(cache.TryGet("a", out _));
        cache.Set("c", 3, 40);
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(1, a);
        Assert.Equal((2, 80L, 1L), (cache.Count, cache.Bytes, cache.Evictions));
    }

    [Fact]
    public void An_entry_larger_than_the_budget_is_not_kept_and_evicts_nothing()
    {
        var cache = new SizedLruCache<string, int>(maxBytes: 100);
        cache.Set("a", 1, 60);
        cache.Set("huge", 2, 101);
        Assert.False(cache.TryGet("huge", out _));
        Assert.Equal((1, 60L), (cache.Count, cache.Bytes));
    }

    [Fact]
    public void Resizing_a_pending_entry_accounts_its_final_size_and_ignores_a_replaced_value()
    {
        var cache = new SizedLruCache<string, string>(maxBytes: 100);
        var pending = cache.GetOrAdd("a", _ => "pending", 1);
        Assert.Same(pending, cache.GetOrAdd("a", _ => "other", 1));
        cache.Set("b", "b", 10);
        cache.Resize("a", pending, 95);
        // "a" grew to 95: with "b" (10) the budget is exceeded, and "a" is now the least recently used.
        Assert.False(cache.TryGet("a", out _));
        Assert.Equal((1, 10L), (cache.Count, cache.Bytes));
        cache.Resize("b", "not b", 50);
        Assert.Equal(10L, cache.Bytes);
        Assert.False(cache.Remove("b", "not b"));
        Assert.True(cache.Remove("b", "b"));
        Assert.Equal((0, 0L), (cache.Count, cache.Bytes));
    }

    [Fact]
    public void The_bounds_hold_and_the_byte_count_is_the_sum_of_the_kept_entries() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(300),
            Prop.ForAll(ArbMap.Default.ArbFor<int[]>(), ArbMap.Default.ArbFor<byte>(), (sizes, maxEntries) =>
            {
                var cap = Math.Max(1, (int)maxEntries % 12);
                var cache = new SizedLruCache<int, int>(maxBytes: 1_000, maxEntries: cap);
                for (var i = 0; i < sizes.Length; i++)
                {
                    cache.Set(i % 17, i, Size(sizes[i]));
                }

                var sum = Enumerable.Range(0, 17).Sum(k => cache.TryGet(k, out var v) ? Size(sizes[v]) : 0L);
                return cache.Bytes <= 1_000 && cache.Count <= cap && cache.Bytes == sum;
            }));

    private static long Size(int seed) => 1 + (Math.Abs(seed % 1_200));
}
