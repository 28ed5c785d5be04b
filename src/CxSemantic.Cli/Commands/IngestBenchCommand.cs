using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Ingestion;
using CxSemantic.Warehouse.Schema;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem bench ingest --interactions N --format csv|parquet|jsonl</c>: writes an export of N synthetic
/// interactions (and their customers; 1 % of the interactions carry a bad value of some kind), ingests it into a
/// fresh warehouse file with the full schema (keys, references, checks), and reports rows/s and the process's
/// peak memory. The files are made by DuckDB from <c>range()</c>, so making them costs seconds, not the demo
/// generator's minutes.
/// </summary>
internal static class IngestBenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var interactions = new Option<long>("--interactions", "-n") { Description = "Interactions in the export.", DefaultValueFactory = _ => 10_000_000 };
        var format = new Option<string>("--format") { Description = "csv, parquet or jsonl.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "parquet", "jsonl");
        var work = new Option<DirectoryInfo?>("--work") { Description = "Folder for the export and the warehouse (a temporary one by default; deleted afterwards)." };
        var memory = new Option<string>("--memory-limit") { Description = "DuckDB memory limit of the warehouse.", DefaultValueFactory = _ => "4GB" };
        var command = new Command("ingest", "Measure ingestion: rows/s and peak memory for an export of N interactions.") { interactions, format, work, memory };
        command.SetAction(parse => Run(parse.GetValue(interactions), parse.GetValue(format)!, parse.GetValue(work), parse.GetValue(memory)!, output, error));
        return command;
    }

    private static int Run(long interactions, string format, DirectoryInfo? work, string memoryLimit, TextWriter output, TextWriter error)
    {
        if (interactions < 100)
        {
            error.WriteLine("cxsem bench ingest: --interactions must be at least 100.");
            return 2;
        }

        var folder = work?.FullName ?? Directory.CreateTempSubdirectory("cxsem-bench-ingest-").FullName;
        Directory.CreateDirectory(folder);
        try
        {
            var customers = Math.Max(10, interactions / 10);
            var clock = Stopwatch.StartNew();
            var (customerFile, interactionFile) = WriteExport(folder, format, customers, interactions);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Export: {interactions:N0} interactions, {customers:N0} customers as {format} ({new FileInfo(interactionFile).Length / 1e6:N0} MB) in {clock.Elapsed.TotalSeconds:F1} s."));

            var db = Path.Combine(folder, "bench.duckdb");
            File.Delete(db);
            using var database = DuckDbDatabase.Open(db, new DuckDbConfig { MemoryLimit = memoryLimit });
            using (var connection = database.Connect())
            {
                WarehouseSchema.CreateIn(connection);
            }

            var options = new IngestOptions { MaxRejectedShare = 0.05 };
            foreach (var (table, file) in new[] { ("customers", customerFile), ("interactions", interactionFile) })
            {
                var stages = new StageClock();
                var report = DuckDbIngestor.Ingest(database, table, file, IngestMapping.Identity(table), options, stages);
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{table}: {report.RowsIn:N0} rows ({report.RowsLoaded:N0} loaded, {report.RowsRejected:N0} quarantined) in {report.Elapsed.TotalSeconds:F1} s = {report.RowsIn / report.Elapsed.TotalSeconds:N0} rows/s ({stages.Describe(report.Elapsed)})"));
            }

            using var process = Process.GetCurrentProcess();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set of the process: {process.PeakWorkingSet64 / 1e6:N0} MB (DuckDB memory limit {memoryLimit})."));
            return 0;
        }
        finally
        {
            if (work is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Times the stages of one file from its progress reports (reports arrive on the ingesting thread).</summary>
    private sealed class StageClock : IProgress<IngestProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(IngestStage Stage, TimeSpan At)> _starts = [];

        public void Report(IngestProgress value) => _starts.Add((value.Stage, _clock.Elapsed));

        public string Describe(TimeSpan total) => string.Join(", ", _starts.Select((s, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{s.Stage.ToString().ToLowerInvariant()} {((i + 1 < _starts.Count ? _starts[i + 1].At : total) - s.At).TotalSeconds:F1} s")));
    }

    /// <summary>
    /// Customers and interactions written by DuckDB. Every 100th interaction is bad in one of four ways: an unknown
    /// channel, an end before its start, an unknown customer, or a repeated id.
    /// </summary>
    private static (string Customers, string Interactions) WriteExport(string folder, string format, long customers, long interactions)
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        connection.Execute("SET TimeZone = 'UTC'");
        var options = format switch { "csv" => "FORMAT csv, HEADER", "parquet" => "FORMAT parquet", _ => "FORMAT json" };
        var customerFile = Path.Combine(folder, $"customers.{format}");
        var interactionFile = Path.Combine(folder, $"interactions.{format}");
        connection.Execute(string.Create(CultureInfo.InvariantCulture, $"""
            COPY (SELECT 'c' || i AS customer_id, 'acme' AS tenant_id, ['consumer', 'smb', 'enterprise'][1 + i % 3] AS segment,
                    ['amer', 'emea', 'apac'][1 + i % 3] AS region, '1_3y' AS tenure_band, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS customer_since
                  FROM range({customers}) t(i)) TO '{customerFile}' ({options})
            """));
        connection.Execute(string.Create(CultureInfo.InvariantCulture, $"""
            COPY (
              SELECT CASE WHEN i % 100 = 3 THEN i - 1 ELSE i END AS interaction_id,
                     CASE WHEN i % 100 = 2 THEN 'nobody' ELSE 'c' || (i % {customers}) END AS customer_id,
                     'acme' AS tenant_id,
                     CASE WHEN i % 100 = 0 THEN 'fax' ELSE ['voice', 'chat', 'messaging', 'email', 'web'][1 + i % 5] END AS channel,
                     'q' || (i % 7) AS queue,
                     TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(i % 15552000) AS started_at,
                     TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(i % 15552000 + CASE WHEN i % 100 = 1 THEN -60 ELSE 300 END) AS ended_at,
                     'intent_' || (i % 20) AS intent_predicted, 0.5 + (i % 50) / 100.0 AS intent_confidence, NULL AS intent_confirmed,
                     ['simple', 'moderate', 'complex'][1 + i % 3] AS intent_complexity, i % 2 = 0 AS eligible_for_automation,
                     'bot' AS handled_by, NULL AS agent_id, 'r' || (i % 4) AS bot_release,
                     ['resolved', 'escalated', 'abandoned'][1 + i % 3] AS end_reason, NULL AS declared_outcome,
                     300 AS handle_seconds, i % 60 AS wait_seconds, 500 + i % 1000 AS first_response_ms,
                     ['onboarding', 'support', 'renewal'][1 + i % 3] AS journey_stage, FALSE AS proactive
              FROM range({interactions}) t(i)) TO '{interactionFile}' ({options})
            """));
        return (customerFile, interactionFile);
    }
}
