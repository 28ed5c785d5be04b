using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Ingestion;
using CxSemantic.Warehouse.Schema;
using CxSemantic.Warehouse.Tests.Answers;
using NodaTime;
using Xunit.Abstractions;

namespace CxSemantic.Warehouse.Tests.Ingestion;

/// <summary>
/// The demo warehouse (5 000 interactions) exported to CSV, Parquet and JSON Lines — interactions with renamed,
/// upper-cased columns that a mapping file maps back — and ingested into an empty warehouse: every table arrives
/// whole (nothing rejected) and every metric of the shipped catalog answers exactly as over the original.
/// </summary>
public sealed class RoundTripTests(RoundTripTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<RoundTripTests.Fixture>
{
    public const long Interactions = 5_000;

    private const string Mapping = """
        # The CRM export names the key 'id' and writes channels in capitals.
        ingest: interactions
        columns:
          interaction_id: id
          channel: { expr: "lower(channel_name)" }
        """;

    public static TheoryData<string> Metrics => [.. Fixture.Catalog.Metrics.Keys];

    [Fact]
    public void Every_table_arrives_whole_in_every_format()
    {
        Assert.Equal(IngestibleTables.Names.Length, fixture.Reports.Count);
        foreach (var report in fixture.Reports)
        {
            Assert.True(report.RowsRejected == 0, $"{report.Table}: {string.Join("; ", report.Sample.Select(s => $"{s.Line} {s.Detail}"))}");
            Assert.Equal(fixture.SourceCount(report.Table), report.RowsLoaded);
        }

        Assert.Equal(
            ["csv", "jsonl", "parquet"],
            fixture.Reports.Select(r => Path.GetExtension(r.File).TrimStart('.')).Distinct().Order());
        Assert.Equal(fixture.Demo.Summary.Watermark, fixture.Reports[^1].Watermark);
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public async Task Metric_answers_identically_over_the_ingested_copy(string metric)
    {
        var query = new MetricQuery
        {
            Metrics = [metric],
            GroupBy = Fixture.Catalog.Metrics[metric].Segmentation.Required,
            Caller = Caller.WithRole("cx_analyst"),
            Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "Europe/Berlin", TimeGrain.Month),
        };
        MetricQueryResult original;
        try
        {
            original = await new MetricQueryExecutor(Fixture.Catalog, new DuckDbSqlEngine(fixture.Demo.Database)).ExecuteAsync(query);
        }
        catch (QueryException refused)
        {
            var same = await Assert.ThrowsAsync<QueryException>(() => new MetricQueryExecutor(Fixture.Catalog, new DuckDbSqlEngine(fixture.Ingested)).ExecuteAsync(query));
            Assert.Equal(refused.Message, same.Message);
            return;
        }

        var copy = await new MetricQueryExecutor(Fixture.Catalog, new DuckDbSqlEngine(fixture.Ingested)).ExecuteAsync(query);
        var (rows, values) = AnswerComparison.AssertSame(original, copy, "the demo warehouse", "its ingested copy");
        output.WriteLine($"{rows} rows, {values} values compared");
    }

    /// <summary>Exports the demo warehouse once and ingests it into an empty one.</summary>
    public sealed class Fixture : IDisposable
    {
        private static readonly Lazy<MetricCatalog> Loaded = new(() =>
        {
            var result = CatalogLoader.LoadDirectory(RepositoryPaths.MetricDefinitions, WarehouseSchema.PhysicalSchema);
            return result.Catalog ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        });

        private readonly string _folder = Directory.CreateTempSubdirectory("cxsem-roundtrip-").FullName;

        public Fixture()
        {
            Demo = DemoWarehouse.Shared(Interactions, 42);
            Ingested = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 2 });
            using (var connection = Ingested.Connect())
            {
                WarehouseSchema.CreateIn(connection);
            }

            var mapping = IngestMappingReader.Read("crm.yaml", Mapping);
            Assert.True(mapping.Success, string.Join("\n", mapping.Diagnostics));
            var options = new IngestOptions { MaxRejectedShare = 0, Watermark = Demo.Summary.Watermark };
            Reports = [.. Export().Select(e => DuckDbIngestor.Ingest(Ingested, e.Table, e.Path, mapping.Mappings.For(e.Table), options))];
        }

        public static MetricCatalog Catalog => Loaded.Value;

        public DemoWarehouse Demo { get; }

        public DuckDbDatabase Ingested { get; }

        public List<IngestReport> Reports { get; }

        public long SourceCount(string table)
        {
            using var connection = Demo.Database.Connect();
            return connection.ExecuteScalar<long>($"SELECT count(*) FROM {table}");
        }

        public void Dispose()
        {
            Ingested.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        /// <summary>Each table to a file, the formats taking turns; interactions as the CRM writes them.</summary>
        private IEnumerable<(string Table, string Path)> Export()
        {
            using var connection = Demo.Database.Connect();
            connection.Execute("SET TimeZone = 'UTC'");
            string[] formats = ["csv", "parquet", "jsonl"];
            var names = IngestibleTables.Names;
            for (var i = 0; i < names.Length; i++)
            {
                var table = names[i];
                var format = table == "interactions" ? "csv" : formats[i % formats.Length];
                var path = Path.Combine(_folder, $"{table}.{format}");
                var select = table == "interactions"
                    ? "SELECT * EXCLUDE (interaction_id, channel), interaction_id AS id, upper(channel) AS channel_name FROM interactions"
                    : $"SELECT * FROM {table}";
                var options = format switch { "csv" => "FORMAT csv, HEADER", "parquet" => "FORMAT parquet", _ => "FORMAT json" };
                connection.Execute($"COPY ({select}) TO '{path}' ({options})");
                yield return (table, path);
            }
        }
    }
}
