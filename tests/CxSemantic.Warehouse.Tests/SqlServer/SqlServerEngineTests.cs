using System.Data;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;
using CxSemantic.Warehouse.Engines;

namespace CxSemantic.Warehouse.Tests.SqlServer;

/// <summary>The SQL Server engine up to the wire, without a server: parameters, values, error mapping, cancellation.</summary>
public sealed partial class SqlServerEngineTests
{
    private static readonly SqlServerSqlEngine Engine = new("Server=127.0.0.1,1;Database=cx;User ID=cx;Password=s3cret!;Encrypt=false");

    [Fact]
    public void Every_parameter_is_bound_by_name_with_its_sql_type()
    {
        var instant = new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc);
        var sql = new SqlText(
            "SELECT 1 WHERE @p0 = 'x' AND @p1 > 0 AND @p2 > 0 AND @p3 > 0 AND @p4 > 0 AND @p5 > 0 AND @p6 = 1 AND @p7 > '2026-01-01' AND @p8 > '2026-01-01' AND @p9 IS NULL AND @p10 > 0",
            ["voice", 3L, 7, (short)2, 12.50m, 0.25, true, new DateOnly(2026, 2, 1), instant, null, 1.5f]);
        using var command = Engine.CreateCommand(null, sql);

        Assert.Equal(0, command.CommandTimeout); // no limit unless configured; SqlClient's default would be 30 s
        var bound = command.Parameters.Cast<Microsoft.Data.SqlClient.SqlParameter>()
            .Select(p => (p.ParameterName, p.SqlDbType, p.Value))
            .ToList();
        Assert.Equal(
            [
                ("@p0", SqlDbType.NVarChar, (object)"voice"),
                ("@p1", SqlDbType.BigInt, 3L),
                ("@p2", SqlDbType.Int, 7),
                ("@p3", SqlDbType.SmallInt, (short)2),
                ("@p4", SqlDbType.Decimal, 12.50m),
                ("@p5", SqlDbType.Float, 0.25),
                ("@p6", SqlDbType.Bit, true),
                ("@p7", SqlDbType.Date, new DateTime(2026, 2, 1)),
                ("@p8", SqlDbType.DateTimeOffset, new DateTimeOffset(instant)),
                ("@p9", SqlDbType.NVarChar, DBNull.Value),
                ("@p10", SqlDbType.Float, 1.5),
            ],
            bound);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)command.Parameters["@p8"].Value).Offset);
        Assert.Equal(4000, command.Parameters["@p0"].Size); // one plan for every string length
        Assert.Equal((38, 2), (command.Parameters["@p4"].Precision, command.Parameters["@p4"].Scale));
    }

    [Fact]
    public void The_placeholders_the_tsql_renderer_writes_are_the_names_bound()
    {
        var select = new SqlSelect
        {
            Columns = [new SqlSelectItem(new SqlColumn("t", "a"), "a")],
            From = new SqlTable("facts", "t"),
            Where =
            [
                new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn("t", "a"), new SqlParameter("x")),
                new SqlIn(new SqlColumn("t", "b"), [new SqlParameter(1L), new SqlParameter(2L)], Negated: false),
            ],
        };
        var rendered = SqlRenderer.For(SqlDialectKind.TSql).Render(select);
        using var command = Engine.CreateCommand(null, rendered);
        var placeholders = Placeholders().Matches(rendered.Text).Select(m => m.Value).Distinct().Order().ToList();
        Assert.Equal(placeholders, command.Parameters.Cast<Microsoft.Data.SqlClient.SqlParameter>().Select(p => p.ParameterName).Order());
        Assert.Equal(3, placeholders.Count);
    }

    [GeneratedRegex(@"@p\d+")]
    private static partial Regex Placeholders();

    [Fact]
    public void A_local_time_or_an_unknown_type_is_refused_with_the_reason()
    {
        var local = Assert.Throws<ArgumentException>(() => SqlServerSqlEngine.ToParameter("@p0", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local)));
        Assert.StartsWith("A DateTime parameter must be a UTC instant (Kind = Utc); got Kind = Local.", local.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ArgumentException>(() => SqlServerSqlEngine.ToParameter("@p0", Guid.Empty));
        Assert.StartsWith("Parameters of type Guid are not supported by the SQL Server engine.", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_come_back_as_the_other_engines_return_them()
    {
        using var table = new DataTable();
        table.Columns.Add("at", typeof(DateTimeOffset));
        table.Columns.Add("local", typeof(DateTime));
        table.Columns.Add("amount", typeof(decimal));
        table.Columns.Add("n", typeof(long));
        table.Columns.Add("missing", typeof(string));
        table.Rows.Add(new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)), new DateTime(2026, 1, 2, 3, 4, 5), 1.25m, 42L, DBNull.Value);
        using var reader = table.CreateDataReader();
        Assert.True(reader.Read());
        var values = Enumerable.Range(0, reader.FieldCount).Select(i => SqlServerSqlEngine.ReadValue(reader, i, reader.GetFieldType(i))).ToList();

        var at = Assert.IsType<DateTime>(values[0]);
        Assert.Equal((new DateTime(2026, 3, 29, 1, 30, 0), DateTimeKind.Utc), (at, at.Kind));
        var local = Assert.IsType<DateTime>(values[1]);
        Assert.Equal((new DateTime(2026, 1, 2, 3, 4, 5), DateTimeKind.Utc), (local, local.Kind));
        Assert.Equal([1.25m, 42L, null], values.Skip(2));
    }

    [Fact]
    public void The_location_names_server_and_database_but_never_the_password()
    {
        Assert.Equal("127.0.0.1,1/cx", Engine.Location);
        Assert.Equal("db.example/(default database)", SqlServerSqlEngine.DescribeLocation("Server=db.example;User ID=u;Password=p"));
        Assert.Equal("(invalid connection string)", SqlServerSqlEngine.DescribeLocation("this is not one"));
    }

    [Theory]
    [InlineData(208, 16, false, SqlEngineFailure.WarehouseMissing)] // invalid object name
    [InlineData(207, 16, false, SqlEngineFailure.WarehouseMissing)] // invalid column name
    [InlineData(-2, 11, false, SqlEngineFailure.StatementTimeout)] // SqlClient's command timeout
    [InlineData(-2, 11, true, SqlEngineFailure.Unavailable)] // connect timeout
    [InlineData(18456, 14, true, SqlEngineFailure.Unavailable)] // login failed
    [InlineData(4060, 11, false, SqlEngineFailure.Unavailable)] // cannot open database (pooled session, database dropped)
    [InlineData(10061, 20, true, SqlEngineFailure.Unavailable)] // refused
    [InlineData(40613, 17, false, SqlEngineFailure.Unavailable)] // Azure SQL: database unavailable
    [InlineData(10054, 20, false, SqlEngineFailure.ConnectionLost)] // reset by peer
    [InlineData(233, 20, false, SqlEngineFailure.ConnectionLost)] // no process on the other end
    [InlineData(596, 21, false, SqlEngineFailure.ConnectionLost)] // session killed
    [InlineData(0, 20, false, SqlEngineFailure.ConnectionLost)] // any fatal severity ends the session
    [InlineData(6005, 14, false, SqlEngineFailure.ConnectionLost)] // shutdown in progress
    public void Errors_are_classified_by_number_severity_and_phase(int number, byte severity, bool connecting, SqlEngineFailure expected) =>
        Assert.Equal(expected, SqlServerFailures.Classify([(number, severity)], connecting ? SqlServerPhase.Connecting : SqlServerPhase.Executing));

    [Theory]
    [InlineData(102)] // incorrect syntax: the compiler's bug, not the database's failure
    [InlineData(8134)] // divide by zero
    [InlineData(245)] // conversion failed
    public void Sql_errors_are_not_database_failures(int number) =>
        Assert.Null(SqlServerFailures.Classify([(number, 16)], SqlServerPhase.Executing));

    [Fact]
    public void Any_error_names_its_fix()
    {
        var failure = new InvalidOperationException("Invalid object name 'interactions'.");
        Assert.Equal(
            "The SQL Server database at db/cx has no CxSemantic warehouse, or an outdated one (Invalid object name 'interactions'). Load it with `cxsem load --from FILE.duckdb --to \"Server=…\"`.",
            SqlServerFailures.Explain(SqlEngineFailure.WarehouseMissing, failure, "db/cx"));
        Assert.Contains("raise the command timeout", SqlServerFailures.Explain(SqlEngineFailure.StatementTimeout, failure, "db/cx"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_sql_exception_is_classified_by_its_errors()
    {
        var missing = FakeSqlException.Create((208, 16, "Invalid object name 'interactions'."));
        Assert.Equal(SqlEngineFailure.WarehouseMissing, SqlServerFailures.Classify(missing, SqlServerPhase.Executing));
        var timeout = FakeSqlException.Create((-2, 11, "Execution Timeout Expired."));
        Assert.Equal(SqlEngineFailure.StatementTimeout, SqlServerFailures.Classify(timeout, SqlServerPhase.Executing));
        var syntax = FakeSqlException.Create((102, 15, "Incorrect syntax near ')'."));
        Assert.Null(SqlServerFailures.Classify(syntax, SqlServerPhase.Executing));
    }

    [Fact]
    public async Task A_server_that_accepts_and_closes_is_unavailable()
    {
        using var server = new FakeTdsServer(FakeTdsServer.Behaviour.AcceptAndClose);
        var engine = new SqlServerSqlEngine(server.ConnectionString);
        var error = await Assert.ThrowsAsync<SqlEngineException>(() => engine.QueryAsync(new SqlText("SELECT 1", []), CancellationToken.None));
        Assert.Equal(SqlEngineFailure.Unavailable, error.Failure);
        Assert.StartsWith($"The SQL Server warehouse at 127.0.0.1,{server.Port}/cx cannot be reached (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_answers_garbage_is_unavailable()
    {
        using var server = new FakeTdsServer(FakeTdsServer.Behaviour.SendGarbage);
        var engine = new SqlServerSqlEngine(server.ConnectionString);
        var error = await Assert.ThrowsAsync<SqlEngineException>(() => engine.QueryAsync(new SqlText("SELECT 1", []), CancellationToken.None));
        Assert.Equal(SqlEngineFailure.Unavailable, error.Failure);
        Assert.NotNull(error.InnerException); // SqlClient's InvalidOperationException about the pre-login response
        Assert.StartsWith($"The SQL Server warehouse at 127.0.0.1,{server.Port}/cx cannot be reached (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_listener_is_unavailable()
    {
        var port = FakeTdsServer.FreePort();
        var engine = new SqlServerSqlEngine($"Server=127.0.0.1,{port};Database=cx;User ID=cx;Password=s3cret!;Encrypt=false;Connect Timeout=5");
        var error = await Assert.ThrowsAsync<SqlEngineException>(() => engine.QueryAsync(new SqlText("SELECT 1", []), CancellationToken.None));
        Assert.Equal(SqlEngineFailure.Unavailable, error.Failure);
    }

    [Fact]
    public async Task Cancelling_while_the_server_is_silent_cancels_instead_of_failing()
    {
        using var server = new FakeTdsServer(FakeTdsServer.Behaviour.Silent);
        var engine = new SqlServerSqlEngine(server.ConnectionString);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.QueryAsync(new SqlText("SELECT 1", []), cancel.Token));
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.True(server.Accepted > 0, "The engine never reached the server: the cancellation was not tested on the wire.");
    }

    [Fact]
    public async Task A_cancelled_token_is_honoured_before_connecting()
    {
        using var server = new FakeTdsServer(FakeTdsServer.Behaviour.Silent);
        var engine = new SqlServerSqlEngine(server.ConnectionString);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.QueryAsync(new SqlText("SELECT 1", []), new CancellationToken(canceled: true)));
        Assert.Equal(0, server.Accepted);
    }
}

/// <summary>A TCP listener on 127.0.0.1 that plays a broken SQL Server: it closes, sends garbage, or never answers.</summary>
internal sealed class FakeTdsServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;
    private int _accepted;

    public FakeTdsServer(Behaviour behaviour)
    {
        _listener.Start();
        _accepting = AcceptAsync(behaviour);
    }

    public enum Behaviour
    {
        AcceptAndClose,
        SendGarbage,
        Silent,
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    public string ConnectionString => $"Server=127.0.0.1,{Port};Database=cx;User ID=cx;Password=s3cret!;Encrypt=false;Connect Timeout=30;Pooling=false";

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(Behaviour behaviour)
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                Interlocked.Increment(ref _accepted);
                switch (behaviour)
                {
                    case Behaviour.AcceptAndClose:
                        client.Dispose();
                        break;
                    case Behaviour.SendGarbage:
                        // Not a TDS pre-login response: a packet type SQL Server never sends, then random bytes.
                        var garbage = new byte[512];
                        new Random(13).NextBytes(garbage);
                        garbage[0] = 0xEE;
                        await client.GetStream().WriteAsync(garbage).ConfigureAwait(false);
                        client.Dispose();
                        break;
                    default:
                        lock (_clients)
                        {
                            _clients.Add(client);
                        }

                        break;
                }
            }
        }
        catch (Exception) when (!_listener.Server.IsBound)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_clients)
        {
            _clients.ForEach(c => c.Dispose());
        }

        _ = _accepting;
    }
}
