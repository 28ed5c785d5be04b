-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: sla_adherence
-- dialect: TSql
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: sla_adherence v3: ratio over interactions rows; cells: 3 period(s) × []; inclusion 1, exclusions 1, confirmation Declared
-- parameters: @p0 = 'bot' (string), @p1 = 'bot_to_agent' (string), @p2 = 'email' (string)
WITH units AS (
  SELECT CASE WHEN ([t0].[started_at] < CAST('2026-01-31T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-01-01' WHEN ([t0].[started_at] < CAST('2026-02-28T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-02-01' ELSE '2026-03-01' END AS [period],
         CASE WHEN ([t0].[proactive] = 1) THEN 1 ELSE 0 END AS [stage],
         CASE WHEN (CASE WHEN ([t0].[handled_by] = @p0) THEN CASE WHEN ([t0].[first_response_ms] <= 2000) THEN 1 ELSE 0 END WHEN ([t0].[handled_by] = @p1) THEN CASE WHEN (([t0].[first_response_ms] <= 2000) AND ([t0].[wait_seconds] <= 120)) THEN 1 ELSE 0 END ELSE CASE WHEN ([t0].[wait_seconds] <= 120) THEN 1 ELSE 0 END END = 1) THEN 1 ELSE 0 END AS [num],
         [t0].[customer_id] AS [cluster]
  FROM [interactions] [t0]
  WHERE ([t0].[started_at] >= CAST('2025-12-31T23:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[started_at] < CAST('2026-03-31T22:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[channel] <> @p2)
),
clusters AS (
  SELECT [period] AS [period],
         [cluster] AS [cluster],
         COUNT(*) AS [included],
         COUNT(CASE WHEN ([stage] = 1) THEN 1 END) AS [excluded_1],
         0 AS [immature],
         COUNT(CASE WHEN ([stage] = 0) THEN 1 END) AS [n],
         COUNT(CASE WHEN (([stage] = 0) AND ([num] = 1)) THEN 1 END) AS [num]
  FROM [units] [units]
  GROUP BY [period], [cluster]
)
SELECT [period] AS [period],
       SUM([included]) AS [included],
       SUM([excluded_1]) AS [excluded_1],
       0 AS [immature],
       SUM([n]) AS [n],
       SUM([num]) AS [num],
       COUNT(CASE WHEN ([n] > 0) THEN 1 END) AS [clusters],
       SUM(([n] * [n])) AS [units_sq],
       SUM(([num] * [num])) AS [totals_sq],
       SUM(([n] * [num])) AS [units_totals]
FROM [clusters] [clusters]
GROUP BY [period];
