-- metric: customer_effort
-- group_by: segment
-- note: type mean: value = avg(score) over CES answers with a non-NULL score; numerator = sum, denominator = count.
-- note: Unit = surveys row, unit time = responded_at. Inclusion: kind = 'ces'. segment = surveys -> interactions -> customers.segment (a two-hop via).
WITH units AS (
    SELECT p.period,
           CAST(c.segment AS VARCHAR) AS group_value,
           s.score
    FROM surveys s
    JOIN periods p ON s.responded_at >= p.period_start AND s.responded_at < p.period_end
    LEFT JOIN interactions i ON i.interaction_id = s.interaction_id
    LEFT JOIN customers c ON c.customer_id = i.customer_id
    WHERE (s.kind = 'ces') IS TRUE
)
SELECT period,
       group_value,
       count(score) AS n,
       avg(score::DOUBLE) AS value,
       sum(score::DOUBLE) AS numerator,
       count(score)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
