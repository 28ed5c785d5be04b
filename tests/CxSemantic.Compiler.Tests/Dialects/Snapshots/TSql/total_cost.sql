-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: total_cost
-- dialect: TSql
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: total_cost v1: simple over interactions rows; cells: 3 period(s) × []; inclusion 0, exclusions 0, confirmation Declared
-- parameters: @p0 = 'bot' (string), @p1 = 'bot' (string), @p2 = 'agent' (string)
WITH units AS (
  SELECT CASE WHEN ([t0].[started_at] < CAST('2026-01-31T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-01-01' WHEN ([t0].[started_at] < CAST('2026-02-28T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-02-01' ELSE '2026-03-01' END AS [period],
         (((CAST([t0].[handle_seconds] AS FLOAT) / NULLIF(60.0, 0)) * [j_cost_rates].[cost_per_minute]) + [j_cost_rates].[overhead_per_interaction]) AS [v]
  FROM [interactions] [t0]
  LEFT JOIN [cost_rates] [j_cost_rates] ON (([j_cost_rates].[channel] = [t0].[channel]) AND ((([j_cost_rates].[actor] = CASE WHEN ([t0].[handled_by] = @p0) THEN @p1 ELSE @p2 END) AND ([t0].[started_at] >= [j_cost_rates].[effective_from])) AND (([j_cost_rates].[effective_to] IS NULL) OR ([t0].[started_at] < [j_cost_rates].[effective_to]))))
  WHERE ([t0].[started_at] >= CAST('2025-12-31T23:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[started_at] < CAST('2026-03-31T22:00:00+00:00' AS DATETIMEOFFSET))
)
SELECT [period] AS [period],
       COUNT(*) AS [included],
       0 AS [immature],
       COUNT(*) AS [n],
       SUM([v]) AS [value]
FROM [units] [units]
GROUP BY [period];
