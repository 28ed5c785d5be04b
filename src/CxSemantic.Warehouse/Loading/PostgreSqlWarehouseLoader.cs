using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Migrations;
using CxSemantic.Warehouse.Schema;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace CxSemantic.Warehouse.Loading;

/// <summary>What a load is doing.</summary>
public enum PostgreSqlLoadStage
{
    /// <summary>Streaming a table's rows with binary COPY.</summary>
    Copying,

    /// <summary>Building primary keys, indexes and foreign keys over the copied rows.</summary>
    Indexing,

    /// <summary>Gathering planner statistics (<c>ANALYZE</c>).</summary>
    Analyzing,

    /// <summary>Replacing the live warehouse tables with the loaded ones, in one transaction.</summary>
    Swapping,
}

/// <summary>Progress of a PostgreSQL load.</summary>
/// <param name="Table">The table being copied (empty after the copy stage).</param>
/// <param name="RowsCopied">Rows of that table copied so far.</param>
/// <param name="TableRows">Rows the table has in the source.</param>
/// <param name="TotalRowsCopied">Rows copied so far over all tables.</param>
/// <param name="Stage">What the load is doing.</param>
public sealed record PostgreSqlLoadProgress(string Table, long RowsCopied, long TableRows, long TotalRowsCopied, PostgreSqlLoadStage Stage = PostgreSqlLoadStage.Copying);

/// <summary>What a load did.</summary>
/// <param name="RowsPerTable">Rows copied per table, in dependency order.</param>
/// <param name="Elapsed">Wall time, schema creation, index builds, <c>ANALYZE</c> and the swap included.</param>
/// <param name="CopyElapsed">Wall time of the COPY stage alone.</param>
public sealed record PostgreSqlLoadSummary(ImmutableArray<KeyValuePair<string, long>> RowsPerTable, TimeSpan Elapsed, TimeSpan CopyElapsed = default)
{
    /// <summary>Rows over all tables.</summary>
    public long TotalRows => RowsPerTable.Sum(t => t.Value);
}

/// <summary>Options of a load.</summary>
public sealed record PostgreSqlLoadOptions
{
    /// <summary>The schema the loaded rows are built in before the swap; dropped afterwards.</summary>
    public string StagingSchema { get; init; } = "cxsem_staging";

    /// <summary>Tables copied at the same time, each over its own connection (at least 1).</summary>
    public int Parallelism { get; init; } = 2;
}

/// <summary>
/// Copies a warehouse from DuckDB into PostgreSQL, idempotently and atomically. The load builds a complete new
/// warehouse in a staging schema — schema by EF Core's migrations (<see cref="WarehouseMigrations"/>), rows by binary
/// <c>COPY</c> read columnar from DuckDB (one data chunk at a time), keys, indexes and foreign keys built after the
/// rows are in (one sort per index instead of one insertion per row), <c>ANALYZE</c> — and then, in one transaction,
/// drops the live warehouse tables of the target schema (the connection's <c>current_schema()</c>) and moves the new
/// ones in. Readers see the old warehouse or the new one, never a half-loaded one; re-running a load replaces the
/// rows instead of adding to them; a failed or cancelled load drops its staging schema and leaves the live tables as
/// they were.
/// </summary>
public static class PostgreSqlWarehouseLoader
{
    /// <summary>Session advisory-lock key held for a whole load: two loads into one database never interleave.</summary>
    internal const long LoadLockKey = 0x6378_7365_6D6C_6F61; // "cxsemloa"

