using CxSemantic.Warehouse.Ingestion;
using CxSemantic.Warehouse.Schema;

namespace CxSemantic.Warehouse.Tests.Ingestion;

/// <summary>
/// An empty warehouse (full schema: keys, references, checks) in an in-memory DuckDB, and a scratch folder for
/// hand-made export files. Disposing removes both.
/// </summary>
internal sealed class IngestScratch : IDisposable
{
    public IngestScratch()
    {
        Folder = Directory.CreateTempSubdirectory("cxsem-ingest-").FullName;
        Database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 2 });
        using var connection = Database.Connect();
        WarehouseSchema.CreateIn(connection);
    }

    public string Folder { get; }

    public DuckDbDatabase Database { get; }

    /// <summary>Writes a file of lines (joined with \n, final newline) and returns its path.</summary>
    public string Write(string name, params string[] lines)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    public IngestReport Ingest(string table, string path, IngestMapping? mapping = null, IngestOptions? options = null) =>
        DuckDbIngestor.Ingest(Database, table, path, mapping ?? IngestMapping.Identity(table), options ?? new IngestOptions { MaxRejectedShare = 1 });

    public IReadOnlyList<object?[]> Query(string sql)
    {
        using var connection = Database.Connect();
        connection.Execute("SET TimeZone = 'UTC'");
        return connection.QueryRows(sql);
    }

    public long Count(string table) => Convert.ToInt64(Query($"SELECT count(*) FROM {table}")[0][0]);

    /// <summary>The quarantine of a table as "line reason column" strings, by line.</summary>
    public List<string> Quarantine(string table) =>
        [.. Query($"SELECT source_line, reason, coalesce(column_name, '-') FROM ingest_quarantine WHERE table_name = '{table}' ORDER BY source_line")
            .Select(r => $"{r[0]} {r[1]} {r[2]}")];

    public void Dispose()
    {
        Database.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
