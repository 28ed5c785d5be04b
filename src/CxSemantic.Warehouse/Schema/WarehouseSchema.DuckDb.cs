using CxSemantic.Compiler.Dialects;
using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;

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
