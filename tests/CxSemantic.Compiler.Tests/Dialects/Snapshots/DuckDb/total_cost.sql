-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: total_cost
-- dialect: DuckDb
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: total_cost v1: simple over interactions rows; cells: 3 period(s) × []; inclusion 0, exclusions 0, confirmation Declared
-- parameters: $1 = 'bot' (string), $2 = 'bot' (string), $3 = 'agent' (string)
WITH "units" AS (
  SELECT CASE WHEN ("t0"."started_at" < TIMESTAMPTZ '2026-01-31 23:00:00+00') THEN '2026-01-01' WHEN ("t0"."started_at" < TIMESTAMPTZ '2026-02-28 23:00:00+00') THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         (((CAST("t0"."handle_seconds" AS DOUBLE) / NULLIF(60.0, 0)) * "j_cost_rates"."cost_per_minute") + "j_cost_rates"."overhead_per_interaction") AS "v"
  FROM "interactions" "t0"
  LEFT JOIN "cost_rates" "j_cost_rates" ON (("j_cost_rates"."channel" = "t0"."channel") AND ((("j_cost_rates"."actor" = CASE WHEN ("t0"."handled_by" = $1) THEN $2 ELSE $3 END) AND ("t0"."started_at" >= "j_cost_rates"."effective_from")) AND (("j_cost_rates"."effective_to" IS NULL) OR ("t0"."started_at" < "j_cost_rates"."effective_to"))))
  WHERE ("t0"."started_at" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
    AND ("t0"."started_at" < TIMESTAMPTZ '2026-03-31 22:00:00+00')
)
SELECT "period" AS "period",
       COUNT(*) AS "included",
       0 AS "immature",
       COUNT(*) AS "n",
       SUM("v") AS "value"
FROM "units" "units"
GROUP BY "period";
