-- metric: nps
-- group_by: channel
-- note: type distribution with negative, scale 100: value = 100 * (share score >= 9 - share score <= 6) over n NPS answers.
-- note: numerator = promoters - detractors (a count, can be negative), denominator = n; value = 100 * numerator / denominator. Not a proportion.
-- note: Unit = surveys row, unit time = responded_at. Inclusion: kind = 'nps'. channel via interactions.
WITH units AS (
    SELECT p.period,
           CAST(i.channel AS VARCHAR) AS group_value,
           coalesce(s.score >= 9, false) AS promoter,
           coalesce(s.score <= 6, false) AS detractor
    FROM surveys s
    JOIN periods p ON s.responded_at >= p.period_start AND s.responded_at < p.period_end
    LEFT JOIN interactions i ON i.interaction_id = s.interaction_id
    WHERE (s.kind = 'nps') IS TRUE
)
SELECT period,
       group_value,
       count(*) AS n,
       100.0 * (count(*) FILTER (WHERE promoter) - count(*) FILTER (WHERE detractor)) / count(*)::DOUBLE AS value,
       (count(*) FILTER (WHERE promoter) - count(*) FILTER (WHERE detractor))::DOUBLE AS numerator,
       count(*)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
