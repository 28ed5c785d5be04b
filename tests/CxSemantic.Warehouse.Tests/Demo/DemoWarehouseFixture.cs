using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.Tests.Demo;

/// <summary>The shared demo warehouse of 40 000 interactions (seed 42), with one connection per test class.</summary>
public sealed class DemoWarehouseFixture : IDisposable
{
    public const long Interactions = 40_000;

    public DemoWarehouseFixture()
    {
        var warehouse = DemoWarehouse.Shared(Interactions, 42);
        Database = warehouse.Database;
        Connection = Database.Connect();
        Summary = warehouse.Summary;
    }

    public DuckDbDatabase Database { get; }

    public DuckDBConnection Connection { get; }

    public GenerationSummary Summary { get; }

    public double Scalar(string sql, params object?[] parameters) =>
        Convert.ToDouble(Connection.ExecuteScalar<object>(sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    public long Count(string sql, params object?[] parameters) =>
        Convert.ToInt64(Connection.ExecuteScalar<object>(sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => Connection.Dispose();
}
