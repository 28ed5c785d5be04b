-- metric: conversational_csat
-- group_by: journey_stage
-- note: type distribution without negative: value = share of units with score >= 4 (top-2-box). numerator = positives, denominator = n.
-- note: Unit = surveys row (interaction_id, kind), unit time = responded_at. Inclusion: kind = 'csat'. journey_stage via interactions.
WITH units AS (
    SELECT p.period,
           CAST(i.journey_stage AS VARCHAR) AS group_value,
           coalesce(s.score >= 4, false) AS positive
    FROM surveys s
    JOIN periods p ON s.responded_at >= p.period_start AND s.responded_at < p.period_end
    LEFT JOIN interactions i ON i.interaction_id = s.interaction_id
    WHERE (s.kind = 'csat') IS TRUE
)
SELECT period,
       group_value,
       count(*) AS n,
       count(*) FILTER (WHERE positive) / count(*)::DOUBLE AS value,
       count(*) FILTER (WHERE positive)::DOUBLE AS numerator,
       count(*)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
