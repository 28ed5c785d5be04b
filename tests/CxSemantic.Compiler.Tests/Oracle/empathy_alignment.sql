-- metric: empathy_alignment
-- group_by: handled_by
-- note: Unit = evaluations row, unit time = evaluated_at. Inclusion: evaluator = 'tone' and evaluator_version = 'v2' (the pin). numerator = label in ('positive','neutral').
-- note: tone v2 only exists for interactions started from 2026-03-18, so earlier periods have no cells.
WITH units AS (
    SELECT p.period,
           CAST(i.handled_by AS VARCHAR) AS group_value,
           coalesce(e.label IN ('positive', 'neutral'), false) AS aligned
    FROM evaluations e
    JOIN periods p ON e.evaluated_at >= p.period_start AND e.evaluated_at < p.period_end
    LEFT JOIN interactions i ON i.interaction_id = e.interaction_id
    WHERE (e.evaluator = 'tone' AND e.evaluator_version = 'v2') IS TRUE
)
SELECT period,
       group_value,
       count(*) AS n,
       count(*) FILTER (WHERE aligned) / count(*)::DOUBLE AS value,
       count(*) FILTER (WHERE aligned)::DOUBLE AS numerator,
       count(*)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
