using CxSemantic.DuckDb;

namespace CxSemantic.DuckDb.Tests;

public sealed class ErrorTests : IDisposable
{
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _conn;

    public ErrorTests() => _conn = _db.Connect();

    public void Dispose()
    {
        _conn.Dispose();
        _db.Dispose();
    }

    [Fact]
    public void Bad_sql_reports_duckdbs_parser_message_and_class()
    {
        var ex = Assert.Throws<DuckDbException>(() => _conn.Query("SELEC 1"));
        Assert.Equal(DuckDbErrorType.Parser, ex.ErrorType);
        Assert.StartsWith("Parser Error: syntax error at or near \"SELEC\"", ex.Message);
        Assert.Equal("SELEC 1", ex.Sql);
    }

    [Fact]
    public void Unknown_tables_are_catalog_errors_with_the_name()
    {
        var ex = Assert.Throws<DuckDbException>(() => _conn.Query("SELECT * FROM interactionz"));
        Assert.Equal(DuckDbErrorType.Catalog, ex.ErrorType);
        Assert.Contains("Table with name interactionz does not exist", ex.Message);
    }

    [Fact]
    public void Prepare_errors_are_classified_from_the_message()
    {
        _conn.Execute("CREATE TABLE t (a INTEGER)");
        var ex = Assert.Throws<DuckDbException>(() => _conn.Prepare("SELECT b FROM t"));
        Assert.Equal(DuckDbErrorType.Binder, ex.ErrorType);
        Assert.Contains("Referenced column \"b\" not found", ex.Message);
    }

    [Fact]
    public void Runtime_errors_carry_their_class()
    {
        var ex = Assert.Throws<DuckDbException>(() => _conn.Query("SELECT 'abc'::INTEGER"));
        Assert.Equal(DuckDbErrorType.Conversion, ex.ErrorType);
        Assert.Contains("Could not convert string 'abc' to INT32", ex.Message);
    }

    [Fact]
    public void A_connection_stays_usable_after_an_error()
    {
        Assert.Throws<DuckDbException>(() => _conn.Query("SELECT * FROM nope"));
        Assert.Equal(2, _conn.ExecuteScalar<int>("SELECT 1 + 1"));
    }

    [Fact]
    public void Bad_settings_are_rejected_by_name()
    {
        var ex = Assert.Throws<DuckDbException>(() => DuckDbDatabase.Open(config: new DuckDbConfig { MemoryLimit = "lots" }));
        Assert.StartsWith("DuckDB rejected the setting memory_limit = 'lots'.", ex.Message);
    }

    [Fact]
    public void Settings_are_applied()
    {
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 3, MemoryLimit = "1GB" });
        using var conn = db.Connect();
        Assert.Equal(3L, conn.ExecuteScalar<long>("SELECT current_setting('threads')"));
        Assert.Equal("953.6 MiB", conn.ExecuteScalar<string>("SELECT current_setting('memory_limit')"));
    }

    [Fact]
    public void A_file_database_persists_and_opens_read_only()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cxsem-{Guid.NewGuid():N}.duckdb");
        try
        {
            using (var db = DuckDbDatabase.Open(path))
            using (var conn = db.Connect())
            {
                conn.Execute("CREATE TABLE kept AS SELECT range AS x FROM range(10)");
            }

            using var readOnly = DuckDbDatabase.Open(path, new DuckDbConfig { ReadOnly = true });
            using var reader = readOnly.Connect();
            Assert.Equal(45L, reader.ExecuteScalar<long>("SELECT sum(x) FROM kept"));
            var ex = Assert.Throws<DuckDbException>(() => reader.Execute("INSERT INTO kept VALUES (1)"));
            Assert.Contains("read-only", ex.Message);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".wal");
        }
    }

    [Fact]
    public void An_unopenable_file_names_the_path()
    {
        var ex = Assert.Throws<DuckDbException>(() => DuckDbDatabase.Open("/nonexistent-dir/x/y.duckdb"));
        Assert.StartsWith("Cannot open DuckDB database '/nonexistent-dir/x/y.duckdb':", ex.Message);
    }

    [Fact]
    public void Connections_keep_the_database_alive_after_it_is_disposed()
    {
        var db = DuckDbDatabase.Open();
        using var conn = db.Connect();
        db.Dispose();
        Assert.Equal(3, conn.ExecuteScalar<int>("SELECT 3"));
        Assert.Throws<ObjectDisposedException>(() => db.Connect());
    }

    [Fact]
    public void Disposed_objects_refuse_use()
    {
        var conn = _db.Connect();
        conn.Dispose();
        Assert.Throws<ObjectDisposedException>(() => conn.Query("SELECT 1"));
        using var result = _conn.Query("SELECT 1");
        result.Dispose();
        Assert.Throws<ObjectDisposedException>(() => result.FetchChunk());
    }

    [Fact]
    public void The_library_version_is_the_pinned_one()
    {
        Assert.Equal("v1.5.5", DuckDbDatabase.LibraryVersion);
    }
}
