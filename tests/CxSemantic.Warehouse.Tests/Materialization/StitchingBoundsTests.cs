using CxSemantic.Compiler;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Queries;
using NodaTime;

namespace CxSemantic.Warehouse.Tests.Materialization;

/// <summary>
/// Query-time stitching reads contacts from the window's start minus the journey window (to decide which contacts
/// start a journey) up to the window's end plus the horizon (all a journey starting in the window can see) — bounded
/// above as well as below, never to the watermark.
/// </summary>
public sealed class StitchingBoundsTests
{
    [Theory]
    [InlineData(SqlDialectKind.DuckDb, "TIMESTAMPTZ '2026-02-22 00:00:00+00'", "TIMESTAMPTZ '2026-04-15 00:00:00+00'")]
    [InlineData(SqlDialectKind.PostgreSql, "CAST('2026-02-22 00:00:00+00' AS TIMESTAMPTZ)", "CAST('2026-04-15 00:00:00+00' AS TIMESTAMPTZ)")]
    public void Contacts_are_read_from_start_minus_window_to_end_plus_horizon(SqlDialectKind dialect, string from, string to)
    {
        var query = new MetricQuery
        {
            Metrics = ["containment_rate"],
            GroupBy = ["intent_complexity"],
            Time = new TimeWindow(new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 1), "UTC"),
            Caller = Caller.WithRole("cx_analyst"),
        };
        var sql = new MetricCompiler(MaterializedWarehouse.Catalog).Compile(query, dialect).Facts.Single().Sql.Text;
        var contacts = sql[sql.IndexOf("\"contacts\"", StringComparison.Ordinal)..sql.IndexOf("\"marked\"", StringComparison.Ordinal)];
        Assert.Contains($"(\"t0\".\"started_at\" >= {from})", contacts, StringComparison.Ordinal);
        Assert.Contains($"(\"t0\".\"started_at\" < {to})", contacts, StringComparison.Ordinal);
    }
}
