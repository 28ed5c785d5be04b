-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: average_handle_time
-- dialect: TSql
-- query: group by [intent_complexity]; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: average_handle_time v1: mean over interactions rows; cells: 3 period(s) × [intent_complexity]; inclusion 0, exclusions 1, confirmation Declared
-- parameters: @p0 = 'abandoned' (string)
WITH units AS (
  SELECT CASE WHEN ([t0].[started_at] < CAST('2026-01-31T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-01-01' WHEN ([t0].[started_at] < CAST('2026-02-28T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-02-01' ELSE '2026-03-01' END AS [period],
         [t0].[intent_complexity] AS [g0],
         CASE WHEN ([t0].[end_reason] = @p0) THEN 1 ELSE 0 END AS [stage],
         CAST([t0].[handle_seconds] AS FLOAT) AS [v],
         [t0].[customer_id] AS [cluster]
  FROM [interactions] [t0]
  WHERE ([t0].[started_at] >= CAST('2025-12-31T23:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[started_at] < CAST('2026-03-31T22:00:00+00:00' AS DATETIMEOFFSET))
),
clusters AS (
  SELECT [period] AS [period],
         [g0] AS [g0],
         [cluster] AS [cluster],
         COUNT(*) AS [included],
         COUNT(CASE WHEN ([stage] = 1) THEN 1 END) AS [excluded_1],
         0 AS [immature],
         COUNT(CASE WHEN ([stage] = 0) THEN 1 END) AS [n],
         COUNT(CASE WHEN ([stage] = 0) THEN [v] END) AS [cnt],
         SUM(CASE WHEN ([stage] = 0) THEN [v] END) AS [total],
         COALESCE((VAR(CASE WHEN ([stage] = 0) THEN [v] END) * (COUNT(CASE WHEN ([stage] = 0) THEN [v] END) - 1)), 0) AS [ss]
  FROM [units] [units]
  GROUP BY [period], [g0], [cluster]
),
centred AS (
  SELECT [c].*,
         (CAST(SUM([total]) OVER (PARTITION BY [period], [g0]) AS FLOAT) / NULLIF(SUM([cnt]) OVER (PARTITION BY [period], [g0]), 0)) AS [cell_mean]
  FROM [clusters] [c]
)
SELECT [period] AS [period],
       [g0] AS [g0],
       SUM([included]) AS [included],
       SUM([excluded_1]) AS [excluded_1],
       0 AS [immature],
       SUM([n]) AS [n],
       SUM([cnt]) AS [cnt],
       SUM([total]) AS [total],
       (SUM([ss]) + SUM((CAST((([total] - ([cell_mean] * [cnt])) * ([total] - ([cell_mean] * [cnt]))) AS FLOAT) / NULLIF([cnt], 0)))) AS [ss],
       COUNT(CASE WHEN ([cnt] > 0) THEN 1 END) AS [clusters],
       SUM((([total] - ([cell_mean] * [cnt])) * ([total] - ([cell_mean] * [cnt])))) AS [cluster_ss]
FROM [centred] [centred]
GROUP BY [period], [g0];
