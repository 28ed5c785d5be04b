-- metric: escalation_rate
-- group_by: journey_stage
-- note: Unit = interactions row (unit time started_at). Inclusion: handled_by in ('bot','bot_to_agent').
-- note: Exclusion 1 (forced terminations): end_reason = 'forced_termination'. Declared: no maturity.
-- note: numerator = handled_by = 'bot_to_agent' among the n remaining contacts.
WITH units AS (
    SELECT p.period,
           CAST(i.journey_stage AS VARCHAR) AS group_value,
           i.handled_by,
           coalesce(i.end_reason = 'forced_termination', false) AS excluded_forced
    FROM interactions i
    JOIN periods p ON i.started_at >= p.period_start AND i.started_at < p.period_end
    WHERE (i.handled_by IN ('bot', 'bot_to_agent')) IS TRUE
)
SELECT period,
       group_value,
       count(*) FILTER (WHERE NOT excluded_forced) AS n,
       CASE WHEN count(*) FILTER (WHERE NOT excluded_forced) > 0
            THEN count(*) FILTER (WHERE NOT excluded_forced AND handled_by = 'bot_to_agent')
                 / count(*) FILTER (WHERE NOT excluded_forced)::DOUBLE
       END AS value,
       count(*) FILTER (WHERE NOT excluded_forced AND handled_by = 'bot_to_agent')::DOUBLE AS numerator,
       count(*) FILTER (WHERE NOT excluded_forced)::DOUBLE AS denominator,
       count(*) FILTER (WHERE excluded_forced) AS excluded_1
FROM units
GROUP BY period, group_value
