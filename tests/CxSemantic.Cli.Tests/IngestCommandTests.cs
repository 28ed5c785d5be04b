using System.Diagnostics;
using CxSemantic.Cli;

namespace CxSemantic.Cli.Tests;

/// <summary><c>cxsem ingest</c>: exit codes, the folder form, mapping errors, and a process killed mid-load.</summary>
public sealed class IngestCommandTests : IDisposable
{
    private const string Customers = "customer_id,tenant_id,segment,region,tenure_band,customer_since";
    private const string Interactions =
        "interaction_id,customer_id,tenant_id,channel,queue,started_at,ended_at,intent_predicted,intent_confidence,intent_confirmed,intent_complexity," +
        "eligible_for_automation,handled_by,agent_id,bot_release,end_reason,declared_outcome,handle_seconds,wait_seconds,first_response_ms,journey_stage,proactive";

    private readonly string _temp = Directory.CreateTempSubdirectory("cxsem-ingest-cli-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (exit, output.ToString().Replace("\r", string.Empty, StringComparison.Ordinal), error.ToString().Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_temp, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static string Interaction(int id, string customer) =>
        $"{id},{customer},acme,chat,billing,2026-03-02T10:00:00Z,2026-03-02T10:05:00Z,billing_question,0.9,,simple,true,bot,,r1,resolved,resolved,300,0,800,support,false";

    private static long Count(string db, string table)
    {
        using var database = DuckDbDatabase.Open(db);
        using var connection = database.Connect();
        return connection.ExecuteScalar<long>($"SELECT count(*) FROM {table}");
    }

    [Fact]
    public void A_folder_loads_in_dependency_order_and_a_rerun_changes_nothing()
    {
        var folder = Path.Combine(_temp, "exports");
        Write("exports/interactions-2026-03.csv", Interactions, Interaction(1, "c1"), Interaction(2, "c9"));
        Write("exports/customers.csv", Customers, "c1,acme,smb,emea,1_3y,2025-01-01");
        var db = Path.Combine(_temp, "w.duckdb");

        var (exit, output, error) = Run("ingest", "--folder", folder, "--db", db, "--max-rejected", "0.5");
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        Assert.StartsWith("Created an empty warehouse", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("customers.csv → customers: 1 rows, 1 loaded, 0 quarantined", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("interactions-2026-03.csv → interactions: 2 rows, 1 loaded, 1 quarantined", lines[2], StringComparison.Ordinal);
        Assert.Contains("  interactions-2026-03.csv:3: unknown_reference: customer_id 'c9' is not in customers\n", output, StringComparison.Ordinal);

        (exit, output, _) = Run("ingest", "--folder", folder, "--db", db);
        Assert.Equal(0, exit);
        Assert.Equal(2, output.Split('\n').Count(l => l.Contains("already ingested", StringComparison.Ordinal)));
        Assert.Equal(1, Count(db, "interactions"));
    }

    [Fact]
    public void Over_the_threshold_exits_3_and_loads_nothing()
    {
        var file = Write("customers.csv", Customers, "c1,acme,smb,emea,1_3y,2025-01-01", "c2,acme,gold,emea,1_3y,2025-01-01");
        var db = Path.Combine(_temp, "w.duckdb");
        var (exit, output, _) = Run("ingest", "customers", file, "--db", db);
        Assert.Equal(3, exit);
        Assert.Contains("customers.csv → customers: NOT loaded — 1 of 2 rows rejected (50.0 %), more than --max-rejected allows; nothing changed.", output, StringComparison.Ordinal);
        Assert.Equal(0, Count(db, "customers"));
    }

    [Fact]
    public void Check_reports_mapping_errors_with_positions()
    {
        var mapping = Write("m.yaml", "ingest: customers", "columns:", "  segmnt: tier");
        var (exit, _, error) = Run("ingest", "--mapping", mapping, "--check");
        Assert.Equal(1, exit);
        Assert.Equal(
            $"{mapping}:3:3: error CXI0004: Table 'customers' has no column 'segmnt'. Did you mean 'segment'? Columns: customer_id, tenant_id, segment, region, tenure_band, customer_since.\n" +
            "1 error(s) in the mapping file; nothing was ingested.\n",
            error);
    }

    [Fact]
    public void A_process_killed_mid_load_leaves_the_warehouse_as_it_was()
    {
        var db = Path.Combine(_temp, "w.duckdb");
        Assert.Equal(0, Run("ingest", "customers", Write("c1.csv", Customers, "c1,acme,smb,emea,1_3y,2025-01-01"), "--db", db).Exit);
        var file = Write("c2.csv", Customers, "c2,acme,smb,emea,1_3y,2025-01-01", "c3,acme,gold,emea,1_3y,2025-01-01");
        var marker = Path.Combine(_temp, "holding");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "cxsem.dll"), "ingest", "customers", file, "--db", db, "--max-rejected", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["CXSEM_INGEST_HOLD_BEFORE_COMMIT"] = marker },
        };
        using (var process = Process.Start(start)!)
        {
            // Every row, the quarantine and the batch record are written; only COMMIT is missing when it dies.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(marker) && !process.HasExited && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }

            Assert.True(File.Exists(marker), "the ingest reached the point before COMMIT: " + (process.HasExited ? process.StandardError.ReadToEnd() : "timed out"));
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        Assert.Equal(1, Count(db, "customers"));
        Assert.Equal(1, Count(db, "ingest_batches"));
        Assert.Equal(0, Count(db, "ingest_quarantine"));

        // The same file loads afterwards: the killed batch left no ledger entry behind.
        var (exit, output, _) = Run("ingest", "customers", file, "--db", db, "--max-rejected", "1");
        Assert.Equal(0, exit);
        Assert.Contains("2 rows, 1 loaded, 1 quarantined", output, StringComparison.Ordinal);
        Assert.Equal(2, Count(db, "customers"));
    }
}
