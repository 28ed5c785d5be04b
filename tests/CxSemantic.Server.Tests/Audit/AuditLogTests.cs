using System.Collections.Immutable;
using CxSemantic.Server.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Tests.Audit;

/// <summary>The audit file: durable appends, a torn tail after a crash, rotation.</summary>
public sealed class AuditLogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cxsem-audit-" + Guid.NewGuid().ToString("N")[..12]);

    private string File => Path.Combine(_folder, "audit.jsonl");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Entries_round_trip_field_by_field()
    {
        var entry = Entry(1) with { Filters = ["channel In voice,chat"], Window = "2026-01-01..2026-04-01 Month", Compare = "previous", Error = "e\u00e9\"\n" };
        using (var log = Log())
        {
            log.Append(entry);
        }

        var (entries, unreadable) = AuditReader.Read(File);
        Assert.Equal(0, unreadable);
        var read = Assert.Single(entries);
        Assert.Equal(entry with { Claims = read.Claims, Metrics = read.Metrics, Dimensions = read.Dimensions, Filters = read.Filters }, read);
        Assert.Equal(["tenant"], read.Claims.Keys);
        Assert.Equal(["acme"], read.Claims["tenant"].ToArray());
        Assert.Equal(["interaction_count"], read.Metrics.ToArray());
        Assert.Equal(["channel"], read.Dimensions.ToArray());
        Assert.Equal(["channel In voice,chat"], read.Filters.ToArray());
        Assert.Single(System.IO.File.ReadAllLines(File));
    }

    [Fact]
    public void A_torn_last_line_from_a_crash_is_skipped_and_the_next_entry_stands_alone()
    {
        using (var log = Log())
        {
            log.Append(Entry(1));
            log.Append(Entry(2));
        }

        // The process died half-way through the third entry.
        var third = System.Text.Json.JsonSerializer.Serialize(Entry(3), AuditEntry.Json);
        System.IO.File.AppendAllText(File, third[..(third.Length / 2)]);
        using (var log = Log())
        {
            log.Append(Entry(4));
        }

        var (entries, unreadable) = AuditReader.Read(File);
        Assert.Equal([1, 2, 4], entries.Select(e => e.Rows));
        Assert.Equal(1, unreadable);
    }

    [Fact]
    public void Full_files_rotate_and_are_read_oldest_first()
    {
        using (var log = Log(maxBytes: 700))
        {
            for (var i = 1; i <= 6; i++)
            {
                log.Append(Entry(i));
                Thread.Sleep(2); // rotated names carry milliseconds
            }
        }

        Assert.True(AuditReader.Files(File).Count >= 3, $"files: {string.Join(", ", AuditReader.Files(File))}");
        Assert.All(AuditReader.Files(File), f => Assert.True(new FileInfo(f).Length <= 700));
        Assert.Equal([1, 2, 3, 4, 5, 6], AuditReader.Read(File).Entries.Select(e => e.Rows));
    }

    private AuditLog Log(long maxBytes = 1 << 20) =>
        new(Options.Create(new AuditOptions { File = File, MaxFileBytes = maxBytes }), new HttpContextAccessor());

    private static AuditEntry Entry(int rows) => new(
        new DateTimeOffset(2026, 5, 1, 12, 0, rows, TimeSpan.Zero),
        "req-" + rows,
        "jwt:alice",
        "jwt",
        "tenant_manager",
        ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", ["acme"]),
        ["interaction_count"],
        ["channel"],
        [],
        null,
        null,
        "2026.05",
        rows,
        0,
        1.5,
        "OK",
        null);
}
