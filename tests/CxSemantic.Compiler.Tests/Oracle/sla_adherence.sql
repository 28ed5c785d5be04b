-- metric: sla_adherence
-- group_by: queue
-- note: Unit = interactions row (unit time started_at). Inclusion: channel != 'email' and handled_by != 'bot' (v2). Exclusion 1: proactive.
-- note: numerator = wait_seconds <= 120 (a NULL wait would not count; wait_seconds is NOT NULL in the schema). Declared: no maturity.
WITH units AS (
    SELECT p.period,
           CAST(i.queue AS VARCHAR) AS group_value,
           coalesce(i.wait_seconds <= 120, false) AS within_sla,
           coalesce(i.proactive, false) AS excluded_proactive
    FROM interactions i
    JOIN periods p ON i.started_at >= p.period_start AND i.started_at < p.period_end
    WHERE (i.channel != 'email') IS TRUE
      AND (i.handled_by != 'bot') IS TRUE
)
SELECT period,
       group_value,
       count(*) FILTER (WHERE NOT excluded_proactive) AS n,
       CASE WHEN count(*) FILTER (WHERE NOT excluded_proactive) > 0
            THEN count(*) FILTER (WHERE NOT excluded_proactive AND within_sla)
                 / count(*) FILTER (WHERE NOT excluded_proactive)::DOUBLE
       END AS value,
       count(*) FILTER (WHERE NOT excluded_proactive AND within_sla)::DOUBLE AS numerator,
       count(*) FILTER (WHERE NOT excluded_proactive)::DOUBLE AS denominator,
       count(*) FILTER (WHERE excluded_proactive) AS excluded_1
FROM units
GROUP BY period, group_value
