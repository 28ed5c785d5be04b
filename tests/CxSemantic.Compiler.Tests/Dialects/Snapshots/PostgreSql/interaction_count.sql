-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: interaction_count
-- dialect: PostgreSql
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: interaction_count v1: simple over interactions rows; cells: 3 period(s) × []; inclusion 0, exclusions 0, confirmation Declared
-- parameters: (none)
WITH "units" AS (
  SELECT CASE WHEN ("t0"."started_at" < CAST('2026-01-31 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-01-01' WHEN ("t0"."started_at" < CAST('2026-02-28 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         1 AS "v"
  FROM "interactions" "t0"
  WHERE ("t0"."started_at" >= CAST('2025-12-31 23:00:00+00' AS TIMESTAMPTZ))
    AND ("t0"."started_at" < CAST('2026-03-31 22:00:00+00' AS TIMESTAMPTZ))
)
SELECT "period" AS "period",
       COUNT(*) AS "included",
       0 AS "immature",
       COUNT(*) AS "n",
       COUNT("v") AS "value"
FROM "units" "units"
GROUP BY "period";
