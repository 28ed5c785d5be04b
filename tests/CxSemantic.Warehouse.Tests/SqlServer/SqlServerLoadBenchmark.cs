using System.Diagnostics;
using System.Globalization;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Loading.SqlServer;
using CxSemantic.Warehouse.Schema;
using Xunit.Abstractions;

namespace CxSemantic.Warehouse.Tests.SqlServer;

/// <summary>Runs only with <c>CXSEM_LONG=1</c>: a measurement, not a test.</summary>
public sealed class LongFactAttribute : FactAttribute
{
    public LongFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CXSEM_LONG") != "1")
        {
            Skip = "A measurement, not a test: set CXSEM_LONG=1 to run it.";
        }
    }
}

/// <summary>
/// The SQL Server load's source side without a server: a demo warehouse (<c>CXSEM_BENCH_INTERACTIONS</c>, default
/// 200 000) streamed from DuckDB through the bulk copy's reader, every value converted, as SqlBulkCopy would pull it;
/// and, when <c>CXSEM_SQLSERVER</c> is set, the whole load. Nothing is asserted about time.
/// </summary>
public sealed class SqlServerLoadBenchmark(ITestOutputHelper output)
{
    [LongFact]
    public async Task Source_rows_per_second()
    {
        var interactions = long.Parse(Environment.GetEnvironmentVariable("CXSEM_BENCH_INTERACTIONS") ?? "200000", CultureInfo.InvariantCulture);
        var warehouse = DemoWarehouse.Shared(interactions, 42);
        using var duck = warehouse.Database.Connect();
        var total = 0L;
        var clock = Stopwatch.StartNew();
        foreach (var table in WarehouseSchema.TableNames)
        {
            var columns = SqlServerBulkCopyMapping.For(table);
            var tableClock = Stopwatch.StartNew();
            using var reader = new RowDataReader(columns, DuckDbRowSource.Rows(duck, table, columns, CancellationToken.None));
            var values = new object[columns.Length];
            while (reader.Read())
            {
                reader.GetValues(values);
            }

            total += reader.RowsRead;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{table,-16} {reader.RowsRead,12:N0} rows {tableClock.Elapsed.TotalSeconds,7:F2} s"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"source side: {total:N0} rows in {clock.Elapsed.TotalSeconds:F2} s = {total / clock.Elapsed.TotalSeconds:N0} rows/s ({interactions:N0} interactions)"));
        if (SqlServerLiveFixture.ConnectionString is { Length: > 0 } target)
        {
            var load = await SqlServerWarehouseLoader.LoadFromDuckDbAsync(warehouse.Database, target);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SQL Server load: {load.TotalRows:N0} rows in {load.Elapsed.TotalSeconds:F1} s (bulk copy {load.CopyElapsed.TotalSeconds:F1} s)"));
        }
    }
}
