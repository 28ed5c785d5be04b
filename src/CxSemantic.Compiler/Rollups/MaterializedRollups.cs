using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Compiler.Planning;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Rollups;

/// <summary>
/// The rollups current for the data now (<see cref="RollupRefresher.ReadAsync"/>: every partition at the warehouse's
/// watermark, refreshed at its data version), read from the registry before each query and handed to the planner as
/// <see cref="CompilerOptions.Rollups"/>. <see cref="RollupMatcher"/> then also requires the definition hash of the
/// query's catalog; the executor checks the watermark again before reading and falls back to raw rows when it moved.
/// Before any rollup is built the options are left alone (no rollup comments in the SQL).
/// </summary>
public sealed class MaterializedRollups : IMaterializationSource
{
    private readonly ISqlEngine _engine;
    private readonly bool _declared;
    private readonly RegistryProbe _registry;

    /// <summary>Looks up the rollups of <paramref name="catalog"/> in <paramref name="engine"/>.</summary>
    public MaterializedRollups(MetricCatalog catalog, ISqlEngine engine)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _declared = !catalog.Rollups.IsEmpty;
        _registry = new RegistryProbe(engine, RollupColumns.RegistryTable);
    }

    /// <inheritdoc />
    public async ValueTask<CompilerOptions> ApplyAsync(CompilerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!_declared || !await _registry.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return options;
        }

        var registry = await RollupRefresher.ReadAsync(_engine, cancellationToken).ConfigureAwait(false);
        return registry.Tables.IsEmpty && !registry.Stale ? options : options with { Rollups = registry };
    }
}
