-- metric: loop_rate
-- group_by: bot_release
-- note: Unit = evaluations row (interaction_id, evaluator, evaluator_version), unit time = evaluated_at. Inclusion: evaluator = 'loop_detection' and evaluator_version = 'v1' (the pin).
-- note: numerator = label = 'loop'. bot_release via interactions.
WITH units AS (
    SELECT p.period,
           CAST(i.bot_release AS VARCHAR) AS group_value,
           coalesce(e.label = 'loop', false) AS is_loop
    FROM evaluations e
    JOIN periods p ON e.evaluated_at >= p.period_start AND e.evaluated_at < p.period_end
    LEFT JOIN interactions i ON i.interaction_id = e.interaction_id
    WHERE (e.evaluator = 'loop_detection' AND e.evaluator_version = 'v1') IS TRUE
)
SELECT period,
       group_value,
       count(*) AS n,
       count(*) FILTER (WHERE is_loop) / count(*)::DOUBLE AS value,
       count(*) FILTER (WHERE is_loop)::DOUBLE AS numerator,
       count(*)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
