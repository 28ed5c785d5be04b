using CxSemantic.Testing;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Loading;
using CxSemantic.Warehouse.Materialization;
using CxSemantic.Warehouse.Tests.PostgreSql;
using Npgsql;
using Xunit.Abstractions;

namespace CxSemantic.Warehouse.Tests.Materialization;

/// <summary>On PostgreSQL, every journey metric answers the same from the materialized journeys as stitched at query time.</summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class MaterializedPostgreSqlTests(PostgreSqlWarehouseFixture postgreSql, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly SemaphoreSlim Setup = new(1, 1);
    private static NpgsqlDataSource? LoadedDataSource;
    private static MaterializedWarehouse? LoadedWarehouse;

    public static TheoryData<string, string> Cases => JourneyQueryCorpus.Cases();

    /// <summary>Its own database, loaded from the same demo warehouse as the parity tests, refreshed once per run.</summary>
    public async Task InitializeAsync()
    {
        await Setup.WaitAsync();
        try
        {
            if (LoadedWarehouse is null)
            {
                LoadedDataSource = await postgreSql.Server.CreateDatabaseAsync("cxsem_journeys");
                await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(DemoWarehouse.Shared(PostgreSqlWarehouseFixture.Interactions, 42).Database, LoadedDataSource);
                var engine = new PostgreSqlSqlEngine(LoadedDataSource);
                var warehouse = new MaterializedWarehouse(engine, engine);
                Assert.Equal(RefreshMode.Full, Assert.Single(await warehouse.RefreshAsync()).Mode);
                LoadedWarehouse = warehouse;
            }
        }
        finally
        {
            Setup.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Materialized_answer_equals_the_stitched_answer(string metric, string query)
    {
        var compared = await JourneyQueryCorpus.AssertSameAsync(LoadedWarehouse!, JourneyQueryCorpus.Find(metric, query));
        output.WriteLine($"{compared} values compared");
    }

    [Fact]
    public async Task A_second_refresh_finds_the_table_current()
    {
        var outcome = Assert.Single(await LoadedWarehouse!.RefreshAsync());
        Assert.Equal(RefreshMode.Current, outcome.Mode);
        Assert.True(outcome.Rows > 0);
    }
}
