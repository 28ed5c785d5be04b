using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Compiler.Sql;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Warehouse.Materialization;

/// <summary>
/// Keeps each journey definition's materialized table (<see cref="JourneyMaterialization"/>) current. When the
/// table was built at an earlier watermark and every row added since is timed at or after it (the older rows of
/// every table it reads still count the same), only the journeys the new rows can change are recomputed, in one
/// transaction with the registry row (the changed identities are collected before it, into scratch tables only the
/// refresh reads); otherwise the table is rebuilt into a new table and swapped in.
/// </summary>
/// <remarks>
/// A full build stitches the identities in slices of about <paramref name="contactsPerSlice"/> contacts (by a hash
/// of the identity), one statement each, into the build table: each slice's sort fits in memory where one sort of
/// a hundred million contacts spills tens of gigabytes to disk.
/// </remarks>
public sealed class JourneyRefresher(MetricCatalog catalog, ISqlEngine engine, ISqlStatementRunner runner, long contactsPerSlice = JourneyRefresher.DefaultContactsPerSlice)
    : IMaterializationRefresher
{
    /// <summary>Contacts a full build stitches per statement by default.</summary>
    public const long DefaultContactsPerSlice = 5_000_000;

    private const string BuildSuffix = "_build";

    /// <summary>Beyond this, slices would cost more in rescans of the joined tables than their sorts save.</summary>
    private const int MaxSlices = 256;

    /// <inheritdoc />
    public string Kind => JourneyMaterialization.Kind;

    /// <inheritdoc />
    public async Task<ImmutableArray<RefreshOutcome>> RefreshAsync(CancellationToken cancellationToken)
    {
        // One journey refresh at a time, in the process and across processes sharing the database.
        using var span = WarehouseTelemetry.StartRefresh(Kind);
        var exclusion = await WarehouseTelemetry.StepAsync("wait for other refreshes", () => RefreshExclusion.EnterAsync(Kind, engine, cancellationToken)).ConfigureAwait(false);
        await using (exclusion.ConfigureAwait(false))
        {
            await runner.ExecuteAsync([MaterializationRegistry.CreateSql], cancellationToken).ConfigureAwait(false);
            var outcomes = ImmutableArray.CreateBuilder<RefreshOutcome>();
            foreach (var materialization in JourneyMaterialization.All(catalog, engine.Dialect))
            {
                using var tableSpan = WarehouseTelemetry.StartTableRefresh(materialization.Journey.Name, materialization.TableName);
                var (outcome, elapsed) = await MaterializationRefresh.TimedAsync(() => RefreshAsync(materialization, cancellationToken)).ConfigureAwait(false);
                outcomes.Add(outcome with { Elapsed = elapsed });
                WarehouseTelemetry.Ended(tableSpan, outcome.Mode.ToString(), outcome.Rows);
            }

            return outcomes.ToImmutable();
        }
    }

    private async Task<RefreshOutcome> RefreshAsync(JourneyMaterialization materialization, CancellationToken cancellationToken)
    {
        RefreshOutcome Outcome(RefreshMode mode, long rows, string reason) =>
            new(Kind, materialization.Journey.Name, materialization.TableName, mode, rows, TimeSpan.Zero, reason);

        var state = await engine.QueryAsync(MaterializationRegistry.DataStateSql, cancellationToken).ConfigureAwait(false);
        if (state is not [[{ } watermarkValue, string version]])
        {
            return Outcome(RefreshMode.Skipped, 0, "the warehouse has no watermark yet");
        }

        var watermark = MaterializationRegistry.ToInstant(watermarkValue);
        var entries = (await engine.QueryAsync(MaterializationRegistry.SelectSql(Kind), cancellationToken).ConfigureAwait(false))
            .Select(MaterializationRegistry.Read)
            .Where(e => e.SourceName == materialization.Journey.Name)
            .ToList();
        var previous = entries.FirstOrDefault(e => e.TableName == materialization.TableName && e.DefinitionHash == materialization.DefinitionHash);
        if (previous is not null && previous.WatermarkAt == watermark && previous.DataVersion == version)
        {
            return Outcome(RefreshMode.Current, previous.RowCount, $"current at {watermark}");
        }

        // Counted before anything is read: rows that arrive while refreshing are then either recomputed next
        // time (timed at or after this watermark) or change these counts and force a rebuild. The counts at the
        // previous watermark, which tell appends from other changes, come from the same scans (the last column; the
        // only one when the watermark has not moved).
        var since = previous is not null && previous.WatermarkAt <= watermark ? previous.WatermarkAt : (Instant?)null;
        var counts = await WarehouseTelemetry.StepAsync(
            "count the rows read",
            () => CountReadsAsync(materialization, since is { } at && at != watermark ? [watermark, at] : [watermark], cancellationToken)).ConfigureAwait(false);
        var fingerprint = Fingerprint(counts, 0);
        var entry = new MaterializationEntry(
            materialization.TableName, Kind, materialization.Journey.Name, materialization.DefinitionHash, watermark, version, fingerprint, SystemClock.Instance.GetCurrentInstant(), 0);
        var register = MaterializationRegistry.Upsert(engine.Dialect, entry).Add(MaterializationRegistry.CountRows(materialization.TableName));
        string reason;
        if (previous is null)
        {
            reason = entries.Count == 0 ? "no table yet" : "the definition changed";
        }
        else if (since is null)
        {
            reason = "the watermark moved back";
        }
        else if (Fingerprint(counts, counts[0].Rows.Length - 1) != previous.Fingerprint)
        {
            reason = $"rows before {previous.WatermarkAt} changed";
        }
        else
        {
            // Two steps: the changed identities' frontiers are read in between, so the re-stitch can bound its
            // scan by a constant the engine skips storage by.
            await WarehouseTelemetry.StepAsync(
                "collect the changed identities",
                () => runner.ExecuteAsync(materialization.CollectChanges(materialization.TableName, previous.WatermarkAt), cancellationToken)).ConfigureAwait(false);
            var earliest = await WarehouseTelemetry.StepAsync(
                "find the earliest change",
                () => engine.QueryAsync(materialization.EarliestChange(materialization.TableName), cancellationToken)).ConfigureAwait(false);
            var earliestChange = earliest is [[{ } value]] ? MaterializationRegistry.ToInstant(value) : (Instant?)null;
            await WarehouseTelemetry.StepAsync(
                "re-stitch the changed journeys",
                () => runner.ExecuteAsync(materialization.ApplyChanges(materialization.TableName, earliestChange).AddRange(register), cancellationToken)).ConfigureAwait(false);
            return Outcome(RefreshMode.Incremental, await RowsAsync(materialization.TableName, cancellationToken).ConfigureAwait(false), $"appended since {previous.WatermarkAt}");
        }

        // Built beside the serving table, then swapped in with the registry in one transaction; tables of older
        // definitions of the journey go in the same transaction.
        var build = materialization.TableName + BuildSuffix;
        await runner.ExecuteAsync([MaterializationRegistry.DropTable(build)], cancellationToken).ConfigureAwait(false);

        // The contacts (the first table read) set the slices; each slice commits on its own, since the build
        // table is nobody's until the swap, and one transaction would hold every slice's rows in memory.
        var perSlice = Math.Max(1, contactsPerSlice);
        var slices = (int)Math.Clamp((counts[0].Rows[0] + perSlice - 1) / perSlice, 1, MaxSlices);
        foreach (var (statement, slice) in materialization.CreateTableInSlices(build, slices).Select((s, i) => (s, i)))
        {
            await WarehouseTelemetry.StepAsync(
                FormattableString.Invariant($"stitch slice {slice + 1} of {slices}"),
                () => runner.ExecuteAsync([statement], cancellationToken)).ConfigureAwait(false);
        }

        var swap = ImmutableArray.CreateBuilder<SqlText>();
        foreach (var old in entries.Where(e => e.TableName != materialization.TableName))
        {
            swap.Add(MaterializationRegistry.DropTable(old.TableName));
            swap.Add(MaterializationRegistry.Delete(old.TableName));
        }

        swap.Add(MaterializationRegistry.DropTable(materialization.TableName));
        swap.Add(new SqlText($"ALTER TABLE {build} RENAME TO {materialization.TableName}", []));
        swap.AddRange(register);
        await WarehouseTelemetry.StepAsync("swap the table in", () => runner.ExecuteAsync(swap.ToImmutable(), cancellationToken)).ConfigureAwait(false);
        return Outcome(RefreshMode.Full, await RowsAsync(materialization.TableName, cancellationToken).ConfigureAwait(false), slices == 1 ? reason : FormattableString.Invariant($"{reason}; stitched in {slices} slices"));
    }

    /// <summary>
    /// Row counts of every table the journeys read, older than each of <paramref name="watermarks"/> where timed (one
    /// scan a table); the contacts first.
    /// </summary>
    private async Task<ImmutableArray<(string Table, ImmutableArray<long> Rows)>> CountReadsAsync(
        JourneyMaterialization materialization, ImmutableArray<Instant> watermarks, CancellationToken cancellationToken)
    {
        var counts = ImmutableArray.CreateBuilder<(string, ImmutableArray<long>)>(materialization.Reads.Length);
        foreach (var table in materialization.Reads)
        {
            var rows = await engine.QueryAsync(materialization.CountRows(table, watermarks), cancellationToken).ConfigureAwait(false);
            counts.Add((table.Table, [.. rows[0].Select(n => Convert.ToInt64(n, CultureInfo.InvariantCulture))]));
        }

        return counts.MoveToImmutable();
    }

    /// <summary>The counts at the <paramref name="watermark"/>-th watermark counted, as the registry keeps them.</summary>
    private static string Fingerprint(ImmutableArray<(string Table, ImmutableArray<long> Rows)> counts, int watermark) =>
        string.Join(';', counts.Select(c => FormattableString.Invariant($"{c.Table}:{c.Rows[watermark]}")));

    private async Task<long> RowsAsync(string table, CancellationToken cancellationToken)
    {
        var rows = await WarehouseTelemetry.StepAsync("count the journeys", () => engine.QueryAsync(new SqlText($"SELECT count(*) FROM {table}", []), cancellationToken)).ConfigureAwait(false);
        return Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture);
    }
}
