using System.Collections.Immutable;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Schema;
using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.Demo;

/// <summary>
/// The demo's fact tables stored as a warehouse loaded day by day stores them: in time order. The generator appends
/// customer by customer, so without this every row group would span the whole history, and DuckDB's zone maps (a
/// min/max per row group) could skip nothing — a refresh reading the rows since its last watermark, or a query
/// reading a month, would read every row group. Production loads (<c>cxsem ingest</c>, a nightly batch) append in
/// time order already.
/// </summary>
public static class TimeOrderedLayout
{
    /// <summary>Each fact table and the time its rows are ordered by (the time a loader would append them at).</summary>
    public static ImmutableArray<(string Table, string TimeColumn)> FactTables { get; } =
    [
        ("interactions", "started_at"),
        ("turns", "occurred_at"),
        ("handoffs", "occurred_at"),
        ("evaluations", "evaluated_at"),
        ("human_labels", "labeled_at"),
        ("surveys", "responded_at"),
        ("system_events", "occurred_at"),
        ("suggestions", "shown_at"),
        ("policy_events", "occurred_at"),
        ("crm_writes", "written_at"),
    ];

    /// <summary>
    /// Rewrites every fact table in time order (then key order), one table at a time, so the file grows by about
    /// the largest table. Only for tables created in the <see cref="SchemaProfile.BulkLoad"/> profile
    /// (no keys reference them).
    /// </summary>
    /// <param name="connection">An open connection to the warehouse.</param>
    /// <param name="cancellationToken">Cancels the rewrite.</param>
    /// <returns>The rows rewritten.</returns>
    /// <exception cref="DuckDBException">DuckDB failed (e.g. out of disk for the copy).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static long Apply(DuckDBConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        long rows = 0;
        foreach (var (table, time) in FactTables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows += WarehouseSchema.RewriteInOrder(connection, table, time, cancellationToken: cancellationToken);

            // The old copy's blocks become free only at a checkpoint: then the next table's copy reuses them, and
            // the file ends about one table larger than the data instead of twice its size.
            connection.Execute("CHECKPOINT", cancellationToken);
        }

        return rows;
    }
}
