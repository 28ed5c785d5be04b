-- metric: sla_adherence
-- group_by: queue
-- note: v3. Unit = interactions row (unit time started_at). Inclusion: channel != 'email' (bot contacts included now). Exclusion 1: proactive.
-- note: numerator: bot -> first_response_ms <= 2000; bot_to_agent -> first_response_ms <= 2000 and wait_seconds <= 120; agent -> wait_seconds <= 120.
-- note: A NULL first_response_ms makes the bot condition NULL: not within the service level. Declared: no maturity.
WITH units AS (
    SELECT p.period,
           CAST(i.queue AS VARCHAR) AS group_value,
           coalesce(CASE i.handled_by
                        WHEN 'bot' THEN i.first_response_ms <= 2000
                        WHEN 'bot_to_agent' THEN i.first_response_ms <= 2000 AND i.wait_seconds <= 120
                        ELSE i.wait_seconds <= 120
                    END, false) AS within_sla,
           coalesce(i.proactive, false) AS excluded_proactive
    FROM interactions i
    JOIN periods p ON i.started_at >= p.period_start AND i.started_at < p.period_end
    WHERE (i.channel != 'email') IS TRUE
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
