using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Materialization;

/// <summary>
/// Every kind of materialization a query may read, asked in turn before each query: the journey tables
/// (<see cref="MaterializedJourneys"/>) and the rollups (<see cref="MaterializedRollups"/>). The reading side of
/// the refreshers' list (<c>MaterializationRefresh.For</c>): what they build, this finds.
/// </summary>
/// <param name="sources">The sources, applied in order.</param>
public sealed class MaterializationSources(ImmutableArray<IMaterializationSource> sources) : IMaterializationSource
{
    /// <summary>Every source for <paramref name="catalog"/> on <paramref name="engine"/>.</summary>
    public static MaterializationSources For(MetricCatalog catalog, ISqlEngine engine) =>
        new([new MaterializedJourneys(catalog, engine), new MaterializedRollups(catalog, engine)]);

    /// <inheritdoc />
    public async ValueTask<CompilerOptions> ApplyAsync(CompilerOptions options, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            options = await source.ApplyAsync(options, cancellationToken).ConfigureAwait(false);
        }

        return options;
    }
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
