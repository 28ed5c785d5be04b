using System.Diagnostics;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Schema;
using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.Demo;

/// <summary>
/// Generates a deterministic, realistic demo warehouse (DESIGN §3) with planted effects (see <see cref="PlantedEffects"/>
/// and <c>docs/planted-effects.md</c>), streaming rows into DuckDB through appenders.
/// </summary>
/// <remarks>
/// The data is cut into fixed partitions of interaction ids, each with its own seeded random stream, so the same
/// seed and options always give the same rows whatever the parallelism. Memory stays flat: only the current
/// customer is held while its rows are appended. The workers append customer by customer; the fact tables are then
/// rewritten in time order (<see cref="TimeOrderedLayout"/>), as a warehouse loaded day by day stores them. If generation fails or is cancelled, rows already flushed stay in
/// the tables; start again on a fresh database.
/// </remarks>
public static class DemoWarehouseGenerator
{
    /// <summary>
    /// Generates the demo data into <paramref name="database"/>, with <see cref="DemoOptions.Parallelism"/> workers,
    /// each on its own connection.
    /// </summary>
    /// <param name="database">Target database (file or in-memory).</param>
    /// <param name="options">What to generate.</param>
    /// <param name="progress">Receives progress after each partition; may be called from worker threads.</param>
    /// <param name="cancellationToken">Cancels generation between customers.</param>
    /// <returns>Rows written per table and the elapsed time.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    /// <exception cref="DuckDBException">DuckDB rejected the schema or rows (e.g. tables already exist).</exception>
    /// <exception cref="OperationCanceledException">Generation was cancelled.</exception>
    public static GenerationSummary Generate(
        DuckDbDatabase database,
        DemoOptions options,
        IProgress<GenerationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        using var connection = database.Connect();
        return Run(connection, database.Connect, options, progress, cancellationToken);
    }

    /// <summary>Generates the demo data through one connection, on the calling thread (<see cref="DemoOptions.Parallelism"/> is ignored).</summary>
    /// <param name="connection">Target connection.</param>
    /// <param name="options">What to generate.</param>
    /// <param name="progress">Receives progress after each partition.</param>
    /// <param name="cancellationToken">Cancels generation between customers.</param>
    /// <returns>Rows written per table and the elapsed time.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    /// <exception cref="DuckDBException">DuckDB rejected the schema or rows (e.g. tables already exist).</exception>
    /// <exception cref="OperationCanceledException">Generation was cancelled.</exception>
    public static GenerationSummary Generate(
        DuckDBConnection connection,
        DemoOptions options,
        IProgress<GenerationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        return Run(connection, null, options with { Parallelism = 1 }, progress, cancellationToken);
    }

    private static GenerationSummary Run(
        DuckDBConnection main,
        Func<DuckDBConnection>? connect,
        DemoOptions options,
        IProgress<GenerationProgress>? progress,
        CancellationToken cancellationToken)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        if (options.CreateSchema)
        {
            WarehouseSchema.CreateIn(main, SchemaProfile.BulkLoad);
        }

        var world = new DemoWorld(options);
        var total = new RowCounts();
        world.WriteReferenceData(main, total);

        var blocks = (options.Interactions + options.BlockSize - 1) / options.BlockSize;
        var workers = (int)Math.Min(options.Parallelism, blocks);
        long written = 0;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        RowCounts RunWorker(int worker, DuckDBConnection connection)
        {
            using var generator = new DemoWorker(connection, world);
            for (var block = (long)worker; block < blocks; block += workers)
            {
                generator.GenerateBlock(block, failed.Token);
                var done = Interlocked.Add(ref written, Math.Min(options.BlockSize, options.Interactions - (block * options.BlockSize)));
                progress?.Report(new GenerationProgress(done, options.Interactions, clock.Elapsed));
            }

            return generator.Rows;
        }

        if (workers == 1 || connect is null)
        {
            total.Add(RunWorker(0, main));
        }
        else
        {
            var tasks = new Task<RowCounts>[workers];
            for (var w = 0; w < workers; w++)
            {
                var worker = w;
                tasks[w] = Task.Factory.StartNew(
                    () =>
                    {
                        try
                        {
                            using var connection = connect();
                            return RunWorker(worker, connection);
                        }
                        catch
                        {
                            failed.Cancel();
                            throw;
                        }
                    },
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default);
            }

            try
            {
                Task.WaitAll(tasks, CancellationToken.None);
            }
            catch (AggregateException ex)
            {
                // Report the root cause, not the cancellations it triggered in the other workers.
                var root = ex.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? ex.InnerExceptions[0];
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(root).Throw();
            }

            foreach (var task in tasks)
            {
                total.Add(task.Result);
            }
        }

        if (options.TimeOrdered && options.CreateSchema)
        {
            TimeOrderedLayout.Apply(main, cancellationToken);
        }

        return new GenerationSummary(total.ToDictionary(), clock.Elapsed, options.Seed, world.Watermark);
    }
}
