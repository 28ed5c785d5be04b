-- metric: intent_recognition_accuracy
-- group_by: bot_release
-- note: Unit = interactions row (unit time started_at). Inclusion: intent_confirmed IS NOT NULL. Declared: no maturity.
-- note: numerator = intent_predicted = intent_confirmed. bot_release is NULL for agent-only contacts: that is its own cell with group_value NULL.
WITH units AS (
    SELECT p.period,
           CAST(i.bot_release AS VARCHAR) AS group_value,
           coalesce(i.intent_predicted = i.intent_confirmed, false) AS correct
    FROM interactions i
    JOIN periods p ON i.started_at >= p.period_start AND i.started_at < p.period_end
    WHERE (i.intent_confirmed IS NOT NULL) IS TRUE
)
SELECT period,
       group_value,
       count(*) AS n,
       count(*) FILTER (WHERE correct) / count(*)::DOUBLE AS value,
       count(*) FILTER (WHERE correct)::DOUBLE AS numerator,
       count(*)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
