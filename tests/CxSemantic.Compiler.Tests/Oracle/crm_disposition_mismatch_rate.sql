-- metric: crm_disposition_mismatch_rate
-- group_by: bot_release
-- note: Unit = crm_writes row (interaction_id, write_seq), unit time = written_at. Inclusion: tool = 'log_disposition'; succeeded.
-- note: numerator = disposition_code != intent, where intent is the via-dimension interactions.intent = coalesce(intent_confirmed, intent_predicted)
-- note: (docs/planted-effects.md measures the mismatch against intent_confirmed only; the metric's YAML says intent, so the oracle follows the YAML).
-- note: bot_release via interactions (NULL for agent-only contacts -> group_value NULL). Both bot and agent writes are counted (the metric has no written_by filter).
WITH units AS (
    SELECT p.period,
           CAST(i.bot_release AS VARCHAR) AS group_value,
           coalesce(w.disposition_code != coalesce(i.intent_confirmed, i.intent_predicted), false) AS mismatch
    FROM crm_writes w
    JOIN periods p ON w.written_at >= p.period_start AND w.written_at < p.period_end
    LEFT JOIN interactions i ON i.interaction_id = w.interaction_id
    WHERE (w.tool = 'log_disposition') IS TRUE
      AND (w.succeeded) IS TRUE
)
SELECT period,
       group_value,
       count(*) AS n,
       count(*) FILTER (WHERE mismatch) / count(*)::DOUBLE AS value,
       count(*) FILTER (WHERE mismatch)::DOUBLE AS numerator,
       count(*)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
