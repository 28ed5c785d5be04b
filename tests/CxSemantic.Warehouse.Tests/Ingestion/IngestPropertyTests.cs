using CxSemantic.Warehouse.Ingestion;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.Warehouse.Tests.Ingestion;

/// <summary>
/// For random customer exports mixing good rows with every row-local fault and repeated keys, the quarantine is
/// exactly what an independent C# oracle of the rules says (reason and line for each row), and nothing is lost.
/// </summary>
public sealed class IngestPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(15).WithQuietOnSuccess(true);

    private static readonly string[] Segments = ["consumer", "smb", "enterprise", "gold", string.Empty];
    private static readonly string[] Regions = ["amer", "emea", "apac", "mars", string.Empty];
    private static readonly string[] Since = ["2025-01-01", "2025-06-01T10:00:00Z", "soon", string.Empty];

    private static readonly Gen<string[]> Row =
        from id in Gen.Choose(0, 12)
        from segment in Gen.Elements(Segments)
        from region in Gen.Elements(Regions)
        from since in Gen.Elements(Since)
        select new[] { id == 12 ? string.Empty : $"c{id}", "acme", segment, region, "1_3y", since };

    [Fact]
    public void Quarantine_matches_an_independent_oracle_and_rows_in_equal_loaded_plus_quarantined() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Row).Where(rows => rows.Count > 0).Select(rows => rows.ToArray())), (string[][] rows) =>
        {
            using var scratch = new IngestScratch();
            var path = scratch.Write("c.csv", [.. new[] { "customer_id,tenant_id,segment,region,tenure_band,customer_since" }.Concat(rows.Select(r => string.Join(',', r)))]);
            var report = scratch.Ingest("customers", path);
            var expected = Oracle(rows);
            Assert.Equal(expected.Where(e => e.Reason is not null).Select(e => $"{e.Line} {e.Reason}"), scratch.Quarantine("customers").Select(q => string.Join(' ', q.Split(' ')[..2])));
            Assert.Equal(rows.Length, report.RowsIn);
            Assert.Equal(report.RowsIn, report.RowsLoaded + report.RowsRejected);
            Assert.Equal(expected.Count(e => e.Reason is null), scratch.Count("customers"));
        }).Check(Runs);

    /// <summary>The rules, written out: first type, then required, then vocabulary, then a key seen on an earlier good row.</summary>
    private static List<(int Line, string? Reason)> Oracle(string[][] rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(int, string?)>();
        for (var i = 0; i < rows.Length; i++)
        {
            var (id, segment, region, since) = (rows[i][0], rows[i][2], rows[i][3], rows[i][5]);
            string? reason =
                since == "soon" ? "bad_type"
                : id.Length == 0 || segment.Length == 0 || region.Length == 0 || since.Length == 0 ? "missing_required"
                : !Segments.AsSpan(0, 3).Contains(segment) || !Regions.AsSpan(0, 3).Contains(region) ? "not_allowed_value"
                : !seen.Add(id) ? "duplicate_key"
                : null;
            result.Add((i + 2, reason));
        }

        return result;
    }
}
