using System.Text;
using System.Text.RegularExpressions;
using CxSemantic.Compiler.Dialects;
using Xunit.Abstractions;

namespace CxSemantic.Compiler.Tests.Dialects;

/// <summary>
/// Every PostgreSQL statement the catalog compiles to must parse with an independent parser (npm
/// node-sql-parser, pinned; <c>postgresql</c> grammar: no .NET PostgreSQL parser is served). One node
/// process checks the whole corpus, plus a few broken statements that must be rejected. T-SQL is checked
/// by Microsoft's own parser instead (<see cref="ScriptDom.TSqlScriptDomTests"/>).
/// </summary>
public sealed partial class SqlSyntaxTests(ITestOutputHelper output)
{
    private static readonly SqlDialectKind[] Parsed = [SqlDialectKind.PostgreSql];

    /// <summary>The dialects whose statements the foreign-token lint reads (ScriptDom is strict, but the lint is cheap).</summary>
    private static readonly SqlDialectKind[] Linted = [SqlDialectKind.TSql, SqlDialectKind.PostgreSql];

    /// <summary>Statements the parser must reject, so a check that passes everything fails.</summary>
    private static readonly (string Name, SqlDialectKind Dialect, string Sql)[] Broken =
    [
        ("broken/unclosed-paren", SqlDialectKind.PostgreSql, "SELECT (1 AS \"x\" FROM \"t\" \"t\""),
        ("broken/missing-operand", SqlDialectKind.PostgreSql, "SELECT \"a\" AS \"a\" FROM \"t\" \"t\" WHERE (\"a\" = )"),
        ("broken/case-without-end", SqlDialectKind.PostgreSql, "SELECT CASE WHEN \"a\" = 1 THEN 1 AS \"x\" FROM \"t\" \"t\""),
        ("broken/brackets-in-postgresql", SqlDialectKind.PostgreSql, "SELECT [a] AS [a] FROM [t] [t]"),
        ("broken/two-statements", SqlDialectKind.PostgreSql, "SELECT 1 AS \"a\"; SELECT 2 AS \"b\""),
    ];

    /// <summary>
    /// Renderer samples not given to the parser, with the reason. node-sql-parser 5.4.0 does not read
    /// doubled quotes inside delimited identifiers ("say ""hi""" in PostgreSQL), which PostgreSQL accepts; compiled SQL never has them (identifiers come from validated definitions).
    /// </summary>
    private static readonly Dictionary<string, string> UnparsedSamples = new(StringComparer.Ordinal)
    {
        ["quoting"] = "doubled quotes inside delimited identifiers (valid; node-sql-parser cannot read them)",
    };

    private static readonly Lazy<Verdicts> LazyVerdicts = new(Check, LazyThreadSafetyMode.ExecutionAndPublication);

    public static TheoryData<string, SqlDialectKind> Cases() => MetricsIn(Parsed);

    public static TheoryData<string, SqlDialectKind> LintCases() => MetricsIn(Linted);

