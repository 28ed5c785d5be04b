using System.Collections.Immutable;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Definitions.Model;
using CxSemantic.Warehouse.Materialization;
using CxSemantic.Warehouse.Tests.PostgreSql;

namespace CxSemantic.Warehouse.Tests.Materialization;

/// <summary>
/// A warehouse (DuckDB or PostgreSQL) with its journeys materialized: an executor that stitches at query time,
/// one that reads the materialized tables when current, and the refresher.
/// </summary>
internal sealed class MaterializedWarehouse(ISqlEngine engine, ISqlStatementRunner runner)
{
    public static MetricCatalog Catalog => PostgreSqlWarehouseFixture.Catalog;

    public ISqlEngine Engine { get; } = engine;

    public ISqlStatementRunner Runner { get; } = runner;

    public MetricQueryExecutor Stitched { get; } = new(Catalog, engine);

    public MaterializedJourneys Journeys { get; } = new(Catalog, engine);

    public MetricQueryExecutor Materialized => new(Catalog, Engine, materializations: Journeys);

    public JourneyMaterialization Intent { get; } = JourneyMaterialization.For(Catalog, Catalog.Journeys["intent_journey"], engine.Dialect);

    public Task<ImmutableArray<RefreshOutcome>> RefreshAsync(CancellationToken cancellationToken = default) =>
        MaterializationRefresh.RunAsync(JourneyRefreshers(Catalog, Engine, Runner), cancellationToken);

    /// <summary>
    /// The journey refresher of <see cref="MaterializationRefresh.For"/>: these tests are about journey tables (the
    /// rollups in the same list have theirs in tests/CxSemantic.Compiler.Tests/Rollups and the server's tests).
    /// </summary>
    public static IEnumerable<IMaterializationRefresher> JourneyRefreshers(MetricCatalog catalog, ISqlEngine engine, ISqlStatementRunner runner) =>
        MaterializationRefresh.For(catalog, engine, runner).Where(r => r.Kind == JourneyMaterialization.Kind);

    /// <summary>The names of the metrics whose unit is a journey.</summary>
    public static ImmutableArray<string> JourneyMetrics { get; } =
        [.. Catalog.Metrics.Values.Where(m => Catalog.Journeys.ContainsKey(m.UnitOfAnalysis)).Select(m => m.Name).Order(StringComparer.Ordinal)];
}
