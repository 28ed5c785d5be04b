using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Materialization;
using Xunit.Abstractions;

namespace CxSemantic.Warehouse.Tests.Materialization;

/// <summary>A private DuckDB demo warehouse (20 000 interactions) with its journeys materialized once.</summary>
public sealed class MaterializedDuckDbFixture : IAsyncLifetime, IDisposable
{
    private readonly CxSemantic.Warehouse.DuckDb.DuckDbDatabase _database = DemoWarehouse.Generate(new DemoOptions { Interactions = 20_000, Seed = 42 });

    internal MaterializedWarehouse Warehouse { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var engine = new DuckDbSqlEngine(_database);
        Warehouse = new MaterializedWarehouse(engine, engine);
        var outcome = Assert.Single(await Warehouse.RefreshAsync());
        Assert.Equal(RefreshMode.Full, outcome.Mode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _database.Dispose();
}

/// <summary>On DuckDB, every journey metric answers the same from the materialized journeys as stitched at query time.</summary>
public sealed class MaterializedDuckDbTests(MaterializedDuckDbFixture fixture, ITestOutputHelper output) : IClassFixture<MaterializedDuckDbFixture>
{
    public static TheoryData<string, string> Cases => JourneyQueryCorpus.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Materialized_answer_equals_the_stitched_answer(string metric, string query)
    {
        var compared = await JourneyQueryCorpus.AssertSameAsync(fixture.Warehouse, JourneyQueryCorpus.Find(metric, query));
        output.WriteLine($"{compared} values compared");
    }

    [Fact]
    public async Task Every_journey_metric_is_covered()
    {
        Assert.True(MaterializedWarehouse.JourneyMetrics.Length >= 9, string.Join(", ", MaterializedWarehouse.JourneyMetrics));
        Assert.Contains("containment_rate", MaterializedWarehouse.JourneyMetrics);
        var current = await fixture.Warehouse.Journeys.CurrentAsync(CancellationToken.None);
        Assert.Equal(fixture.Warehouse.Intent.TableName, current["intent_journey"]);
    }
}
