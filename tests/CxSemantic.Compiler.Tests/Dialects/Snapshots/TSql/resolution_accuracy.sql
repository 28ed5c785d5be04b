-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: resolution_accuracy
-- dialect: TSql
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: resolution_accuracy v2: ratio over interactions rows; cells: 3 period(s) × []; inclusion 1, exclusions 1, confirmation SystemEvent
-- parameters: @p0 = 'order_status' (string), @p1 = 'delivery_problem' (string), @p2 = 'password_reset' (string), @p3 = 'account_access' (string), @p4 = 'fraud_report' (string), @p5 = 'technical_issue' (string), @p6 = 'device_setup' (string), @p7 = 'outage_report' (string), @p8 = 'service_complaint' (string), @p9 = 'billing_question' (string), @p10 = 'payment_issue' (string), @p11 = 'refund_request' (string), @p12 = 'cancel_order' (string), @p13 = 'return_item' (string), @p14 = 'cancel_subscription' (string), @p15 = 'account_access' (string), @p16 = 'ticket_closed' (string), @p17 = 'billing_question' (string), @p18 = 'payment_received' (string), @p19 = 'cancel_order' (string), @p20 = 'refund_issued' (string), @p21 = 'cancel_subscription' (string), @p22 = 'account_closed' (string), @p23 = 'delivery_problem' (string), @p24 = 'order_shipped' (string), @p25 = 'device_setup' (string), @p26 = 'ticket_closed' (string), @p27 = 'fraud_report' (string), @p28 = 'ticket_closed' (string), @p29 = 'order_status' (string), @p30 = 'order_shipped' (string), @p31 = 'outage_report' (string), @p32 = 'ticket_closed' (string), @p33 = 'password_reset' (string), @p34 = 'ticket_closed' (string), @p35 = 'payment_issue' (string), @p36 = 'payment_received' (string), @p37 = 'refund_request' (string), @p38 = 'refund_issued' (string), @p39 = 'return_item' (string), @p40 = 'refund_issued' (string), @p41 = 'service_complaint' (string), @p42 = 'ticket_closed' (string), @p43 = 'technical_issue' (string), @p44 = 'ticket_closed' (string), @p45 = 'resolved' (string)
WITH units AS (
  SELECT CASE WHEN ([t0].[started_at] < CAST('2026-01-31T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-01-01' WHEN ([t0].[started_at] < CAST('2026-02-28T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-02-01' ELSE '2026-03-01' END AS [period],
         CASE WHEN (COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) NOT IN (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14)) THEN 1 ELSE 0 END AS [stage],
         CASE WHEN EXISTS (SELECT 1 AS [one]
    FROM [system_events] [e]
    LEFT JOIN [interactions] [e_interactions] ON ([e_interactions].[interaction_id] = [e].[interaction_id])
    WHERE ([e].[customer_id] = [t0].[customer_id])
      AND ((((((((((((((((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p15) AND ([e].[event_type] IN (@p16))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p17) AND ([e].[event_type] IN (@p18)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p19) AND ([e].[event_type] IN (@p20)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p21) AND ([e].[event_type] IN (@p22)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p23) AND ([e].[event_type] IN (@p24)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p25) AND ([e].[event_type] IN (@p26)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p27) AND ([e].[event_type] IN (@p28)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p29) AND ([e].[event_type] IN (@p30)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p31) AND ([e].[event_type] IN (@p32)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p33) AND ([e].[event_type] IN (@p34)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p35) AND ([e].[event_type] IN (@p36)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p37) AND ([e].[event_type] IN (@p38)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p39) AND ([e].[event_type] IN (@p40)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p41) AND ([e].[event_type] IN (@p42)))) OR ((COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) = @p43) AND ([e].[event_type] IN (@p44))))
      AND ([e].[occurred_at] > [t0].[ended_at])
      AND ([e].[occurred_at] <= DATEADD(second, 259200, [t0].[ended_at]))
      AND (([e].[interaction_id] = [t0].[interaction_id]) OR (COALESCE([e_interactions].[intent_confirmed], [e_interactions].[intent_predicted]) = COALESCE([t0].[intent_confirmed], [t0].[intent_predicted])))) THEN 1 ELSE 0 END AS [num],
         [t0].[customer_id] AS [cluster],
         CASE WHEN ([t0].[ended_at] <= DATEADD(second, -259200, (SELECT MAX([w].[watermark_at]) AS [watermark]
    FROM [warehouse_meta] [w]))) THEN 1 ELSE 0 END AS [mature]
  FROM [interactions] [t0]
  WHERE ([t0].[started_at] >= CAST('2025-12-31T23:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[started_at] < CAST('2026-03-31T22:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[declared_outcome] = @p45)
),
clusters AS (
  SELECT [period] AS [period],
         [cluster] AS [cluster],
         COUNT(*) AS [included],
         COUNT(CASE WHEN ([stage] = 1) THEN 1 END) AS [excluded_1],
         COUNT(CASE WHEN (([stage] = 0) AND ([mature] = 0)) THEN 1 END) AS [immature],
         COUNT(CASE WHEN (([stage] = 0) AND ([mature] = 1)) THEN 1 END) AS [n],
         COUNT(CASE WHEN ((([stage] = 0) AND ([mature] = 1)) AND ([num] = 1)) THEN 1 END) AS [num]
  FROM [units] [units]
  GROUP BY [period], [cluster]
)
SELECT [period] AS [period],
       SUM([included]) AS [included],
       SUM([excluded_1]) AS [excluded_1],
       SUM([immature]) AS [immature],
       SUM([n]) AS [n],
       SUM([num]) AS [num],
       COUNT(CASE WHEN ([n] > 0) THEN 1 END) AS [clusters],
       SUM(([n] * [n])) AS [units_sq],
       SUM(([num] * [num])) AS [totals_sq],
       SUM(([n] * [num])) AS [units_totals]
FROM [clusters] [clusters]
GROUP BY [period];
