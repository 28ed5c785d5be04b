using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Warehouse.Materialization;

/// <summary>
/// The rollups in <see cref="MaterializationRefresh.For"/>: runs <see cref="RollupRefresher"/> (partition by partition,
/// one transaction per table) and reports each table as a <see cref="RefreshOutcome"/>. Runs after the journey
/// refresher, so journey rollups are built from the journey tables current by then instead of stitching every
/// partition again (the same units; the definition hash does not depend on it). On SQL Server, where rollups are
/// not built, it does nothing and queries read raw rows.
/// </summary>
public sealed class RollupMaterializationRefresher(MetricCatalog catalog, ISqlEngine engine, ISqlStatementRunner runner) : IMaterializationRefresher
{
    /// <inheritdoc />
    public string Kind => RollupRefresher.Kind;

    /// <inheritdoc />
    public async Task<ImmutableArray<RefreshOutcome>> RefreshAsync(CancellationToken cancellationToken)
    {
        if (catalog.Rollups.IsEmpty || engine.Dialect == SqlDialectKind.TSql)
        {
            return [];
        }

        // One rollup refresh at a time, in the process and across processes sharing the database.
        using var span = WarehouseTelemetry.StartRefresh(Kind);
        var exclusion = await WarehouseTelemetry.StepAsync("wait for other refreshes", () => RefreshExclusion.EnterAsync(Kind, engine, cancellationToken)).ConfigureAwait(false);
        await using (exclusion.ConfigureAwait(false))
        {
            var journeys = await new MaterializedJourneys(catalog, engine).CurrentAsync(cancellationToken).ConfigureAwait(false);
            var refresher = new RollupRefresher(catalog, engine, runner, CompilerOptions.Default with { MaterializedJourneys = journeys });
            var results = await refresher.RefreshAsync(cancellationToken).ConfigureAwait(false);
            return [.. results.Select(Outcome)];
        }
    }

    private RefreshOutcome Outcome(RollupRefreshResult result)
    {
        var (mode, reason) = (result.Rebuilt.Length, result.Kept) switch
        {
            (0, var kept) => (RefreshMode.Current, $"{kept} partitions unchanged"),
            (var rebuilt, 0) => (RefreshMode.Full, $"{rebuilt} partitions built"),
            (var rebuilt, var kept) => (RefreshMode.Incremental, $"{rebuilt} partitions rebuilt ({string.Join(", ", result.Rebuilt)}), {kept} kept"),
        };
        return new RefreshOutcome(Kind, $"{result.Rollup}/{result.Metric}", result.Table, mode, result.Rows, result.Elapsed, reason);
    }
}
