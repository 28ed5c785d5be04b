using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.Demo;

/// <summary>
/// Creates the demo warehouse as a DuckDB file when it does not exist yet: generated beside the
/// target (<c>.partial</c>) and moved into place only when complete, so a crash or Ctrl+C never
/// leaves a half-written warehouse that a later start would reuse.
/// </summary>
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
    /// <returns>The summary when the file was generated; null when it existed.</returns>
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
                var staging = target + ".partial";
                DeleteDatabaseFiles(staging);
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

                File.Move(staging, target, overwrite: true);
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
