-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: average_handle_time
-- dialect: PostgreSql
-- query: group by [intent_complexity]; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: average_handle_time v1: mean over interactions rows; cells: 3 period(s) × [intent_complexity]; inclusion 0, exclusions 1, confirmation Declared
-- parameters: $1 = 'abandoned' (string)
WITH "units" AS (
  SELECT CASE WHEN ("t0"."started_at" < CAST('2026-01-31 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-01-01' WHEN ("t0"."started_at" < CAST('2026-02-28 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         "t0"."intent_complexity" AS "g0",
         CASE WHEN ("t0"."end_reason" = $1) THEN 1 ELSE 0 END AS "stage",
         CAST("t0"."handle_seconds" AS DOUBLE PRECISION) AS "v",
         "t0"."customer_id" AS "cluster"
  FROM "interactions" "t0"
  WHERE ("t0"."started_at" >= CAST('2025-12-31 23:00:00+00' AS TIMESTAMPTZ))
    AND ("t0"."started_at" < CAST('2026-03-31 22:00:00+00' AS TIMESTAMPTZ))
),
"clusters" AS (
  SELECT "period" AS "period",
         "g0" AS "g0",
         "cluster" AS "cluster",
         COUNT(*) AS "included",
         COUNT(*) FILTER (WHERE ("stage" = 1)) AS "excluded_1",
         0 AS "immature",
         COUNT(*) FILTER (WHERE ("stage" = 0)) AS "n",
         COUNT("v") FILTER (WHERE ("stage" = 0)) AS "cnt",
         SUM("v") FILTER (WHERE ("stage" = 0)) AS "total",
         COALESCE((VAR_SAMP(CASE WHEN ("stage" = 0) THEN "v" END) * (COUNT("v") FILTER (WHERE ("stage" = 0)) - 1)), 0) AS "ss"
  FROM "units" "units"
  GROUP BY "period", "g0", "cluster"
),
"centred" AS (
  SELECT "c".*,
         (CAST(SUM("total") OVER (PARTITION BY "period", "g0") AS DOUBLE PRECISION) / NULLIF(SUM("cnt") OVER (PARTITION BY "period", "g0"), 0)) AS "cell_mean"
  FROM "clusters" "c"
)
SELECT "period" AS "period",
       "g0" AS "g0",
       SUM("included") AS "included",
       SUM("excluded_1") AS "excluded_1",
       0 AS "immature",
       SUM("n") AS "n",
       SUM("cnt") AS "cnt",
       SUM("total") AS "total",
       (SUM("ss") + SUM((CAST((("total" - ("cell_mean" * "cnt")) * ("total" - ("cell_mean" * "cnt"))) AS DOUBLE PRECISION) / NULLIF("cnt", 0)))) AS "ss",
       COUNT(*) FILTER (WHERE ("cnt" > 0)) AS "clusters",
       SUM((("total" - ("cell_mean" * "cnt")) * ("total" - ("cell_mean" * "cnt")))) AS "cluster_ss"
FROM "centred" "centred"
GROUP BY "period", "g0";
