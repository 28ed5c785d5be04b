using System.Collections.Frozen;
using System.Net.Sockets;
using CxSemantic.Compiler.Execution;
using Microsoft.Data.SqlClient;

namespace CxSemantic.Warehouse.Engines;

/// <summary>Where a statement was when it failed: a failure while connecting means the server is unavailable.</summary>
internal enum SqlServerPhase
{
    /// <summary>Opening (or taking from the pool) the connection, TLS and login included.</summary>
    Connecting,

    /// <summary>Sending the statement and reading its rows.</summary>
    Executing,
}

/// <summary>
/// Which <see cref="SqlEngineFailure"/> a SqlClient failure is, by SQL Server error number (the seam the tests drive
/// without a server), and the message with the fix.
/// </summary>
internal static class SqlServerFailures
{
    /// <summary>SqlClient's own number for "Execution Timeout Expired" (the command timeout).</summary>
    public const int ClientTimeout = -2;

    /// <summary>Invalid object name / invalid column name: the warehouse tables are missing or outdated.</summary>
    private static readonly FrozenSet<int> MissingWarehouse = new[] { 208, 207 }.ToFrozenSet();

    /// <summary>
    /// The server cannot be reached or refuses the session: cannot open the database (4060), login failed (18456 and
    /// the account states 18452, 18486–18488), network path or instance not found (53, 40, 2, 26, 11001), TCP timeout
    /// or refused (10060, 10061), server paused or single-user (17142, 18461), Azure SQL's database unavailable or busy
    /// (40613, 40197, 40501, 49918–49920).
    /// </summary>
    private static readonly FrozenSet<int> Unreachable = new[]
    {
        4060, 18456, 18452, 18486, 18487, 18488, 53, 40, 2, 26, 11001, 10060, 10061, 17142, 18461, 40613, 40197, 40501, 49918, 49919, 49920,
    }.ToFrozenSet();

    /// <summary>
    /// The session ended under the statement: connection reset or aborted (10054, 10053), no process on the other end
    /// (233), pipe ended or network name gone (109, 64), semaphore timeout (121), session killed (596), shutdown in
    /// progress (6005).
    /// </summary>
    private static readonly FrozenSet<int> Dropped = new[] { 10054, 10053, 233, 109, 64, 121, 596, 6005 }.ToFrozenSet();

    /// <summary>Which database failure <paramref name="exception"/> is, or null when it is not one (e.g. a SQL error: a bug).</summary>
    public static SqlEngineFailure? Classify(Exception exception, SqlServerPhase phase) => exception switch
    {
        SqlException sql => Classify([.. sql.Errors.Cast<SqlError>().Select(e => (e.Number, e.Class))], phase),

        // SqlClient's pool timeout ("Timeout expired … prior to obtaining a connection from the pool").
        InvalidOperationException when phase == SqlServerPhase.Connecting => SqlEngineFailure.Unavailable,
        SocketException or IOException or TimeoutException => phase == SqlServerPhase.Connecting ? SqlEngineFailure.Unavailable : SqlEngineFailure.ConnectionLost,
        _ => null,
    };

    /// <summary>
    /// The classification by error numbers and severities (SQL Server's <c>class</c>): anything while connecting is
    /// <see cref="SqlEngineFailure.Unavailable"/>; severity 20 and above ends the session.
    /// </summary>
    /// <param name="errors">Every error of the exception, in order.</param>
    /// <param name="phase">Where the statement was.</param>
    public static SqlEngineFailure? Classify(IReadOnlyList<(int Number, byte Class)> errors, SqlServerPhase phase)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Any(e => e.Number == ClientTimeout))
        {
            return phase == SqlServerPhase.Connecting ? SqlEngineFailure.Unavailable : SqlEngineFailure.StatementTimeout;
        }

        if (phase == SqlServerPhase.Connecting || errors.Any(e => Unreachable.Contains(e.Number)))
        {
            return SqlEngineFailure.Unavailable;
        }

        if (errors.Any(e => Dropped.Contains(e.Number) || e.Class >= 20))
        {
            return SqlEngineFailure.ConnectionLost;
        }

        return errors.Any(e => MissingWarehouse.Contains(e.Number)) ? SqlEngineFailure.WarehouseMissing : null;
    }

    /// <summary>What happened and the fix, naming where the data is (never the connection string: it may hold a password).</summary>
    public static string Explain(SqlEngineFailure failure, Exception exception, string location)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var detail = (exception is SqlException ? exception : exception.InnerException ?? exception).Message.TrimEnd('.');
        return failure switch
        {
            SqlEngineFailure.Unavailable =>
                $"The SQL Server warehouse at {location} cannot be reached ({detail}). Check Server, Database, User ID, Password and Encrypt/TrustServerCertificate in the connection string (CxSemantic:Warehouse:ConnectionString) and that the server is running.",
            SqlEngineFailure.ConnectionLost =>
                $"The connection to the SQL Server warehouse at {location} was lost during the query ({detail}); the query was not answered. Retry it; if it keeps failing, check the SQL Server instance.",
            SqlEngineFailure.StatementTimeout =>
                $"The query ran longer than the SQL Server command timeout ({detail}). Narrow the time window, group by fewer dimensions or filter, or raise the command timeout.",
            _ =>
                $"The SQL Server database at {location} has no CxSemantic warehouse, or an outdated one ({detail}). Load it with `cxsem load --from FILE.duckdb --to \"Server=…\"`.",
        };
    }
}
