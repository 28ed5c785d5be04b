using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.DuckDb;

namespace CxSemantic.Warehouse.Tests.Demo;

/// <summary>
/// <see cref="DemoWarehouseFile.EnsureAsync"/> when callers race for one path, as two servers or two test fixtures do:
/// every caller ends with the complete warehouse and nothing is left beside it. With one shared staging file, a second
/// caller deleted the first one's half-written file and the first moved the second's into place (CI: "Could not find
/// file '….duckdb.partial'", "Table with name interactions does not exist").
/// </summary>
public sealed class DemoWarehouseFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cxsem-demo-file-{Guid.NewGuid():N}");

    [Fact]
    public async Task Callers_racing_for_one_path_all_end_with_the_complete_warehouse_and_one_of_them_generated_it()
    {
        var path = Path.Combine(_folder, "demo.duckdb");
        var options = new DemoOptions { Interactions = 20_000, Seed = 7, Parallelism = 1, BlockSize = 2_000 };
        using var start = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(async () =>
            {
                start.Wait();
                return await DemoWarehouseFile.EnsureAsync(path, options);
            }))
            .ToArray();
        start.Set();
        var summaries = await Task.WhenAll(callers);

        // The generator is deterministic, so whichever copy won holds the same warehouse.
        var generated = Assert.Single(summaries, s => s is not null)!;
        Assert.Equal(20_000, generated.RowsPerTable["interactions"]);
        using (var database = DuckDbDatabase.Open(path, new DuckDbConfig { ReadOnly = true }))
        using (var connection = database.Connect())
        {
            Assert.Equal(20_000L, connection.ExecuteScalar<long>("SELECT count(*) FROM interactions"));
            Assert.Equal(7L, connection.ExecuteScalar<long>("SELECT seed FROM warehouse_meta"));
        }

        Assert.Equal(["demo.duckdb"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_cancelled_generation_leaves_no_file_and_an_existing_file_is_reused_as_it_is()
    {
        var path = Path.Combine(_folder, "demo.duckdb");
        using var cancelled = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => DemoWarehouseFile.EnsureAsync(path, new DemoOptions { Interactions = 20_000, Seed = 7, Parallelism = 1, BlockSize = 1_000 }, new SyncProgress(() => cancelled.Cancel()), cancelled.Token));
        Assert.Empty(Directory.GetFiles(_folder));

        Assert.NotNull(await DemoWarehouseFile.EnsureAsync(path, new DemoOptions { Interactions = 1_000, Seed = 7, Parallelism = 1 }));
        var written = File.GetLastWriteTimeUtc(path);
        Assert.Null(await DemoWarehouseFile.EnsureAsync(path, new DemoOptions { Interactions = 1_000, Seed = 7, Parallelism = 1 }));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Reports on the generating thread (<see cref="Progress{T}"/> would post to the thread pool, too late).</summary>
    private sealed class SyncProgress(Action onReport) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => onReport();
    }
}
