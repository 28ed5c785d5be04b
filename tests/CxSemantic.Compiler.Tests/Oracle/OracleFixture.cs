using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Tests.Execution;
using CxSemantic.Warehouse.Demo;
using DuckDB.NET.Data;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Oracle;

/// <summary>
/// The demo warehouse (30 000 interactions, seed 42) generated once per test run into an in-memory DuckDB
/// (<see cref="SeededWarehouse.Oracle"/>, which the PostgreSQL suites copy too) and shared by
/// every test class of the <see cref="OracleCollectionDefinition"/>. Tests of one collection run one after another, so they share
/// <see cref="Connection"/> (and its <c>periods</c> temp table) safely.
/// </summary>
public sealed class OracleFixture : IDisposable
{
    public const long Interactions = 30_000;

    public const ulong Seed = 42;

    public OracleFixture()
    {
        var warehouse = SeededWarehouse.Oracle;
        Database = warehouse.Database;
        Summary = warehouse.Summary;
        Connection = Database.Connect();
        Watermark = Instant.FromDateTimeUtc(Connection.ExecuteScalar<DateTime>("SELECT watermark_at FROM warehouse_meta"));
        Journeys = new Lazy<ImmutableArray<ProceduralJourney>>(() => ProceduralJourneys.Stitch(Connection));
    }

    /// <summary>The data's watermark (<c>warehouse_meta.watermark_at</c>).</summary>
    public Instant Watermark { get; }

    /// <summary>Every intent journey of the whole history, stitched procedurally in C# (for cross-checks).</summary>
    public Lazy<ImmutableArray<ProceduralJourney>> Journeys { get; }

    public DuckDbDatabase Database { get; }

    public DuckDBConnection Connection { get; }

    public GenerationSummary Summary { get; }

    /// <summary>Loads and runs the oracle of <paramref name="metric"/> over <paramref name="periods"/>.</summary>
    public IReadOnlyList<OracleRow> Run(string metric, IReadOnlyList<OraclePeriod> periods) =>
        OracleQuery.Load(metric).Run(Connection, periods);

    public long Count(string sql, params object?[] parameters) =>
        Convert.ToInt64(Connection.ExecuteScalar<object>(sql, parameters), CultureInfo.InvariantCulture);

    public double Scalar(string sql, params object?[] parameters) =>
        Convert.ToDouble(Connection.ExecuteScalar<object>(sql, parameters), CultureInfo.InvariantCulture);

    /// <summary>Closes the fixture's connection; the shared database lives until the process exits.</summary>
    public void Dispose() => Connection.Dispose();
}

/// <summary>Every oracle test class shares one <see cref="OracleFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class OracleCollectionDefinition : ICollectionFixture<OracleFixture>
{
    public const string Name = "Oracle";
}
