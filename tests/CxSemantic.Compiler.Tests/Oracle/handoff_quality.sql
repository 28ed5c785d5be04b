-- metric: handoff_quality
-- group_by: handoff_reason
-- note: Unit = handoffs row (interaction_id, handoff_seq), unit time = handoffs.occurred_at. handoff_reason = handoffs.reason.
-- note: Inclusion: from_actor = 'bot' and to_actor = 'agent'. numerator = context_transferred. Declared: no maturity.
WITH units AS (
    SELECT p.period,
           CAST(h.reason AS VARCHAR) AS group_value,
           coalesce(h.context_transferred, false) AS transferred
    FROM handoffs h
    JOIN periods p ON h.occurred_at >= p.period_start AND h.occurred_at < p.period_end
    WHERE (h.from_actor = 'bot' AND h.to_actor = 'agent') IS TRUE
)
SELECT period,
       group_value,
       count(*) AS n,
       count(*) FILTER (WHERE transferred) / count(*)::DOUBLE AS value,
       count(*) FILTER (WHERE transferred)::DOUBLE AS numerator,
       count(*)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
