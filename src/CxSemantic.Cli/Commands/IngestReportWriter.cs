using System.Globalization;
using CxSemantic.Warehouse.Ingestion;
using Npgsql;

namespace CxSemantic.Cli.Commands;

/// <summary>What <c>cxsem ingest</c> prints per file: the outcome, counts per reason, the first rejected rows, throughput.</summary>
internal static class IngestReportWriter
{
    public static void Write(TextWriter console, IngestReport report)
    {
        var name = Path.GetFileName(report.File);
        var seconds = Math.Max(0.001, report.Elapsed.TotalSeconds);
        var rate = (report.RowsIn / seconds).ToString("N0", CultureInfo.InvariantCulture);
        var batch = report.BatchId[..12];
        var line = report.Outcome switch
        {
            IngestOutcome.AlreadyIngested => $"{name} → {report.Table}: already ingested (batch {batch}); nothing changed.",
            IngestOutcome.Refused => $"{name} → {report.Table}: NOT loaded — {report.RowsRejected:N0} of {report.RowsIn:N0} rows rejected ({report.RejectedShare:P1}), more than --max-rejected allows; nothing changed.",
            IngestOutcome.Checked => $"{name} → {report.Table}: checked {report.RowsIn:N0} rows, {report.RowsRejected:N0} would be quarantined; nothing written ({report.Elapsed.TotalSeconds:F1} s, {rate} rows/s).",
            _ => $"{name} → {report.Table}: {report.RowsIn:N0} rows, {report.RowsLoaded:N0} loaded, {report.RowsRejected:N0} quarantined (batch {batch}) in {report.Elapsed.TotalSeconds:F1} s ({rate} rows/s).",
        };
        console.WriteLine(line);
        foreach (var (reason, count) in report.RejectedByReason)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {RejectReasons.Code(reason),-26} {count,10:N0}"));
        }

        foreach (var row in report.Sample.Take(10))
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}:{row.Line}: {RejectReasons.Code(row.Reason)}: {row.Detail}"));
        }

        if (report.Outcome == IngestOutcome.Loaded && report.RowsRejected > 0)
        {
            console.WriteLine("  (all rejected rows, with the raw record: SELECT * FROM ingest_quarantine WHERE batch_id = '" + report.BatchId + "')");
        }

        if (report.Watermark is { } watermark && report.Outcome == IngestOutcome.Loaded)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  watermark {watermark:yyyy-MM-ddTHH:mm:ssZ}"));
        }
    }
}

/// <summary><c>cxsem ingest --to "Host=…"</c>: the PostgreSQL side of the command.</summary>
internal static class PostgreSqlIngest
{
    public static async Task<int> RunAsync(
        string connectionString, List<(string Table, string Path)> jobs, IngestMappingSet mappings, IngestOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        NpgsqlDataSource target;
        try
        {
            target = NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"cxsem ingest: --to is not a valid connection string: {ex.Message}");
            return 2;
        }

        await using (target.ConfigureAwait(false))
        {
            try
            {
                return IngestCommand.RunJobs(
                    jobs,
                    options,
                    (table, path, progress) => PostgreSqlIngestor.IngestAsync(target, table, path, mappings.For(table), options, progress, cancellationToken).GetAwaiter().GetResult(),
                    output,
                    error);
            }
            catch (NpgsqlException ex)
            {
                error.WriteLine($"cxsem ingest: {LoadCommand.Describe(ex)} The batch was rolled back.");
                return 1;
            }
        }
    }
}
