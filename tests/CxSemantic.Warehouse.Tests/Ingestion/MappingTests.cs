using CxSemantic.Warehouse.Ingestion;

namespace CxSemantic.Warehouse.Tests.Ingestion;

/// <summary>Mapping files: positioned errors like the metric definitions', and what a valid mapping does to the rows.</summary>
public sealed class MappingTests : IDisposable
{
    private readonly IngestScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static List<string> Errors(string yaml) =>
        [.. IngestMappingReader.Read("m.yaml", yaml).Diagnostics.Select(d => $"{d.Span} {d.Code}")];

    [Fact]
    public void Every_problem_is_reported_with_its_position_and_code()
    {
        const string yaml = """
            ingest: interactons
            ---
            ingest: customers
            time_zone: Europe/Berln
            formt: csv
            columns:
              segmnt: seg
              tenant_id: { value: 42x }
            ---
            ingest: evaluations
            format: xlsx
            source_types: { raw_score: number }
            columns:
              score: { expr: "raw_score >" }
              label: { expr: "1 + 2" }
              evaluator: { value: humour }
              interaction_id: { from: id, value: 1 }
            """;
        Assert.Equal(
            [
                "m.yaml:1:9 CXI0002",   // interactons → interactions
                "m.yaml:4:12 CXI0008",  // time zone
                "m.yaml:5:1 CXD0003",   // unknown key formt
                "m.yaml:7:3 CXI0004",   // no column segmnt
                "m.yaml:11:9 CXI0009",  // format
                "m.yaml:12:28 CXI0010", // source type
                "m.yaml:14:30 CXE0012", // expression ends early
                "m.yaml:15:19 CXI0007", // integer into text label
                "m.yaml:16:23 CXI0006", // evaluator vocabulary
                "m.yaml:17:19 CXI0005", // two sources
            ],
            Errors(yaml));
    }

    [Fact]
    public void Messages_name_the_fix()
    {
        var diagnostics = IngestMappingReader.Read("m.yaml", "ingest: interactons\n").Diagnostics;
        Assert.Equal(
            "'interactons' is not a table that can be ingested. Did you mean 'interactions'? Tables: customers, agents, interactions, turns, handoffs, evaluations, human_labels, surveys, system_events, suggestions, policy_events, crm_writes, cost_rates.",
            Assert.Single(diagnostics).Message);
        var constant = IngestMappingReader.Read("m.yaml", "ingest: interactions\ncolumns:\n  channel: { value: fax }\n").Diagnostics;
        Assert.Equal("Constant 'fax' does not fit column 'channel' (text); allowed values: voice, chat, messaging, email, web.", Assert.Single(constant).Message);
    }

    [Fact]
    public void A_valid_mapping_renames_casts_sets_constants_computes_and_reads_naive_times_in_its_zone()
    {
        const string yaml = """
            ingest: customers
            columns:
              customer_id: { from: Customer ID }
              tenant_id: { value: acme }
              segment: { expr: "lower(tier)" }
              region: { expr: "case when country in ('DE', 'FR') then 'emea' else 'amer' end" }
              tenure_band: { value: 1_3y }
              customer_since: since
            ---
            ingest: interactions
            time_zone: Europe/Berlin
            source_types: { handle_ms: integer }
            columns:
              handle_seconds: { expr: "round(handle_ms / 1000)" }
            """;
        var result = IngestMappingReader.Read("vendor.yaml", yaml);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var customers = _scratch.Write("crm.csv", "Customer ID,tier,country,since", "k1,SMB,DE,2025-01-01 00:00:00", "k2,Consumer,US,2025-06-01T12:00:00+02:00");
        var report = _scratch.Ingest("customers", customers, result.Mappings.For("customers"));
        Assert.Equal((2L, 0L), (report.RowsLoaded, report.RowsRejected));
        Assert.Equal(
            ["k1 acme smb emea 1_3y 2025-01-01T00:00:00", "k2 acme consumer amer 1_3y 2025-06-01T10:00:00"],
            _scratch.Query("SELECT customer_id, tenant_id, segment, region, tenure_band, customer_since FROM customers ORDER BY 1")
                .Select(r => $"{r[0]} {r[1]} {r[2]} {r[3]} {r[4]} {(DateTime)r[5]!:yyyy-MM-ddTHH:mm:ss}"));

        // Interactions: naive timestamps are Berlin time (CET in March before the switch: UTC+1).
        var columns = BadRowTests.InteractionColumns.Select(c => c == "handle_seconds" ? "handle_ms" : c).ToArray();
        var line = BadRowTests.Interaction(1, ("customer_id", "k1"), ("started_at", "2026-03-02 10:00:00"), ("ended_at", "2026-03-02 10:05:00"), ("handle_seconds", "299600"));
        var interactions = _scratch.Write("i.csv", string.Join(',', columns), line);
        report = _scratch.Ingest("interactions", interactions, result.Mappings.For("interactions"));
        Assert.Equal(1, report.RowsLoaded);
        var row = _scratch.Query("SELECT started_at, handle_seconds FROM interactions")[0];
        Assert.Equal(new DateTime(2026, 3, 2, 9, 0, 0), (DateTime)row[0]!);
        Assert.Equal(300, Convert.ToInt32(row[1]));
    }

    [Fact]
    public void A_file_without_a_column_the_mapping_reads_is_refused_whole_with_the_columns_it_has()
    {
        var result = IngestMappingReader.Read("m.yaml", "ingest: customers\ncolumns:\n  customer_id: { from: cust_id }\n");
        var path = _scratch.Write("c.csv", "custid,tenant_id,segment,region,tenure_band,customer_since", "k1,acme,smb,emea,1_3y,2025-01-01");
        var ex = Assert.Throws<IngestException>(() => _scratch.Ingest("customers", path, result.Mappings.For("customers")));
        Assert.Equal(IngestErrors.MissingSourceColumn, ex.Code);
        Assert.Equal(
            $"{path} has no column 'cust_id' (needed for column 'customer_id' at m.yaml:3:3). Did you mean 'custid'? Its columns: custid, tenant_id, segment, region, tenure_band, customer_since.",
            ex.Message);
        Assert.Equal(0, _scratch.Count("customers"));
    }
}
