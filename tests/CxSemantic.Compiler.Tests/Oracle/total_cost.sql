-- metric: total_cost
-- group_by: handled_by
-- note: type simple, measure cost = sum(handle_seconds / 60.0 * cost_per_minute + overhead_per_interaction) over interactions (unit time started_at); n = contacts.
-- note: cost_rates joined many_to_one (LEFT JOIN) on channel with the YAML condition: actor = bot for handled_by = 'bot', else agent; started_at in [effective_from, effective_to).
-- note: AMBIGUITY: effective_from/effective_to are DATEs compared with the TIMESTAMPTZ started_at; read here as midnight UTC (explicitly, so DuckDB's session TimeZone cannot move the boundary).
-- note: A contact without a matching rate would contribute NULL (ignored by sum); the demo data has a rate for every contact.
WITH units AS (
    SELECT p.period,
           CAST(i.handled_by AS VARCHAR) AS group_value,
           i.handle_seconds / 60.0 * CAST(r.cost_per_minute AS DOUBLE) + CAST(r.overhead_per_interaction AS DOUBLE) AS cost
    FROM interactions i
    JOIN periods p ON i.started_at >= p.period_start AND i.started_at < p.period_end
    LEFT JOIN cost_rates r
           ON r.channel = i.channel
          AND r.actor = CASE WHEN i.handled_by = 'bot' THEN 'bot' ELSE 'agent' END
          AND i.started_at >= (CAST(r.effective_from AS TIMESTAMP) AT TIME ZONE 'UTC')
          AND (r.effective_to IS NULL OR i.started_at < (CAST(r.effective_to AS TIMESTAMP) AT TIME ZONE 'UTC'))
)
SELECT period,
       group_value,
       count(*) AS n,
       sum(cost) AS value
FROM units
GROUP BY period, group_value
