using CxSemantic.DuckDb;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.DuckDb.Tests;

public sealed class AppenderTests : IDisposable
{
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _conn;

    public AppenderTests() => _conn = _db.Connect();

    public void Dispose()
    {
        _conn.Dispose();
        _db.Dispose();
    }

    [Fact]
    public void Appends_a_million_rows_and_reads_every_one_back()
    {
        const int rows = 1_000_000;
        _conn.Execute("CREATE TABLE m (id BIGINT NOT NULL, code VARCHAR, amount DECIMAL(12,2), score DOUBLE, flag BOOLEAN, ts TIMESTAMPTZ, day DATE)");
        var origin = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string[] codes = ["voice", "chat", "a longer code than twelve", "bot_to_agent"];
        using (var appender = _conn.CreateAppender("m"))
        {
            for (var i = 0; i < rows; i++)
            {
                appender.Append((long)i)
                    .Append(i % 5 == 0 ? null : codes[i % 4])
                    .Append(i * 0.01m)
                    .Append(i % 3 == 0 ? null : (double?)(i / 2.0))
                    .Append(i % 2 == 0)
                    .Append(origin.AddSeconds(i))
                    .Append(DateOnly.FromDateTime(origin).AddDays(i % 365))
                    .EndRow();
            }

            Assert.Equal(rows, appender.RowsAppended);
        }

        // Aggregates checked against closed forms computed here.
        var stats = _conn.QueryRows("""
            SELECT count(*), sum(id), count(code), sum(amount), count(score), sum(score),
                   count(*) FILTER (WHERE flag), min(ts), max(ts), count(DISTINCT day)
            FROM m
            """).Single();
        Assert.Equal((long)rows, stats[0]);
        Assert.Equal((Int128)((long)rows * (rows - 1) / 2), stats[1]);
        Assert.Equal((long)(rows - (rows / 5)), stats[2]);
        Assert.Equal(((long)rows * (rows - 1) / 2) * 0.01m, stats[3]);
        var scored = Enumerable.Range(0, rows).Where(i => i % 3 != 0).ToArray();
        Assert.Equal((long)scored.Length, stats[4]);
        Assert.Equal(scored.Sum(i => i / 2.0), (double)stats[5]!, 6);
        Assert.Equal((long)rows / 2, stats[6]);
        Assert.Equal(origin, stats[7]);
        Assert.Equal(origin.AddSeconds(rows - 1), stats[8]);
        Assert.Equal(365L, stats[9]);

        // And row by row, through the columnar reader.
        using var result = _conn.Query("SELECT id, code, amount, score, flag, ts FROM m ORDER BY id");
        var next = 0;
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var ids = chunk.GetVector(0).GetValues<long>();
                var code = chunk.GetVector(1);
                var amount = chunk.GetVector(2);
                var score = chunk.GetVector(3);
                var flag = chunk.GetVector(4);
                var at = chunk.GetVector(5);
                for (var r = 0; r < chunk.RowCount; r++, next++)
                {
                    Assert.Equal(next, ids[r]);
                    if (next % 5 == 0)
                    {
                        Assert.True(code.IsNull(r));
                    }
                    else
                    {
                        Assert.Equal(codes[next % 4], code.GetString(r));
                    }

                    Assert.Equal(next * 0.01m, amount.GetDecimal(r));
                    Assert.Equal(next % 3 == 0, score.IsNull(r));
                    Assert.Equal(next % 2 == 0, flag.GetBoolean(r));
                    Assert.Equal(origin.AddSeconds(next), at.GetDateTime(r));
                }
            }
        }

        Assert.Equal(rows, next);
    }

    [Fact]
    public void Strings_of_every_length_and_script_survive_the_inline_and_heap_paths()
    {
        _conn.Execute("CREATE TABLE s (v VARCHAR)");
        var values = Enumerable.Range(0, 40).Select(n => new string('x', n)).Concat(["é", "東京東京東京", "🚀🚀🚀🚀", "ümlaut-twelve"]).ToArray();
        using (var appender = _conn.CreateAppender("s"))
        {
            foreach (var v in values)
            {
                appender.Append(v).EndRow();
            }
        }

        var read = _conn.QueryRows("SELECT v, length(v), v = $1 FROM s ORDER BY rowid", "xxxxxxxxxxxx");
        Assert.Equal(values, read.Select(r => (string)r[0]!));
        Assert.Equal(values.Select(v => (long)new System.Globalization.StringInfo(v).LengthInTextElements), read.Select(r => (long)r[1]!));
        // Equality relies on the zero-padded inline tail.
        Assert.Equal(1, read.Count(r => (bool)r[2]!));
    }

    [Fact]
    public void Numeric_values_widen_and_are_range_checked()
    {
        _conn.Execute("CREATE TABLE n (a SMALLINT, b DOUBLE, c DECIMAL(4,1), d HUGEINT, e ENUM('x','y'))");
        using (var appender = _conn.CreateAppender("n"))
        {
            appender.Append(7).Append(3).Append(12.35).Append(long.MaxValue).Append("y").EndRow();
            appender.Append((short?)null).Append(0.25m).Append(-1.04m).Append(-1).Append((string?)null).EndRow();
            Assert.Throws<OverflowException>(() => appender.Append(70000));
        }

        var rows = _conn.QueryRows("SELECT a, b, c, d, e FROM n ORDER BY rowid");
        Assert.Equal(new object?[] { (short)7, 3.0, 12.4m, (Int128)long.MaxValue, "y" }, rows[0]);
        Assert.Equal(new object?[] { null, 0.25, -1.0m, (Int128)(-1), null }, rows[1]);
    }

    [Fact]
    public void Type_mismatches_name_the_column_and_its_type()
    {
        _conn.Execute("CREATE TABLE t (id INTEGER, channel VARCHAR)");
        using var appender = _conn.CreateAppender("t");
        appender.Append(1);
        var ex = Assert.Throws<InvalidOperationException>(() => appender.Append(2.5));
        Assert.Equal("Column 2 of 't' (channel) is VARCHAR; it cannot take a double.", ex.Message);
        var label = Assert.Throws<InvalidOperationException>(() => appender.Append(true));
        Assert.Equal("Column 2 of 't' (channel) is VARCHAR; it cannot take a bool.", label.Message);
        appender.Append("chat").EndRow();
    }

    [Fact]
    public void Incomplete_and_overlong_rows_are_rejected()
    {
        _conn.Execute("CREATE TABLE t (id INTEGER, channel VARCHAR)");
        var appender = _conn.CreateAppender("t");
        appender.Append(1);
        var ex = Assert.Throws<InvalidOperationException>(() => appender.EndRow());
        Assert.Equal("Row 1 of 't' has 1 value(s) but the table has 2 columns; next expected: channel (VARCHAR).", ex.Message);
        appender.Append("voice");
        var over = Assert.Throws<InvalidOperationException>(() => appender.Append(3));
        Assert.Equal("Row 1 of 't' has more values than its 2 columns; call EndRow() after the last column.", over.Message);
        appender.EndRow();
        appender.Dispose();
        Assert.Equal(1L, _conn.ExecuteScalar<long>("SELECT count(*) FROM t"));
    }

    [Fact]
    public void Constraint_violations_surface_when_rows_reach_the_table()
    {
        _conn.Execute("CREATE TABLE k (id INTEGER PRIMARY KEY, channel VARCHAR CHECK (channel IN ('voice', 'chat')))");
        var appender = _conn.CreateAppender("k");
        appender.Append(1).Append("voice").EndRow();
        appender.Append(2).Append("fax").EndRow();
        var ex = Assert.Throws<DuckDbException>(() => appender.Dispose());
        Assert.StartsWith("Appending to 'k' failed:", ex.Message);
        Assert.Contains("CHECK constraint failed", ex.Message);
        Assert.Equal(0L, _conn.ExecuteScalar<long>("SELECT count(*) FROM k"));
    }

    [Fact]
    public void Unknown_tables_are_reported()
    {
        var ex = Assert.Throws<DuckDbException>(() => _conn.CreateAppender("missing"));
        Assert.StartsWith("Cannot append to 'missing':", ex.Message);
    }

    [Fact]
    public void Appended_rows_read_back_equal_for_any_values()
    {
        _conn.Execute("CREATE TABLE p (i BIGINT, s VARCHAR, d DOUBLE, b BOOLEAN)");
        var rowGen = Gen.Zip(
            Gen.Zip(ArbMap.Default.GeneratorFor<long?>(), ArbMap.Default.GeneratorFor<string?>()),
            Gen.Zip(ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => (double?)f.Get), ArbMap.Default.GeneratorFor<bool?>()));
        Prop.ForAll(
                Gen.ListOf(rowGen).ToArbitrary(),
                rows =>
                {
                    var clean = rows.Select(r => (r.Item1.Item1, Clean(r.Item1.Item2), r.Item2.Item1, r.Item2.Item2)).ToArray();
                    _conn.Execute("DELETE FROM p");
                    using (var appender = _conn.CreateAppender("p"))
                    {
                        foreach (var (i, s, d, b) in clean)
                        {
                            appender.Append(i).Append(s).Append(d).Append(b).EndRow();
                        }
                    }

                    var read = _conn.QueryRows("SELECT i, s, d, b FROM p ORDER BY rowid");
                    return read.Count == clean.Length && read.Zip(clean).All(p =>
                        Equals(p.First[0], p.Second.Item1) && Equals(p.First[1], p.Second.Item2) &&
                        Equals(p.First[2], p.Second.Item3) && Equals(p.First[3], p.Second.Item4));
                })
            .QuickCheckThrowOnFailure();
    }

    // NUL and lone surrogates are not valid in DuckDB strings / UTF-8.
    private static string? Clean(string? s) => s is null ? null : new string(s.Where(c => c != '\0' && !char.IsSurrogate(c)).ToArray());
}
