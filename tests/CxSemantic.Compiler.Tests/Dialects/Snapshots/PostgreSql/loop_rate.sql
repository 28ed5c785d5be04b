-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: loop_rate
-- dialect: PostgreSql
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: loop_rate v1: ratio over evaluations rows; cells: 3 period(s) × []; inclusion 1, exclusions 0, confirmation Evaluator
-- parameters: $1 = 'loop' (string), $2 = 'loop_detection' (string), $3 = 'v1' (string)
WITH "units" AS (
  SELECT CASE WHEN ("t0"."evaluated_at" < CAST('2026-01-31 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-01-01' WHEN ("t0"."evaluated_at" < CAST('2026-02-28 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         CASE WHEN ("t0"."label" = $1) THEN 1 ELSE 0 END AS "num",
         "j_interactions"."customer_id" AS "cluster",
         "t0"."evaluator_version" AS "version"
  FROM "evaluations" "t0"
  LEFT JOIN "interactions" "j_interactions" ON ("j_interactions"."interaction_id" = "t0"."interaction_id")
  WHERE ("t0"."evaluated_at" >= CAST('2025-12-31 23:00:00+00' AS TIMESTAMPTZ))
    AND ("t0"."evaluated_at" < CAST('2026-03-31 22:00:00+00' AS TIMESTAMPTZ))
    AND (("t0"."evaluator" = $2) AND ("t0"."evaluator_version" = $3))
),
"clusters" AS (
  SELECT "period" AS "period",
         "cluster" AS "cluster",
         COUNT(*) AS "included",
         0 AS "immature",
         COUNT(*) AS "n",
         COUNT(*) FILTER (WHERE ("num" = 1)) AS "num",
         MIN("version") AS "version_min",
         MAX("version") AS "version_max"
  FROM "units" "units"
  GROUP BY "period", "cluster"
)
SELECT "period" AS "period",
       SUM("included") AS "included",
       0 AS "immature",
       SUM("n") AS "n",
       SUM("num") AS "num",
       COUNT(*) FILTER (WHERE ("n" > 0)) AS "clusters",
       SUM(("n" * "n")) AS "units_sq",
       SUM(("num" * "num")) AS "totals_sq",
       SUM(("n" * "num")) AS "units_totals",
       MIN("version_min") AS "version_min",
       MAX("version_max") AS "version_max",
       CASE WHEN (MIN("version_min") = MAX("version_max")) THEN 1 ELSE 2 END AS "version_count"
FROM "clusters" "clusters"
GROUP BY "period";