    /// <summary>
    /// Whether <paramref name="target"/>'s current schema already holds a warehouse of this version: the newest
    /// migration is recorded and <c>warehouse_meta</c> has its row (a load completed).
    /// </summary>
    /// <param name="target">The PostgreSQL database.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public static async Task<bool> HasWarehouseAsync(NpgsqlDataSource target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var connection = await target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tables = await ScalarAsync<bool>(
                connection,
                $"SELECT to_regclass('\"{WarehouseMigrations.HistoryTable}\"') IS NOT NULL AND to_regclass('warehouse_meta') IS NOT NULL",
                cancellationToken).ConfigureAwait(false);
            return tables && await ScalarAsync<bool>(
                connection,
                $"SELECT EXISTS (SELECT 1 FROM \"{WarehouseMigrations.HistoryTable}\" WHERE \"MigrationId\" = '{WarehouseMigrations.LatestId}') AND EXISTS (SELECT 1 FROM warehouse_meta)",
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads every warehouse table of <paramref name="source"/> into <paramref name="target"/>, replacing any warehouse it has.</summary>
    /// <param name="source">A DuckDB database holding the warehouse (e.g. written by the demo generator).</param>
    /// <param name="target">The PostgreSQL database to (re)create the warehouse in.</param>
    /// <param name="progress">Receives progress after each chunk and stage; may be null.</param>
    /// <param name="cancellationToken">Stops the load; the live warehouse is left as it was.</param>
    /// <returns>Rows per table and the time taken.</returns>
    /// <exception cref="PostgresException">PostgreSQL rejects the schema or the data.</exception>
    /// <exception cref="DuckDBException">The source lacks a warehouse table.</exception>
    /// <exception cref="InvalidOperationException">Another load into the same database is running.</exception>
    public static Task<PostgreSqlLoadSummary> LoadFromDuckDbAsync(
        DuckDbDatabase source,
        NpgsqlDataSource target,
        IProgress<PostgreSqlLoadProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        LoadFromDuckDbAsync(source, target, new PostgreSqlLoadOptions(), progress, cancellationToken);

    /// <summary>Loads every warehouse table of <paramref name="source"/> into <paramref name="target"/>, replacing any warehouse it has.</summary>
    /// <param name="source">A DuckDB database holding the warehouse (e.g. written by the demo generator).</param>
    /// <param name="target">The PostgreSQL database to (re)create the warehouse in.</param>
    /// <param name="options">Load options.</param>
    /// <param name="progress">Receives progress after each chunk and stage; may be null.</param>
    /// <param name="cancellationToken">Stops the load; the live warehouse is left as it was.</param>
    /// <returns>Rows per table and the time taken.</returns>
    /// <exception cref="PostgresException">PostgreSQL rejects the schema or the data.</exception>
    /// <exception cref="DuckDBException">The source lacks a warehouse table.</exception>
    /// <exception cref="InvalidOperationException">Another load into the same database is running.</exception>
    public static async Task<PostgreSqlLoadSummary> LoadFromDuckDbAsync(
        DuckDbDatabase source,
        NpgsqlDataSource target,
        PostgreSqlLoadOptions options,
        IProgress<PostgreSqlLoadProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var staging = options.StagingSchema;
        var tables = WarehouseSchema.TableNames
            .Select(name => WarehouseSchema.Model.GetEntityTypes().Single(e => e.GetTableName() == name))
            .ToList();

        var session = await target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (!await ScalarAsync<bool>(session, $"SELECT pg_try_advisory_lock({LoadLockKey})", cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException(
                    $"Another CxSemantic load into database '{session.Database}' is running; wait for it to finish (each load replaces the whole warehouse).");
            }

            var live = await ScalarAsync<string>(session, "SELECT current_schema()", cancellationToken).ConfigureAwait(false);
            var swapped = false;
            try
            {
                // A staging schema left by a killed load is dropped first.
                await ExecuteAsync(session, $"DROP SCHEMA IF EXISTS {Quote(staging)} CASCADE; CREATE SCHEMA {Quote(staging)}", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(session, $"SET search_path TO {Quote(staging)}", cancellationToken).ConfigureAwait(false);
                await WarehouseMigrations.ApplyAsync(session, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(session, "RESET search_path", cancellationToken).ConfigureAwait(false);

                var deferred = await DeferredDefinitions.DetachAsync(session, staging, cancellationToken).ConfigureAwait(false);
                var copy = Stopwatch.StartNew();
                var counts = await CopyTablesAsync(source, target, staging, tables, Math.Max(1, options.Parallelism), progress, cancellationToken).ConfigureAwait(false);
                var copyElapsed = copy.Elapsed;
                var total = counts.Sum(c => c.Value);

                progress?.Report(new PostgreSqlLoadProgress("", total, total, total, PostgreSqlLoadStage.Indexing));
                await deferred.AttachAsync(session, cancellationToken).ConfigureAwait(false);

                progress?.Report(new PostgreSqlLoadProgress("", total, total, total, PostgreSqlLoadStage.Analyzing));
                await ExecuteAsync(session, "ANALYZE " + string.Join(", ", tables.Select(t => Quote(staging) + "." + Quote(t.GetTableName()!))), cancellationToken).ConfigureAwait(false);

                progress?.Report(new PostgreSqlLoadProgress("", total, total, total, PostgreSqlLoadStage.Swapping));
                await SwapAsync(session, staging, live, tables.Select(t => t.GetTableName()!).ToList(), cancellationToken).ConfigureAwait(false);
                swapped = true;
                return new PostgreSqlLoadSummary(counts, clock.Elapsed, copyElapsed);
            }
            finally
            {
                if (!swapped)
                {
                    // Best effort, even when cancelled: the staging schema is never part of the warehouse.
                    await TryExecuteAsync(session, $"DROP SCHEMA IF EXISTS {Quote(staging)} CASCADE").ConfigureAwait(false);
                }

                await TryExecuteAsync(session, $"SELECT pg_advisory_unlock({LoadLockKey})").ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Replaces the live tables with the staged ones in one transaction: children dropped before parents, so a view
    /// or foreign key of the user's on a warehouse table fails the swap (and leaves everything as it was) instead of
    /// being dropped along with it.
    /// </summary>
    private static async Task SwapAsync(NpgsqlConnection session, string staging, string live, List<string> tables, CancellationToken cancellationToken)
    {
        var moved = tables.Append(WarehouseMigrations.HistoryTable).ToList();
        var script = new System.Text.StringBuilder();
        foreach (var table in Enumerable.Reverse(moved))
        {
            script.Append("DROP TABLE IF EXISTS ").Append(Quote(live)).Append('.').Append(Quote(table)).AppendLine(";");
        }

        foreach (var table in moved)
        {
            script.Append("ALTER TABLE ").Append(Quote(staging)).Append('.').Append(Quote(table)).Append(" SET SCHEMA ").Append(Quote(live)).AppendLine(";");
        }

        script.Append("DROP SCHEMA ").Append(Quote(staging)).AppendLine(";");
        var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await ExecuteAsync(session, script.ToString(), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Copies the tables, largest first, over up to <paramref name="parallelism"/> connections at once.</summary>
    private static async Task<ImmutableArray<KeyValuePair<string, long>>> CopyTablesAsync(
        DuckDbDatabase source,
        NpgsqlDataSource target,
        string staging,
        List<IEntityType> tables,
        int parallelism,
        IProgress<PostgreSqlLoadProgress>? progress,
        CancellationToken cancellationToken)
    {
        long[] sizes;
        using (var duck = source.Connect())
        {
            sizes = [.. tables.Select(t => Convert.ToInt64(duck.ExecuteScalar<object>($"SELECT count(*) FROM {Quote(t.GetTableName()!)}"), CultureInfo.InvariantCulture))];
        }

        var copied = new long[tables.Count];
        var total = 0L;
        var queue = new System.Collections.Concurrent.ConcurrentQueue<int>(Enumerable.Range(0, tables.Count).OrderByDescending(i => sizes[i]));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, Math.Min(parallelism, tables.Count)).Select(_ => Task.Run(
            async () =>
            {
                try
                {
                    using var duck = source.Connect();
                    var connection = await target.OpenConnectionAsync(failed.Token).ConfigureAwait(false);
                    await using (connection.ConfigureAwait(false))
                    {
                        while (queue.TryDequeue(out var index))
                        {
                            copied[index] = await CopyTableAsync(
                                duck,
                                connection,
                                staging,
                                tables[index],
                                sizes[index],
                                rows => progress?.Report(new PostgreSqlLoadProgress(tables[index].GetTableName()!, rows.Table, sizes[index], Interlocked.Add(ref total, rows.Delta))),
                                failed.Token).ConfigureAwait(false);
                        }
                    }
                }
                catch
                {
                    // One failed table stops the others: the whole load is abandoned anyway.
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            },
            failed.Token)).ToList();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested
            && workers.Select(w => w.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException) is { } cause)
        {
            // Report the failure that stopped the others, not the cancellations it caused.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
        }

        return [.. tables.Select((t, i) => new KeyValuePair<string, long>(t.GetTableName()!, copied[i]))];
    }

    private static async Task<long> CopyTableAsync(
        DuckDBConnection duck,
        NpgsqlConnection connection,
        string staging,
        IEntityType entity,
        long tableRows,
        Action<(long Table, long Delta)> report,
        CancellationToken cancellationToken)
    {
        var table = entity.GetTableName()!;
        var identifier = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var properties = WarehouseSchema.ColumnsOf(entity).ToList();
        var columns = string.Join(", ", properties.Select(p => Quote(p.GetColumnName(identifier)!)));
        var written = await DuckDbToPostgreSqlCopy.CopyAsync(
            duck,
            $"SELECT {columns} FROM {Quote(table)}",
            connection,
            $"COPY {Quote(staging)}.{Quote(table)} ({columns}) FROM STDIN (FORMAT BINARY)",
            [.. properties.Select(p => (p.ClrType, $"{table}.{p.GetColumnName(identifier)}"))],
            report,
            cancellationToken).ConfigureAwait(false);
        if (written != tableRows)
        {
            throw new InvalidOperationException($"COPY wrote {written:N0} rows into {table}, but the source has {tableRows:N0}; was the source changed during the load?");
        }

        return written;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task TryExecuteAsync(NpgsqlConnection connection, string sql)
    {
        try
        {
            await ExecuteAsync(connection, sql, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The connection is gone (e.g. the server stopped): the session's lock went with it, and the next
            // load drops the staging schema.
        }
        catch (InvalidOperationException)
        {
            // The connection was broken by a cancellation mid-command.
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <summary>
    /// The keys, indexes and foreign keys of the staged tables, taken off before the COPY and put back after it:
    /// building an index once over all rows is far cheaper than maintaining it row by row, and a foreign key added
    /// to a full table is checked with one join instead of one trigger call per row.
    /// </summary>
    private sealed record DeferredDefinitions(ImmutableArray<string> Drop, ImmutableArray<string> Create)
    {
        public static async Task<DeferredDefinitions> DetachAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
        {
            // In creation order: primary and unique keys, plain indexes, then foreign keys (they need the referenced
            // keys); dropped in the reverse order.
            const string Sql = """
                SELECT CASE c.contype WHEN 'f' THEN 2 ELSE 0 END AS step,
                       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
                       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
                FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE n.nspname = $1 AND c.contype IN ('p', 'u', 'f')
                UNION ALL
                SELECT 1, format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
                FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                ORDER BY 1, 2
                """;
            var found = new List<(string Drop, string Create)>();
            var command = new NpgsqlCommand(Sql, connection) { Parameters = { new NpgsqlParameter { Value = schema } } };
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        found.Add((reader.GetString(1), reader.GetString(2)));
                    }
                }
            }

            var definitions = new DeferredDefinitions([.. Enumerable.Reverse(found).Select(d => d.Drop)], [.. found.Select(d => d.Create)]);
            await ExecuteAsync(connection, string.Join(";\n", definitions.Drop), cancellationToken).ConfigureAwait(false);
            return definitions;
        }

        public Task AttachAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
            ExecuteAsync(connection, string.Join(";\n", Create), cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
