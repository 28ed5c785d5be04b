using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Schema;
using NodaTime;

namespace CxSemantic.Compiler.Tests;

/// <summary>The shipped scorecard, loaded once, and query shorthands.</summary>
internal static class TestCatalog
{
    public static readonly string Folder = RepositoryPaths.MetricDefinitions;

    private static readonly Lazy<MetricCatalog> Loaded = new(() =>
    {
        var result = CatalogLoader.LoadDirectory(Folder, WarehouseSchema.PhysicalSchema);
        return result.Catalog ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    });

    public static MetricCatalog Scorecard => Loaded.Value;

    public static MetricQuery Query(string metric, params string[] groupBy) => new()
    {
        Metrics = [metric],
        GroupBy = [.. groupBy],
        Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC", null),
        Caller = Caller.WithRole("cx_analyst"),
    };

    public static MetricQuery WithClaims(this MetricQuery query, string role, params (string Claim, string Value)[] claims) =>
        query with
        {
            Caller = new Caller(role, claims.GroupBy(c => c.Claim).ToImmutableDictionary(g => g.Key, g => g.Select(c => c.Value).ToImmutableArray())),
        };
}
