using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Dialects;

/// <summary>
/// The same small AST rendered by the three renderers, with the exact text of each (SqlKata style).
/// The samples are also parsed by node-sql-parser (<see cref="SqlSyntaxTests"/>).
/// </summary>
public sealed class SqlRendererTests
{
    [Fact]
    public void Identifiers_are_quoted_per_dialect_with_embedded_quotes_doubled()
    {
        var sample = RendererSamples.Get("quoting");
        AssertRenders(
            sample,
            duckDb: """"
                SELECT "t"."say ""hi""" AS "a]b"
                FROM "odd""table]" "t"
                """",
            postgreSql: """"
                SELECT "t"."say ""hi""" AS "a]b"
                FROM "odd""table]" "t"
                """",
            tSql: """"
                SELECT [t].[say "hi"] AS [a]]b]
                FROM [odd"table]]] [t]
                """");
    }

    [Fact]
    public void Parameters_are_numbered_in_order_of_appearance()
    {
        var sample = RendererSamples.Get("parameters");
        AssertRenders(
            sample,
            duckDb: """
                SELECT "t"."a" AS "a"
                FROM "facts" "t"
                WHERE ("t"."a" = $1)
                  AND ("t"."b" IN ($2, $3))
                  AND ("t"."c" LIKE $4)
                """,
            postgreSql: """
                SELECT "t"."a" AS "a"
                FROM "facts" "t"
                WHERE ("t"."a" = $1)
                  AND ("t"."b" IN ($2, $3))
                  AND ("t"."c" LIKE $4)
                """,
            tSql: """
                SELECT [t].[a] AS [a]
                FROM [facts] [t]
                WHERE ([t].[a] = @p0)
                  AND ([t].[b] IN (@p1, @p2))
                  AND ([t].[c] LIKE @p3)
                """,
            parameters: ["x", 1, 2L, "a%"]);
    }

    [Fact]
    public void Booleans_are_bit_comparisons_in_TSql_and_native_elsewhere()
    {
        var sample = RendererSamples.Get("booleans");
        AssertRenders(
            sample,
            duckDb: """
                SELECT TRUE AS "yes",
                       FALSE AS "no",
                       CASE WHEN "t"."accepted" THEN 1 ELSE 0 END AS "accepted_flag"
                FROM "facts" "t"
                WHERE "t"."eligible"
                  AND ("t"."journey_flag" = 1)
                  AND NOT ("t"."proactive")
                  AND TRUE
                  AND ("t"."eligible" OR FALSE)
                """,
            postgreSql: """
                SELECT TRUE AS "yes",
                       FALSE AS "no",
                       CASE WHEN "t"."accepted" THEN 1 ELSE 0 END AS "accepted_flag"
                FROM "facts" "t"
                WHERE "t"."eligible"
                  AND ("t"."journey_flag" = 1)
                  AND NOT ("t"."proactive")
                  AND TRUE
                  AND ("t"."eligible" OR FALSE)
                """,
            tSql: """
                SELECT 1 AS [yes],
                       0 AS [no],
                       CASE WHEN ([t].[accepted] = 1) THEN 1 ELSE 0 END AS [accepted_flag]
                FROM [facts] [t]
                WHERE ([t].[eligible] = 1)
                  AND ([t].[journey_flag] = 1)
                  AND NOT (([t].[proactive] = 1))
                  AND (1 = 1)
                  AND (([t].[eligible] = 1) OR (0 = 1))
                """);
    }

    [Fact]
    public void Division_is_real_and_null_on_zero_and_averages_are_of_doubles()
    {
        var sample = RendererSamples.Get("arithmetic");
        AssertRenders(
            sample,
            duckDb: """
                SELECT (CAST(SUM("t"."a") AS DOUBLE) / NULLIF(COUNT(*), 0)) AS "ratio",
                       AVG(CAST("t"."a" AS DOUBLE)) AS "mean",
                       CAST("t"."a" AS DOUBLE) AS "as_double",
                       -(("t"."a" % 7)) AS "negated",
                       COUNT(DISTINCT "t"."b") AS "distinct_b",
                       ROUND(("t"."a" * 1.5), 2) AS "rounded",
                       LENGTH("t"."c") AS "length",
                       'it''s' AS "text",
                       'Zürich' AS "unicode"
                FROM "facts" "t"
                GROUP BY "t"."a", "t"."c"
                """,
            postgreSql: """
                SELECT (CAST(SUM("t"."a") AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)) AS "ratio",
                       AVG(CAST("t"."a" AS DOUBLE PRECISION)) AS "mean",
                       CAST("t"."a" AS DOUBLE PRECISION) AS "as_double",
                       -(("t"."a" % 7)) AS "negated",
                       COUNT(DISTINCT "t"."b") AS "distinct_b",
                       ROUND(CAST(("t"."a" * 1.5) AS NUMERIC), 2) AS "rounded",
                       LENGTH("t"."c") AS "length",
                       'it''s' AS "text",
                       'Zürich' AS "unicode"
                FROM "facts" "t"
                GROUP BY "t"."a", "t"."c"
                """,
            tSql: """
                SELECT (CAST(SUM([t].[a]) AS FLOAT) / NULLIF(COUNT(*), 0)) AS [ratio],
                       AVG(CAST([t].[a] AS FLOAT)) AS [mean],
                       CAST([t].[a] AS FLOAT) AS [as_double],
                       -(([t].[a] % 7)) AS [negated],
                       COUNT(DISTINCT [t].[b]) AS [distinct_b],
                       ROUND(([t].[a] * 1.5), 2) AS [rounded],
                       LEN([t].[c]) AS [length],
                       'it''s' AS [text],
                       N'Zürich' AS [unicode]
                FROM [facts] [t]
                GROUP BY [t].[a], [t].[c]
                """);
    }

    [Fact]
    public void Round_without_digits_gets_zero_digits_in_TSql()
    {
        var select = new SqlSelect
        {
            Columns = [new SqlSelectItem(new SqlFunction(SqlFunctionName.Round, [new SqlColumn("t", "a")]), "r")],
            From = new SqlTable("facts", "t"),
        };
        Assert.Equal("SELECT ROUND(\"t\".\"a\") AS \"r\"\nFROM \"facts\" \"t\"", SqlRenderer.For(SqlDialectKind.PostgreSql).Render(select).Text);
        Assert.Equal("SELECT ROUND([t].[a], 0) AS [r]\nFROM [facts] [t]", SqlRenderer.For(SqlDialectKind.TSql).Render(select).Text);
    }

    [Fact]
    public void Durations_are_epoch_microseconds_in_DuckDb_intervals_in_PostgreSql_and_nested_DATEADDs_that_fit_an_int_in_TSql()
    {
        var sample = RendererSamples.Get("intervals");
        AssertRenders(
            sample,
            duckDb: """
                SELECT make_timestamptz(epoch_us("t"."started_at") + 604800000000) AS "week",
                       make_timestamptz(epoch_us("t"."started_at") + 1500000) AS "fraction",
                       make_timestamptz(epoch_us("t"."started_at") + 3000000000000000) AS "long",
                       make_timestamptz(epoch_us("t"."started_at") - 90000123) AS "negative",
                       make_timestamptz(epoch_us("t"."started_at") + 0) AS "zero"
                FROM "facts" "t"
                """,
            postgreSql: """
                SELECT ("t"."started_at" + INTERVAL '604800 seconds') AS "week",
                       ("t"."started_at" + INTERVAL '1.5 seconds') AS "fraction",
                       ("t"."started_at" + INTERVAL '3000000000 seconds') AS "long",
                       ("t"."started_at" + INTERVAL '-90.000123 seconds') AS "negative",
                       ("t"."started_at" + INTERVAL '0 seconds') AS "zero"
                FROM "facts" "t"
                """,
            tSql: """
                SELECT DATEADD(second, 604800, [t].[started_at]) AS [week],
                       DATEADD(millisecond, 500, DATEADD(second, 1, [t].[started_at])) AS [fraction],
                       DATEADD(second, 19200, DATEADD(day, 34722, [t].[started_at])) AS [long],
                       DATEADD(microsecond, -123, DATEADD(second, -90, [t].[started_at])) AS [negative],
                       DATEADD(second, 0, [t].[started_at]) AS [zero]
                FROM [facts] [t]
                """);
    }

    [Fact]
    public void Limits_are_TOP_in_TSql_and_LIMIT_elsewhere()
    {
        var sample = RendererSamples.Get("limit");
        AssertRenders(
            sample,
            duckDb: """
                SELECT "t"."a" AS "a"
                FROM "facts" "t"
                ORDER BY "t"."a" DESC, "t"."b" ASC
                LIMIT 10
                """,
            postgreSql: """
                SELECT "t"."a" AS "a"
                FROM "facts" "t"
                ORDER BY "t"."a" DESC, "t"."b" ASC
                LIMIT 10
                """,
            tSql: """
                SELECT TOP (10) [t].[a] AS [a]
                FROM [facts] [t]
                ORDER BY [t].[a] DESC, [t].[b] ASC
                """);
    }

    [Fact]
    public void Instants_are_typed_UTC_literals_and_constant_tables_per_dialect()
    {
        var sample = RendererSamples.Get("periods");
        AssertRenders(
            sample,
            duckDb: """
                WITH "units" AS (
                  SELECT "p"."period" AS "period",
                         "t"."a" AS "a"
                  FROM "facts" "t"
                  JOIN (VALUES ('2026-01-01', TIMESTAMPTZ '2025-12-31 23:00:00+00', TIMESTAMPTZ '2026-01-31 23:00:00.123456+00'),
                               ('2026-02-01', TIMESTAMPTZ '2026-01-31 23:00:00.123456+00', TIMESTAMPTZ '2026-02-28 23:00:00+00')) AS "p"("period", "period_start", "period_end") ON (("p"."period_start" <= "t"."started_at") AND ("t"."started_at" < "p"."period_end"))
                  WHERE ("t"."started_at" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
                )
                SELECT "period" AS "period",
                       COUNT(*) AS "n"
                FROM "units" "units"
                GROUP BY "period"
                """,
            postgreSql: """
                WITH "units" AS (
                  SELECT "p"."period" AS "period",
                         "t"."a" AS "a"
                  FROM "facts" "t"
                  JOIN (SELECT '2026-01-01' AS "period", CAST('2025-12-31 23:00:00+00' AS TIMESTAMPTZ) AS "period_start", CAST('2026-01-31 23:00:00.123456+00' AS TIMESTAMPTZ) AS "period_end"
                        UNION ALL SELECT '2026-02-01', CAST('2026-01-31 23:00:00.123456+00' AS TIMESTAMPTZ), CAST('2026-02-28 23:00:00+00' AS TIMESTAMPTZ)) AS "p" ON (("p"."period_start" <= "t"."started_at") AND ("t"."started_at" < "p"."period_end"))
                  WHERE ("t"."started_at" >= CAST('2025-12-31 23:00:00+00' AS TIMESTAMPTZ))
                )
                SELECT "period" AS "period",
                       COUNT(*) AS "n"
                FROM "units" "units"
                GROUP BY "period"
                """,
            tSql: """
                WITH units AS (
                  SELECT [p].[period] AS [period],
                         [t].[a] AS [a]
                  FROM [facts] [t]
                  JOIN (VALUES ('2026-01-01', CAST('2025-12-31T23:00:00+00:00' AS DATETIMEOFFSET), CAST('2026-01-31T23:00:00.123456+00:00' AS DATETIMEOFFSET)),
                               ('2026-02-01', CAST('2026-01-31T23:00:00.123456+00:00' AS DATETIMEOFFSET), CAST('2026-02-28T23:00:00+00:00' AS DATETIMEOFFSET))) AS [p]([period], [period_start], [period_end]) ON (([p].[period_start] <= [t].[started_at]) AND ([t].[started_at] < [p].[period_end]))
                  WHERE ([t].[started_at] >= CAST('2025-12-31T23:00:00+00:00' AS DATETIMEOFFSET))
                )
                SELECT [period] AS [period],
                       COUNT(*) AS [n]
                FROM [units] [units]
                GROUP BY [period]
                """);
    }

    [Fact]
    public void Window_functions_render_alike_with_a_rows_frame_for_running_sums_only()
    {
        var sample = RendererSamples.Get("windows");
        AssertRenders(
            sample,
            duckDb: """
                SELECT LAG("t"."at") OVER (PARTITION BY "t"."k", COALESCE("t"."x", "t"."y") ORDER BY "t"."at" ASC, "t"."id" ASC) AS "previous_at",
                       ROW_NUMBER() OVER (PARTITION BY "t"."k" ORDER BY "t"."at" DESC) AS "last_rank",
                       SUM("t"."starts") OVER (PARTITION BY "t"."k" ORDER BY "t"."at" ASC, "t"."id" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "seq",
                       LEAD("t"."starts") OVER (PARTITION BY "t"."k" ORDER BY "t"."at" ASC, "t"."id" ASC) AS "next_starts"
                FROM "facts" "t"
                """,
            postgreSql: """
                SELECT LAG("t"."at") OVER (PARTITION BY "t"."k", COALESCE("t"."x", "t"."y") ORDER BY "t"."at" ASC, "t"."id" ASC) AS "previous_at",
                       ROW_NUMBER() OVER (PARTITION BY "t"."k" ORDER BY "t"."at" DESC) AS "last_rank",
                       SUM("t"."starts") OVER (PARTITION BY "t"."k" ORDER BY "t"."at" ASC, "t"."id" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "seq",
                       LEAD("t"."starts") OVER (PARTITION BY "t"."k" ORDER BY "t"."at" ASC, "t"."id" ASC) AS "next_starts"
                FROM "facts" "t"
                """,
            tSql: """
                SELECT LAG([t].[at]) OVER (PARTITION BY [t].[k], COALESCE([t].[x], [t].[y]) ORDER BY [t].[at] ASC, [t].[id] ASC) AS [previous_at],
                       ROW_NUMBER() OVER (PARTITION BY [t].[k] ORDER BY [t].[at] DESC) AS [last_rank],
                       SUM([t].[starts]) OVER (PARTITION BY [t].[k] ORDER BY [t].[at] ASC, [t].[id] ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS [seq],
                       LEAD([t].[starts]) OVER (PARTITION BY [t].[k] ORDER BY [t].[at] ASC, [t].[id] ASC) AS [next_starts]
                FROM [facts] [t]
                """);
    }

    [Fact]
    public void Subqueries_and_cte_names()
    {
        var sample = RendererSamples.Get("subqueries");
        AssertRenders(
            sample,
            duckDb: """
                WITH "first_labels" AS (
                  SELECT "t"."a" AS "a"
                  FROM "facts" "t"
                ),
                "labels" AS (
                  SELECT "f"."a" AS "a"
                  FROM "first_labels" "f"
                )
                SELECT "o"."a" AS "a",
                       (SELECT MAX("w"."watermark_at") AS "watermark"
                    FROM "warehouse_meta" "w") AS "watermark"
                FROM "labels" "o"
                WHERE EXISTS (SELECT *
                    FROM "events" "e"
                    WHERE ("e"."a" = "o"."a"))
                  AND ("o"."a" IS NOT NULL)
                  AND ("o"."a" NOT BETWEEN 1 AND 5)
                """,
            postgreSql: """
                WITH "first_labels" AS (
                  SELECT "t"."a" AS "a"
                  FROM "facts" "t"
                ),
                "labels" AS (
                  SELECT "f"."a" AS "a"
                  FROM "first_labels" "f"
                )
                SELECT "o"."a" AS "a",
                       (SELECT MAX("w"."watermark_at") AS "watermark"
                    FROM "warehouse_meta" "w") AS "watermark"
                FROM "labels" "o"
                WHERE EXISTS (SELECT *
                    FROM "events" "e"
                    WHERE ("e"."a" = "o"."a"))
                  AND ("o"."a" IS NOT NULL)
                  AND ("o"."a" NOT BETWEEN 1 AND 5)
                """,
            tSql: """
                WITH first_labels AS (
                  SELECT [t].[a] AS [a]
                  FROM [facts] [t]
                ),
                labels AS (
                  SELECT [f].[a] AS [a]
                  FROM [first_labels] [f]
                )
                SELECT [o].[a] AS [a],
                       (SELECT MAX([w].[watermark_at]) AS [watermark]
                    FROM [warehouse_meta] [w]) AS [watermark]
                FROM [labels] [o]
                WHERE EXISTS (SELECT *
                    FROM [events] [e]
                    WHERE ([e].[a] = [o].[a]))
                  AND ([o].[a] IS NOT NULL)
                  AND ([o].[a] NOT BETWEEN 1 AND 5)
                """);
    }

    [Theory]
    [InlineData("units", "units")]
    [InlineData("first_labels", "first_labels")]
    [InlineData("order", "[order]")]
    [InlineData("Select", "[Select]")]
    [InlineData("my units", "[my units]")]
    [InlineData("2units", "[2units]")]
    [InlineData("weird]name", "[weird]]name]")]
    public void TSql_writes_cte_names_bare_only_when_regular_and_unreserved(string name, string expected)
    {
        var select = new SqlSelect
        {
            With = [new SqlCte(name, new SqlSelect { Columns = [new SqlSelectItem(new SqlConstant(1), "a")], From = new SqlTable("facts", "t") })],
            From = new SqlNamed(name, "x"),
        };
        var text = SqlRenderer.For(SqlDialectKind.TSql).Render(select).Text;
        Assert.StartsWith($"WITH {expected} AS (\n", text, StringComparison.Ordinal);
        Assert.EndsWith($"FROM [{name.Replace("]", "]]", StringComparison.Ordinal)}] [x]", text, StringComparison.Ordinal);
        Assert.StartsWith($"WITH \"{name}\" AS (", SqlRenderer.For(SqlDialectKind.PostgreSql).Render(select).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Percentiles_are_quantile_cont_in_DuckDb_within_group_in_PostgreSql_and_refused_by_TSql()
    {
        var sample = RendererSamples.Get("percentile");
        AssertRenders(
            sample,
            duckDb: """
                SELECT quantile_cont("t"."handle_seconds", 0.9) AS "p90"
                FROM "facts" "t"
                """,
            postgreSql: """
                SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY "t"."handle_seconds") AS "p90"
                FROM "facts" "t"
                """,
            tSql: null);
        var refusal = Assert.Throws<QueryException>(() => SqlRenderer.For(SqlDialectKind.TSql).Render(sample));
        Assert.Equal(QueryErrorCodes.UnsupportedByEngine, refusal.Code);
        Assert.Equal("UNSUPPORTED_BY_ENGINE", refusal.Code);
        Assert.Equal(
            "SQL Server has no percentile aggregate (PERCENTILE_CONT is a window function only); run percentile metrics on DuckDB or PostgreSQL.",
            refusal.Message);
    }

    [Fact]
    public void Filtered_aggregates_are_FILTER_clauses_in_DuckDb_and_PostgreSql_and_CASE_arguments_in_TSql_and_the_only_value_is_any_value_in_DuckDb_only()
    {
        var sample = RendererSamples.Get("filtered");
        AssertRenders(
            sample,
            duckDb: """
                SELECT "t"."g" AS "g",
                       COUNT(*) FILTER (WHERE ("t"."stage" = 1)) AS "excluded",
                       SUM("t"."v") FILTER (WHERE (("t"."stage" = 0) AND ("t"."mature" = 1))) AS "total",
                       AVG(CAST("t"."v" AS DOUBLE)) FILTER (WHERE "t"."eligible") AS "mean",
                       COUNT(DISTINCT "t"."b") FILTER (WHERE ("t"."stage" = 0)) AS "distinct_b",
                       any_value("t"."label") FILTER (WHERE ("t"."first" = 1)) AS "first_label"
                FROM "facts" "t"
                GROUP BY "t"."g"
                """,
            postgreSql: """
                SELECT "t"."g" AS "g",
                       COUNT(*) FILTER (WHERE ("t"."stage" = 1)) AS "excluded",
                       SUM("t"."v") FILTER (WHERE (("t"."stage" = 0) AND ("t"."mature" = 1))) AS "total",
                       AVG(CAST("t"."v" AS DOUBLE PRECISION)) FILTER (WHERE "t"."eligible") AS "mean",
                       COUNT(DISTINCT "t"."b") FILTER (WHERE ("t"."stage" = 0)) AS "distinct_b",
                       MAX("t"."label") FILTER (WHERE ("t"."first" = 1)) AS "first_label"
                FROM "facts" "t"
                GROUP BY "t"."g"
                """,
            tSql: """
                SELECT [t].[g] AS [g],
                       COUNT(CASE WHEN ([t].[stage] = 1) THEN 1 END) AS [excluded],
                       SUM(CASE WHEN (([t].[stage] = 0) AND ([t].[mature] = 1)) THEN [t].[v] END) AS [total],
                       AVG(CAST(CASE WHEN ([t].[eligible] = 1) THEN [t].[v] END AS FLOAT)) AS [mean],
                       COUNT(DISTINCT CASE WHEN ([t].[stage] = 0) THEN [t].[b] END) AS [distinct_b],
                       MAX(CASE WHEN ([t].[first] = 1) THEN [t].[label] END) AS [first_label]
                FROM [facts] [t]
                GROUP BY [t].[g]
                """);
    }

    [Fact]
    public void Every_dialect_has_its_renderer()
    {
        Assert.IsType<DuckDbRenderer>(SqlRenderer.For(SqlDialectKind.DuckDb));
        Assert.IsType<PostgreSqlRenderer>(SqlRenderer.For(SqlDialectKind.PostgreSql));
        Assert.IsType<TSqlRenderer>(SqlRenderer.For(SqlDialectKind.TSql));
        Assert.All(DialectCorpus.Dialects, d => Assert.Equal(d, SqlRenderer.For(d).Dialect));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqlRenderer.For((SqlDialectKind)42));
    }

    [Fact]
    public void A_hash_bucket_is_the_engines_hash_of_every_key_modulo_the_buckets()
    {
        AssertRenders(
            RendererSamples.Get("hash-bucket"),
            duckDb: """
                SELECT "t"."a" AS "a"
                FROM "facts" "t"
                WHERE ((hash("t"."a", "t"."b") % 7) = 3)
                """,
            postgreSql: """
                SELECT "t"."a" AS "a"
                FROM "facts" "t"
                WHERE (abs(hashtextextended(concat_ws('|', CAST("t"."a" AS TEXT), CAST("t"."b" AS TEXT)), 0) % 7) = 3)
                """,
            tSql: """
                SELECT [t].[a] AS [a]
                FROM [facts] [t]
                WHERE (ABS(CHECKSUM([t].[a], [t].[b]) % 7) = 3)
                """);
    }

    private static void AssertRenders(SqlSelect select, string duckDb, string postgreSql, string? tSql, object?[]? parameters = null)
    {
        var expected = new Dictionary<SqlDialectKind, string?> { [SqlDialectKind.DuckDb] = duckDb, [SqlDialectKind.PostgreSql] = postgreSql, [SqlDialectKind.TSql] = tSql };
        foreach (var (dialect, text) in expected)
        {
            if (text is null)
            {
                continue;
            }

            var rendered = SqlRenderer.For(dialect).Render(select);
            var actual = rendered.Text;
            if (actual != text.ReplaceLineEndings("\n"))
            {
                Assert.Fail($"{dialect} renders differently:\n{SnapshotTests.Diff(text.ReplaceLineEndings("\n"), actual)}\n--- actual ---\n{actual}");
            }

            Assert.Equal(parameters ?? [], rendered.Parameters.ToArray());
        }
    }
}

/// <summary>The renderer tests' ASTs, by name (also parsed by node-sql-parser).</summary>
public static class RendererSamples
{
    private static SqlColumn T(string name) => new("t", name);

    public static readonly ImmutableDictionary<string, SqlSelect> All = new Dictionary<string, SqlSelect>
    {
        ["quoting"] = new()
        {
            Columns = [new SqlSelectItem(new SqlColumn("t", "say \"hi\""), "a]b")],
            From = new SqlTable("odd\"table]", "t"),
        },
        ["parameters"] = new()
        {
            Columns = [new SqlSelectItem(T("a"), "a")],
            From = new SqlTable("facts", "t"),
            Where =
            [
                new SqlBinary(SqlBinaryOperator.Equal, T("a"), new SqlParameter("x")),
                new SqlIn(T("b"), [new SqlParameter(1), new SqlParameter(2L)], Negated: false),
                new SqlLike(T("c"), new SqlParameter("a%"), Negated: false),
            ],
        },
        ["hash-bucket"] = new()
        {
            Columns = [new SqlSelectItem(T("a"), "a")],
            From = new SqlTable("facts", "t"),
            Where = [new SqlBinary(SqlBinaryOperator.Equal, new SqlHashBucket([T("a"), T("b")], 7), new SqlConstant(3))],
        },
        ["booleans"] = new()
        {
            Columns =
            [
                new SqlSelectItem(new SqlConstant(true), "yes"),
                new SqlSelectItem(new SqlConstant(false), "no"),
                new SqlSelectItem(new SqlCase([(new SqlIsTrue(T("accepted"), AsInteger: false), new SqlConstant(1))], new SqlConstant(0)), "accepted_flag"),
            ],
            From = new SqlTable("facts", "t"),
            Where =
            [
                T("eligible"),
                new SqlIsTrue(T("journey_flag"), AsInteger: true),
                new SqlNot(T("proactive")),
                new SqlConstant(true),
                new SqlBinary(SqlBinaryOperator.Or, T("eligible"), new SqlConstant(false)),
            ],
        },
        ["arithmetic"] = new()
        {
            Columns =
            [
                new SqlSelectItem(new SqlBinary(SqlBinaryOperator.Divide, new SqlAggregate(SqlAggregateName.Sum, T("a")), new SqlAggregate(SqlAggregateName.Count, null)), "ratio"),
                new SqlSelectItem(new SqlAggregate(SqlAggregateName.Average, T("a")), "mean"),
                new SqlSelectItem(new SqlToDouble(T("a")), "as_double"),
                new SqlSelectItem(new SqlNegate(new SqlBinary(SqlBinaryOperator.Modulo, T("a"), new SqlConstant(7))), "negated"),
                new SqlSelectItem(new SqlAggregate(SqlAggregateName.CountDistinct, T("b")), "distinct_b"),
                new SqlSelectItem(new SqlFunction(SqlFunctionName.Round, [new SqlBinary(SqlBinaryOperator.Multiply, T("a"), new SqlConstant(1.5m)), new SqlConstant(2)]), "rounded"),
                new SqlSelectItem(new SqlFunction(SqlFunctionName.Length, [T("c")]), "length"),
                new SqlSelectItem(new SqlConstant("it's"), "text"),
                new SqlSelectItem(new SqlConstant("Zürich"), "unicode"),
            ],
            From = new SqlTable("facts", "t"),
            GroupBy = [T("a"), T("c")],
        },
        ["intervals"] = new()
        {
            Columns =
            [
                new SqlSelectItem(new SqlAddDuration(T("started_at"), Duration.FromDays(7)), "week"),
                new SqlSelectItem(new SqlAddDuration(T("started_at"), Duration.FromMilliseconds(1500)), "fraction"),
                new SqlSelectItem(new SqlAddDuration(T("started_at"), Duration.FromSeconds(3_000_000_000L)), "long"),
                new SqlSelectItem(new SqlAddDuration(T("started_at"), -(Duration.FromSeconds(90) + Duration.FromTicks(1230))), "negative"),
                new SqlSelectItem(new SqlAddDuration(T("started_at"), Duration.Zero), "zero"),
            ],
            From = new SqlTable("facts", "t"),
        },
        ["limit"] = new()
        {
            Columns = [new SqlSelectItem(T("a"), "a")],
            From = new SqlTable("facts", "t"),
            OrderBy = [(T("a"), true), (T("b"), false)],
            Limit = 10,
        },
        ["periods"] = Periods(),
        ["windows"] = new()
        {
            Columns =
            [
                new SqlSelectItem(new SqlWindow(SqlWindowName.Lag, T("at"), [T("k"), new SqlFunction(SqlFunctionName.Coalesce, [T("x"), T("y")])], [(T("at"), false), (T("id"), false)]), "previous_at"),
                new SqlSelectItem(new SqlWindow(SqlWindowName.RowNumber, null, [T("k")], [(T("at"), true)]), "last_rank"),
                new SqlSelectItem(new SqlWindow(SqlWindowName.RunningSum, T("starts"), [T("k")], [(T("at"), false), (T("id"), false)]), "seq"),
                new SqlSelectItem(new SqlWindow(SqlWindowName.Lead, T("starts"), [T("k")], [(T("at"), false), (T("id"), false)]), "next_starts"),
            ],
            From = new SqlTable("facts", "t"),
        },
        ["subqueries"] = new()
        {
            With =
            [
                new SqlCte("first_labels", new SqlSelect { Columns = [new SqlSelectItem(T("a"), "a")], From = new SqlTable("facts", "t") }),
                new SqlCte("labels", new SqlSelect { Columns = [new SqlSelectItem(new SqlColumn("f", "a"), "a")], From = new SqlNamed("first_labels", "f") }),
            ],
            Columns =
            [
                new SqlSelectItem(new SqlColumn("o", "a"), "a"),
                new SqlSelectItem(new SqlScalarSubquery(new SqlSelect { Columns = [new SqlSelectItem(new SqlAggregate(SqlAggregateName.Max, new SqlColumn("w", "watermark_at")), "watermark")], From = new SqlTable("warehouse_meta", "w") }), "watermark"),
            ],
            From = new SqlNamed("labels", "o"),
            Where =
            [
                new SqlExists(new SqlSelect { From = new SqlTable("events", "e"), Where = [new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn("e", "a"), new SqlColumn("o", "a"))] }),
                new SqlIsNull(new SqlColumn("o", "a"), Negated: true),
                new SqlBetween(new SqlColumn("o", "a"), new SqlConstant(1), new SqlConstant(5), Negated: true),
            ],
        },
        ["filtered"] = new()
        {
            Columns =
            [
                new SqlSelectItem(T("g"), "g"),
                new SqlSelectItem(new SqlAggregate(SqlAggregateName.Count, null, Filter: new SqlBinary(SqlBinaryOperator.Equal, T("stage"), new SqlConstant(1))), "excluded"),
                new SqlSelectItem(
                    new SqlAggregate(
                        SqlAggregateName.Sum,
                        T("v"),
                        Filter: new SqlBinary(SqlBinaryOperator.And, new SqlBinary(SqlBinaryOperator.Equal, T("stage"), new SqlConstant(0)), new SqlBinary(SqlBinaryOperator.Equal, T("mature"), new SqlConstant(1)))),
                    "total"),
                new SqlSelectItem(new SqlAggregate(SqlAggregateName.Average, T("v"), Filter: T("eligible")), "mean"),
                new SqlSelectItem(new SqlAggregate(SqlAggregateName.CountDistinct, T("b"), Filter: new SqlBinary(SqlBinaryOperator.Equal, T("stage"), new SqlConstant(0))), "distinct_b"),
                new SqlSelectItem(new SqlAggregate(SqlAggregateName.OnlyValue, T("label"), Filter: new SqlBinary(SqlBinaryOperator.Equal, T("first"), new SqlConstant(1))), "first_label"),
            ],
            From = new SqlTable("facts", "t"),
            GroupBy = [T("g")],
        },
        ["percentile"] = new()
        {
            Columns = [new SqlSelectItem(new SqlAggregate(SqlAggregateName.PercentileContinuous, T("handle_seconds"), 0.9), "p90")],
            From = new SqlTable("facts", "t"),
        },
    }.ToImmutableDictionary();

    public static SqlSelect Get(string name) => All[name];

    private static SqlSelect Periods()
    {
        var start = Instant.FromUtc(2025, 12, 31, 23, 0);
        var middle = Instant.FromUtc(2026, 1, 31, 23, 0) + Duration.FromTicks(1_234_560);
        var end = Instant.FromUtc(2026, 2, 28, 23, 0);
        var values = new SqlValues(
            ["period", "period_start", "period_end"],
            [[new SqlConstant("2026-01-01"), new SqlInstant(start), new SqlInstant(middle)], [new SqlConstant("2026-02-01"), new SqlInstant(middle), new SqlInstant(end)]],
            "p");
        var units = new SqlSelect
        {
            Columns = [new SqlSelectItem(new SqlColumn("p", "period"), "period"), new SqlSelectItem(new SqlColumn("t", "a"), "a")],
            From = new SqlTable("facts", "t"),
            Joins = [new SqlJoin(SqlJoinKind.Inner, values, new SqlBinary(SqlBinaryOperator.And, new SqlBinary(SqlBinaryOperator.LessOrEqual, new SqlColumn("p", "period_start"), new SqlColumn("t", "started_at")), new SqlBinary(SqlBinaryOperator.Less, new SqlColumn("t", "started_at"), new SqlColumn("p", "period_end"))))],
            Where = [new SqlBinary(SqlBinaryOperator.GreaterOrEqual, new SqlColumn("t", "started_at"), new SqlInstant(start))],
        };
        return new SqlSelect
        {
            With = [new SqlCte("units", units)],
            Columns = [new SqlSelectItem(new SqlColumn(null, "period"), "period"), new SqlSelectItem(new SqlAggregate(SqlAggregateName.Count, null), "n")],
            From = new SqlNamed("units", "units"),
            GroupBy = [new SqlColumn(null, "period")],
        };
    }
}
