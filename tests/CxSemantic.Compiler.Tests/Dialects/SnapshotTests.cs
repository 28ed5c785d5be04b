using System.Text;
using CxSemantic.Compiler.Dialects;

namespace CxSemantic.Compiler.Tests.Dialects;

/// <summary>
/// Golden files of the SQL every catalog metric compiles to, per dialect, in
/// <c>Dialects/Snapshots/&lt;dialect&gt;/&lt;metric&gt;.sql</c> (read from and written to the source tree).
/// Set <c>CXSEM_UPDATE_SNAPSHOTS=1</c> to rewrite them; review the diff before committing.
/// </summary>
public sealed class SnapshotTests
{
    private const string TestName = "CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot";

    public static TheoryData<string, SqlDialectKind> Cases()
    {
        var data = new TheoryData<string, SqlDialectKind>();
        foreach (var metric in DialectCorpus.Catalog.Metrics.Keys)
        {
            foreach (var dialect in DialectCorpus.Dialects)
            {
                data.Add(metric, dialect);
            }
        }

        return data;
    }

    private static bool Updating => Environment.GetEnvironmentVariable("CXSEM_UPDATE_SNAPSHOTS") == "1";

    private static string PathOf(string metric, SqlDialectKind dialect) => DialectCorpus.SourcePath("Snapshots", dialect.ToString(), metric + ".sql");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled_sql_matches_snapshot(string metric, SqlDialectKind dialect)
    {
        var compilation = DialectCorpus.All.Single(c => c.Metric == metric && c.Dialect == dialect);
        var actual = DialectCorpus.Snapshot(compilation, TestName);
        var path = PathOf(metric, dialect);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path) || Normalize(File.ReadAllText(path)) != actual)
            {
                File.WriteAllText(path, actual, new UTF8Encoding(false));
            }

            return;
        }

        Assert.True(File.Exists(path), $"No snapshot {path}; run the tests with CXSEM_UPDATE_SNAPSHOTS=1 to write it, then review it.");
        var expected = Normalize(File.ReadAllText(path));
        if (expected != actual)
        {
            Assert.Fail($"The {dialect} SQL of {metric} differs from {path} (CXSEM_UPDATE_SNAPSHOTS=1 rewrites it):\n{Diff(expected, actual)}");
        }
    }

    [Fact]
    public void Every_snapshot_file_belongs_to_a_metric()
    {
        var metrics = DialectCorpus.Catalog.Metrics.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var dialect in DialectCorpus.Dialects)
        {
            var folder = DialectCorpus.SourcePath("Snapshots", dialect.ToString());
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(folder, "*.sql"))
            {
                var metric = Path.GetFileNameWithoutExtension(file);
                if (metrics.Contains(metric))
                {
                    continue;
                }

                if (Updating)
                {
                    File.Delete(file);
                }
                else
                {
                    Assert.Fail($"Snapshot {file} names no metric of the catalog; delete it (CXSEM_UPDATE_SNAPSHOTS=1 does).");
                }
            }
        }
    }

    [Fact]
    public void Compile_to_text_is_the_statements_with_their_descriptions()
    {
        foreach (var compilation in DialectCorpus.All.Where(c => c.Refusal is null))
        {
            var expected = string.Join("\n\n", compilation.Statements.Select(s => $"-- {s.Description}\n{s.Sql};"));
            Assert.Equal(expected, compilation.Text);
        }
    }

    [Fact]
    public void Only_percentiles_are_refused_and_only_by_TSql()
    {
        foreach (var compilation in DialectCorpus.All)
        {
            if (compilation.Refusal is { } refusal)
            {
                Assert.Equal(SqlDialectKind.TSql, compilation.Dialect);
                Assert.Equal("UNSUPPORTED_BY_ENGINE", refusal.Code);
            }
            else
            {
                Assert.NotEmpty(compilation.Statements);
            }
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>A unified-style diff around the first differing line.</summary>
    internal static string Diff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first])
        {
            first++;
        }

        var lastE = e.Length - 1;
        var lastA = a.Length - 1;
        while (lastE >= first && lastA >= first && e[lastE] == a[lastA])
        {
            lastE--;
            lastA--;
        }

        var from = Math.Max(0, first - 3);
        var text = new StringBuilder();
        text.Append($"@@ -{from + 1},{lastE - from + 4} +{from + 1},{lastA - from + 4} @@\n");
        for (var i = from; i < first; i++)
        {
            text.Append("  ").Append(e[i]).Append('\n');
        }

        const int MaxLines = 40;
        for (var i = first; i <= lastE && i < first + MaxLines; i++)
        {
            text.Append("- ").Append(e[i]).Append('\n');
        }

        for (var i = first; i <= lastA && i < first + MaxLines; i++)
        {
            text.Append("+ ").Append(a[i]).Append('\n');
        }

        if (lastE - first >= MaxLines || lastA - first >= MaxLines)
        {
            text.Append("  … (more differences)\n");
        }

        for (var i = lastE + 1; i < e.Length && i <= lastE + 3; i++)
        {
            text.Append("  ").Append(e[i]).Append('\n');
        }

        return text.ToString();
    }
}