    private static TheoryData<string, SqlDialectKind> MetricsIn(SqlDialectKind[] dialects)
    {
        var data = new TheoryData<string, SqlDialectKind>();
        foreach (var metric in DialectCorpus.Catalog.Metrics.Keys)
        {
            foreach (var dialect in dialects)
            {
                data.Add(metric, dialect);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled_sql_parses(string metric, SqlDialectKind dialect)
    {
        var verdicts = LazyVerdicts.Value;
        var compilation = DialectCorpus.All.Single(c => c.Metric == metric && c.Dialect == dialect);
        if (compilation.Refusal is not null)
        {
            return; // Refused (percentiles on T-SQL): no SQL; SnapshotTests pins the refusal.
        }

        var failures = new StringBuilder();
        foreach (var statement in compilation.Statements)
        {
            var result = verdicts.ByName[statement.Name];
            if (result.Applied.Count > 0)
            {
                output.WriteLine($"{statement.Name}: parsed with allowance(s) {string.Join(", ", result.Applied)}");
            }

            var problem = Problem(statement, result);
            if (problem is not null)
            {
                failures.Append(problem).Append("\n\n");
            }
        }

        Assert.True(failures.Length == 0, failures.ToString());
    }

    public static TheoryData<string, SqlDialectKind> RendererCases()
    {
        var data = new TheoryData<string, SqlDialectKind>();
        foreach (var name in RendererSamples.All.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var dialect in Parsed)
            {
                data.Add(name, dialect);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RendererCases))]
    public void Renderer_samples_parse(string sample, SqlDialectKind dialect)
    {
        if (UnparsedSamples.TryGetValue(sample, out var reason))
        {
            output.WriteLine($"{sample} is not parsed: {reason}");
            return;
        }

        if (TryRender(RendererSamples.Get(sample), dialect) is not { } sql)
        {
            return;
        }

        var statement = new DialectStatement($"renderer:{sample}", dialect, 0, sample, sql, []);
        var problem = Problem(statement, LazyVerdicts.Value.ByName[$"renderer/{sample}/{dialect}"]);
        Assert.True(problem is null, problem);
    }

    [Fact]
    public void The_parser_rejects_broken_sql()
    {
        var verdicts = LazyVerdicts.Value;
        output.WriteLine($"node-sql-parser {verdicts.Version} in {NodeSqlParser.Instance.Folder}");
        foreach (var (name, dialect, _) in Broken)
        {
            var result = verdicts.ByName[$"{name}/{dialect}"];
            Assert.False(result.Ok, $"node-sql-parser accepted the broken {dialect} statement {name}: the syntax check is not checking.");
        }
    }

    [Fact]
    public void The_pinned_parser_version_is_installed()
    {
        var manifest = File.ReadAllText(DialectCorpus.SourcePath("SqlParser", "package.json"));
        Assert.Contains($"\"node-sql-parser\": \"{LazyVerdicts.Value.Version}\"", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_allowance_is_needed()
    {
        var verdicts = LazyVerdicts.Value;
        foreach (var allowance in SqlParserAllowances.All)
        {
            var uses = verdicts.ByName.Values.Count(r => r.Applied.Contains(allowance.Id));
            output.WriteLine($"allowance {allowance.Id} ({allowance.Dialect}): {uses} statement(s)");
            Assert.True(uses > 0, $"Allowance {allowance.Id} is no longer needed by any statement; remove it from SqlParserAllowances and check-sql.mjs.");
        }
    }

    /// <summary>
    /// node-sql-parser is lenient across dialects (it accepts LIMIT in T-SQL and TOP in PostgreSQL), so
    /// also check no other dialect's tokens leak into a statement (outside string literals).
    /// </summary>
    [Theory]
    [MemberData(nameof(LintCases))]
    public void Compiled_sql_has_no_foreign_dialect_tokens(string metric, SqlDialectKind dialect)
    {
        var foreign = dialect == SqlDialectKind.TSql ? TSqlForeignTokens() : PostgreSqlForeignTokens();
        foreach (var statement in DialectCorpus.All.Single(c => c.Metric == metric && c.Dialect == dialect).Statements)
        {
            var code = StringLiterals().Replace(statement.Sql, "''");
            var match = foreign.Match(code);
            Assert.False(match.Success, $"{statement.Name} contains '{match.Value}', which is not {dialect}:\n{statement.Sql}");
        }
    }

    [GeneratedRegex("""'(?:[^']|'')*'""")]
    private static partial Regex StringLiterals();

    [GeneratedRegex("""["`]|\$\d|\bLIMIT\b|\bINTERVAL\b|\bTRUE\b|\bFALSE\b|\bTIMESTAMPTZ\b|::|\bquantile_cont\b|\bpercentile_cont\b|\bLENGTH\(|\bDOUBLE\b|\bBOOLEAN\b""", RegexOptions.IgnoreCase)]
    private static partial Regex TSqlForeignTokens();

    [GeneratedRegex("""\[|\]|@p\d|@@|\bTOP\b|\bDATEADD\b|\bLEN\(|\bDATETIMEOFFSET\b|\bFLOAT\b|\bquantile_cont\b|\bISNULL\(|\bN'""", RegexOptions.IgnoreCase)]
    private static partial Regex PostgreSqlForeignTokens();

    private static string? Problem(DialectStatement statement, ParseResult result)
    {
        if (result.Ok && result.Applied.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        if (result.Ok)
        {
            // Parsed after an allowance: the original error must be exactly the documented one, at the construct.
            foreach (var id in result.Applied)
            {
                var allowance = SqlParserAllowances.All.Single(a => a.Id == id);
                var before = statement.Sql[..Math.Min(result.OriginalOffset ?? 0, statement.Sql.Length)];
                if (allowance.ParserError == result.OriginalError && Regex.IsMatch(before, allowance.Construct))
                {
                    return null;
                }
            }

            text.Append($"{statement.Name} ({statement.Metric}, {statement.Dialect}) only parsed after allowance(s) {string.Join(", ", result.Applied)}, "
                + "but its original error is not the documented one:\n");
            text.Append($"parser: {result.OriginalError}\n{Excerpt(statement.Sql, result.OriginalOffset)}");
        }
        else
        {
            text.Append($"{statement.Name}: the {statement.Dialect} SQL of metric {statement.Metric} does not parse with node-sql-parser");
            if (result.Applied.Count > 0)
            {
                text.Append($" (even after allowance(s) {string.Join(", ", result.Applied)}; original error: {result.OriginalError})");
            }

            text.Append($":\nparser: {result.Error}\n{Excerpt(statement.Sql, result.Applied.Count > 0 ? result.OriginalOffset : result.Offset)}");
        }

        text.Append("\n--- SQL ---\n").Append(statement.Sql);
        return text.ToString();
    }

    private static string Excerpt(string sql, int? offset)
    {
        if (offset is not { } at)
        {
            return string.Empty;
        }

        at = Math.Clamp(at, 0, sql.Length);
        var start = Math.Max(0, at - 160);
        return "at offset " + at + ": …" + sql[start..at] + " ⟦HERE⟧ " + sql[at..Math.Min(sql.Length, at + 80)] + "…";
    }

    private static string? TryRender(Compiler.Sql.SqlSelect sample, SqlDialectKind dialect)
    {
        try
        {
            return SqlRenderer.For(dialect).Render(sample).Text;
        }
        catch (Compiler.Queries.QueryException)
        {
            return null; // T-SQL refuses percentiles; SqlRendererTests pins the refusal.
        }
    }

    private static string ParserDialect(SqlDialectKind dialect) => dialect == SqlDialectKind.PostgreSql
        ? "postgresql"
        : throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "node-sql-parser only checks PostgreSQL here; T-SQL goes to ScriptDom.");

    private static Verdicts Check()
    {
        var requests = new List<ParseRequest>();
        foreach (var statement in DialectCorpus.Statements.Where(s => Parsed.Contains(s.Dialect)))
        {
            requests.Add(new ParseRequest(statement.Name, ParserDialect(statement.Dialect), statement.Sql, [.. SqlParserAllowances.For(statement.Dialect).Select(a => a.Id)]));
        }

        foreach (var (name, sample) in RendererSamples.All.Where(s => !UnparsedSamples.ContainsKey(s.Key)))
        {
            foreach (var dialect in Parsed)
            {
                if (TryRender(sample, dialect) is { } sql)
                {
                    requests.Add(new ParseRequest($"renderer/{name}/{dialect}", ParserDialect(dialect), sql, [.. SqlParserAllowances.For(dialect).Select(a => a.Id)]));
                }
            }
        }

        foreach (var (name, dialect, sql) in Broken)
        {
            requests.Add(new ParseRequest($"{name}/{dialect}", ParserDialect(dialect), sql, []));
        }

        var parser = NodeSqlParser.Instance;
        var results = parser.Parse(requests);
        return new Verdicts(parser.Version, results.ToDictionary(r => r.Name, StringComparer.Ordinal));
    }

    private sealed record Verdicts(string Version, Dictionary<string, ParseResult> ByName);
}
