-- metric: interaction_count
-- group_by: region
-- note: type simple, measure interaction_count (count): value = n = number of interactions (unit time started_at).
-- note: region is a via-dimension (interactions.customer_id -> customers.region); many_to_one, so a LEFT JOIN (a missing customer gives group_value NULL).
WITH units AS (
    SELECT p.period,
           CAST(c.region AS VARCHAR) AS group_value
    FROM interactions i
    JOIN periods p ON i.started_at >= p.period_start AND i.started_at < p.period_end
    LEFT JOIN customers c ON c.customer_id = i.customer_id
)
SELECT period,
       group_value,
       count(*) AS n,
       count(*)::DOUBLE AS value
FROM units
GROUP BY period, group_value
