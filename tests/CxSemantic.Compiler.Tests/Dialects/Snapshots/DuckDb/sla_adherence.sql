-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: sla_adherence
-- dialect: DuckDb
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: sla_adherence v3: ratio over interactions rows; cells: 3 period(s) × []; inclusion 1, exclusions 1, confirmation Declared
-- parameters: $1 = 'bot' (string), $2 = 'bot_to_agent' (string), $3 = 'email' (string)
WITH "units" AS (
  SELECT CASE WHEN ("t0"."started_at" < TIMESTAMPTZ '2026-01-31 23:00:00+00') THEN '2026-01-01' WHEN ("t0"."started_at" < TIMESTAMPTZ '2026-02-28 23:00:00+00') THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         CASE WHEN "t0"."proactive" THEN 1 ELSE 0 END AS "stage",
         CASE WHEN (CASE WHEN ("t0"."handled_by" = $1) THEN CASE WHEN ("t0"."first_response_ms" <= 2000) THEN 1 ELSE 0 END WHEN ("t0"."handled_by" = $2) THEN CASE WHEN (("t0"."first_response_ms" <= 2000) AND ("t0"."wait_seconds" <= 120)) THEN 1 ELSE 0 END ELSE CASE WHEN ("t0"."wait_seconds" <= 120) THEN 1 ELSE 0 END END = 1) THEN 1 ELSE 0 END AS "num",
         "t0"."customer_id" AS "cluster"
  FROM "interactions" "t0"
  WHERE ("t0"."started_at" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
    AND ("t0"."started_at" < TIMESTAMPTZ '2026-03-31 22:00:00+00')
    AND ("t0"."channel" <> $3)
),
"clusters" AS (
  SELECT "period" AS "period",
         "cluster" AS "cluster",
         COUNT(*) AS "included",
         COUNT(*) FILTER (WHERE ("stage" = 1)) AS "excluded_1",
         0 AS "immature",
         COUNT(*) FILTER (WHERE ("stage" = 0)) AS "n",
         COUNT(*) FILTER (WHERE (("stage" = 0) AND ("num" = 1))) AS "num"
  FROM "units" "units"
  GROUP BY "period", "cluster"
)
SELECT "period" AS "period",
       SUM("included") AS "included",
       SUM("excluded_1") AS "excluded_1",
       0 AS "immature",
       SUM("n") AS "n",
       SUM("num") AS "num",
       COUNT(*) FILTER (WHERE ("n" > 0)) AS "clusters",
       SUM(("n" * "n")) AS "units_sq",
       SUM(("num" * "num")) AS "totals_sq",
       SUM(("n" * "num")) AS "units_totals"
FROM "clusters" "clusters"
GROUP BY "period";
