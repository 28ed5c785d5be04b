using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Caching;

namespace CxSemantic.Server.Hosting;

/// <summary>
/// Answers by query, least recently used evicted to stay within a byte budget (<c>CxSemantic:CacheMegabytes</c>) and an
/// entry count (<c>CxSemantic:CacheEntries</c>); never cleared wholesale except when the catalog or the data change.
/// Only completed answers are held: concurrent requests for one answer share its computation through
/// <see cref="Limits.SharedComputations{T}"/>, which stops it when every request has gone. The key is a SHA-256 hash, so a
/// query with a million filter values costs 16 bytes of key, and claims enter it only when the caller's role has a row
/// filter that reads them (arbitrary <c>X-CxSemantic-Claim-*</c> headers do not split the cache).
/// </summary>
internal sealed class ResultCache(long maxBytes, int maxEntries)
{
    private readonly SizedLruCache<UInt128, MetricQueryResult> _entries = new(maxBytes, maxEntries);

    /// <summary>Cached answers.</summary>
    public int Count => _entries.Count;

    /// <summary>Their estimated bytes (<see cref="EstimateBytes"/>), never above the budget.</summary>
    public long Bytes => _entries.Bytes;

    /// <summary>Drops every answer (the catalog or the data changed).</summary>
    public void Clear() => _entries.Clear();

    /// <summary>The cached answer under <paramref name="key"/>, if any (a look-up that is traced as a hit or miss).</summary>
    public bool TryGet(UInt128 key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MetricQueryResult? result)
    {
        var hit = _entries.TryGet(key, out var found);
        Telemetry.CxTelemetry.CacheLookup(hit);
        result = hit ? found : null;
        return hit;
    }

    /// <summary>Keeps <paramref name="result"/> under <paramref name="key"/>, evicting the least recently used to fit.</summary>
    public void Add(UInt128 key, MetricQueryResult result) => _entries.Set(key, result, EstimateBytes(result));

    /// <summary>
    /// The key of <paramref name="query"/>'s answer: a SHA-256 hash of the catalog's content hash, the data generation and
    /// the query's canonical key, with the caller's claims cut to those the role's row filters read.
    /// </summary>
    public static UInt128 KeyOf(CatalogSnapshot snapshot, long dataGeneration, MetricQuery query)
    {
        var policy = snapshot.Catalog.AccessPolicies.GetValueOrDefault(query.Caller.Role);
        var read = policy is null ? [] : policy.RowFilters.Select(f => f.Claim).ToHashSet(StringComparer.Ordinal);
        var claims = query.Caller.Claims.Where(c => read.Contains(c.Key)).ToImmutableDictionary(StringComparer.Ordinal);
        var keyed = query with { Caller = query.Caller with { Claims = claims } };
        var text = $"{snapshot.Catalog.ContentHash}|{dataGeneration}|{keyed.CanonicalKey}";
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return new UInt128(BitConverter.ToUInt64(digest), BitConverter.ToUInt64(digest[8..]));
    }

    /// <summary>
    /// The bytes an answer is taken to hold: its statements (text and parameters) and its rows (dimension values and
    /// metric values with their intervals, funnels and deltas). An upper estimate from the objects' field layouts, not a measurement.
    /// </summary>
    public static long EstimateBytes(MetricQueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        long bytes = 256;
        foreach (var statement in result.Statements)
        {
            bytes += 160 + (2L * statement.Sql.Text.Length) + (32L * statement.Sql.Parameters.Length);
            bytes += statement.Sql.Parameters.Sum(p => p is string s ? 24 + (2L * s.Length) : 0);
        }

        foreach (var row in result.Rows)
        {
            bytes += 96 + (2L * (row.Period?.Length ?? 0)) + (40L * row.Dimensions.Length);
            bytes += row.Dimensions.Sum(d => d is string s ? 2L * s.Length : 0);
            foreach (var value in row.Metrics.Values)
            {
                bytes += 320 + (64L * value.Funnel.Length) + (48L * value.EvaluatorVersions.Length) + (value.Delta is null ? 0 : 160);
            }
        }

        return bytes;
    }
}
