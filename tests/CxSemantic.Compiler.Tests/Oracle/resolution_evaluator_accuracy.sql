-- metric: resolution_evaluator_accuracy
-- group_by: channel
-- note: The metric pins evaluator = 'conversation_resolution', evaluator_version = 'v1' (top-level keys, no inclusion rules): units = those evaluation rows,
-- note: unit time evaluated_at, channel via interactions. Pairs = units with a human label (human_labels.dimension = evaluator, same interaction; the earliest label: labeled_at, then reviewer_id).
-- note: value = accuracy = agreeing pairs / pairs; n = pairs; NULL when n = 0.
-- note: AMBIGUITY: a cell appears when it has evaluation rows, even with no human label (n = 0, value NULL).
-- note: conversation_resolution moves to v2 on 2026-02-16, so v1 cells exist only in Jan/Feb.
WITH units AS (
    SELECT p.period,
           CAST(i.channel AS VARCHAR) AS group_value,
           e.interaction_id,
           e.evaluator,
           e.label
    FROM evaluations e
    JOIN periods p ON e.evaluated_at >= p.period_start AND e.evaluated_at < p.period_end
    LEFT JOIN interactions i ON i.interaction_id = e.interaction_id
    WHERE e.evaluator = 'conversation_resolution' AND e.evaluator_version = 'v1'
),
first_reviewer AS (
    SELECT interaction_id, dimension, label
    FROM (
        SELECT h.*, row_number() OVER (PARTITION BY h.interaction_id, h.dimension ORDER BY h.labeled_at, h.reviewer_id) AS rn
        FROM human_labels h
    )
    WHERE rn = 1
)
SELECT u.period,
       u.group_value,
       count(f.label) AS n,
       CASE WHEN count(f.label) > 0 THEN count(*) FILTER (WHERE u.label = f.label) / count(f.label)::DOUBLE END AS value,
       count(*) FILTER (WHERE u.label = f.label)::DOUBLE AS numerator,
       count(f.label)::DOUBLE AS denominator
FROM units u
LEFT JOIN first_reviewer f ON f.interaction_id = u.interaction_id AND f.dimension = u.evaluator
GROUP BY u.period, u.group_value
