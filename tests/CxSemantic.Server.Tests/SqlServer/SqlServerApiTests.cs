using System.Text.Json.Nodes;

namespace CxSemantic.Server.Tests.SqlServer;

/// <summary>
/// <c>CxSemantic:Warehouse:Engine=sqlserver</c> without a SQL Server (none can run here): a bad or unreachable
/// connection string gives a clear error while the catalog is still served. The live API on SQL Server runs in
/// Warehouse.Tests when <c>CXSEM_SQLSERVER</c> is set.
/// </summary>
public sealed class SqlServerApiTests
{
    [Theory]
    [InlineData("Server=127.0.0.1,1;Database=cx;User ID=cx;Password=s3cret!;Encrypt=false;Connect Timeout=2", "cannot be reached")]
    [InlineData("Server=127.0.0.1;Nonsense=1", "is not a valid SqlClient connection string")]
    [InlineData("", "CxSemantic:Warehouse:ConnectionString is empty")]
    public async Task A_bad_connection_string_gives_a_clear_error_and_the_catalog_is_still_served(string connectionString, string phrase)
    {
        await TestPaths.EnsureWarehouseAsync();
        var settings = ServerFixture.BaseSettings();
        settings.Remove("CxSemantic:Warehouse:File");
        settings["CxSemantic:Warehouse:Engine"] = "sqlserver";
        settings["CxSemantic:Warehouse:ConnectionString"] = connectionString;
        settings["CxSemantic:CacheEntries"] = "0";
        await using var factory = new CxServerFactory(settings);
        using var client = factory.CreateClient();

        var error = await Gql.ErrorAsync(client, "{ metrics { rows { intentComplexity containmentRate { value } } } }");
        Assert.Equal("WAREHOUSE_UNAVAILABLE", (string?)error["extensions"]!["code"]);
        var message = (string)error["message"]!;
        Assert.Contains(phrase, message, StringComparison.Ordinal);
        Assert.Contains("CxSemantic:Warehouse:ConnectionString", message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", message, StringComparison.Ordinal);

        Assert.NotEmpty((await Gql.DataAsync(client, "{ metricDefinitions(first: 3) { edges { node { name } } } }"))["metricDefinitions"]!["edges"]!.AsArray());
        var health = JsonNode.Parse(await client.GetStringAsync("/health"))!;
        Assert.Equal("degraded", (string?)health["status"]);
        Assert.Equal("unavailable", (string?)health["warehouse"]!["status"]);
    }
}
