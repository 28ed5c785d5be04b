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
    private readonly RegistryProbe _registry;

    /// <summary>Looks up the materializations of <paramref name="catalog"/>'s journeys in <paramref name="engine"/>.</summary>
    public MaterializedJourneys(MetricCatalog catalog, ISqlEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _registry = new RegistryProbe(engine, MaterializationRegistry.Table);
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
        if (_byTable.Count == 0 || !await _registry.ExistsAsync(cancellationToken).ConfigureAwait(false))
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
}
