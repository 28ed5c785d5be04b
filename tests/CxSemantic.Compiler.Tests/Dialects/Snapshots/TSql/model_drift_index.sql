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
         CAST([t0].[score] AS FLOAT) AS [v]
  FROM [evaluations] [t0]
  WHERE ([t0].[evaluated_at] >= CAST('2025-12-31T23:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[evaluated_at] < CAST('2026-03-31T22:00:00+00:00' AS DATETIMEOFFSET))
)
SELECT [period] AS [period],
       [g0] AS [g0],
       [g1] AS [g1],
       COUNT(*) AS [included],
       0 AS [immature],
       COUNT(*) AS [n],
       COUNT([v]) AS [cnt],
       SUM([v]) AS [total],
       SUM(([v] * [v])) AS [total_sq]
FROM [units] [units]
GROUP BY [period], [g0], [g1];
