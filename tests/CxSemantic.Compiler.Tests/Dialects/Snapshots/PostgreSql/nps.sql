-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: nps
-- dialect: PostgreSql
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: nps v1: distribution over surveys rows; cells: 3 period(s) × []; inclusion 1, exclusions 0, confirmation Survey
-- parameters: $1 = 'nps' (string)
WITH "units" AS (
  SELECT CASE WHEN ("t0"."responded_at" < CAST('2026-01-31 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-01-01' WHEN ("t0"."responded_at" < CAST('2026-02-28 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         CASE WHEN ("t0"."score" >= 9) THEN 1 ELSE 0 END AS "pos",
         CASE WHEN ("t0"."score" <= 6) THEN 1 ELSE 0 END AS "neg",
         "j_interactions"."customer_id" AS "cluster"
  FROM "surveys" "t0"
  LEFT JOIN "interactions" "j_interactions" ON ("j_interactions"."interaction_id" = "t0"."interaction_id")
  WHERE ("t0"."responded_at" >= CAST('2025-12-31 23:00:00+00' AS TIMESTAMPTZ))
    AND ("t0"."responded_at" < CAST('2026-03-31 22:00:00+00' AS TIMESTAMPTZ))
    AND ("t0"."kind" = $1)
),
"clusters" AS (
  SELECT "period" AS "period",
         "cluster" AS "cluster",
         COUNT(*) AS "included",
         0 AS "immature",
         COUNT(*) AS "n",
         COUNT(*) FILTER (WHERE ("pos" = 1)) AS "pos",
         COUNT(*) FILTER (WHERE ("neg" = 1)) AS "neg"
  FROM "units" "units"
  GROUP BY "period", "cluster"
)
SELECT "period" AS "period",
       SUM("included") AS "included",
       0 AS "immature",
       SUM("n") AS "n",
       SUM("pos") AS "pos",
       SUM("neg") AS "neg",
       COUNT(*) FILTER (WHERE ("n" > 0)) AS "clusters",
       SUM(("n" * "n")) AS "units_sq",
       SUM((("pos" - "neg") * ("pos" - "neg"))) AS "totals_sq",
       SUM(("n" * ("pos" - "neg"))) AS "units_totals"
FROM "clusters" "clusters"
GROUP BY "period";
