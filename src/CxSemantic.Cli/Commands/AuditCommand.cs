using System.CommandLine;
using System.Globalization;
using CxSemantic.Server.Audit;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem audit [--since DATE] [--who WHO] [--claim tenant=X]</c>: reads the server's audit log
/// (<c>CxSemantic:Audit:File</c>, default <c>.cxsemantic/audit/audit.jsonl</c>, rotated files included), e.g.
/// "who looked at tenant X's data last week": <c>cxsem audit --since 2026-05-04 --claim tenant=X</c>.
/// </summary>
internal static class AuditCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Option<FileInfo>("--file") { Description = "The audit log (the server's CxSemantic:Audit:File).", DefaultValueFactory = _ => new FileInfo(AuditReader.DefaultFile) };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only entries at or after this time (e.g. 2026-05-04 or 2026-05-04T12:00Z; UTC unless an offset is given)." };
        var who = new Option<string?>("--who") { Description = "Only this caller, e.g. jwt:alice or apikey:exporter." };
        var claim = new Option<string[]>("--claim") { Description = "Only queries that ran with this row-filter claim, e.g. tenant=acme (repeatable: all must hold)." };
        var json = new Option<bool>("--json") { Description = "Print the matching entries as JSON lines." };
        var command = new Command("audit", "Read the audit log of metrics queries: who asked what, with which role and claims, and what came back.") { file, since, who, claim, json };
        command.SetAction(parse =>
        {
            if (!KeysCommand.TryParseClaims(parse.GetValue(claim) ?? [], out var claims, out var problem))
            {
                error.WriteLine($"cxsem audit: {problem}");
                return 2;
            }

            var path = parse.GetValue(file)!.FullName;
            var (entries, unreadable) = AuditReader.Read(path);
            var from = parse.GetValue(since);
            var caller = parse.GetValue(who);
            var matching = entries
                .Where(e => from is null || e.Time >= from)
                .Where(e => caller is null || string.Equals(e.Who, caller, StringComparison.Ordinal))
                .Where(e => claims.All(c => e.Claims.TryGetValue(c.Key, out var values) && c.Value.All(values.Contains)))
                .ToList();
            foreach (var entry in matching)
            {
                output.WriteLine(parse.GetValue(json)
                    ? System.Text.Json.JsonSerializer.Serialize(entry, AuditEntry.Json)
                    : string.Create(CultureInfo.InvariantCulture, $"{entry.Time:yyyy-MM-dd HH:mm:ss}Z  {entry.Who}  role={entry.Role}{Claims(entry)}  metrics={string.Join(',', entry.Metrics)}  by={string.Join(',', entry.Dimensions)}{Filters(entry)}{(entry.Window is null ? "" : "  window=" + entry.Window)}  rows={entry.Rows}  suppressed={entry.SuppressedCells}  {entry.DurationMs:0.#} ms  {entry.Outcome}"));
            }

            error.WriteLine($"{matching.Count} of {entries.Count} entries{(unreadable > 0 ? $"; {unreadable} unreadable line(s) skipped (a write cut short by a crash)" : "")} ({path}).");
            return 0;
        });
        return command;
    }

    private static string Claims(AuditEntry entry) =>
        string.Concat(entry.Claims.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $" {c.Key}={string.Join(',', c.Value)}"));

    private static string Filters(AuditEntry entry) => entry.Filters.IsEmpty ? "" : "  where=" + string.Join("; ", entry.Filters);
}
