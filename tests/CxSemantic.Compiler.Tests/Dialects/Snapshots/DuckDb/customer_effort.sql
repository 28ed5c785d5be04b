-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: customer_effort
-- dialect: DuckDb
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: customer_effort v1: mean over surveys rows; cells: 3 period(s) × []; inclusion 1, exclusions 0, confirmation Survey
-- parameters: $1 = 'ces' (string)
WITH "units" AS (
  SELECT CASE WHEN ("t0"."responded_at" < TIMESTAMPTZ '2026-01-31 23:00:00+00') THEN '2026-01-01' WHEN ("t0"."responded_at" < TIMESTAMPTZ '2026-02-28 23:00:00+00') THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         CAST("t0"."score" AS DOUBLE) AS "v",
         "j_interactions"."customer_id" AS "cluster"
  FROM "surveys" "t0"
  LEFT JOIN "interactions" "j_interactions" ON ("j_interactions"."interaction_id" = "t0"."interaction_id")
  WHERE ("t0"."responded_at" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
    AND ("t0"."responded_at" < TIMESTAMPTZ '2026-03-31 22:00:00+00')
    AND ("t0"."kind" = $1)
),
"clusters" AS (
  SELECT "period" AS "period",
         "cluster" AS "cluster",
         COUNT(*) AS "included",
         0 AS "immature",
         COUNT(*) AS "n",
         COUNT("v") AS "cnt",
         SUM("v") AS "total",
         COALESCE((VAR_SAMP("v") * (COUNT("v") - 1)), 0) AS "ss"
  FROM "units" "units"
  GROUP BY "period", "cluster"
),
"centred" AS (
  SELECT "c".*,
         (CAST(SUM("total") OVER (PARTITION BY "period") AS DOUBLE) / NULLIF(SUM("cnt") OVER (PARTITION BY "period"), 0)) AS "cell_mean"
  FROM "clusters" "c"
)
SELECT "period" AS "period",
       SUM("included") AS "included",
       0 AS "immature",
       SUM("n") AS "n",
       SUM("cnt") AS "cnt",
       SUM("total") AS "total",
       (SUM("ss") + SUM((CAST((("total" - ("cell_mean" * "cnt")) * ("total" - ("cell_mean" * "cnt"))) AS DOUBLE) / NULLIF("cnt", 0)))) AS "ss",
       COUNT(*) FILTER (WHERE ("cnt" > 0)) AS "clusters",
       SUM((("total" - ("cell_mean" * "cnt")) * ("total" - ("cell_mean" * "cnt")))) AS "cluster_ss"
FROM "centred" "centred"
GROUP BY "period";
