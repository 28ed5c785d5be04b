-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: resolution_accuracy
-- dialect: TSql
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: resolution_accuracy v1: ratio over interactions rows; cells: 3 period(s) × []; inclusion 1, exclusions 0, confirmation SystemEvent
-- parameters: @p0 = 'order_shipped' (string), @p1 = 'payment_received' (string), @p2 = 'ticket_closed' (string), @p3 = 'refund_issued' (string), @p4 = 'resolved' (string)
WITH units AS (
  SELECT CASE WHEN ([t0].[started_at] < CAST('2026-01-31T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-01-01' WHEN ([t0].[started_at] < CAST('2026-02-28T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-02-01' ELSE '2026-03-01' END AS [period],
         CASE WHEN ([t0].[ended_at] <= DATEADD(second, -259200, (SELECT MAX([w].[watermark_at]) AS [watermark]
    FROM [warehouse_meta] [w]))) THEN 1 ELSE 0 END AS [mature],
         CASE WHEN EXISTS (SELECT 1 AS [one]
    FROM [system_events] [e]
    WHERE ([e].[customer_id] = [t0].[customer_id])
      AND ([e].[event_type] IN (@p0, @p1, @p2, @p3))
      AND ([e].[occurred_at] > [t0].[ended_at])
      AND ([e].[occurred_at] <= DATEADD(second, 259200, [t0].[ended_at]))) THEN 1 ELSE 0 END AS [num],
         [t0].[customer_id] AS [cluster]
  FROM [interactions] [t0]
  WHERE ([t0].[started_at] >= CAST('2025-12-31T23:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[started_at] < CAST('2026-03-31T22:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[declared_outcome] = @p4)
),
clusters AS (
  SELECT [period] AS [period],
         [cluster] AS [cluster],
         COUNT(*) AS [included],
         COUNT(CASE WHEN ([mature] = 0) THEN 1 END) AS [immature],
         COUNT(CASE WHEN ([mature] = 1) THEN 1 END) AS [n],
         COUNT(CASE WHEN (([mature] = 1) AND ([num] = 1)) THEN 1 END) AS [num]
  FROM [units] [units]
  GROUP BY [period], [cluster]
)
SELECT [period] AS [period],
       SUM([included]) AS [included],
       SUM([immature]) AS [immature],
       SUM([n]) AS [n],
       SUM([num]) AS [num],
       COUNT(CASE WHEN ([n] > 0) THEN 1 END) AS [clusters],
       SUM(([n] * [n])) AS [units_sq],
       SUM(([num] * [num])) AS [totals_sq],
       SUM(([n] * [num])) AS [units_totals]
FROM [clusters] [clusters]
GROUP BY [period];
