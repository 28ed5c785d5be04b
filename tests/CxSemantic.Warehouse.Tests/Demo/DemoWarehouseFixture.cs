using CxSemantic.DuckDb;
using CxSemantic.Warehouse.Demo;

namespace CxSemantic.Warehouse.Tests.Demo;

/// <summary>One generated demo warehouse (40 000 interactions, seed 42) in an in-memory DuckDB, shared by a test class.</summary>
public sealed class DemoWarehouseFixture : IDisposable
{
    public const long Interactions = 40_000;

    public DemoWarehouseFixture()
    {
        Database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 2 });
        Connection = Database.Connect();
        Summary = DemoWarehouseGenerator.Generate(Database, new DemoOptions { Interactions = Interactions, Seed = 42 });
    }

    public DuckDbDatabase Database { get; }

    public DuckDbConnection Connection { get; }

    public GenerationSummary Summary { get; }

    public double Scalar(string sql, params object?[] parameters) =>
        Convert.ToDouble(Connection.ExecuteScalar<object>(sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    public long Count(string sql, params object?[] parameters) =>
        Convert.ToInt64(Connection.ExecuteScalar<object>(sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Connection.Dispose();
        Database.Dispose();
    }
}
