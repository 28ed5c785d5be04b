-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: handoff_quality
-- dialect: TSql
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: handoff_quality v1: ratio over handoffs rows; cells: 3 period(s) × []; inclusion 1, exclusions 0, confirmation Declared
-- parameters: @p0 = 'bot' (string), @p1 = 'agent' (string)
WITH units AS (
  SELECT CASE WHEN ([t0].[occurred_at] < CAST('2026-01-31T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-01-01' WHEN ([t0].[occurred_at] < CAST('2026-02-28T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-02-01' ELSE '2026-03-01' END AS [period],
         CASE WHEN ([t0].[context_transferred] = 1) THEN 1 ELSE 0 END AS [num],
         [j_interactions].[customer_id] AS [cluster]
  FROM [handoffs] [t0]
  LEFT JOIN [interactions] [j_interactions] ON ([j_interactions].[interaction_id] = [t0].[interaction_id])
  WHERE ([t0].[occurred_at] >= CAST('2025-12-31T23:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[occurred_at] < CAST('2026-03-31T22:00:00+00:00' AS DATETIMEOFFSET))
    AND (([t0].[from_actor] = @p0) AND ([t0].[to_actor] = @p1))
),
clusters AS (
  SELECT [period] AS [period],
         [cluster] AS [cluster],
         COUNT(*) AS [included],
         0 AS [immature],
         COUNT(*) AS [n],
         COUNT(CASE WHEN ([num] = 1) THEN 1 END) AS [num]
  FROM [units] [units]
  GROUP BY [period], [cluster]
)
SELECT [period] AS [period],
       SUM([included]) AS [included],
       0 AS [immature],
       SUM([n]) AS [n],
       SUM([num]) AS [num],
       COUNT(CASE WHEN ([n] > 0) THEN 1 END) AS [clusters],
       SUM(([n] * [n])) AS [units_sq],
       SUM(([num] * [num])) AS [totals_sq],
       SUM(([n] * [num])) AS [units_totals]
FROM [clusters] [clusters]
GROUP BY [period];
