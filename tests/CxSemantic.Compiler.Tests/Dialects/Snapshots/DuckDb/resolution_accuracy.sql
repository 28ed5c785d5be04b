-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: resolution_accuracy
-- dialect: DuckDb
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: resolution_accuracy v2: ratio over interactions rows; cells: 3 period(s) × []; inclusion 1, exclusions 1, confirmation SystemEvent
-- parameters: $1 = 'order_status' (string), $2 = 'delivery_problem' (string), $3 = 'password_reset' (string), $4 = 'account_access' (string), $5 = 'fraud_report' (string), $6 = 'technical_issue' (string), $7 = 'device_setup' (string), $8 = 'outage_report' (string), $9 = 'service_complaint' (string), $10 = 'billing_question' (string), $11 = 'payment_issue' (string), $12 = 'refund_request' (string), $13 = 'cancel_order' (string), $14 = 'return_item' (string), $15 = 'cancel_subscription' (string), $16 = 'account_access' (string), $17 = 'ticket_closed' (string), $18 = 'billing_question' (string), $19 = 'payment_received' (string), $20 = 'cancel_order' (string), $21 = 'refund_issued' (string), $22 = 'cancel_subscription' (string), $23 = 'account_closed' (string), $24 = 'delivery_problem' (string), $25 = 'order_shipped' (string), $26 = 'device_setup' (string), $27 = 'ticket_closed' (string), $28 = 'fraud_report' (string), $29 = 'ticket_closed' (string), $30 = 'order_status' (string), $31 = 'order_shipped' (string), $32 = 'outage_report' (string), $33 = 'ticket_closed' (string), $34 = 'password_reset' (string), $35 = 'ticket_closed' (string), $36 = 'payment_issue' (string), $37 = 'payment_received' (string), $38 = 'refund_request' (string), $39 = 'refund_issued' (string), $40 = 'return_item' (string), $41 = 'refund_issued' (string), $42 = 'service_complaint' (string), $43 = 'ticket_closed' (string), $44 = 'technical_issue' (string), $45 = 'ticket_closed' (string), $46 = 'resolved' (string)
WITH "units" AS (
  SELECT CASE WHEN ("t0"."started_at" < TIMESTAMPTZ '2026-01-31 23:00:00+00') THEN '2026-01-01' WHEN ("t0"."started_at" < TIMESTAMPTZ '2026-02-28 23:00:00+00') THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         CASE WHEN (COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") NOT IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)) THEN 1 ELSE 0 END AS "stage",
         CASE WHEN EXISTS (SELECT 1 AS "one"
    FROM "system_events" "e"
    LEFT JOIN "interactions" "e_interactions" ON ("e_interactions"."interaction_id" = "e"."interaction_id")
    WHERE ("e"."customer_id" = "t0"."customer_id")
      AND ((((((((((((((((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $16) AND ("e"."event_type" IN ($17))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $18) AND ("e"."event_type" IN ($19)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $20) AND ("e"."event_type" IN ($21)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $22) AND ("e"."event_type" IN ($23)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $24) AND ("e"."event_type" IN ($25)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $26) AND ("e"."event_type" IN ($27)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $28) AND ("e"."event_type" IN ($29)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $30) AND ("e"."event_type" IN ($31)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $32) AND ("e"."event_type" IN ($33)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $34) AND ("e"."event_type" IN ($35)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $36) AND ("e"."event_type" IN ($37)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $38) AND ("e"."event_type" IN ($39)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $40) AND ("e"."event_type" IN ($41)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $42) AND ("e"."event_type" IN ($43)))) OR ((COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") = $44) AND ("e"."event_type" IN ($45))))
      AND ("e"."occurred_at" > "t0"."ended_at")
      AND ("e"."occurred_at" <= make_timestamptz(epoch_us("t0"."ended_at") + 259200000000))
      AND (("e"."interaction_id" = "t0"."interaction_id") OR (COALESCE("e_interactions"."intent_confirmed", "e_interactions"."intent_predicted") = COALESCE("t0"."intent_confirmed", "t0"."intent_predicted")))) THEN 1 ELSE 0 END AS "num",
         "t0"."customer_id" AS "cluster",
         CASE WHEN ("t0"."ended_at" <= make_timestamptz(epoch_us((SELECT MAX("w"."watermark_at") AS "watermark"
    FROM "warehouse_meta" "w")) - 259200000000)) THEN 1 ELSE 0 END AS "mature"
  FROM "interactions" "t0"
  WHERE ("t0"."started_at" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
    AND ("t0"."started_at" < TIMESTAMPTZ '2026-03-31 22:00:00+00')
    AND ("t0"."declared_outcome" = $46)
),
"clusters" AS (
  SELECT "period" AS "period",
         "cluster" AS "cluster",
         COUNT(*) AS "included",
         COUNT(*) FILTER (WHERE ("stage" = 1)) AS "excluded_1",
         COUNT(*) FILTER (WHERE (("stage" = 0) AND ("mature" = 0))) AS "immature",
         COUNT(*) FILTER (WHERE (("stage" = 0) AND ("mature" = 1))) AS "n",
         COUNT(*) FILTER (WHERE ((("stage" = 0) AND ("mature" = 1)) AND ("num" = 1))) AS "num"
  FROM "units" "units"
  GROUP BY "period", "cluster"
)
SELECT "period" AS "period",
       SUM("included") AS "included",
       SUM("excluded_1") AS "excluded_1",
       SUM("immature") AS "immature",
       SUM("n") AS "n",
       SUM("num") AS "num",
       COUNT(*) FILTER (WHERE ("n" > 0)) AS "clusters",
       SUM(("n" * "n")) AS "units_sq",
       SUM(("num" * "num")) AS "totals_sq",
       SUM(("n" * "num")) AS "units_totals"
FROM "clusters" "clusters"
GROUP BY "period";
