using CxSemantic.DuckDb;

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
    /// <exception cref="DuckDbException">DuckDB rejects the DDL, e.g. because a table already exists.</exception>
    public static void CreateIn(DuckDbConnection connection, SchemaProfile profile = SchemaProfile.Full)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Execute(RenderDdl(SqlDialect.DuckDb, profile));
    }
}
