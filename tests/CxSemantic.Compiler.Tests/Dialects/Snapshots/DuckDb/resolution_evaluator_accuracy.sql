-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: resolution_evaluator_accuracy
-- dialect: DuckDb
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: resolution_evaluator_accuracy v2: agreement over evaluations rows; cells: 3 period(s) × []; inclusion 0, exclusions 0, confirmation QaSample
-- parameters: $1 = 'conversation_resolution' (string), $2 = 'v1' (string)
WITH "first_labels" AS (
  SELECT "hl"."interaction_id" AS "interaction_key",
         "hl"."dimension" AS "evaluator",
         "hl"."label" AS "label",
         ROW_NUMBER() OVER (PARTITION BY "hl"."interaction_id", "hl"."dimension" ORDER BY "hl"."labeled_at" ASC, "hl"."reviewer_id" ASC) AS "reviewer_rank"
  FROM "human_labels" "hl"
),
"units" AS (
  SELECT CASE WHEN ("t0"."evaluated_at" < TIMESTAMPTZ '2026-01-31 23:00:00+00') THEN '2026-01-01' WHEN ("t0"."evaluated_at" < TIMESTAMPTZ '2026-02-28 23:00:00+00') THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         "t0"."label" AS "al",
         "h"."label" AS "hl",
         "t0"."evaluator_version" AS "version"
  FROM "evaluations" "t0"
  JOIN "first_labels" "h" ON ((("h"."interaction_key" = "t0"."interaction_id") AND ("h"."evaluator" = "t0"."evaluator")) AND ("h"."reviewer_rank" = 1))
  WHERE ("t0"."evaluated_at" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
    AND ("t0"."evaluated_at" < TIMESTAMPTZ '2026-03-31 22:00:00+00')
    AND ("t0"."evaluator" = $1)
    AND ("t0"."evaluator_version" = $2)
)
SELECT "period" AS "period",
       "al" AS "al",
       "hl" AS "hl",
       COUNT(*) AS "included",
       0 AS "immature",
       COUNT(*) AS "n",
       MIN("version") AS "version_min",
       MAX("version") AS "version_max",
       CASE WHEN (MIN("version") = MAX("version")) THEN 1 ELSE 2 END AS "version_count"
FROM "units" "units"
GROUP BY "period", "al", "hl";
