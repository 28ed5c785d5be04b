using CxSemantic.Compiler.Dialects;
using CxSemantic.Warehouse.Schema;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;

namespace CxSemantic.Warehouse.Tests.Schema;

public sealed class DuckDbSchemaTests : IDisposable
{
    private readonly DuckDbDatabase _database = DuckDbDatabase.Open();
    private readonly DuckDBConnection _connection;

    public DuckDbSchemaTests()
    {
        _connection = _database.Connect();
        WarehouseSchema.CreateIn(_connection);
    }

    [Fact]
    public void Information_schema_matches_the_ef_model_column_by_column()
    {
        var actual = _connection.QueryRows(
                "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'main' ORDER BY table_name, ordinal_position")
            .Select(r => $"{r[0]}.{r[1]} {r[2]} {r[3]}")
            .ToList();
        var expected = WarehouseSchema.Model.GetEntityTypes()
            .OrderBy(e => e.GetTableName(), StringComparer.Ordinal)
            .SelectMany(e => WarehouseSchema.ColumnsOf(e).Select(p =>
                $"{e.GetTableName()}.{p.GetColumnName()} {InformationSchemaType(StoreTypeMap.StoreType(p, SqlDialectKind.DuckDb))} {(p.IsNullable ? "YES" : "NO")}"))
            .ToList();
        Assert.Equal(expected, actual);
        Assert.Contains("interactions.started_at TIMESTAMP WITH TIME ZONE NO", actual);
        Assert.Contains("cost_rates.cost_per_minute DECIMAL(10,4) NO", actual);
        Assert.Contains("interactions.intent_confirmed VARCHAR YES", actual);
    }

    [Fact]
    public void Keys_references_checks_and_indexes_exist_as_in_the_model()
    {
        var constraints = _connection.QueryRows(
                "SELECT table_name, constraint_type, count(*) FROM duckdb_constraints() WHERE schema_name = 'main' GROUP BY ALL")
            .ToDictionary(r => ((string)r[0]!, (string)r[1]!), r => Convert.ToInt32(r[2]));
        foreach (var entity in WarehouseSchema.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            Assert.Equal(1, constraints[(table, "PRIMARY KEY")]);
            Assert.Equal(entity.GetCheckConstraints().Count(), constraints[(table, "CHECK")]);
            Assert.Equal(entity.GetForeignKeys().Count(), constraints.GetValueOrDefault((table, "FOREIGN KEY")));
        }

        var indexes = _connection.QueryRows("SELECT index_name FROM duckdb_indexes()").Select(r => (string)r[0]!).ToHashSet();
        foreach (var index in WarehouseSchema.Model.GetEntityTypes().SelectMany(e => e.GetIndexes()))
        {
            Assert.Contains(index.GetDatabaseName()!, indexes);
        }
    }

    [Fact]
    public void Checks_and_references_are_enforced()
    {
        _connection.Execute("INSERT INTO customers VALUES ('c1', 'acme', 'smb', 'emea', 'under_3m', TIMESTAMPTZ '2025-12-01 00:00:00+00')");
        var badSegment = Assert.Throws<DuckDBException>(() =>
            _connection.Execute("INSERT INTO customers VALUES ('c2', 'acme', 'startup', 'emea', 'under_3m', TIMESTAMPTZ '2025-12-01 00:00:00+00')"));
        Assert.Contains("CHECK", badSegment.Message, StringComparison.OrdinalIgnoreCase);

        const string interaction =
            "INSERT INTO interactions VALUES (1, '{0}', 'acme', '{1}', 'orders', TIMESTAMPTZ '2026-01-05 10:00:00+00', TIMESTAMPTZ '2026-01-05 10:05:00+00', " +
            "'order_status', {2}, NULL, 'simple', true, 'bot', NULL, '2025.12.1', 'resolved', 'resolved', 300, 0, 900, 'support', false)";
        string Interaction(string customer, string channel, string confidence) =>
            string.Format(System.Globalization.CultureInfo.InvariantCulture, interaction, customer, channel, confidence);
        Assert.Throws<DuckDBException>(() => _connection.Execute(Interaction("c1", "fax", "0.9")));
        Assert.Throws<DuckDBException>(() => _connection.Execute(Interaction("nobody", "chat", "0.9")));
        Assert.Throws<DuckDBException>(() => _connection.Execute(Interaction("c1", "chat", "1.2")));
        _connection.Execute(Interaction("c1", "chat", "NULL"));
        Assert.Throws<DuckDBException>(() => _connection.Execute("INSERT INTO evaluations VALUES (1, 'tone', 'v1', 1.5, 'positive', TIMESTAMPTZ '2026-01-05 10:10:00+00')"));
        Assert.Throws<DuckDBException>(() => _connection.Execute("INSERT INTO evaluations VALUES (1, 'tone', 'v1', 0.5, 'resolved', TIMESTAMPTZ '2026-01-05 10:10:00+00')"));
        Assert.Throws<DuckDBException>(() => _connection.Execute("INSERT INTO surveys VALUES (1, 'csat', 7, TIMESTAMPTZ '2026-01-05 11:00:00+00')"));
        _connection.Execute("INSERT INTO surveys VALUES (1, 'nps', 10, TIMESTAMPTZ '2026-01-05 11:00:00+00')");
        Assert.Equal(1L, _connection.ExecuteScalar<long>("SELECT count(*) FROM surveys"));
    }

    [Fact]
    public void Watermark_is_null_until_a_loader_records_it()
    {
        Assert.Null(WarehouseSchema.ReadWatermark(_connection));
        _connection.Execute("INSERT INTO warehouse_meta VALUES (1, TIMESTAMPTZ '2026-07-01 00:00:00+00', TIMESTAMPTZ '2026-01-01 00:00:00+00', 'test', NULL, 1)");
        var watermark = WarehouseSchema.ReadWatermark(_connection);
        Assert.Equal(new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc), watermark);
        Assert.Equal(DateTimeKind.Utc, watermark!.Value.Kind);
        Assert.Throws<DuckDBException>(() => _connection.Execute(
            "INSERT INTO warehouse_meta VALUES (2, TIMESTAMPTZ '2026-07-01 00:00:00+00', TIMESTAMPTZ '2026-01-01 00:00:00+00', 'test', NULL, 1)"));
    }

    [Fact]
    public void Bulk_load_profile_creates_the_same_columns_without_keys()
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        WarehouseSchema.CreateIn(connection, SchemaProfile.BulkLoad);
        Assert.Equal(
            _connection.ExecuteScalar<long>("SELECT count(*) FROM information_schema.columns"),
            connection.ExecuteScalar<long>("SELECT count(*) FROM information_schema.columns"));
        Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"));
        Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT count(*) FROM duckdb_indexes()"));
    }

    /// <summary>DuckDB's information_schema spells some types out.</summary>
    private static string InformationSchemaType(string ddlType) => ddlType switch
    {
        "TIMESTAMPTZ" => "TIMESTAMP WITH TIME ZONE",
        _ => ddlType,
    };

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }
}
