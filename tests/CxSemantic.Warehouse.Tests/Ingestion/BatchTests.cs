using CxSemantic.Warehouse.Ingestion;

namespace CxSemantic.Warehouse.Tests.Ingestion;

/// <summary>Batches: idempotent by content, refused whole over the threshold, atomic, and the watermark rule.</summary>
public sealed class BatchTests : IDisposable
{
    private const string CustomerHeader = "customer_id,tenant_id,segment,region,tenure_band,customer_since";

    private readonly IngestScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string State() => string.Join(
        " | ",
        _scratch.Query("SELECT count(*) FROM customers")[0][0],
        _scratch.Query("SELECT count(*) FROM interactions")[0][0],
        _scratch.Query("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'ingest_%'")[0][0]);

    [Fact]
    public void Re_ingesting_the_same_content_changes_nothing_even_under_another_name()
    {
        var first = _scratch.Write("a.csv", CustomerHeader, "c1,acme,smb,emea,1_3y,2025-01-01", "c2,acme,platinum,emea,1_3y,2025-01-01");
        var report = _scratch.Ingest("customers", first);
        Assert.Equal(IngestOutcome.Loaded, report.Outcome);
        Assert.Equal(64, report.BatchId.Length);

        var copy = Path.Combine(_scratch.Folder, "copy.csv");
        File.Copy(first, copy);
        var again = _scratch.Ingest("customers", copy);
        Assert.Equal(IngestOutcome.AlreadyIngested, again.Outcome);
        Assert.Equal(report.BatchId, again.BatchId);
        Assert.Equal(1, _scratch.Count("customers"));
        Assert.Equal(1, _scratch.Count("ingest_quarantine"));
        Assert.Equal(
            [$"{report.BatchId} customers 2 1 1"],
            _scratch.Query("SELECT batch_id, table_name, rows_in, rows_loaded, rows_quarantined FROM ingest_batches").Select(r => string.Join(' ', r)));

        // New content with an already loaded row: the row is a duplicate of the warehouse's, the rest loads.
        var next = _scratch.Write("b.csv", CustomerHeader, "c1,acme,smb,emea,1_3y,2025-01-01", "c3,acme,smb,emea,1_3y,2025-01-01");
        var third = _scratch.Ingest("customers", next);
        Assert.Equal((1L, 1L), (third.RowsLoaded, third.RowsRejected));
        Assert.Equal("key (customer_id) = (c1) is already in the warehouse", third.Sample.Single().Detail);
    }

    [Fact]
    public void Over_the_threshold_nothing_is_written_and_the_report_still_says_why()
    {
        var path = _scratch.Write("a.csv", CustomerHeader, "c1,acme,smb,emea,1_3y,2025-01-01", "c2,acme,gold,emea,1_3y,2025-01-01", "c3,acme,gold,emea,1_3y,2025-01-01");
        var before = State();
        var report = _scratch.Ingest("customers", path, options: new IngestOptions { MaxRejectedShare = 0.5 });
        Assert.Equal(IngestOutcome.Refused, report.Outcome);
        Assert.Equal((3L, 0L, 2L), (report.RowsIn, report.RowsLoaded, report.RowsRejected));
        Assert.Equal([3L, 4L], report.Sample.Select(s => s.Line));
        Assert.Equal(before, State());

        // At the threshold it loads (the share must exceed it to refuse).
        var loaded = _scratch.Ingest("customers", path, options: new IngestOptions { MaxRejectedShare = 2.0 / 3 });
        Assert.Equal(IngestOutcome.Loaded, loaded.Outcome);
    }

    [Fact]
    public void Check_only_validates_every_row_and_writes_nothing()
    {
        var path = _scratch.Write("a.csv", CustomerHeader, "c1,acme,smb,emea,1_3y,2025-01-01", "c2,acme,gold,emea,1_3y,2025-01-01");
        var before = State();
        var report = _scratch.Ingest("customers", path, options: new IngestOptions { CheckOnly = true });
        Assert.Equal(IngestOutcome.Checked, report.Outcome);
        Assert.Equal((2L, 1L), (report.RowsIn, report.RowsRejected));
        Assert.Equal(before, State());
    }

    [Fact]
    public void A_failure_before_commit_rolls_the_whole_batch_back()
    {
        var path = _scratch.Write("a.csv", CustomerHeader, "c1,acme,smb,emea,1_3y,2025-01-01", "c2,acme,gold,emea,1_3y,2025-01-01");
        var before = State();
        var failing = new IngestOptions { MaxRejectedShare = 1, BeforeCommit = () => throw new InvalidOperationException("power cut") };
        Assert.Throws<InvalidOperationException>(() => _scratch.Ingest("customers", path, options: failing));
        Assert.Equal(before, State());
        Assert.Equal(IngestOutcome.Loaded, _scratch.Ingest("customers", path).Outcome);
    }

    [Fact]
    public void Watermark_moves_forward_only_and_late_data_is_accepted()
    {
        _scratch.Ingest("customers", _scratch.Write("c.csv", CustomerHeader, "c1,acme,smb,emea,1_3y,2025-01-01"));
        var header = string.Join(',', BadRowTests.InteractionColumns);
        var march = _scratch.Ingest("interactions", _scratch.Write("march.csv", header, BadRowTests.Interaction(1, ("started_at", "2026-03-10T10:00:00Z"), ("ended_at", "2026-03-10T10:05:00Z"))));
        Assert.Equal(new DateTime(2026, 3, 10, 10, 5, 0, DateTimeKind.Utc), march.Watermark);

        // Late data for February loads; the watermark stays, data_from moves back.
        var february = _scratch.Ingest("interactions", _scratch.Write("feb.csv", header, BadRowTests.Interaction(2, ("started_at", "2026-02-01T10:00:00Z"), ("ended_at", "2026-02-01T10:05:00Z"))));
        Assert.Equal((1L, march.Watermark), (february.RowsLoaded, february.Watermark));
        Assert.Equal(new DateTime(2026, 2, 1, 10, 0, 0), (DateTime)_scratch.Query("SELECT data_from FROM warehouse_meta")[0][0]!);
        Assert.Equal("ingest:" + february.BatchId[..16], _scratch.Query("SELECT source FROM warehouse_meta")[0][0]);

        // An explicit watermark moves it forward, never back.
        var explicitly = _scratch.Ingest("interactions", _scratch.Write("x.csv", header, BadRowTests.Interaction(3)), options: new IngestOptions { Watermark = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc) });
        Assert.Equal(new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc), explicitly.Watermark);
        var back = _scratch.Ingest("interactions", _scratch.Write("y.csv", header, BadRowTests.Interaction(4)), options: new IngestOptions { Watermark = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
        Assert.Equal(explicitly.Watermark, back.Watermark);
    }

    [Fact]
    public void A_malformed_file_is_refused_whole_with_the_readers_message()
    {
        var path = _scratch.Write("bad.jsonl", """{"customer_id": "c1", "tenant_id": "acme"}""", """{"customer_id": "c2", """);
        var ex = Assert.Throws<IngestException>(() => _scratch.Ingest("customers", path));
        Assert.Equal(IngestErrors.UnreadableFile, ex.Code);
        Assert.StartsWith($"{path} cannot be read as JSON Lines: ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _scratch.Count("customers"));
    }
}
