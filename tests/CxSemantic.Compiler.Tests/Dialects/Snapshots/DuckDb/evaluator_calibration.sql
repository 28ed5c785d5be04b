-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: evaluator_calibration
-- dialect: DuckDb
-- query: group by [evaluator, evaluator_version]; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: evaluator_calibration v2: agreement over evaluations rows; cells: 3 period(s) × [evaluator, evaluator_version]; inclusion 0, exclusions 0, confirmation QaSample
-- parameters: (none)
WITH "first_labels" AS (
  SELECT "hl"."interaction_id" AS "interaction_key",
         "hl"."dimension" AS "evaluator",
         "hl"."label" AS "label",
         ROW_NUMBER() OVER (PARTITION BY "hl"."interaction_id", "hl"."dimension" ORDER BY "hl"."labeled_at" ASC, "hl"."reviewer_id" ASC) AS "reviewer_rank"
  FROM "human_labels" "hl"
),
"units" AS (
  SELECT CASE WHEN ("t0"."evaluated_at" < TIMESTAMPTZ '2026-01-31 23:00:00+00') THEN '2026-01-01' WHEN ("t0"."evaluated_at" < TIMESTAMPTZ '2026-02-28 23:00:00+00') THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         "t0"."evaluator" AS "g0",
         "t0"."evaluator_version" AS "g1",
         "t0"."label" AS "al",
         "h"."label" AS "hl"
  FROM "evaluations" "t0"
  JOIN "first_labels" "h" ON ((("h"."interaction_key" = "t0"."interaction_id") AND ("h"."evaluator" = "t0"."evaluator")) AND ("h"."reviewer_rank" = 1))
  WHERE ("t0"."evaluated_at" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
    AND ("t0"."evaluated_at" < TIMESTAMPTZ '2026-03-31 22:00:00+00')
)
SELECT "period" AS "period",
       "g0" AS "g0",
       "g1" AS "g1",
       "al" AS "al",
       "hl" AS "hl",
       COUNT(*) AS "included",
       0 AS "immature",
       COUNT(*) AS "n"
FROM "units" "units"
GROUP BY "period", "g0", "g1", "al", "hl";
