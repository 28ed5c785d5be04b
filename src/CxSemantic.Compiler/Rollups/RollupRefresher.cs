using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Sql;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler.Rollups;

/// <summary>What one refresh did to one rollup table.</summary>
/// <param name="Rollup">The rollup.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Table">Its table.</param>
/// <param name="Rebuilt">Partitions (re)built, by key.</param>
/// <param name="Kept">Partitions found final, or built at the same data state, and only stamped with the watermark.</param>
/// <param name="Elapsed">How long its statements took.</param>
public sealed record RollupRefreshResult(string Rollup, string Metric, string Table, ImmutableArray<string> Rebuilt, int Kept, TimeSpan Elapsed)
{
    /// <summary>Rows in the table after the refresh.</summary>
    public long Rows { get; init; }
}

/// <summary>
/// Builds and refreshes the catalog's rollups in the warehouse, by partition. A partition is rebuilt when it is new,
/// was built for another definition, holds source rows it did not hold when built (appended or reloaded data), or
/// was not final at its watermark: some unit of it could still change (its journeys' horizon and look-ahead, or its
/// confirmation window, reached past the watermark) and the data changed since (watermark or data version). Other
/// partitions are only stamped with the new watermark. Each
/// table's statements (delete and insert of its partitions, registry rows, dropping tables of older definitions)
/// run in one <see cref="ISqlStatementRunner.ExecuteAsync"/> call, one transaction: readers see the previous rows
/// or the new ones, never half; an interrupted refresh leaves the previous one serving. The same transaction writes the
/// table's row in <see cref="MaterializationRegistry"/> (kind <see cref="Kind"/>) with the warehouse's data version,
/// so readers (<see cref="ReadAsync"/>) also drop tables built before data that changed without moving the watermark.
/// </summary>
/// <param name="catalog">The definitions.</param>
/// <param name="engine">Reads the warehouse (watermark, registry, source row counts).</param>
/// <param name="runner">Changes it (the same database).</param>
/// <param name="options">Compiler options (warehouse names).</param>
public sealed class RollupRefresher(MetricCatalog catalog, ISqlEngine engine, ISqlStatementRunner runner, CompilerOptions? options = null)
{
    private readonly CompilerOptions _options = (options ?? CompilerOptions.Default) with { Rollups = null };
    private readonly SqlRenderer _renderer = SqlRenderer.For(engine.Dialect);

    /// <summary>The kind of rollup tables in <see cref="MaterializationRegistry"/>.</summary>
    public const string Kind = "rollups";

    /// <summary>Refreshes every rollup of the catalog; returns what was done per table.</summary>
    /// <exception cref="NotSupportedException">The engine's dialect cannot hold rollups (SQL Server: not yet).</exception>
    public async Task<ImmutableArray<RollupRefreshResult>> RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (engine.Dialect == SqlDialectKind.TSql)
        {
            throw new NotSupportedException("Rollups are built on DuckDB and PostgreSQL; on SQL Server queries read raw rows.");
        }

        await runner.ExecuteAsync([Text(RegistryDdl), MaterializationRegistry.CreateSql], cancellationToken).ConfigureAwait(false);
        if (await DataStateAsync(engine, cancellationToken).ConfigureAwait(false) is not var (now, version))
        {
            return [];
        }

