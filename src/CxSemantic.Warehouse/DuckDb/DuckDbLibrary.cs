namespace CxSemantic.Warehouse.DuckDb;

/// <summary>The DuckDB library DuckDB.NET loaded.</summary>
public static class DuckDbLibrary
{
    private static readonly Lazy<string> LoadedVersion = new(() =>
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        return connection.ExecuteScalar<string>("SELECT version()") ?? "unknown";
    });

    /// <summary>The version of the loaded libduckdb, e.g. <c>v1.5.6</c>.</summary>
    public static string Version => LoadedVersion.Value;
}
