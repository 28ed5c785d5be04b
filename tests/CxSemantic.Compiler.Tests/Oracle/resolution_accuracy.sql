-- metric: resolution_accuracy
-- group_by: intent
-- note: Unit = interactions row (unit time started_at). Inclusion: declared_outcome = 'resolved'. intent = coalesce(intent_confirmed, intent_predicted).
-- note: Confirmation system_event, window P3D (= exactly 72 h; written as hours so DuckDB's calendar arithmetic in a DST session zone cannot make it 71/73 h):
-- note: confirmed when a system_events row of the SAME CUSTOMER (not necessarily the same interaction) with event_type in (order_shipped, payment_received,
-- note: ticket_closed, refund_issued) has ended_at < occurred_at <= ended_at + 72 h. Immature when ended_at + 72 h > watermark: counted in immature, not in n.
-- note: numerator (empty where) = confirmed units among the n mature ones.
WITH units AS (
    SELECT p.period,
           CAST(coalesce(i.intent_confirmed, i.intent_predicted) AS VARCHAR) AS group_value,
           i.ended_at + INTERVAL 72 HOUR > (SELECT watermark_at FROM warehouse_meta) AS immature,
           EXISTS (
               SELECT 1
               FROM system_events e
               WHERE e.customer_id = i.customer_id
                 AND e.event_type IN ('order_shipped', 'payment_received', 'ticket_closed', 'refund_issued')
                 AND e.occurred_at > i.ended_at
                 AND e.occurred_at <= i.ended_at + INTERVAL 72 HOUR
           ) AS confirmed
    FROM interactions i
    JOIN periods p ON i.started_at >= p.period_start AND i.started_at < p.period_end
    WHERE (i.declared_outcome = 'resolved') IS TRUE
)
SELECT period,
       group_value,
       count(*) FILTER (WHERE NOT immature) AS n,
       CASE WHEN count(*) FILTER (WHERE NOT immature) > 0
            THEN count(*) FILTER (WHERE NOT immature AND confirmed) / count(*) FILTER (WHERE NOT immature)::DOUBLE
       END AS value,
       count(*) FILTER (WHERE NOT immature AND confirmed)::DOUBLE AS numerator,
       count(*) FILTER (WHERE NOT immature)::DOUBLE AS denominator,
       count(*) FILTER (WHERE immature) AS immature
FROM units
GROUP BY period, group_value
