using System.Collections.Frozen;
using System.Collections.Immutable;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Planning;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Materialization;

/// <summary>
/// The journey tables current for the data now: registered under the catalog's definition hash, at the
/// warehouse's watermark and data version. Asked before each query (two small reads once the registry exists),
/// so a refresh that lands between two queries is used by the second, and data appended since a refresh sends
/// queries back to stitching until the next one.
/// </summary>
public sealed class MaterializedJourneys : IMaterializationSource
{
    private readonly ISqlEngine _engine;
    private readonly FrozenDictionary<string, JourneyMaterialization> _byTable;
    private volatile bool _registryExists;

    /// <summary>Looks up the materializations of <paramref name="catalog"/>'s journeys in <paramref name="engine"/>.</summary>
    public MaterializedJourneys(MetricCatalog catalog, ISqlEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _byTable = JourneyMaterialization.All(catalog, engine.Dialect).ToFrozenDictionary(m => m.TableName, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async ValueTask<CompilerOptions> ApplyAsync(CompilerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var current = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return current.IsEmpty ? options : options with { MaterializedJourneys = current };
    }

    /// <summary>Journey name → table, for the journeys whose table is current.</summary>
    public async Task<ImmutableDictionary<string, string>> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_byTable.Count == 0 || !await RegistryExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        var state = await _engine.QueryAsync(MaterializationRegistry.DataStateSql, cancellationToken).ConfigureAwait(false);
        if (state is not [[{ } watermark, string version]])
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        var now = MaterializationRegistry.ToInstant(watermark);
        var rows = await _engine.QueryAsync(MaterializationRegistry.SelectSql(JourneyMaterialization.Kind), cancellationToken).ConfigureAwait(false);
        var current = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var entry in rows.Select(MaterializationRegistry.Read))
        {
            if (_byTable.TryGetValue(entry.TableName, out var expected) && expected.DefinitionHash == entry.DefinitionHash
                && entry.WatermarkAt == now && entry.DataVersion == version)
            {
                current[expected.Journey.Name] = entry.TableName;
            }
        }

        return current.ToImmutable();
    }

    private async Task<bool> RegistryExistsAsync(CancellationToken cancellationToken)
    {
        if (!_registryExists)
        {
            var rows = await _engine.QueryAsync(MaterializationRegistry.ExistsSql, cancellationToken).ConfigureAwait(false);
            _registryExists = rows is [[{ } count]] && Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture) > 0;
        }

        return _registryExists;
    }
}
