-- metric: conversation_quality
-- group_by: channel
-- note: type mean: value = avg(score) over evaluation rows with a non-NULL score; numerator = sum(score), denominator = that count.
-- note: Unit = evaluations row, unit time = evaluated_at. Inclusion: evaluator = 'conversation_quality' and evaluator_version = 'v1'. channel via interactions.
WITH units AS (
    SELECT p.period,
           CAST(i.channel AS VARCHAR) AS group_value,
           e.score
    FROM evaluations e
    JOIN periods p ON e.evaluated_at >= p.period_start AND e.evaluated_at < p.period_end
    LEFT JOIN interactions i ON i.interaction_id = e.interaction_id
    WHERE (e.evaluator = 'conversation_quality' AND e.evaluator_version = 'v1') IS TRUE
)
SELECT period,
       group_value,
       count(score) AS n,
       avg(score) AS value,
       sum(score) AS numerator,
       count(score)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
