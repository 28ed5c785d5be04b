-- metric: model_drift_index
-- group_by: evaluator, evaluator_version
-- note: The metric REQUIRES both evaluator and evaluator_version (mixing versions in a cell is refused), so this oracle groups by both:
-- note: group_value = evaluator || '/' || evaluator_version (e.g. 'tone/v2').
-- note: type mean: value = avg(score) over all evaluation rows (no inclusion) with a non-NULL score, unit time = evaluated_at; numerator = sum, denominator = count.
WITH units AS (
    SELECT p.period,
           CAST(e.evaluator AS VARCHAR) || '/' || CAST(e.evaluator_version AS VARCHAR) AS group_value,
           e.score
    FROM evaluations e
    JOIN periods p ON e.evaluated_at >= p.period_start AND e.evaluated_at < p.period_end
)
SELECT period,
       group_value,
       count(score) AS n,
       avg(score) AS value,
       sum(score) AS numerator,
       count(score)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
