using System.Globalization;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CxSemantic.Warehouse.Schema;

public static partial class WarehouseSchema
{
    /// <summary>Creates every warehouse table (and, in the full profile, its indexes) in a DuckDB database.</summary>
    /// <param name="connection">An open connection; the tables are created in its current schema.</param>
    /// <param name="profile">
    /// <see cref="SchemaProfile.Full"/> for keys, references and indexes; <see cref="SchemaProfile.BulkLoad"/> for
    /// fast appends (what <see cref="Demo.DemoWarehouseGenerator"/> uses).
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="DuckDBException">DuckDB rejects the DDL, e.g. because a table already exists.</exception>
    public static void CreateIn(DuckDBConnection connection, SchemaProfile profile = SchemaProfile.Full)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Execute(RenderDdl(SqlDialectKind.DuckDb, profile));
    }

    /// <summary>
    /// Rewrites a table created in the <see cref="SchemaProfile.BulkLoad"/> profile with its rows in the order of
    /// <paramref name="orderBy"/>, then its primary key (so the physical order is deterministic): the rows move to a
    /// table of their own, the table is created again from the model, the rows are inserted back in order, then the
    /// old table is dropped. DuckDB keeps a min/max per row group of every column, so a table in time order lets a
    /// time-bounded read skip all but the row groups of its range.
    /// </summary>
    /// <remarks>
    /// The rows go back in ranges of <paramref name="orderBy"/> of about <paramref name="valuesPerChunk"/> values
    /// each, in order: each range sorts in memory, where one sort of 700 million turns spilled more than the disk
    /// held. A rewrite interrupted before its old table was dropped is undone first (the old table holds every row
    /// until then).
    /// </remarks>
    /// <param name="connection">An open connection; the table is in its current schema.</param>
    /// <param name="table">The table's name in the model.</param>
    /// <param name="orderBy">The column to order by first (its name in the table).</param>
    /// <param name="valuesPerChunk">Values (rows × columns) sorted per statement.</param>
    /// <param name="cancellationToken">Stops the rewrite (DuckDB interrupts the statement).</param>
    /// <returns>The rows rewritten.</returns>
    /// <exception cref="ArgumentException"><paramref name="table"/> is not a table of the model.</exception>
    /// <exception cref="DuckDBException">DuckDB failed, e.g. because another table references this one.</exception>
    internal static long RewriteInOrder(
        DuckDBConnection connection, string table, string orderBy, long valuesPerChunk = ValuesPerRewriteChunk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var entity = OrderedTables.Value.FirstOrDefault(t => t.GetTableName() == table)
            ?? throw new ArgumentException($"'{table}' is not a table of the warehouse model.", nameof(table));
        var identifier = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var keys = entity.FindPrimaryKey()!.Properties.Select(p => MetadataDdlRenderer.Quote(p.GetColumnName(identifier)!));
        var quoted = MetadataDdlRenderer.Quote(table);
        var movedName = table + "__unordered";
        var moved = MetadataDdlRenderer.Quote(movedName);
        var time = MetadataDdlRenderer.Quote(orderBy);
        if (connection.QueryRows($"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{movedName}'") is [[> 0L, ..]])
        {
            connection.Execute($"DROP TABLE IF EXISTS {quoted}", cancellationToken);
            connection.Execute($"ALTER TABLE {moved} RENAME TO {quoted}", cancellationToken);
        }

        connection.Execute($"ALTER TABLE {quoted} RENAME TO {moved}", cancellationToken);
        connection.Execute(MetadataDdlRenderer.DuckDb.Render([entity], SchemaProfile.BulkLoad), cancellationToken);
        var insert = $"INSERT INTO {quoted} SELECT * FROM {moved} WHERE ";
        var order = $" ORDER BY {string.Join(", ", keys.Prepend(time))}";
        long rows = 0;
        if (connection.QueryRows($"SELECT min({time}), max({time}), count({time}) FROM {moved}") is [[DateTime first, DateTime last, var timed]])
        {
            var chunks = Math.Max(1, (long)Math.Ceiling(Convert.ToDouble(timed, CultureInfo.InvariantCulture) * entity.GetProperties().Count() / valuesPerChunk));
            var width = (((last - first).Ticks / chunks / TimeSpan.TicksPerMicrosecond) + 1) * TimeSpan.TicksPerMicrosecond; // DuckDB keeps microseconds
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                var from = first.AddTicks(width * chunk);
                var lower = chunk == 0 ? "" : $"{time} >= {Timestamp(from)} AND ";
                var upper = chunk == chunks - 1 ? $"{time} IS NOT NULL" : $"{time} < {Timestamp(from.AddTicks(width))}";
                rows += connection.Execute(insert + lower + upper + order, cancellationToken);
            }
        }

        rows += connection.Execute(insert + $"{time} IS NULL" + order, cancellationToken);
        connection.Execute($"DROP TABLE {moved}", cancellationToken);
        return rows;

        static string Timestamp(DateTime utc) => "TIMESTAMPTZ '" + utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00'";
    }

    /// <summary>Values (rows × columns) <see cref="RewriteInOrder"/> sorts per statement: about 3 GB of memory.</summary>
    internal const long ValuesPerRewriteChunk = 200_000_000;

    /// <summary>
    /// The data's watermark: the instant up to which the loaded data is complete (<c>warehouse_meta.watermark_at</c>).
    /// Confirmation windows still open at it are immature.
    /// </summary>
    /// <param name="connection">An open connection to a warehouse database.</param>
    /// <returns>The watermark (UTC), or null when no loader has recorded one yet.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="DuckDBException">The warehouse tables do not exist.</exception>
    public static DateTime? ReadWatermark(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rows = connection.QueryRows("SELECT watermark_at FROM warehouse_meta WHERE meta_id = 1");
        return rows.Count == 0 || rows[0][0] is null ? null : DateTime.SpecifyKind((DateTime)rows[0][0]!, DateTimeKind.Utc);
    }
}
