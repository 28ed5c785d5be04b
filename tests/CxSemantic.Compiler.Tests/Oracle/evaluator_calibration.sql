-- metric: evaluator_calibration
-- group_by: evaluator, evaluator_version
-- note: Both required dimensions are grouped: group_value = evaluator || '/' || evaluator_version (e.g. 'tone/v2').
-- note: Units = evaluations rows (unit time evaluated_at, no inclusion). Pairs = units with a human label for the same interaction and
-- note: dimension = evaluator; with several reviewers the earliest label (labeled_at, then reviewer_id) is taken. n = pairs.
-- note: value = Cohen's kappa = (po - pe) / (1 - pe), po = share of pairs with equal labels, pe = sum over labels c of (share AI = c) * (share human = c);
-- note: NULL when n = 0 or pe = 1. numerator = agreeing pairs, denominator = pairs (so numerator / denominator = po, NOT the value).
-- note: AMBIGUITY: a cell appears when it has evaluation rows, even with no human label (n = 0, value NULL) - e.g. loop_detection.
WITH units AS (
    SELECT p.period,
           CAST(e.evaluator AS VARCHAR) || '/' || CAST(e.evaluator_version AS VARCHAR) AS group_value,
           e.interaction_id,
           e.evaluator,
           e.label
    FROM evaluations e
    JOIN periods p ON e.evaluated_at >= p.period_start AND e.evaluated_at < p.period_end
),
first_reviewer AS (
    SELECT interaction_id, dimension, label
    FROM (
        SELECT h.*, row_number() OVER (PARTITION BY h.interaction_id, h.dimension ORDER BY h.labeled_at, h.reviewer_id) AS rn
        FROM human_labels h
    )
    WHERE rn = 1
),
pairs AS (
    SELECT u.period, u.group_value, u.label AS ai_label, f.label AS human_label
    FROM units u
    JOIN first_reviewer f ON f.interaction_id = u.interaction_id AND f.dimension = u.evaluator
),
cells AS (
    SELECT period, group_value FROM units GROUP BY period, group_value
),
pair_counts AS (
    SELECT period, group_value,
           count(*) AS pairs,
           count(*) FILTER (WHERE ai_label = human_label) AS agree
    FROM pairs
    GROUP BY period, group_value
),
ai_marginal AS (
    SELECT period, group_value, ai_label AS label, count(*) AS k FROM pairs GROUP BY ALL
),
human_marginal AS (
    SELECT period, group_value, human_label AS label, count(*) AS k FROM pairs GROUP BY ALL
),
chance AS (
    SELECT a.period, a.group_value, sum(a.k::DOUBLE * h.k) AS product
    FROM ai_marginal a
    JOIN human_marginal h ON h.period = a.period AND h.group_value = a.group_value AND h.label = a.label
    GROUP BY a.period, a.group_value
),
stats AS (
    SELECT c.period, c.group_value,
           coalesce(pc.pairs, 0) AS n,
           coalesce(pc.agree, 0) AS agree,
           CASE WHEN coalesce(pc.pairs, 0) > 0 THEN pc.agree / pc.pairs::DOUBLE END AS po,
           CASE WHEN coalesce(pc.pairs, 0) > 0 THEN coalesce(ch.product, 0) / (pc.pairs::DOUBLE * pc.pairs) END AS pe
    FROM cells c
    LEFT JOIN pair_counts pc ON pc.period = c.period AND pc.group_value = c.group_value
    LEFT JOIN chance ch ON ch.period = c.period AND ch.group_value = c.group_value
)
SELECT period,
       group_value,
       n,
       CASE WHEN n > 0 AND pe < 1 THEN (po - pe) / (1 - pe) END AS value,
       agree::DOUBLE AS numerator,
       n::DOUBLE AS denominator
FROM stats
