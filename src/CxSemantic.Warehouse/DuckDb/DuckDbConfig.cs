using System.Collections.Immutable;
using System.Globalization;
using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.DuckDb;

/// <summary>
/// Options for opening a database. Every option is one of DuckDB's configuration settings
/// (<c>SELECT * FROM duckdb_settings()</c>); the typed ones are those we set most.
/// </summary>
public sealed record DuckDbConfig
{
    /// <summary>Worker threads DuckDB may use (<c>threads</c>); null leaves DuckDB's default (all cores).</summary>
    public int? Threads { get; init; }

    /// <summary>Memory limit such as <c>"4GB"</c> (<c>memory_limit</c>); null leaves DuckDB's default (80% of RAM).</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>Where DuckDB spills what does not fit in memory (<c>temp_directory</c>); null leaves its default (the file's name + <c>.tmp</c>).</summary>
    public string? TempDirectory { get; init; }

    /// <summary>
    /// Whether results without ORDER BY keep the order of their input (<c>preserve_insertion_order</c>); false lets
    /// large CREATE TABLE … AS and INSERT … SELECT statements stream without buffering, null leaves DuckDB's default (true).
    /// </summary>
    public bool? PreserveInsertionOrder { get; init; }

    /// <summary>Opens the file read-only (<c>access_mode = READ_ONLY</c>), so several processes may read it.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Any other setting, by DuckDB's name.</summary>
    public ImmutableDictionary<string, string> Settings { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>All settings as DuckDB names and values, typed ones first.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToSettings()
    {
        if (Threads is { } threads)
        {
            yield return new("threads", threads.ToString(CultureInfo.InvariantCulture));
        }

        if (MemoryLimit is { } memoryLimit)
        {
            yield return new("memory_limit", memoryLimit);
        }

        if (TempDirectory is { } tempDirectory)
        {
            yield return new("temp_directory", tempDirectory);
        }

        if (PreserveInsertionOrder is { } preserve)
        {
            yield return new("preserve_insertion_order", preserve ? "true" : "false");
        }

        if (ReadOnly)
        {
            yield return new("access_mode", "READ_ONLY");
        }

        foreach (var setting in Settings)
        {
            yield return setting;
        }
    }

    /// <summary>The DuckDB.NET connection string opening <paramref name="path"/> (null: in memory) with these settings.</summary>
    public string ToConnectionString(string? path)
    {
        var builder = new DuckDBConnectionStringBuilder { DataSource = path ?? DuckDBConnectionStringBuilder.InMemoryDataSource };
        foreach (var (name, value) in ToSettings())
        {
            builder[name] = value;
        }

        return builder.ConnectionString;
    }
}
