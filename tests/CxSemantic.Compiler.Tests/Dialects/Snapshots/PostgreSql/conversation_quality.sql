-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: conversation_quality
-- dialect: PostgreSql
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: conversation_quality v1: mean over evaluations rows; cells: 3 period(s) × []; inclusion 1, exclusions 0, confirmation Evaluator
-- parameters: $1 = 'conversation_quality' (string), $2 = 'v1' (string)
WITH "units" AS (
  SELECT CASE WHEN ("t0"."evaluated_at" < CAST('2026-01-31 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-01-01' WHEN ("t0"."evaluated_at" < CAST('2026-02-28 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         CAST("t0"."score" AS DOUBLE PRECISION) AS "v",
         "t0"."evaluator_version" AS "version"
  FROM "evaluations" "t0"
  WHERE ("t0"."evaluated_at" >= CAST('2025-12-31 23:00:00+00' AS TIMESTAMPTZ))
    AND ("t0"."evaluated_at" < CAST('2026-03-31 22:00:00+00' AS TIMESTAMPTZ))
    AND (("t0"."evaluator" = $1) AND ("t0"."evaluator_version" = $2))
)
SELECT "period" AS "period",
       COUNT(*) AS "included",
       0 AS "immature",
       COUNT(*) AS "n",
       COUNT("v") AS "cnt",
       SUM("v") AS "total",
       SUM(("v" * "v")) AS "total_sq",
       MIN("version") AS "version_min",
       MAX("version") AS "version_max",
       CASE WHEN (MIN("version") = MAX("version")) THEN 1 ELSE 2 END AS "version_count"
FROM "units" "units"
GROUP BY "period";
