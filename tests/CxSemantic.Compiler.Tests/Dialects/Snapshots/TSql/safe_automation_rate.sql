-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: safe_automation_rate
-- dialect: TSql
-- query: group by [intent_complexity]; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: safe_automation_rate v2: ratio over journey intent_journey (stitched from interactions by customer_id, intent, gap > P7D); cells: 3 period(s) × [intent_complexity]; inclusion 1, exclusions 0, confirmation NoRecontact
-- parameters: @p0 = 'bot' (string), @p1 = 'violation' (string), @p2 = 'near_miss' (string), @p3 = 'resolved' (string)
WITH contacts AS (
  SELECT [t0].[started_at] AS [t],
         [t0].[interaction_id] AS [pk0],
         [t0].[customer_id] AS [k0],
         COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) AS [k1],
         LAG([t0].[started_at]) OVER (PARTITION BY [t0].[customer_id], COALESCE([t0].[intent_confirmed], [t0].[intent_predicted]) ORDER BY [t0].[started_at] ASC, [t0].[interaction_id] ASC) AS [previous_t],
         [t0].[intent_complexity] AS [c_intent_complexity],
         CASE WHEN ([t0].[eligible_for_automation] = 1) THEN 1 ELSE 0 END AS [c_eligible_for_automation],
         1 AS [c_contacts],
         CASE WHEN ([t0].[handled_by] = @p0) THEN 0 ELSE 1 END AS [c_human_contacts],
         [t0].[end_reason] AS [c_end_reason],
         (SELECT COUNT(*) AS [x]
    FROM [policy_events] [t0_r_policy_incidents]
    WHERE ([t0_r_policy_incidents].[interaction_id] = [t0].[interaction_id])
      AND ([t0_r_policy_incidents].[severity] IN (@p1, @p2))) AS [c_policy_incidents],
         [t0].[customer_id] AS [c_customer_id]
  FROM [interactions] [t0]
  WHERE ([t0].[started_at] >= CAST('2025-12-24T23:00:00+00:00' AS DATETIMEOFFSET))
    AND ([t0].[started_at] < CAST('2026-04-14T22:00:00+00:00' AS DATETIMEOFFSET))
),
marked AS (
  SELECT [c].*,
         CASE WHEN (((([previous_t] IS NULL) OR ([t] > DATEADD(second, 604800, [previous_t]))) OR ([k0] IS NULL)) OR ([k1] IS NULL)) THEN 1 ELSE 0 END AS [starts_journey]
  FROM [contacts] [c]
),
numbered AS (
  SELECT [m].*,
         SUM([starts_journey]) OVER (PARTITION BY [k0], [k1] ORDER BY [t] ASC, [pk0] ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS [journey_seq],
         MAX(CASE WHEN ([starts_journey] = 1) THEN [t] END) OVER (PARTITION BY [k0], [k1] ORDER BY [t] ASC, [pk0] ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS [journey_start_t],
         LEAD([starts_journey]) OVER (PARTITION BY [k0], [k1] ORDER BY [t] ASC, [pk0] ASC) AS [next_starts],
         LEAD([t]) OVER (PARTITION BY [k0], [k1] ORDER BY [t] ASC, [pk0] ASC) AS [next_t]
  FROM [marked] [m]
),
viewed AS (
  SELECT [n].*,
         CASE WHEN ((COALESCE([next_starts], 1) = 1) OR ([next_t] >= DATEADD(second, 1209600, [journey_start_t]))) THEN 1 ELSE 0 END AS [ends_journey]
  FROM [numbered] [n]
  WHERE ([t] < DATEADD(second, 1209600, [journey_start_t]))
),
journeys AS (
  SELECT [k0] AS [k0],
         [k1] AS [k1],
         [journey_seq] AS [journey_seq],
         MIN([t]) AS [journey_start],
         MAX(CASE WHEN ([starts_journey] = 1) THEN [c_intent_complexity] END) AS [intent_complexity],
         MAX(CASE WHEN ([starts_journey] = 1) THEN [c_eligible_for_automation] END) AS [eligible_for_automation],
         COUNT(*) AS [contacts],
         CAST(SUM([c_human_contacts]) AS BIGINT) AS [human_contacts],
         MAX(CASE WHEN ([ends_journey] = 1) THEN [c_end_reason] END) AS [end_reason],
         CAST(SUM([c_policy_incidents]) AS BIGINT) AS [policy_incidents],
         MAX(CASE WHEN ([starts_journey] = 1) THEN [c_customer_id] END) AS [customer_id]
  FROM [viewed] [v]
  GROUP BY [k0], [k1], [journey_seq]
),
units AS (
  SELECT CASE WHEN ([u].[journey_start] < CAST('2026-01-31T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-01-01' WHEN ([u].[journey_start] < CAST('2026-02-28T23:00:00+00:00' AS DATETIMEOFFSET)) THEN '2026-02-01' ELSE '2026-03-01' END AS [period],
         [u].[intent_complexity] AS [g0],
         CASE WHEN (((([u].[contacts] = 1) AND ([u].[human_contacts] = 0)) AND ([u].[end_reason] = @p3)) AND ([u].[policy_incidents] = 0)) THEN 1 ELSE 0 END AS [num],
         [u].[customer_id] AS [cluster],
         CASE WHEN ([u].[journey_start] <= DATEADD(second, -1209600, (SELECT MAX([w].[watermark_at]) AS [watermark]
    FROM [warehouse_meta] [w]))) THEN 1 ELSE 0 END AS [mature]
  FROM [journeys] [u]
  WHERE ([u].[journey_start] >= CAST('2025-12-31T23:00:00+00:00' AS DATETIMEOFFSET))
    AND ([u].[journey_start] < CAST('2026-03-31T22:00:00+00:00' AS DATETIMEOFFSET))
    AND ([u].[eligible_for_automation] = 1)
),
clusters AS (
  SELECT [period] AS [period],
         [g0] AS [g0],
         [cluster] AS [cluster],
         COUNT(*) AS [included],
         COUNT(CASE WHEN ([mature] = 0) THEN 1 END) AS [immature],
         COUNT(CASE WHEN ([mature] = 1) THEN 1 END) AS [n],
         COUNT(CASE WHEN (([mature] = 1) AND ([num] = 1)) THEN 1 END) AS [num]
  FROM [units] [units]
  GROUP BY [period], [g0], [cluster]
)
SELECT [period] AS [period],
       [g0] AS [g0],
       SUM([included]) AS [included],
       SUM([immature]) AS [immature],
       SUM([n]) AS [n],
       SUM([num]) AS [num],
       COUNT(CASE WHEN ([n] > 0) THEN 1 END) AS [clusters],
       SUM(([n] * [n])) AS [units_sq],
       SUM(([num] * [num])) AS [totals_sq],
       SUM(([n] * [num])) AS [units_totals]
FROM [clusters] [clusters]
GROUP BY [period], [g0];
