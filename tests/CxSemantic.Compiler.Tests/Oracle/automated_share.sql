-- metric: automated_share
-- group_by: channel
-- note: Share of all contacts handled by the bot alone. Unit = interactions row, unit time = started_at; no inclusion, no exclusions, declared (no maturity).
-- note: automated_share + assisted_share + human_share partition every cell (handled_by is NOT NULL with three values).
WITH units AS (
    SELECT p.period,
           CAST(i.channel AS VARCHAR) AS group_value,
           i.handled_by
    FROM interactions i
    JOIN periods p ON i.started_at >= p.period_start AND i.started_at < p.period_end
)
SELECT period,
       group_value,
       count(*) AS n,
       count(*) FILTER (WHERE handled_by = 'bot') / count(*)::DOUBLE AS value,
       count(*) FILTER (WHERE handled_by = 'bot')::DOUBLE AS numerator,
       count(*)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
