-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: resolution_accuracy
-- dialect: DuckDb
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: resolution_accuracy v1: ratio over interactions rows; cells: 3 period(s) × []; inclusion 1, exclusions 0, confirmation SystemEvent
-- parameters: $1 = 'order_shipped' (string), $2 = 'payment_received' (string), $3 = 'ticket_closed' (string), $4 = 'refund_issued' (string), $5 = 'resolved' (string)
WITH "units" AS (
  SELECT CASE WHEN ("t0"."started_at" < TIMESTAMPTZ '2026-01-31 23:00:00+00') THEN '2026-01-01' WHEN ("t0"."started_at" < TIMESTAMPTZ '2026-02-28 23:00:00+00') THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         CASE WHEN ("t0"."ended_at" <= make_timestamptz(epoch_us((SELECT MAX("w"."watermark_at") AS "watermark"
    FROM "warehouse_meta" "w")) - 259200000000)) THEN 1 ELSE 0 END AS "mature",
         CASE WHEN EXISTS (SELECT 1 AS "one"
    FROM "system_events" "e"
    WHERE ("e"."customer_id" = "t0"."customer_id")
      AND ("e"."event_type" IN ($1, $2, $3, $4))
      AND ("e"."occurred_at" > "t0"."ended_at")
      AND ("e"."occurred_at" <= make_timestamptz(epoch_us("t0"."ended_at") + 259200000000))) THEN 1 ELSE 0 END AS "num",
         "t0"."customer_id" AS "cluster"
  FROM "interactions" "t0"
  WHERE ("t0"."started_at" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
    AND ("t0"."started_at" < TIMESTAMPTZ '2026-03-31 22:00:00+00')
    AND ("t0"."declared_outcome" = $5)
),
"clusters" AS (
  SELECT "period" AS "period",
         "cluster" AS "cluster",
         COUNT(*) AS "included",
         COUNT(*) FILTER (WHERE ("mature" = 0)) AS "immature",
         COUNT(*) FILTER (WHERE ("mature" = 1)) AS "n",
         COUNT(*) FILTER (WHERE (("mature" = 1) AND ("num" = 1))) AS "num"
  FROM "units" "units"
  GROUP BY "period", "cluster"
)
SELECT "period" AS "period",
       SUM("included") AS "included",
       SUM("immature") AS "immature",
       SUM("n") AS "n",
       SUM("num") AS "num",
       COUNT(*) FILTER (WHERE ("n" > 0)) AS "clusters",
       SUM(("n" * "n")) AS "units_sq",
       SUM(("num" * "num")) AS "totals_sq",
       SUM(("n" * "num")) AS "units_totals"
FROM "clusters" "clusters"
GROUP BY "period";
