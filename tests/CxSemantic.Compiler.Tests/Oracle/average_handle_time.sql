-- metric: average_handle_time
-- group_by: intent_complexity
-- note: type mean: value = avg(handle_seconds) over the n remaining contacts with a non-NULL handle_seconds; numerator = sum, denominator = that count.
-- note: Unit = interactions row (unit time started_at). No inclusion. Exclusion 1 (abandoned): end_reason = 'abandoned'. Declared: no maturity.
WITH units AS (
    SELECT p.period,
           CAST(i.intent_complexity AS VARCHAR) AS group_value,
           i.handle_seconds,
           coalesce(i.end_reason = 'abandoned', false) AS excluded_abandoned
    FROM interactions i
    JOIN periods p ON i.started_at >= p.period_start AND i.started_at < p.period_end
)
SELECT period,
       group_value,
       count(handle_seconds) FILTER (WHERE NOT excluded_abandoned) AS n,
       avg(handle_seconds::DOUBLE) FILTER (WHERE NOT excluded_abandoned) AS value,
       sum(handle_seconds::DOUBLE) FILTER (WHERE NOT excluded_abandoned) AS numerator,
       count(handle_seconds) FILTER (WHERE NOT excluded_abandoned)::DOUBLE AS denominator,
       count(*) FILTER (WHERE excluded_abandoned) AS excluded_1
FROM units
GROUP BY period, group_value
