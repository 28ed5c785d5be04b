using CxSemantic.Compiler.Tests.Execution;
using Xunit.Abstractions;

namespace CxSemantic.Compiler.Tests.PostgreSql;

/// <summary>
/// The PostgreSQL suites run on a real PostgreSQL 15 and on the same rows as the DuckDB suites: every table of
/// both copies has DuckDB's row count, and a few column sums agree.
/// </summary>
[Collection(PostgreSqlCollectionDefinition.Name)]
public sealed class PostgreSqlCopyTests(PostgreSqlFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public void The_server_is_PostgreSQL_15()
    {
        output.WriteLine($"PostgreSQL {postgres.Server.Version} on port {postgres.Server.Port}; set up in {postgres.SetupTime.TotalSeconds:F1} s");
        Assert.StartsWith("15.", postgres.Server.Version, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oracle")]
    [InlineData("demo")]
    public void The_copy_holds_the_same_rows_as_the_DuckDB_warehouse(string which)
    {
        var copy = which == "oracle" ? postgres.Oracle : postgres.Demo;
        output.WriteLine($"{copy.Load.TotalRows} rows in {copy.Load.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(copy.Source.Interactions, copy.Count("SELECT count(*) FROM interactions"));
        using var duckDb = copy.Source.Database.Connect();
        foreach (var (table, _) in copy.Load.RowsPerTable)
        {
            var sql = $"SELECT count(*) FROM {table}";
            Assert.True(duckDb.ExecuteScalar<long>(sql) == copy.Count(sql), $"{which}: {table} row counts differ");
        }

        foreach (var sql in new[]
        {
            "SELECT CAST(sum(handle_seconds) AS BIGINT) FROM interactions",
            "SELECT CAST(sum(CASE WHEN eligible_for_automation THEN interaction_id ELSE 0 END) AS BIGINT) FROM interactions",
            "SELECT count(DISTINCT customer_id) FROM interactions",
        })
        {
            Assert.True(duckDb.ExecuteScalar<long>(sql) == copy.Count(sql), $"{which}: {sql} differs");
        }
    }
}