        var registry = await ReadRegistryRowsAsync(cancellationToken).ConfigureAwait(false);
        var results = ImmutableArray.CreateBuilder<RollupRefreshResult>();
        foreach (var rollup in catalog.Rollups.Values)
        {
            foreach (var name in rollup.Metrics)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await RefreshAsync(rollup, catalog.Metrics[name], now, version, registry, cancellationToken).ConfigureAwait(false) is { } result)
                {
                    results.Add(result);
                }
            }
        }

        return results.ToImmutable();
    }

    /// <summary>
    /// The registry as the planner reads it: the tables every partition of which is current at the warehouse's watermark,
    /// refreshed at its data version (no batch ingested since, even one that left the watermark where it was).
    /// </summary>
    public static async Task<RollupRegistry> ReadAsync(ISqlEngine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        IReadOnlyList<object?[]> rows;
        try
        {
            rows = await engine.QueryAsync(
                Text($"SELECT p.rollup_name, p.metric, p.table_name, p.definition_hash, MIN(p.watermark), MAX(p.watermark), SUM(p.row_count), MIN(m.data_version), MAX(m.data_version) " +
                     $"FROM {RollupColumns.RegistryTable} p LEFT JOIN {MaterializationRegistry.Table} m ON m.table_name = p.table_name AND m.kind = '{Kind}' " +
                     "GROUP BY p.rollup_name, p.metric, p.table_name, p.definition_hash"),
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqlEngineException)
        {
            return RollupRegistry.Empty; // no registry: nothing was ever built here
        }

        var state = await DataStateAsync(engine, cancellationToken).ConfigureAwait(false);
        var tables = rows
            .Where(r => state is var (watermark, version) && ToInstant(r[4]) == watermark && ToInstant(r[5]) == watermark && r[7] as string == version && r[8] as string == version)
            .Select(r => new RollupTable((string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!, CellValues.ToLong(r[6])))
            .ToImmutableArray();
        return new RollupRegistry(state?.Watermark, tables) { Stale = tables.IsEmpty && rows.Count > 0 };
    }

    /// <summary>The warehouse's watermark and data version (<see cref="MaterializationRegistry.DataStateSql"/>), or null before any data.</summary>
    private static async Task<(Instant Watermark, string Version)?> DataStateAsync(ISqlEngine engine, CancellationToken cancellationToken) =>
        await engine.QueryAsync(MaterializationRegistry.DataStateSql, cancellationToken).ConfigureAwait(false) is [[{ } watermark, string version]]
            ? (MaterializationRegistry.ToInstant(watermark), version)
            : null;

    private static string RegistryDdl =>
        $"CREATE TABLE IF NOT EXISTS {RollupColumns.RegistryTable} (rollup_name VARCHAR NOT NULL, metric VARCHAR NOT NULL, table_name VARCHAR NOT NULL, " +
        "definition_hash VARCHAR NOT NULL, partition_key VARCHAR NOT NULL, partition_start TIMESTAMPTZ NOT NULL, partition_end TIMESTAMPTZ NOT NULL, " +
        "watermark TIMESTAMPTZ NOT NULL, built_at TIMESTAMPTZ NOT NULL, final BOOLEAN NOT NULL, source_rows BIGINT NOT NULL, row_count BIGINT NOT NULL, " +
        "PRIMARY KEY (rollup_name, metric, definition_hash, partition_key))";

    private static SqlText Text(string sql) => new(sql, []);

    private static Instant? ToInstant(object? value) => value switch
    {
        DateTime d => Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset o => Instant.FromDateTimeOffset(o),
        _ => null,
    };

    private async Task<List<RegistryRow>> ReadRegistryRowsAsync(CancellationToken cancellationToken)
    {
        var rows = await engine.QueryAsync(
            Text($"SELECT p.rollup_name, p.metric, p.table_name, p.definition_hash, p.partition_key, p.final, p.source_rows, p.watermark, m.data_version " +
                 $"FROM {RollupColumns.RegistryTable} p LEFT JOIN {MaterializationRegistry.Table} m ON m.table_name = p.table_name AND m.kind = '{Kind}'"),
            cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new RegistryRow((string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!, (string)r[4]!, r[5] is true, CellValues.ToLong(r[6]), ToInstant(r[7]), r[8] as string))];
    }

    private async Task<RollupRefreshResult?> RefreshAsync(Rollup rollup, Metric metric, Instant watermark, string version, List<RegistryRow> registry, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var hash = RollupDefinitions.Hash(catalog, _options, rollup, metric, engine.Dialect);
        var table = RollupColumns.Table(rollup.Name, hash);
        var plan = RollupDefinitions.PlanOf(catalog, rollup, metric, []);
        var source = SourceTime(plan);
        var range = await engine.QueryAsync(_renderer.Render(new SqlSelect
        {
            Columns = [new SqlSelectItem(new SqlAggregate(SqlAggregateName.Min, source), "first"), new SqlSelectItem(new SqlAggregate(SqlAggregateName.Max, source), "last")],
            From = new SqlTable(plan.Model.Table, "s"),
        }), cancellationToken).ConfigureAwait(false);
        if (ToInstant(range[0][0]) is not { } first || ToInstant(range[0][1]) is not { } last)
        {
            return null; // no source rows: nothing to roll up
        }

        var partitions = RollupCalendar.Partitions(rollup, first, last > watermark ? last : watermark);
        var counts = await SourceRowsAsync(plan, partitions, cancellationToken).ConfigureAwait(false);
        var mine = registry.Where(r => r.Rollup == rollup.Name && r.Metric == metric.Name).ToArray();
        var built = mine.Where(r => r.Hash == hash).ToDictionary(r => r.Partition, StringComparer.Ordinal);
        var tableExists = built.Count > 0;
        var reach = Reach(plan);
        var statements = ImmutableArray.CreateBuilder<SqlText>();
        var rebuilt = ImmutableArray.CreateBuilder<string>();
        var kept = 0;
        foreach (var obsolete in mine.Where(r => r.Hash != hash).Select(r => r.Table).Distinct(StringComparer.Ordinal))
        {
            statements.Add(Text($"DROP TABLE IF EXISTS {obsolete}"));
            statements.Add(MaterializationRegistry.Delete(obsolete));
        }

        statements.Add(Text($"DELETE FROM {RollupColumns.RegistryTable} WHERE rollup_name = {_renderer.Literal(rollup.Name)} AND metric = {_renderer.Literal(metric.Name)} AND definition_hash <> {_renderer.Literal(hash)}"));
        for (var i = 0; i < partitions.Length; i++)
        {
            var partition = partitions[i];
            var key = Where(rollup, metric, hash, partition);
            var final = partition.End + reach <= watermark;
            // Kept: a final partition whose rows still count the same, or any partition built at this very data state
            // (a refresh with nothing new, e.g. at every server start, rebuilds nothing).
            if (built.TryGetValue(partition.Key, out var row) && row.SourceRows == counts[i] &&
                (row.Final || (row.Watermark == watermark && row.DataVersion == version)))
            {
                statements.Add(Text($"UPDATE {RollupColumns.RegistryTable} SET watermark = {_renderer.Literal(watermark)} WHERE {key}"));
                kept++;
                continue;
            }

            var build = RollupDefinitions.BuildQuery(catalog, _options, rollup, metric, partition, engine.Dialect);
            if (!tableExists)
            {
                statements.Add(Text($"DROP TABLE IF EXISTS {table}"));
                statements.Add(build with { Text = $"CREATE TABLE {table} AS SELECT * FROM ({build.Text}) AS b" });
                tableExists = true;
            }
            else
            {
                statements.Add(Text($"DELETE FROM {table} WHERE {RollupColumns.BucketStart} >= {_renderer.Literal(partition.Start)} AND {RollupColumns.BucketStart} < {_renderer.Literal(partition.End)}"));
                statements.Add(build with { Text = $"INSERT INTO {table} SELECT * FROM ({build.Text}) AS b" });
            }

            statements.Add(Text($"DELETE FROM {RollupColumns.RegistryTable} WHERE {key}"));
            statements.Add(Text(
                $"INSERT INTO {RollupColumns.RegistryTable} SELECT {_renderer.Literal(rollup.Name)}, {_renderer.Literal(metric.Name)}, {_renderer.Literal(table)}, {_renderer.Literal(hash)}, " +
                $"{_renderer.Literal(partition.Key)}, {_renderer.Literal(partition.Start)}, {_renderer.Literal(partition.End)}, {_renderer.Literal(watermark)}, " +
                $"{_renderer.Literal(SystemClock.Instance.GetCurrentInstant())}, {(final ? "TRUE" : "FALSE")}, {counts[i].ToString(CultureInfo.InvariantCulture)}, COUNT(*) " +
                $"FROM {table} WHERE {RollupColumns.BucketStart} >= {_renderer.Literal(partition.Start)} AND {RollupColumns.BucketStart} < {_renderer.Literal(partition.End)}"));
            rebuilt.Add(partition.Key);
        }

        var entry = new MaterializationEntry(
            table, Kind, $"{rollup.Name}/{metric.Name}", hash, watermark, version, $"{partitions.Length} partitions from {partitions[0].Key}", SystemClock.Instance.GetCurrentInstant(), 0);
        statements.AddRange(MaterializationRegistry.Upsert(engine.Dialect, entry));
        statements.Add(MaterializationRegistry.CountRows(table));
        await runner.ExecuteAsync(statements.ToImmutable(), cancellationToken).ConfigureAwait(false);
        var rows = await engine.QueryAsync(Text($"SELECT row_count FROM {MaterializationRegistry.Table} WHERE table_name = {_renderer.Literal(table)}"), cancellationToken).ConfigureAwait(false);
        return new RollupRefreshResult(rollup.Name, metric.Name, table, rebuilt.ToImmutable(), kept, clock.Elapsed) { Rows = CellValues.ToLong(rows[0][0]) };
    }

    private string Where(Rollup rollup, Metric metric, string hash, RollupPartition partition) =>
        $"rollup_name = {_renderer.Literal(rollup.Name)} AND metric = {_renderer.Literal(metric.Name)} AND definition_hash = {_renderer.Literal(hash)} AND partition_key = {_renderer.Literal(partition.Key)}";

    /// <summary>The unit's source time column (journeys: their contacts' start, which bounds the journeys' starts).</summary>
    private static SqlColumn SourceTime(MetricPlan plan) =>
        new("s", plan.Model.TimeColumn ?? throw new InvalidOperationException($"Metric '{plan.Metric.Name}' has no unit time; it cannot be rolled up by time."));

    /// <summary>Source rows per partition (one scan): a partition whose count changed has new or changed data.</summary>
    private async Task<long[]> SourceRowsAsync(MetricPlan plan, ImmutableArray<RollupPartition> partitions, CancellationToken cancellationToken)
    {
        var time = SourceTime(plan);
        var rows = await engine.QueryAsync(_renderer.Render(new SqlSelect
        {
            Columns = [.. partitions.Select((p, i) => new SqlSelectItem(
                new SqlAggregate(SqlAggregateName.Count, null, Filter: new SqlBinary(
                    SqlBinaryOperator.And,
                    new SqlBinary(SqlBinaryOperator.GreaterOrEqual, time, new SqlInstant(p.Start)),
                    new SqlBinary(SqlBinaryOperator.Less, time, new SqlInstant(p.End)))),
                $"p{i}"))],
            From = new SqlTable(plan.Model.Table, "s"),
        }), cancellationToken).ConfigureAwait(false);
        return [.. rows[0].Select(CellValues.ToLong)];
    }

    /// <summary>
    /// How long after a unit's start it can still change: a journey's window (a contact at the partition's end may
    /// extend one), horizon and the longest look-ahead of related facts; a confirmation window; and the look-ahead of
    /// the model's windowed related facts. Related rows without a window belong to the contact itself and arrive with it.
    /// </summary>
    private static Duration Reach(MetricPlan plan)
    {
        var lookAhead = plan.Model.Dimensions.Select(d => d.Related?.Within?.Duration ?? Duration.Zero).DefaultIfEmpty(Duration.Zero).Max();
        var confirmation = plan.Metric.Confirmation.Window?.Duration ?? Duration.Zero;
        return plan.Journey is { } journey
            ? journey.Window.Duration + journey.Horizon.Duration + lookAhead
            : confirmation + lookAhead;
    }

    /// <summary>A partition as built: at <paramref name="Watermark"/>, its table last refreshed at <paramref name="DataVersion"/>.</summary>
    private sealed record RegistryRow(string Rollup, string Metric, string Table, string Hash, string Partition, bool Final, long SourceRows, Instant? Watermark, string? DataVersion);
}
