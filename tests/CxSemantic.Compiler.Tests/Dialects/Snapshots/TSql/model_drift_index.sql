-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: model_drift_index
-- dialect: TSql
-- query: group by [evaluator, evaluator_version]; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: model_drift_index v1: mean over evaluations rows; cells: 3 period(s) × [evaluator, evaluator_version]; inclusion 0, exclusions 0, confirmation Declared
-- parameters: (none)
WITH units AS (
  SELECT CASE WHEN ([t0].[evaluated_at] < CAST('2026-01-31T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-01-01' WHEN ([t0].[evaluated_at] < CAST('2026-02-28T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-02-01' ELSE '2026-03-01' END AS [period],
         [t0].[evaluator] AS [g0],
         [t0].[evaluator_version] AS [g1],
         CAST([t0].[score] AS FLOAT) AS [v],
         [j_interactions].[customer_id] AS [cluster]
  FROM [evaluations] [t0]
  LEFT JOIN [interactions] [j_interactions] ON ([j_interactions].[interaction_id] = [t0].[interaction_id])
  WHERE ([t0].[evaluated_at] >= CAST('2025-12-31T23:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[evaluated_at] < CAST('2026-03-31T22:00:00+00:00' AS DATETIMEOFFSET))
),
clusters AS (
  SELECT [period] AS [period],
         [g0] AS [g0],
         [g1] AS [g1],
         [cluster] AS [cluster],
         COUNT(*) AS [included],
         0 AS [immature],
         COUNT(*) AS [n],
         COUNT([v]) AS [cnt],
         SUM([v]) AS [total],
         COALESCE((VAR([v]) * (COUNT([v]) - 1)), 0) AS [ss]
  FROM [units] [units]
  GROUP BY [period], [g0], [g1], [cluster]
),
centred AS (
  SELECT [c].*,
         (CAST(SUM([total]) OVER (PARTITION BY [period], [g0], [g1]) AS FLOAT) / NULLIF(SUM([cnt]) OVER (PARTITION BY [period], [g0], [g1]), 0)) AS [cell_mean]
  FROM [clusters] [c]
)
SELECT [period] AS [period],
       [g0] AS [g0],
       [g1] AS [g1],
       SUM([included]) AS [included],
       0 AS [immature],
       SUM([n]) AS [n],
       SUM([cnt]) AS [cnt],
       SUM([total]) AS [total],
       (SUM([ss]) + SUM((CAST((([total] - ([cell_mean] * [cnt])) * ([total] - ([cell_mean] * [cnt]))) AS FLOAT) / NULLIF([cnt], 0)))) AS [ss],
       COUNT(CASE WHEN ([cnt] > 0) THEN 1 END) AS [clusters],
       SUM((([total] - ([cell_mean] * [cnt])) * ([total] - ([cell_mean] * [cnt])))) AS [cluster_ss]
FROM [centred] [centred]
GROUP BY [period], [g0], [g1];
