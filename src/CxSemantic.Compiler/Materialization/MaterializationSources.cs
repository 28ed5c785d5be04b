using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Compiler.Sql;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Materialization;

/// <summary>
/// Every kind of materialization a query may read, asked in turn before each query: the journey tables
/// (<see cref="MaterializedJourneys"/>) and the rollups (<see cref="MaterializedRollups"/>). The reading side of
/// the refreshers' list (<c>MaterializationRefresh.For</c>): what they build, this finds.
/// </summary>
/// <remarks>
/// The sources' answer is kept while the warehouse's state is unchanged: its watermark and data version, and the
/// newest build time and row count of <see cref="MaterializationRegistry"/>, which every refresher writes in the
/// transaction that changes its tables (rollups included). One statement per query then instead of one per source
/// and registry; the state is read before the sources, so a refresh committing in between changes it again.
/// </remarks>
/// <param name="engine">The warehouse.</param>
/// <param name="sources">The sources, applied in order.</param>
public sealed class MaterializationSources(ISqlEngine engine, ImmutableArray<IMaterializationSource> sources) : IMaterializationSource
{
    private static readonly SqlText StateSql = new(
        $"SELECT w.watermark_at, w.source, m.built, m.entries FROM ({MaterializationRegistry.DataStateSql.Text}) w, " +
        $"(SELECT max(built_at) AS built, count(*) AS entries FROM {MaterializationRegistry.Table}) m",
        []);

    private readonly RegistryProbe _registry = new(engine, MaterializationRegistry.Table);
    private volatile Answer? _last;

    /// <summary>Every source for <paramref name="catalog"/> on <paramref name="engine"/>.</summary>
    public static MaterializationSources For(MetricCatalog catalog, ISqlEngine engine) =>
        new(engine, [new MaterializedJourneys(catalog, engine), new MaterializedRollups(catalog, engine)]);

    /// <inheritdoc />
    public async ValueTask<CompilerOptions> ApplyAsync(CompilerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = await _registry.ExistsAsync(cancellationToken).ConfigureAwait(false)
            ? await StateAsync(cancellationToken).ConfigureAwait(false)
            : null;
        if (state is not null && _last is { } last && last.State == state && ReferenceEquals(last.Options, options))
        {
            return last.Result;
        }

        var result = options;
        foreach (var source in sources)
        {
            result = await source.ApplyAsync(result, cancellationToken).ConfigureAwait(false);
        }

        if (state is not null)
        {
            _last = new Answer(state, options, result);
        }

        return result;
    }

    /// <summary>The warehouse's state as one text, or null before any data.</summary>
    private async Task<string?> StateAsync(CancellationToken cancellationToken) =>
        await engine.QueryAsync(StateSql, cancellationToken).ConfigureAwait(false) is [var row]
            ? string.Join('|', row.Select(v => v switch
            {
                DateTime or DateTimeOffset => MaterializationRegistry.ToInstant(v).ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture),
                _ => Convert.ToString(v, CultureInfo.InvariantCulture),
            }))
            : null;

    private sealed record Answer(string State, CompilerOptions Options, CompilerOptions Result);
}

/// <summary>Whether a registry table exists: asked until it does, then never again (refreshes create registries; nothing drops them).</summary>
/// <param name="engine">The warehouse.</param>
/// <param name="table">The registry table.</param>
internal sealed class RegistryProbe(ISqlEngine engine, string table)
{
    private volatile bool _exists;

    /// <summary>Whether the table exists now.</summary>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        if (!_exists)
        {
            var rows = await engine.QueryAsync(MaterializationRegistry.TableExistsSql(table), cancellationToken).ConfigureAwait(false);
            _exists = rows is [[{ } count]] && Convert.ToInt64(count, CultureInfo.InvariantCulture) > 0;
        }

        return _exists;
    }
}
