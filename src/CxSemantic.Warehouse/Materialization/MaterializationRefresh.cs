using System.Collections.Immutable;
using System.Diagnostics;
using CxSemantic.Compiler.Execution;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Warehouse.Materialization;

/// <summary>How a refresh brought a materialization up to date.</summary>
public enum RefreshMode
{
    /// <summary>It was current already: nothing written.</summary>
    Current,

    /// <summary>Rebuilt over the whole history (new definition, no table yet, or data that changed other than by appends).</summary>
    Full,

    /// <summary>Only what the appended data can change was recomputed.</summary>
    Incremental,

    /// <summary>Nothing to build (no data yet).</summary>
    Skipped,
}

/// <summary>What one refresher did to one materialized table.</summary>
/// <param name="Kind">The kind of materialization (journeys, rollups…).</param>
/// <param name="Source">The definition it materializes.</param>
/// <param name="Table">The table.</param>
/// <param name="Mode">How it was refreshed.</param>
/// <param name="Rows">Rows in the table after the refresh.</param>
/// <param name="Elapsed">Wall time of the refresh.</param>
/// <param name="Reason">Why this mode (for the log and the CLI).</param>
public sealed record RefreshOutcome(string Kind, string Source, string Table, RefreshMode Mode, long Rows, TimeSpan Elapsed, string Reason);

/// <summary>
/// Brings one kind of materialization up to date with the warehouse. Implementations build into a new table
/// (or change the table inside one transaction) and swap it in atomically with their registry row, so a cancelled
/// refresh leaves the previous table serving and readers never see a half-built one.
/// </summary>
public interface IMaterializationRefresher
{
    /// <summary>The kind of materialization refreshed (journeys, rollups…), for logs.</summary>
    string Kind { get; }

    /// <summary>Refreshes every materialization of this kind.</summary>
    Task<ImmutableArray<RefreshOutcome>> RefreshAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The refreshers of a warehouse, run by <c>cxsem refresh</c>, at server start and after ingestion. A new kind of
/// materialization adds its refresher to <see cref="For"/>; everything that refreshes picks it up.
/// </summary>
public static class MaterializationRefresh
{
    /// <summary>
    /// Every refresher for <paramref name="catalog"/> on a database that is both <paramref name="engine"/> and
    /// <paramref name="runner"/>; full journey builds stitch about <paramref name="contactsPerSlice"/> contacts per statement.
    /// </summary>
    public static ImmutableArray<IMaterializationRefresher> For(
        MetricCatalog catalog, ISqlEngine engine, ISqlStatementRunner runner, long contactsPerSlice = JourneyRefresher.DefaultContactsPerSlice) =>
    [
        new JourneyRefresher(catalog, engine, runner, contactsPerSlice),

        // After the journeys: journey rollups are built from the tables just refreshed.
        new RollupMaterializationRefresher(catalog, engine, runner),
    ];

    /// <summary>Runs <paramref name="refreshers"/> one after another (they share the database's cores).</summary>
    public static async Task<ImmutableArray<RefreshOutcome>> RunAsync(IEnumerable<IMaterializationRefresher> refreshers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refreshers);
        var outcomes = ImmutableArray.CreateBuilder<RefreshOutcome>();
        foreach (var refresher in refreshers)
        {
            outcomes.AddRange(await refresher.RefreshAsync(cancellationToken).ConfigureAwait(false));
        }

        return outcomes.ToImmutable();
    }

    /// <summary>Times <paramref name="work"/>.</summary>
    internal static async Task<(T Result, TimeSpan Elapsed)> TimedAsync<T>(Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        var result = await work().ConfigureAwait(false);
        return (result, clock.Elapsed);
    }
}
