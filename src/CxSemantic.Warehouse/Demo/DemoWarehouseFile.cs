using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.Demo;

/// <summary>
/// Creates the demo warehouse as a DuckDB file when it does not exist yet: generated beside the
/// target (<c>.partial</c>) and moved into place only when complete, so a crash or Ctrl+C never
/// leaves a half-written warehouse that a later start would reuse.
/// </summary>
/// <remarks>
/// Callers may race for one path (two servers starting, test fixtures in parallel): each generates into a
/// staging file of its own, and the first complete one to be moved into place wins; the others discard
/// theirs. A shared staging name let one caller delete or move another's half-written file.
/// </remarks>
public static class DemoWarehouseFile
{
    /// <summary>
    /// Ensures <paramref name="path"/> holds a demo warehouse: returns null when the file already
    /// exists (it is reused as it is), otherwise generates it and returns the generation summary.
    /// </summary>
    /// <param name="path">The DuckDB file.</param>
    /// <param name="options">What to generate.</param>
    /// <param name="progress">Receives progress; may be called from worker threads.</param>
    /// <param name="cancellationToken">Cancels generation (nothing is left behind).</param>
    /// <returns>The summary when this call generated the file; null when it existed or another caller placed it first.</returns>
    /// <exception cref="DuckDBException">DuckDB failed while writing.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the partial file is deleted.</exception>
    public static Task<GenerationSummary?> EnsureAsync(
        string path,
        DemoOptions options,
        IProgress<GenerationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        var target = Path.GetFullPath(path);
        if (File.Exists(target))
        {
            return Task.FromResult<GenerationSummary?>(null);
        }

        return Task.Run<GenerationSummary?>(
            () =>
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                var staging = $"{target}.{Guid.NewGuid():N}.partial";
                GenerationSummary summary;
                try
                {
                    using (var database = DuckDbDatabase.Open(staging, new DuckDbConfig { Threads = Math.Max(1, options.Parallelism) }))
                    {
                        summary = DemoWarehouseGenerator.Generate(database, options, progress, cancellationToken);
                    }
                }
                catch
                {
                    DeleteDatabaseFiles(staging);
                    throw;
                }

                try
                {
                    File.Move(staging, target, overwrite: false);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Another caller's warehouse (same options, same seed) is in place and may be open: keep it.
                    DeleteDatabaseFiles(staging);
                    return null;
                }

                File.Delete(staging + ".wal");
                return summary;
            },
            cancellationToken);
    }

    private static void DeleteDatabaseFiles(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
    }
}
