using System.Collections.Immutable;
using System.Globalization;
using DuckDB.NET.Data;

namespace CxSemantic.Compiler.Tests.Oracle;

/// <summary>
/// One cell of an oracle answer. <see cref="Excluded"/> holds the exclusion funnel in the written order
/// (<c>excluded_1</c>, <c>excluded_2</c>…); empty for metrics without exclusions.
/// </summary>
public sealed record OracleRow(
    string Period,
    string? GroupValue,
    long N,
    double? Value,
    double? Numerator,
    double? Denominator,
    long? Immature,
    ImmutableArray<long> Excluded);

/// <summary>
/// A hand-written oracle query for one metric (<c>Oracle/&lt;metric&gt;.sql</c>): the independent "expected" side of the
/// compiler's tests. It reads the warehouse tables and a <c>periods</c> table that <see cref="Run"/> creates per call.
/// </summary>
/// <param name="Metric">The metric's name (the <c>-- metric:</c> header).</param>
/// <param name="GroupBy">The dimensions the query groups by (the <c>-- group_by:</c> header; empty for <c>none</c>).
/// With several, <see cref="OracleRow.GroupValue"/> joins their values with '/'.</param>
/// <param name="Notes">The <c>-- note:</c> header lines.</param>
/// <param name="Sql">The whole file.</param>
public sealed record OracleQuery(string Metric, ImmutableArray<string> GroupBy, ImmutableArray<string> Notes, string Sql)
{
    private const string HeaderPrefix = "-- ";

    /// <summary>The folder the .sql files are copied to (next to the test assembly).</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Oracle");

    /// <summary>The metrics that have an oracle, sorted.</summary>
    public static ImmutableArray<string> MetricNames() =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "*.sql").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Reads <c>Oracle/&lt;metricName&gt;.sql</c> and its header comments.</summary>
    /// <exception cref="FileNotFoundException">There is no oracle for the metric.</exception>
    /// <exception cref="InvalidDataException">The headers are missing or name another metric.</exception>
    public static OracleQuery Load(string metricName)
    {
        var path = Path.Combine(Directory, metricName + ".sql");
        var sql = File.ReadAllText(path);
        var headers = sql.Split('\n')
            .Select(line => line.Trim())
            .TakeWhile(line => line.StartsWith(HeaderPrefix, StringComparison.Ordinal))
            .Select(line => line[HeaderPrefix.Length..])
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => (Key: parts[0].Trim(), Value: parts[1].Trim()))
            .ToList();

        string Single(string key) =>
            headers.Where(h => h.Key == key).Select(h => h.Value).SingleOrDefault()
            ?? throw new InvalidDataException($"{path}: missing '-- {key}:' header.");

        var metric = Single("metric");
        if (metric != metricName)
        {
            throw new InvalidDataException($"{path}: header names metric '{metric}'.");
        }

        var groupBy = Single("group_by");
        return new OracleQuery(
            metric,
            groupBy == "none" ? [] : [.. groupBy.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
            [.. headers.Where(h => h.Key == "note").Select(h => h.Value)],
            sql);
    }

    /// <summary>
    /// Replaces the connection's <c>periods</c> temp table with <paramref name="periods"/> and runs the oracle,
    /// returning its cells ordered by period and group value.
    /// </summary>
    public IReadOnlyList<OracleRow> Run(DuckDBConnection connection, IReadOnlyList<OraclePeriod> periods)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(periods);
        connection.Execute("CREATE OR REPLACE TEMP TABLE periods (period VARCHAR, period_start TIMESTAMPTZ, period_end TIMESTAMPTZ)");
        foreach (var period in periods)
        {
            connection.ExecuteNonQuery(
                "INSERT INTO periods VALUES ($1, $2, $3)",
                period.Label, period.Start.ToDateTimeUtc(), period.End.ToDateTimeUtc());
        }

        using var command = connection.CreateCommand(Sql, []);
        using var result = command.ExecuteReader();
        var column = Enumerable.Range(0, result.FieldCount).ToDictionary(result.GetName, i => i, StringComparer.Ordinal);
        foreach (var required in new[] { "period", "group_value", "n", "value" })
        {
            if (!column.ContainsKey(required))
            {
                throw new InvalidDataException($"Oracle {Metric} has no '{required}' column.");
            }
        }

        var excluded = Enumerable.Range(1, int.MaxValue - 1)
            .Select(k => $"excluded_{k}")
            .TakeWhile(column.ContainsKey)
            .Select(name => column[name])
            .ToImmutableArray();

        object? Cell(object?[] row, string name) => column.TryGetValue(name, out var i) ? row[i] : null;

        return [.. result.ReadAllRows()
            .Select(row => new OracleRow(
                Convert.ToString(Cell(row, "period"), CultureInfo.InvariantCulture)!,
                Cell(row, "group_value") is { } g ? Convert.ToString(g, CultureInfo.InvariantCulture) : null,
                ToLong(Cell(row, "n")) ?? 0,
                ToDouble(Cell(row, "value")),
                ToDouble(Cell(row, "numerator")),
                ToDouble(Cell(row, "denominator")),
                ToLong(Cell(row, "immature")),
                [.. excluded.Select(i => ToLong(row[i]) ?? 0)]))
            .OrderBy(r => r.Period, StringComparer.Ordinal)
            .ThenBy(r => r.GroupValue, StringComparer.Ordinal)];
    }

    private static double? ToDouble(object? value) => value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static long? ToLong(object? value) => value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
