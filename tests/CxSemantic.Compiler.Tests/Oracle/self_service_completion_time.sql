-- metric: self_service_completion_time
-- group_by: intent_complexity
-- note: type mean: value = avg(handle_seconds) over the n remaining contacts with a non-NULL handle_seconds; numerator = sum, denominator = that count.
-- note: Unit = interactions row (unit time started_at). Inclusion (both): handled_by = 'bot'; end_reason = 'resolved'. Exclusion 1: proactive. Declared: no maturity.
WITH units AS (
    SELECT p.period,
           CAST(i.intent_complexity AS VARCHAR) AS group_value,
           i.handle_seconds,
           coalesce(i.proactive, false) AS excluded_proactive
    FROM interactions i
    JOIN periods p ON i.started_at >= p.period_start AND i.started_at < p.period_end
    WHERE (i.handled_by = 'bot') IS TRUE
      AND (i.end_reason = 'resolved') IS TRUE
)
SELECT period,
       group_value,
       count(handle_seconds) FILTER (WHERE NOT excluded_proactive) AS n,
       avg(handle_seconds::DOUBLE) FILTER (WHERE NOT excluded_proactive) AS value,
       sum(handle_seconds::DOUBLE) FILTER (WHERE NOT excluded_proactive) AS numerator,
       count(handle_seconds) FILTER (WHERE NOT excluded_proactive)::DOUBLE AS denominator,
       count(*) FILTER (WHERE excluded_proactive) AS excluded_1
FROM units
GROUP BY period, group_value
