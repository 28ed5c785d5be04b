using CxSemantic.DuckDb;

namespace CxSemantic.DuckDb.Tests;

public sealed class PreparedStatementTests : IDisposable
{
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _conn;

    public PreparedStatementTests() => _conn = _db.Connect();

    public void Dispose()
    {
        _conn.Dispose();
        _db.Dispose();
    }

    public static TheoryData<object?, string, object?> Parameters => new()
    {
        { null, "INTEGER", null },
        { true, "BOOLEAN", true },
        { 17, "INTEGER", 17 },
        { long.MinValue, "BIGINT", long.MinValue },
        { (short)-3, "INTEGER", -3 },
        { 3.25, "DOUBLE", 3.25 },
        { 1.5f, "DOUBLE", 1.5 },
        { -79228162514264337593543950335m, "DECIMAL(38,0)", -79228162514264337593543950335m },
        { 0.000123m, "DECIMAL(38,6)", 0.000123m },
        { "it's \"quoted\"; DROP TABLE x; --", "VARCHAR", "it's \"quoted\"; DROP TABLE x; --" },
        { "Grüße 東京", "VARCHAR", "Grüße 東京" },
        { new DateOnly(2024, 2, 29), "DATE", new DateOnly(2024, 2, 29) },
        { new DateTime(2026, 3, 8, 7, 0, 0, DateTimeKind.Utc), "TIMESTAMPTZ", new DateTime(2026, 3, 8, 7, 0, 0, DateTimeKind.Utc) },
        { new DateTime(2026, 3, 8, 2, 30, 0, DateTimeKind.Unspecified), "TIMESTAMP", new DateTime(2026, 3, 8, 2, 30, 0, DateTimeKind.Unspecified) },
        { new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), "TIMESTAMPTZ", new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc) },
        { (Int128)long.MaxValue * 4, "HUGEINT", (Int128)long.MaxValue * 4 },
    };

    [Theory]
    [MemberData(nameof(Parameters))]
    public void Binds_each_type_without_splicing_it_into_sql(object? value, string sqlType, object? expected)
    {
        using var statement = _conn.Prepare($"SELECT $1::{sqlType}");
        Assert.Equal(1, statement.ParameterCount);
        statement.Bind(1, value);
        using var result = statement.Execute();
        Assert.Equal(expected, result.ReadAllRows().Single()[0]);
    }

    [Fact]
    public void A_statement_is_reused_with_new_bindings()
    {
        _conn.Execute("CREATE TABLE t (id INTEGER, name VARCHAR)");
        using (var insert = _conn.Prepare("INSERT INTO t VALUES ($1, $2)"))
        {
            for (var i = 0; i < 100; i++)
            {
                insert.Bind(1, i).Bind(2, i % 10 == 0 ? null : $"name {i}");
                Assert.Equal(1, insert.ExecuteNonQuery());
            }
        }

        Assert.Equal(100, _conn.ExecuteScalar<long>("SELECT count(*) FROM t"));
        Assert.Equal(10, _conn.ExecuteScalar<long>("SELECT count(*) FROM t WHERE name IS NULL"));
        Assert.Equal("name 42", _conn.ExecuteScalar<string>("SELECT name FROM t WHERE id = $1", 42));
        Assert.Equal(9, _conn.ExecuteScalar<long>("SELECT count(*) FROM t WHERE id BETWEEN $1 AND $2 AND name LIKE $3", 40, 49, "name 4_"));
    }

    [Fact]
    public void Parameter_types_are_inferred_by_duckdb()
    {
        _conn.Execute("CREATE TABLE p (d DATE, x DOUBLE)");
        using var statement = _conn.Prepare("SELECT * FROM p WHERE d = $1 AND x > $2");
        Assert.Equal(DuckDbType.Date, statement.ParameterType(1));
        Assert.Equal(DuckDbType.Double, statement.ParameterType(2));
    }

    [Fact]
    public void Wrong_parameter_counts_and_indexes_are_reported()
    {
        using var statement = _conn.Prepare("SELECT $1 + $2");
        var count = Assert.Throws<ArgumentException>(() => statement.BindAll([1]));
        Assert.StartsWith("The statement has 2 parameter(s) but 1 value(s) were given.", count.Message);
        var index = Assert.Throws<ArgumentOutOfRangeException>(() => statement.Bind(3, 1));
        Assert.StartsWith("Parameters are numbered $1..$2 in: SELECT $1 + $2", index.Message);
        var type = Assert.Throws<ArgumentException>(() => statement.Bind(1, new object()));
        Assert.StartsWith("Parameter $1 has type Object, which has no DuckDB mapping", type.Message);
    }

    [Fact]
    public void Executing_without_all_bindings_is_a_duckdb_error()
    {
        using var statement = _conn.Prepare("SELECT $1::INTEGER + $2::INTEGER");
        statement.Bind(1, 1);
        var ex = Assert.Throws<DuckDbException>(() => statement.Execute());
        Assert.Contains("parameter", ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}
