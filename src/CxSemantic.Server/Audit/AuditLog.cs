using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Hosting;
using CxSemantic.Server.Identity;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Audit;

/// <summary>The audit log's settings (<c>CxSemantic:Audit</c>).</summary>
internal sealed class AuditOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CxSemantic:Audit";

    /// <summary>Where the log goes unless configured (relative to the working directory).</summary>
    public const string DefaultFile = AuditReader.DefaultFile;

    /// <summary>The current log file; rotated files sit beside it.</summary>
    public string File { get; set; } = DefaultFile;

    /// <summary>Size at which the current file is rotated.</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;
}

/// <summary>
/// The append-only audit log of metrics queries: one JSON line per query (answer or refusal), in a file
/// rotated by size. Durability: each entry is written, flushed and fsync'ed before the query's answer is
/// handed back, so every answer a client received has its entry on disk; a crash mid-write can leave at
/// most one torn last line (the reader skips it; the writer starts the next entry on a new line). When the
/// entry cannot be written the answer is withheld (AUDIT_UNAVAILABLE): no data leaves unrecorded.
/// </summary>
internal sealed class AuditLog : IDisposable
{
    /// <summary>The error code when the log cannot be written.</summary>
    public const string Unavailable = "AUDIT_UNAVAILABLE";

    private readonly Lock _gate = new();
    private readonly AuditOptions _options;
    private readonly IHttpContextAccessor _http;
    private readonly string _path;
    private FileStream? _stream;

    /// <summary>Creates the log (the file opens on the first entry).</summary>
    public AuditLog(IOptions<AuditOptions> options, IHttpContextAccessor http)
    {
        _options = options.Value;
        _http = http;
        _path = Path.GetFullPath(_options.File);
    }

    /// <summary>Runs <paramref name="run"/> and records its outcome; the answer is returned only once its entry is durable.</summary>
    public async Task<MetricQueryResult> TraceAsync(CatalogSnapshot snapshot, MetricQuery query, Func<Task<MetricQueryResult>> run)
    {
        var started = Stopwatch.GetTimestamp();
        MetricQueryResult result;
        try
        {
            result = await run().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var code = ex switch { GraphQLException g => g.Code ?? "ERROR", OperationCanceledException => "CANCELLED", _ => "ERROR" };
            Append(Entry(snapshot, query, null, Stopwatch.GetElapsedTime(started), code, ex.Message));
            throw;
        }

        Append(Entry(snapshot, query, result, Stopwatch.GetElapsedTime(started), "OK", null));
        return result;
    }

    /// <summary>Appends one entry durably (write, flush, fsync), rotating first when the file is full.</summary>
    public void Append(AuditEntry entry)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, AuditEntry.Json);
        try
        {
            lock (_gate)
            {
                var stream = _stream ??= Open();
                if (stream.Length + line.Length + 1 > _options.MaxFileBytes && stream.Length > 0)
                {
                    Rotate();
                    stream = _stream = Open();
                }

                stream.Write(line);
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException ex)
        {
            throw new GraphQLException($"The audit log ({_path}) could not be written ({ex.Message}); no answer leaves without an audit entry.", Unavailable);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GraphQLException($"The audit log ({_path}) could not be written ({ex.Message}); no answer leaves without an audit entry.", Unavailable);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    private AuditEntry Entry(CatalogSnapshot snapshot, MetricQuery query, MetricQueryResult? result, TimeSpan elapsed, string outcome, string? error)
    {
        var http = _http.HttpContext;
        var identity = http?.Features.Get<CallerIdentity>();
        return new AuditEntry(
            DateTimeOffset.UtcNow,
            http?.TraceIdentifier,
            identity?.Subject ?? "internal",
            identity?.Method ?? "internal",
            query.Caller.Role,
            query.Caller.Claims,
            query.Metrics,
            query.GroupBy,
            [.. query.Filters.Select(f => $"{f.Dimension} {f.Operator} {string.Join(",", f.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))}")],
            query.Time is { } t ? $"{Iso(t.From)}..{Iso(t.To)} {t.Grain} {t.Zone}".TrimEnd() : null,
            query.Compare?.ToString(),
            result?.CatalogVersion ?? snapshot.Catalog.Version,
            result?.Rows.Length ?? 0,
            result?.Rows.Sum(r => r.Metrics.Values.Count(m => m.Suppressed)) ?? 0,
            Math.Round(elapsed.TotalMilliseconds, 3),
            outcome,
            error);
    }

    private FileStream Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, 4096, FileOptions.None);
        if (stream.Length > 0 && LastByte(_path) != (byte)'\n')
        {
            // The previous process died mid-entry: end its torn line so the next entry stands on its own.
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }

        return stream;
    }

    private void Rotate()
    {
        _stream?.Dispose();
        _stream = null;
        var stem = Path.Combine(Path.GetDirectoryName(_path)!, Path.GetFileNameWithoutExtension(_path));
        File.Move(_path, $"{stem}-{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture)}.jsonl");
    }

    private static string Iso(NodaTime.LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    private static byte LastByte(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        read.Seek(-1, SeekOrigin.End);
        return (byte)read.ReadByte();
    }
}
