using CxSemantic.Cli;
using CxSemantic.Testing;

namespace CxSemantic.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private static readonly string Definitions = RepositoryPaths.MetricDefinitions;
    private readonly string _temp = Directory.CreateTempSubdirectory("cxsem-cli-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Validate_passes_on_the_shipped_scorecard()
    {
        var (exit, output, error) = Run("validate", Definitions);
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        Assert.Matches(@"^metric-definitions: \d+ metrics, \d+ semantic models, 1 journeys, 3 access policies — valid \(catalog [0-9a-f]{12}\)\.\n$", output.Replace("\r", string.Empty));
    }

    [Fact]
    public void Validate_fails_with_positioned_errors()
    {
        CopyDefinitions();
        var file = Path.Combine(_temp, "defs", "metrics", "automation.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("min_cell_size: 30\nthresholds: { green: 0.65", "min_cell_size: 0\nthresholds: { green: 0.65", StringComparison.Ordinal));
        var (exit, _, error) = Run("validate", Path.Combine(_temp, "defs"));
        Assert.Equal(1, exit);
        Assert.Equal(
            "metrics/automation.yaml:22:18: error CXD0032: 'min_cell_size' in segmentation of metric 'containment_rate' must be at least 1; found 0.\n1 error(s); the catalog was not built.\n",
            error.Replace("\r", string.Empty));
    }

    [Fact]
    public void Validate_names_a_missing_folder()
    {
        var (exit, _, error) = Run("validate", Path.Combine(_temp, "nope"));
        Assert.Equal(2, exit);
        Assert.Contains("the definitions folder", error);
    }

    [Fact]
    public void Glossary_writes_an_index_and_one_page_per_metric()
    {
        var target = Path.Combine(_temp, "glossary");
        var (exit, output, _) = Run("glossary", Definitions, "--format", "html", "--out", target);
        Assert.Equal(0, exit);
        var pages = Directory.GetFiles(Path.Combine(target, "metrics"), "*.html");
        Assert.Contains($"Wrote {pages.Length + 1} pages", output);
        Assert.Contains(Path.Combine(target, "metrics", "containment_rate.html"), pages);
        Assert.Contains("<h2>Lineage</h2>", File.ReadAllText(Path.Combine(target, "metrics", "containment_rate.html")));
        Assert.Contains("href=\"metrics/nps.html\"", File.ReadAllText(Path.Combine(target, "index.html")));
    }

    [Fact]
    public void Diff_refuses_a_changed_definition_without_a_version_bump()
    {
        CopyDefinitions();
        var file = Path.Combine(_temp, "defs", "metrics", "customer.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("positive: \"score >= 4\"", "positive: \"score >= 5\"", StringComparison.Ordinal));
        var (exit, _, error) = Run("diff", Definitions, Path.Combine(_temp, "defs"));
        Assert.Equal(1, exit);
        Assert.Equal(
            "changed  conversational_csat: definition (v1 → v1) — error: the definition changed but its version did not; set version: 2.\n",
            error.Replace("\r", string.Empty));

        File.WriteAllText(file, File.ReadAllText(file).Replace("metric: conversational_csat\nversion: 1", "metric: conversational_csat\nversion: 2", StringComparison.Ordinal));
        var (ok, output, _) = Run("diff", Definitions, Path.Combine(_temp, "defs"));
        Assert.Equal(0, ok);
        Assert.Equal("changed  conversational_csat: definition, version (v1 → v2)\n", output.Replace("\r", string.Empty));
    }

    [Theory]
    [InlineData("duckdb", "CREATE TABLE \"interactions\" (")]
    [InlineData("postgres", "CREATE TABLE interactions (")]
    [InlineData("sqlserver", "CREATE TABLE [interactions] (")]
    public void Schema_prints_the_ddl_of_each_dialect(string dialect, string expected)
    {
        var (exit, output, _) = Run("schema", "--dialect", dialect);
        Assert.Equal(0, exit);
        Assert.Contains(expected, output);
    }

    [Fact]
    public void Schema_rejects_an_unknown_dialect()
    {
        var (exit, _, error) = Run("schema", "--dialect", "oracle");
        Assert.NotEqual(0, exit);
        Assert.Contains("oracle", error);
    }

    [Fact]
    public void Seed_writes_a_warehouse_and_refuses_to_overwrite_it()
    {
        var file = Path.Combine(_temp, "demo.duckdb");
        var (exit, output, error) = Run("seed", "--interactions", "2000", "--seed", "7", "--out", file);
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        Assert.Contains("interactions", output);
        using (var db = DuckDbDatabase.Open(file, new DuckDbConfig { ReadOnly = true }))
        using (var conn = db.Connect())
        {
            Assert.Equal(2000L, conn.ExecuteScalar<long>("SELECT count(*) FROM interactions"));
            Assert.Equal(7L, conn.ExecuteScalar<long>("SELECT seed FROM warehouse_meta"));
            Assert.Equal(0L, conn.ExecuteScalar<long>(OutOfTimeOrder));
        }

        Assert.False(File.Exists(file + ".partial"));
        var (again, _, refusal) = Run("seed", "--interactions", "2000", "--out", file);
        Assert.Equal(2, again);
        Assert.Contains("already exists; pass --force to replace it", refusal);
        Assert.Equal(0, Run("seed", "--interactions", "1000", "--out", file, "--force").Exit);
    }

    [Fact]
    public void Seed_unordered_leaves_the_tables_as_generated()
    {
        var file = Path.Combine(_temp, "unordered.duckdb");
        Assert.Equal(0, Run("seed", "--interactions", "2000", "--seed", "7", "--out", file, "--unordered").Exit);
        using var db = DuckDbDatabase.Open(file, new DuckDbConfig { ReadOnly = true });
        using var conn = db.Connect();
        Assert.Equal(2000L, conn.ExecuteScalar<long>("SELECT count(*) FROM interactions"));
        Assert.True(conn.ExecuteScalar<long>(OutOfTimeOrder) > 100);
    }

    /// <summary>Interactions whose start is earlier than the one stored before them.</summary>
    private const string OutOfTimeOrder = "SELECT count(*) FROM (SELECT started_at < lag(started_at) OVER (ORDER BY rowid) AS back FROM interactions) WHERE back";

    [Fact]
    public void Seed_rejects_an_out_of_range_size()
    {
        var (exit, _, error) = Run("seed", "--interactions", "0", "--out", Path.Combine(_temp, "x.duckdb"));
        Assert.Equal(2, exit);
        Assert.Equal("cxsem seed: --interactions must be between 1 and 200,000,000; got 0.\n", error.Replace("\r", string.Empty));
    }

    private void CopyDefinitions()
    {
        foreach (var source in Directory.EnumerateFiles(Definitions, "*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_temp, "defs", Path.GetRelativePath(Definitions, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
    }
}
