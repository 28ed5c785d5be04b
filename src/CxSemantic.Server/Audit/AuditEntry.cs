using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxSemantic.Server.Audit;

/// <summary>One metrics query as the audit log records it (one JSON line).</summary>
/// <param name="Time">When the query completed (UTC).</param>
/// <param name="RequestId">The HTTP request's trace identifier (several entries for aliases of one request).</param>
/// <param name="Who">The verified caller, e.g. <c>jwt:alice</c>, <c>apikey:exporter</c>, <c>header:cx_analyst</c>.</param>
/// <param name="Method">How the identity was established: <c>jwt</c>, <c>apikey</c>, <c>header</c> (or <c>internal</c>).</param>
/// <param name="Role">The access policy applied.</param>
/// <param name="Claims">The row-filter claims the query ran with.</param>
/// <param name="Metrics">The metrics asked for.</param>
/// <param name="Dimensions">The dimensions grouped by.</param>
/// <param name="Filters">The filters, e.g. <c>channel In VOICE,CHAT</c>.</param>
/// <param name="Window">The time window, e.g. <c>2026-02-01..2026-05-01 MONTH Europe/Berlin</c>; null: all time.</param>
/// <param name="Compare">The comparison, if any.</param>
/// <param name="CatalogVersion">The catalog version the answer used.</param>
/// <param name="Rows">Rows returned (0 for a refusal).</param>
/// <param name="SuppressedCells">Metric cells withheld by the minimum-cell rule.</param>
/// <param name="DurationMs">Milliseconds from start to answer or refusal.</param>
/// <param name="Outcome"><c>OK</c>, or the error code of the refusal (e.g. <c>ACCESS_DENIED</c>, <c>QUERY_TIMEOUT</c>).</param>
/// <param name="Error">The refusal's message, if any.</param>
internal sealed record AuditEntry(
    DateTimeOffset Time,
    string? RequestId,
    string Who,
    string Method,
    string Role,
    ImmutableDictionary<string, ImmutableArray<string>> Claims,
    ImmutableArray<string> Metrics,
    ImmutableArray<string> Dimensions,
    ImmutableArray<string> Filters,
    string? Window,
    string? Compare,
    string CatalogVersion,
    int Rows,
    int SuppressedCells,
    double DurationMs,
    string Outcome,
    string? Error)
{
    /// <summary>The file's JSON form: camelCase, one object per line.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>
/// Reads the audit log: the current file and its rotated predecessors (<c>audit-{yyyyMMddTHHmmssfff}.jsonl</c>
/// beside it), oldest first. A line that does not parse (the torn tail of a crash mid-write) is skipped and counted.
/// </summary>
internal static class AuditReader
{
    /// <summary>Where the log goes unless configured (relative to the working directory).</summary>
    public const string DefaultFile = ".cxsemantic/audit/audit.jsonl";

    /// <summary>The log's files, oldest first.</summary>
    public static IReadOnlyList<string> Files(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var stem = Path.GetFileNameWithoutExtension(full);
        var rotated = Directory.GetFiles(folder, stem + "-*.jsonl").Order(StringComparer.Ordinal);
        return [.. rotated, .. File.Exists(full) ? [full] : Array.Empty<string>()];
    }

    /// <summary>Every readable entry of the log, oldest first, and the count of unreadable lines.</summary>
    public static (IReadOnlyList<AuditEntry> Entries, int Unreadable) Read(string path)
    {
        var entries = new List<AuditEntry>();
        var unreadable = 0;
        foreach (var file in Files(path))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    entries.Add(JsonSerializer.Deserialize<AuditEntry>(line, AuditEntry.Json) ?? throw new JsonException("null"));
                }
                catch (JsonException)
                {
                    unreadable++;
                }
            }
        }

        return (entries, unreadable);
    }
}
