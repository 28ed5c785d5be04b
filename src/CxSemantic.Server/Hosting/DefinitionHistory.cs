using System.Collections.Immutable;
using CxSemantic.Definitions.Glossary;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Server.Hosting;

/// <summary>One entry of a metric's version history as this server saw it.</summary>
/// <param name="Kind">LOADED (in service when the server started), ADDED or CHANGED (by a hot reload).</param>
/// <param name="Version">The definition's version after the entry.</param>
/// <param name="PreviousVersion">The version before a change; null for LOADED and ADDED.</param>
/// <param name="ChangedFields">What changed (the fields <c>cxsem diff</c> compares), in order.</param>
/// <param name="At">When the catalog with this version went into service.</param>
internal sealed record DefinitionChange(string Kind, int Version, int? PreviousVersion, ImmutableArray<string> ChangedFields, DateTimeOffset At);

/// <summary>
/// The version history the glossary shows: the first load, then every hot reload's <see cref="CatalogDiff"/> (the comparison
/// <c>cxsem diff</c> makes between two folders). History before the server started lives in the definitions' version control.
/// </summary>
internal static class DefinitionHistory
{
    /// <summary>Entries kept per metric (the oldest are dropped first).</summary>
    public const int MaxEntries = 50;

    /// <summary>The history after <paramref name="catalog"/> goes into service at <paramref name="at"/>, following <paramref name="previous"/>.</summary>
    public static ImmutableDictionary<string, ImmutableArray<DefinitionChange>> Next(CatalogSnapshot? previous, MetricCatalog catalog, DateTimeOffset at)
    {
        if (previous is null)
        {
            return catalog.Metrics.Values.ToImmutableDictionary(
                m => m.Name, m => ImmutableArray.Create(new DefinitionChange("LOADED", m.Version, null, [], at)), StringComparer.Ordinal);
        }

        var diff = CatalogDiff.Between(previous.Catalog, catalog);
        var history = previous.History.ToBuilder();
        foreach (var name in diff.Added)
        {
            Append(history, name, new DefinitionChange("ADDED", catalog.Metrics[name].Version, null, [], at));
        }

        foreach (var change in diff.Changed)
        {
            Append(history, change.Metric, new DefinitionChange("CHANGED", change.NewVersion, change.OldVersion, change.ChangedFields, at));
        }

        return history.ToImmutable();
    }

    private static void Append(ImmutableDictionary<string, ImmutableArray<DefinitionChange>>.Builder history, string metric, DefinitionChange change)
    {
        var entries = history.GetValueOrDefault(metric, []).Add(change);
        history[metric] = entries.Length > MaxEntries ? entries.RemoveAt(0) : entries;
    }
}
