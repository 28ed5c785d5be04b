using CxSemantic.Cli.Commands;
using CxSemantic.Compiler.Queries;
using CxSemantic.Testing;

namespace CxSemantic.Cli.Tests;

/// <summary><c>cxsem query --compare</c>: group comparisons (paired), q-values in the table, the overlap refusal.</summary>
public sealed class QueryCompareTests : IDisposable
{
    private static readonly string Definitions = RepositoryPaths.MetricDefinitions;
    private readonly string _temp = Directory.CreateTempSubdirectory("cxsem-compare-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Paired_group_comparison_prints_the_delta_its_interval_p_q_and_pairs()
    {
        var db = Path.Combine(_temp, "demo.duckdb");
        Assert.Equal(0, Run("seed", "--interactions", "3000", "--seed", "42", "--out", db).Exit);
        var (exit, output, error) = Run(
            "query", "--definitions", Definitions, "--db", db, "-m", "model_drift_index", "-b", "evaluator", "-b", "evaluator_version", "-w", "evaluator=tone",
            "--from", "2026-03-18", "--to", "2026-04-01", "--compare", "groups:evaluator_version=v1:paired");
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        // The table wraps cells at the console width: compare without the layout.
        var flat = new string([.. output.Where(c => !char.IsWhiteSpace(c) && c != '│')]);
        Assert.Matches(@"Δ-0\.0\d+\[-0\.\d+,-0\.\d+\]p=[<\d.]+q=[<\d.]+\*", flat);
        Assert.Matches(@"\(\d+pairs\)", flat);
        Assert.Contains("Benjamini–Hochbergovereverydelta", flat, StringComparison.Ordinal);

        var (refused, _, message) = Run("query", "--definitions", Definitions, "--db", db, "-m", "nps", "--from", "2026-03-01", "--to", "2026-04-01", "--compare", "baseline:2026-03-15..2026-04-15");
        Assert.NotEqual(0, refused);
        Assert.Contains("BASELINE_OVERLAPS", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_and_flag_queries_read_group_comparisons()
    {
        var query = MetricQueryOptions.FromJson("""
            { "metrics": ["nps"], "groupBy": ["journey_stage"], "compare": { "groups": { "dimension": "journey_stage", "reference": "support", "paired": false } } }
            """);
        Assert.Equal(new GroupComparison("journey_stage", "support"), query.Compare);
        var (exit, _, error) = Run("compile", "--definitions", Definitions, "-m", "nps", "-b", "journey_stage", "--compare", "groups:journey_stage");
        Assert.NotEqual(0, exit);
        Assert.Contains("groups:DIMENSION=REFERENCE[:paired]", error, StringComparison.Ordinal);
    }
}
