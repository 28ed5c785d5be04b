using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Migrations;
using CxSemantic.Warehouse.Migrations.SqlServer;
using CxSemantic.Warehouse.Schema;
using Microsoft.Data.SqlClient;

namespace CxSemantic.Warehouse.Loading.SqlServer;

/// <summary>Options of a SQL Server load.</summary>
public sealed record SqlServerLoadOptions
{
    /// <summary>The schema the loaded rows are built in before the swap; dropped afterwards.</summary>
    public string StagingSchema { get; init; } = "cxsem_staging";

    /// <summary>Tables copied at the same time, each over its own connection (at least 1).</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>Rows per SqlBulkCopy batch (each batch is one transaction on the server).</summary>
    public int BatchSize { get; init; } = 100_000;
}

/// <summary>
/// Copies a warehouse from DuckDB into SQL Server, idempotently and atomically, with the PostgreSQL loader's staging +
/// swap semantics: the load builds a complete new warehouse in a staging schema — tables from EF Core's SqlServer
/// script for that schema (the frozen migration's DDL, schema-qualified), rows by <see cref="SqlBulkCopy"/> streamed
/// from DuckDB one chunk at a time, then every CHECK and foreign key validated over the copied rows at once
/// (<c>WITH CHECK CHECK CONSTRAINT ALL</c>: the bulk copy skips them row by row) and statistics updated — and then,
/// in one transaction, drops the live warehouse tables of the connection's default schema, transfers the new ones in
/// (<c>ALTER SCHEMA … TRANSFER</c>) and records the migrations in <c>__EFMigrationsHistory</c>. Readers see the old
/// warehouse or the new one; re-running replaces the rows; a failed or cancelled load drops its staging schema and
/// leaves the live tables as they were.
/// </summary>
public static class SqlServerWarehouseLoader
{
    /// <summary>The application lock (<c>sp_getapplock</c>) held for a whole load: two loads into one database never interleave.</summary>
    internal const string LoadLockResource = "cxsemantic-load";

