-- metric: policy_violation_rate
-- group_by: channel
-- note: type derived: 1000 * policy_violations / interaction_count, each component computed on the same cells (period x channel) by its own rules:
-- note: policy_violations counts policy_events with severity = 'violation' by policy_events.occurred_at, channel via interactions; interaction_count counts interactions by started_at.
-- note: A cell appears when either component has a unit; a missing count is 0. n = interaction_count's n (the derived type has no n of its own; AMBIGUITY),
-- note: numerator = policy_violations, denominator = interaction_count, value NULL when interaction_count = 0.
WITH events AS (
    SELECT p.period,
           CAST(i.channel AS VARCHAR) AS group_value,
           count(*) AS events
    FROM policy_events e
    JOIN periods p ON e.occurred_at >= p.period_start AND e.occurred_at < p.period_end
    LEFT JOIN interactions i ON i.interaction_id = e.interaction_id
    WHERE (e.severity = 'violation') IS TRUE
    GROUP BY 1, 2
),
contacts AS (
    SELECT p.period,
           CAST(i.channel AS VARCHAR) AS group_value,
           count(*) AS contacts
    FROM interactions i
    JOIN periods p ON i.started_at >= p.period_start AND i.started_at < p.period_end
    GROUP BY 1, 2
)
SELECT coalesce(c.period, e.period) AS period,
       coalesce(c.group_value, e.group_value) AS group_value,
       coalesce(c.contacts, 0) AS n,
       CASE WHEN coalesce(c.contacts, 0) > 0 THEN 1000.0 * coalesce(e.events, 0) / c.contacts END AS value,
       coalesce(e.events, 0)::DOUBLE AS numerator,
       coalesce(c.contacts, 0)::DOUBLE AS denominator
FROM contacts c
FULL JOIN events e ON e.period = c.period AND e.group_value IS NOT DISTINCT FROM c.group_value
