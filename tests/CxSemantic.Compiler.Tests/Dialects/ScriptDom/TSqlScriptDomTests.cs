using System.Text;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Queries;
using Xunit.Abstractions;

namespace CxSemantic.Compiler.Tests.Dialects.ScriptDom;

/// <summary>
/// Every T-SQL statement the compiler renders, for every metric × window × grain × filter combination
/// (<see cref="TSqlCombinationCorpus"/>), parses with ScriptDom's SQL Server 2022 grammar as exactly one
/// SELECT, with zero errors; so do the renderer samples. Broken statements must be rejected, so a check
/// that passes everything fails.
/// </summary>
public sealed class TSqlScriptDomTests(ITestOutputHelper output)
{
    /// <summary>Statements ScriptDom must reject.</summary>
    public static readonly TheoryData<string, string> Broken = new()
    {
        { "unclosed-paren", "SELECT (1 AS [x] FROM [t] [t]" },
        { "missing-operand", "SELECT [a] AS [a] FROM [t] [t] WHERE ([a] = )" },
        { "case-without-end", "SELECT CASE WHEN [a] = 1 THEN 1 AS [x] FROM [t] [t]" },
        { "interval-literal", "SELECT [a] AS [a] FROM [t] [t] WHERE ([a] + INTERVAL '5 seconds' > [b])" },
        { "limit", "SELECT [a] AS [a] FROM [t] [t] LIMIT 10" },
        { "ilike", "SELECT [a] AS [a] FROM [t] [t] WHERE [a] ILIKE 'x%'" },
        { "two-statements", "SELECT 1 AS [a]; SELECT 2 AS [b]" },
        { "boolean-literal", "SELECT [a] AS [a] FROM [t] [t] WHERE [b] = TRUE AND [c] IS TRUE" },
    };

    public static TheoryData<string> Metrics() => [.. DialectCorpus.Catalog.Metrics.Keys];

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Every_combination_parses_with_zero_errors(string metric)
    {
        var compiler = new MetricCompiler(DialectCorpus.Catalog);
        var failures = new StringBuilder();
        int points = 0, statements = 0, refusals = 0;
        var compileClock = new System.Diagnostics.Stopwatch();
        var parseClock = new System.Diagnostics.Stopwatch();
        foreach (var point in TSqlCombinationCorpus.For(metric))
        {
            points++;
            compileClock.Start();
            var (sqls, refusal) = TSqlCombinationCorpus.Compile(compiler, point);
            compileClock.Stop();
            if (refusal is not null)
            {
                // Only percentiles are refused by T-SQL (SnapshotTests pins that); any other refusal is a corpus bug.
                Assert.True(refusal.Code == "UNSUPPORTED_BY_ENGINE", $"{point}: refused with {refusal.Code}: {refusal.Message}");
                refusals++;
                continue;
            }

            foreach (var (sql, i) in sqls.Select((s, i) => (s, i)))
            {
                statements++;
                parseClock.Start();
                var verdict = TSqlScriptDom.Parse(sql);
                parseClock.Stop();
                if (!verdict.IsOneSelect)
                {
                    failures.Append($"{point}, statement {i + 1}:\n{verdict.Describe(sql)}--- SQL ---\n{sql}\n\n");
                }
            }
        }

        output.WriteLine($"{metric}: {points} combinations, {statements} T-SQL statements parsed, {refusals} refused (percentiles); compile {compileClock.ElapsedMilliseconds} ms, parse {parseClock.ElapsedMilliseconds} ms, {TSqlScriptDom.DistinctTextsParsed} distinct texts parsed so far");
        Assert.True(points > 0);
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Fact]
    public void The_corpus_covers_every_window_grain_and_filter_kind()
    {
        var points = DialectCorpus.Catalog.Metrics.Keys.SelectMany(TSqlCombinationCorpus.For).ToList();
        Assert.Equal(TSqlCombinationCorpus.Windows.Select(w => w.Name).Order(), points.Select(p => p.Window).Distinct().Order());
        Assert.Equal(TSqlCombinationCorpus.Grains.Length, points.Select(p => p.Grain).Distinct().Count());
        var operators = points.SelectMany(p => p.Query.Filters).Select(f => f.Operator).Distinct().Order().ToList();
        output.WriteLine($"{points.Count} combinations ({(TSqlCombinationCorpus.Full ? "full cross product" : "pairwise; CXSEM_LONG=1 for the full cross product")}); filter operators: {string.Join(", ", operators)}");
        Assert.Contains(points, p => p.Filter == "all" && p.Query.Filters.Length > 1);
        Assert.True(operators.Count >= 6, $"Only {operators.Count} filter operators are exercised.");
    }

    [Theory]
    [MemberData(nameof(RendererSampleNames))]
    public void Renderer_samples_parse(string sample)
    {
        string sql;
        try
        {
            sql = SqlRenderer.For(SqlDialectKind.TSql).Render(RendererSamples.Get(sample)).Text;
        }
        catch (QueryException refusal)
        {
            Assert.Equal("UNSUPPORTED_BY_ENGINE", refusal.Code); // percentiles; SqlRendererTests pins the message
            return;
        }

        var verdict = TSqlScriptDom.Parse(sql);
        Assert.True(verdict.IsOneSelect, verdict.Describe(sql) + sql);
    }

    public static TheoryData<string> RendererSampleNames() => [.. RendererSamples.All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Broken))]
    public void ScriptDom_rejects_broken_sql(string name, string sql)
    {
        var verdict = TSqlScriptDom.Parse(sql);
        Assert.False(verdict.IsOneSelect, $"ScriptDom accepted the broken statement {name}: the syntax check is not checking.");
    }

    [Fact]
    public void A_parse_error_names_line_column_and_number()
    {
        var verdict = TSqlScriptDom.Parse("SELECT [a] AS [a]\nFROM [t] [t]\nWHERE ([a] = )");
        var error = Assert.Single(verdict.Errors);
        Assert.Equal(46010, error.Number);
        Assert.Equal((3, 14), (error.Line, error.Column));
        Assert.Equal("Incorrect syntax near ')'.", error.Message);
    }
}
