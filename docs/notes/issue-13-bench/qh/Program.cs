// Query timing harness for the old-vs-new binding comparison: one long-lived process per binding, driven over
// stdin by a coordinator that alternates the two processes query by query (ABBA), so that the shared machine's
// changing load weighs on both alike. Mirrors cxsem bench --db: read-only database, one connection, the
// `periods` temp table, compiled SQL with positional string parameters, all rows read as boxed values.
// Protocol: "<name> <compiled|oracle>" -> "<wall ms> <process cpu ms> <rows>".
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
#if OLD
using CxSemantic.DuckDb;
#else
using CxSemantic.Warehouse.DuckDb;
#endif

var (dbPath, sqlDir, oracleDir) = (args[0], args[1], args[2]);
using var db = DuckDbDatabase.Open(dbPath, new DuckDbConfig { ReadOnly = true });
using var connection = db.Connect();
connection.Execute("CREATE OR REPLACE TEMP TABLE periods AS SELECT 'all' AS period, TIMESTAMPTZ '2026-01-01 00:00:00+00' AS period_start, TIMESTAMPTZ '2026-07-01 00:00:00+00' AS period_end");
var process = Process.GetCurrentProcess();
Console.WriteLine("ready " + Version());
string? line;
while ((line = Console.ReadLine()) is not null)
{
    var parts = line.Split(' ');
    string sql;
    object?[] parameters;
    if (parts[1] == "compiled")
    {
        var text = File.ReadAllText(Path.Combine(sqlDir, "new-" + parts[0] + ".sql"));
        var header = text.Split('\n').FirstOrDefault(l => l.StartsWith("-- parameters:", StringComparison.Ordinal)) ?? "";
        parameters = Regex.Matches(header, @"#\d+ = '([^']*)'").Select(m => (object?)m.Groups[1].Value).ToArray();
        sql = text;
    }
    else
    {
        sql = File.ReadAllText(Path.Combine(oracleDir, parts[0] + ".sql"));
        parameters = [];
    }

    process.Refresh();
    var cpu = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var rows = Run(sql, parameters);
    var wall = clock.Elapsed.TotalMilliseconds;
    process.Refresh();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{wall:F2} {(process.TotalProcessorTime - cpu).TotalMilliseconds:F1} {rows}"));
}

#if OLD
int Run(string sql, object?[] parameters)
{
    using var result = parameters.Length == 0 ? connection.Query(sql) : connection.Query(sql, parameters);
    return result.ReadAllRows().Count;
}

string Version() => DuckDbDatabase.LibraryVersion;
#else
int Run(string sql, object?[] parameters) => connection.QueryRows(sql, parameters, CancellationToken.None).Count;

string Version() => connection.ExecuteScalar<string>("SELECT version()") ?? "?";
#endif
