-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: sla_adherence
-- dialect: DuckDb
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: sla_adherence v2: ratio over interactions rows; cells: 3 period(s) × []; inclusion 2, exclusions 1, confirmation Declared
-- parameters: $1 = 'email' (string), $2 = 'bot' (string)
WITH "units" AS (
  SELECT "p"."period" AS "period",
         CASE WHEN "t0"."proactive" THEN 1 ELSE 0 END AS "stage",
         1 AS "mature",
         CASE WHEN ("t0"."wait_seconds" <= 120) THEN 1 ELSE 0 END AS "num"
  FROM "interactions" "t0"
  JOIN (VALUES ('2026-01-01', TIMESTAMPTZ '2025-12-31 23:00:00+00', TIMESTAMPTZ '2026-01-31 23:00:00+00'),
               ('2026-02-01', TIMESTAMPTZ '2026-01-31 23:00:00+00', TIMESTAMPTZ '2026-02-28 23:00:00+00'),
               ('2026-03-01', TIMESTAMPTZ '2026-02-28 23:00:00+00', TIMESTAMPTZ '2026-03-31 22:00:00+00')) AS "p"("period", "period_start", "period_end") ON (("p"."period_start" <= "t0"."started_at") AND ("t0"."started_at" < "p"."period_end"))
  WHERE ("t0"."started_at" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
    AND ("t0"."started_at" < TIMESTAMPTZ '2026-03-31 22:00:00+00')
    AND ("t0"."channel" <> $1)
    AND ("t0"."handled_by" <> $2)
)
SELECT "period" AS "period",
       COUNT(*) AS "included",
       SUM(CASE WHEN ("stage" = 1) THEN 1 ELSE 0 END) AS "excluded_1",
       SUM(CASE WHEN (("stage" = 0) AND ("mature" = 0)) THEN 1 ELSE 0 END) AS "immature",
       SUM(CASE WHEN (("stage" = 0) AND ("mature" = 1)) THEN 1 ELSE 0 END) AS "n",
       SUM(CASE WHEN ((("stage" = 0) AND ("mature" = 1)) AND ("num" = 1)) THEN 1 ELSE 0 END) AS "num"
FROM "units" "units"
GROUP BY "period";
