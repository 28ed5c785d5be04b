-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: assisted_share
-- dialect: DuckDb
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: assisted_share v1: ratio over interactions rows; cells: 3 period(s) × []; inclusion 0, exclusions 0, confirmation Declared
-- parameters: $1 = 'bot_to_agent' (string)
WITH "units" AS (
  SELECT CASE WHEN ("t0"."started_at" < TIMESTAMPTZ '2026-01-31 23:00:00+00') THEN '2026-01-01' WHEN ("t0"."started_at" < TIMESTAMPTZ '2026-02-28 23:00:00+00') THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         CASE WHEN ("t0"."handled_by" = $1) THEN 1 ELSE 0 END AS "num",
         "t0"."customer_id" AS "cluster"
  FROM "interactions" "t0"
  WHERE ("t0"."started_at" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
    AND ("t0"."started_at" < TIMESTAMPTZ '2026-03-31 22:00:00+00')
),
"clusters" AS (
  SELECT "period" AS "period",
         "cluster" AS "cluster",
         COUNT(*) AS "included",
         0 AS "immature",
         COUNT(*) AS "n",
         COUNT(*) FILTER (WHERE ("num" = 1)) AS "num"
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
       SUM(("n" * "num")) AS "units_totals"
FROM "clusters" "clusters"
GROUP BY "period";
