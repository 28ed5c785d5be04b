-- metric: policy_near_misses
-- group_by: policy
-- note: type simple, agg count: value = n = number of policy near misses. Unit = policy_events row (interaction_id, policy_event_seq), unit time = policy_events.occurred_at.
-- note: Inclusion: severity = 'near_miss'. Declared: no maturity.
WITH units AS (
    SELECT p.period,
           CAST(e.policy AS VARCHAR) AS group_value
    FROM policy_events e
    JOIN periods p ON e.occurred_at >= p.period_start AND e.occurred_at < p.period_end
    WHERE (e.severity = 'near_miss') IS TRUE
)
SELECT period,
       group_value,
       count(*) AS n,
       count(*)::DOUBLE AS value
FROM units
GROUP BY period, group_value