    /// <summary>Whether the connection's default schema already holds a warehouse of this version (the newest migration and the meta row).</summary>
    /// <param name="connectionString">The SQL Server database.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public static async Task<bool> HasWarehouseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var connection = new SqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var tables = await ScalarAsync(
                connection,
                $"SELECT CASE WHEN OBJECT_ID(N'{Quote(WarehouseMigrations.HistoryTable)}') IS NOT NULL AND OBJECT_ID(N'[warehouse_meta]') IS NOT NULL THEN 1 ELSE 0 END",
                cancellationToken).ConfigureAwait(false);
            return Equals(tables, 1) && Equals(
                await ScalarAsync(
                    connection,
                    $"SELECT CASE WHEN EXISTS (SELECT 1 FROM {Quote(WarehouseMigrations.HistoryTable)} WHERE [MigrationId] = N'{SqlServerWarehouseMigrations.LatestId}') AND EXISTS (SELECT 1 FROM [warehouse_meta]) THEN 1 ELSE 0 END",
                    cancellationToken).ConfigureAwait(false),
                1);
        }
    }

    /// <summary>Loads every warehouse table of <paramref name="source"/> into <paramref name="connectionString"/>'s database, replacing any warehouse it has.</summary>
    /// <param name="source">A DuckDB database holding the warehouse.</param>
    /// <param name="connectionString">The SQL Server database; the warehouse goes in the login's default schema.</param>
    /// <param name="options">Load options; null for the defaults.</param>
    /// <param name="progress">Receives progress after each batch and stage; may be null.</param>
    /// <param name="cancellationToken">Stops the load; the live warehouse is left as it was.</param>
    /// <returns>Rows per table and the time taken.</returns>
    /// <exception cref="SqlException">SQL Server rejects the schema or the data.</exception>
    /// <exception cref="InvalidOperationException">Another load into the same database is running, or the source changed during the load.</exception>
    public static async Task<PostgreSqlLoadSummary> LoadFromDuckDbAsync(
        DuckDbDatabase source,
        string connectionString,
        SqlServerLoadOptions? options = null,
        IProgress<PostgreSqlLoadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(connectionString);
        options ??= new SqlServerLoadOptions();
        var clock = Stopwatch.StartNew();
        var staging = options.StagingSchema;
        var tables = WarehouseSchema.TableNames;

        var session = new SqlConnection(connectionString);
        await using (session.ConfigureAwait(false))
        {
            await session.OpenAsync(cancellationToken).ConfigureAwait(false);
            var granted = await ScalarAsync(
                session,
                $"DECLARE @r int; EXEC @r = sp_getapplock @Resource = N'{LoadLockResource}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT @r",
                cancellationToken).ConfigureAwait(false);
            if (granted is not int result || result < 0)
            {
                throw new InvalidOperationException(
                    $"Another CxSemantic load into database '{session.Database}' is running; wait for it to finish (each load replaces the whole warehouse).");
            }

            var live = (string)(await ScalarAsync(session, "SELECT SCHEMA_NAME()", cancellationToken).ConfigureAwait(false))!;
            var swapped = false;
            try
            {
                // A staging schema left by a killed load is dropped first.
                await ExecuteAsync(session, DropStagingScript(staging), cancellationToken).ConfigureAwait(false);
                foreach (var batch in Batches(WarehouseSchema.RenderSqlServer(staging)))
                {
                    await ExecuteAsync(session, batch, cancellationToken).ConfigureAwait(false);
                }

                var copy = Stopwatch.StartNew();
                var counts = await CopyTablesAsync(source, connectionString, staging, tables, options, progress, cancellationToken).ConfigureAwait(false);
                var copyElapsed = copy.Elapsed;
                var total = counts.Sum(c => c.Value);

                progress?.Report(new PostgreSqlLoadProgress("", total, total, total, PostgreSqlLoadStage.Indexing));
                await ExecuteAsync(session, string.Concat(tables.Select(t => $"ALTER TABLE {Quote(staging)}.{Quote(t)} WITH CHECK CHECK CONSTRAINT ALL;\n")), cancellationToken).ConfigureAwait(false);

                progress?.Report(new PostgreSqlLoadProgress("", total, total, total, PostgreSqlLoadStage.Analyzing));
                await ExecuteAsync(session, string.Concat(tables.Select(t => $"UPDATE STATISTICS {Quote(staging)}.{Quote(t)};\n")), cancellationToken).ConfigureAwait(false);

                progress?.Report(new PostgreSqlLoadProgress("", total, total, total, PostgreSqlLoadStage.Swapping));
                var transaction = (SqlTransaction)await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await ExecuteAsync(session, SwapScript(staging, live, tables), cancellationToken, transaction).ConfigureAwait(false);
                    await ExecuteAsync(session, SqlServerWarehouseMigrations.RecordAppliedScript(), cancellationToken, transaction).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                swapped = true;
                return new PostgreSqlLoadSummary(counts, clock.Elapsed, copyElapsed);
            }
            finally
            {
                if (!swapped)
                {
                    // Best effort, even when cancelled: the staging schema is never part of the warehouse.
                    await TryExecuteAsync(session, DropStagingScript(staging)).ConfigureAwait(false);
                }

                await TryExecuteAsync(session, $"EXEC sp_releaseapplock @Resource = N'{LoadLockResource}', @LockOwner = 'Session'").ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Drops the live tables (children before parents, so a view or foreign key of the user's on a warehouse table fails
    /// the swap instead of being dropped with it), transfers the staged ones in (parents first) and drops the staging schema.
    /// </summary>
    internal static string SwapScript(string staging, string live, IReadOnlyList<string> tables)
    {
        var script = new StringBuilder();
        foreach (var table in tables.Reverse())
        {
            var name = Quote(live) + "." + Quote(table);
            script.Append("IF OBJECT_ID(N'").Append(name.Replace("'", "''", StringComparison.Ordinal)).Append("', N'U') IS NOT NULL DROP TABLE ").Append(name).Append(";\n");
        }

        foreach (var table in tables)
        {
            script.Append("ALTER SCHEMA ").Append(Quote(live)).Append(" TRANSFER ").Append(Quote(staging)).Append('.').Append(Quote(table)).Append(";\n");
        }

        return script.Append("DROP SCHEMA ").Append(Quote(staging)).Append(";\n").ToString();
    }

    /// <summary>Drops the staging schema and every table in it (foreign keys first), if it exists.</summary>
    internal static string DropStagingScript(string staging)
    {
        var literal = "N'" + staging.Replace("'", "''", StringComparison.Ordinal) + "'";
        return $"""
            DECLARE @sql nvarchar(max) = N'';
            SELECT @sql += N'ALTER TABLE ' + QUOTENAME(s.name) + N'.' + QUOTENAME(t.name) + N' DROP CONSTRAINT ' + QUOTENAME(f.name) + N';'
            FROM sys.foreign_keys f JOIN sys.tables t ON t.object_id = f.parent_object_id JOIN sys.schemas s ON s.schema_id = t.schema_id
            WHERE s.name = {literal};
            SELECT @sql += N'DROP TABLE ' + QUOTENAME(s.name) + N'.' + QUOTENAME(t.name) + N';'
            FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id
            WHERE s.name = {literal};
            EXEC sp_executesql @sql;
            IF SCHEMA_ID({literal}) IS NOT NULL EXEC(N'DROP SCHEMA ' + {Literal(Quote(staging))});
            """;

        static string Literal(string text) => "N'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The batches of a script in <c>GO</c>-separated batches (EF Core's SqlServer scripts), without empty ones.</summary>
    internal static ImmutableArray<string> Batches(string script) =>
    [
        .. System.Text.RegularExpressions.Regex.Split(script.ReplaceLineEndings("\n"), @"^[ \t]*GO[ \t]*$", System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            .Select(b => b.Trim())
            .Where(b => b.Length > 0),
    ];

    /// <summary>Copies the tables, largest first, over up to <see cref="SqlServerLoadOptions.Parallelism"/> connections at once.</summary>
    private static async Task<ImmutableArray<KeyValuePair<string, long>>> CopyTablesAsync(
        DuckDbDatabase source,
        string connectionString,
        string staging,
        ImmutableArray<string> tables,
        SqlServerLoadOptions options,
        IProgress<PostgreSqlLoadProgress>? progress,
        CancellationToken cancellationToken)
    {
        long[] sizes;
        using (var duck = source.Connect())
        {
            sizes = [.. tables.Select(t => DuckDbRowSource.Count(duck, t))];
        }

        var copied = new long[tables.Length];
        var total = 0L;
        var order = Enumerable.Range(0, tables.Length).OrderByDescending(i => sizes[i]);
        await Parallel.ForEachAsync(
            order,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var table = tables[index];
                var columns = SqlServerBulkCopyMapping.For(table);
                var connection = new SqlConnection(connectionString);
                await using (connection.ConfigureAwait(false))
                {
                    await connection.OpenAsync(token).ConfigureAwait(false);
                    using var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.TableLock | SqlBulkCopyOptions.KeepNulls, null)
                    {
                        DestinationTableName = Quote(staging) + "." + Quote(table),
                        BatchSize = options.BatchSize,
                        BulkCopyTimeout = 0,
                        EnableStreaming = true,
                        NotifyAfter = 10_000,
                    };
                    foreach (var column in columns)
                    {
                        bulk.ColumnMappings.Add(column.Name, column.Name);
                    }

                    var reported = 0L;
                    bulk.SqlRowsCopied += (_, e) =>
                    {
                        var delta = e.RowsCopied - reported;
                        reported = e.RowsCopied;
                        progress?.Report(new PostgreSqlLoadProgress(table, e.RowsCopied, sizes[index], Interlocked.Add(ref total, delta)));
                    };

                    using var duck = source.Connect();
                    using var reader = new RowDataReader(columns, DuckDbRowSource.Rows(duck, table, columns, token));
                    await bulk.WriteToServerAsync(reader, token).ConfigureAwait(false);
                    if (reader.RowsRead != sizes[index])
                    {
                        throw new InvalidOperationException($"The bulk copy wrote {reader.RowsRead:N0} rows into {table}, but the source has {sizes[index]:N0}; was the source changed during the load?");
                    }

                    progress?.Report(new PostgreSqlLoadProgress(table, reader.RowsRead, sizes[index], Interlocked.Add(ref total, reader.RowsRead - reported)));
                    copied[index] = reader.RowsRead;
                }
            }).ConfigureAwait(false);
        return [.. tables.Select((t, i) => new KeyValuePair<string, long>(t, copied[i]))];
    }

    private static async Task ExecuteAsync(SqlConnection connection, string sql, CancellationToken cancellationToken, SqlTransaction? transaction = null)
    {
        var command = new SqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task TryExecuteAsync(SqlConnection connection, string sql)
    {
        try
        {
            await ExecuteAsync(connection, sql, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SqlException)
        {
            // The connection is gone: the session's application lock went with it, and the next load drops the staging schema.
        }
        catch (InvalidOperationException)
        {
            // The connection was broken by a cancellation mid-command.
        }
    }

    private static async Task<object?> ScalarAsync(SqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new SqlCommand(sql, connection) { CommandTimeout = 0 };
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Quote(string identifier) => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";
}
