-- metric: resolution_accuracy
-- group_by: intent
-- note: v2. Unit = interactions row (unit time started_at). Inclusion: declared_outcome = 'resolved'. intent = coalesce(intent_confirmed, intent_predicted).
-- note: Exclusion 1 (no confirming event): intent not in the 15 intents that have a confirming event type (the intents listed in events_by_intent).
-- note: Confirmation system_event, link intent, window P3D (= exactly 72 h): confirmed when a system_events row of the SAME CUSTOMER, of the event
-- note: type listed for the unit's intent (order_status/delivery_problem -> order_shipped; billing_question/payment_issue -> payment_received;
-- note: refund_request/cancel_order/return_item -> refund_issued; password_reset/account_access/fraud_report/technical_issue/device_setup/
-- note: outage_report/service_complaint -> ticket_closed; cancel_subscription -> account_closed), LINKED to the unit: its interaction_id is the
-- note: unit's, or a contact of the same customer whose intent equals the unit's intent (an event without interaction_id is linked to nothing),
-- note: has ended_at < occurred_at <= ended_at + 72 h. Immature when ended_at + 72 h > watermark: counted in immature, not in n.
-- note: numerator (empty where) = confirmed units among the n mature ones.
WITH confirming_types (intent, event_type) AS (
    VALUES ('order_status', 'order_shipped'), ('delivery_problem', 'order_shipped'),
           ('billing_question', 'payment_received'), ('payment_issue', 'payment_received'),
           ('refund_request', 'refund_issued'), ('cancel_order', 'refund_issued'), ('return_item', 'refund_issued'),
           ('password_reset', 'ticket_closed'), ('account_access', 'ticket_closed'), ('fraud_report', 'ticket_closed'),
           ('technical_issue', 'ticket_closed'), ('device_setup', 'ticket_closed'), ('outage_report', 'ticket_closed'),
           ('service_complaint', 'ticket_closed'),
           ('cancel_subscription', 'account_closed')
),
contacts AS (
    SELECT i.*,
           coalesce(i.intent_confirmed, i.intent_predicted) AS intent
    FROM interactions i
),
units AS (
    SELECT p.period,
           CAST(u.intent AS VARCHAR) AS group_value,
           u.intent NOT IN (SELECT intent FROM confirming_types) AS no_confirming_event,
           u.ended_at + INTERVAL 72 HOUR > (SELECT watermark_at FROM warehouse_meta) AS immature,
           EXISTS (
               SELECT 1
               FROM system_events e
               JOIN confirming_types ct ON ct.intent = u.intent AND ct.event_type = e.event_type
               JOIN contacts linked ON linked.interaction_id = e.interaction_id
               WHERE e.customer_id = u.customer_id
                 AND (linked.interaction_id = u.interaction_id
                      OR (linked.customer_id = u.customer_id AND linked.intent = u.intent))
                 AND e.occurred_at > u.ended_at
                 AND e.occurred_at <= u.ended_at + INTERVAL 72 HOUR
           ) AS confirmed
    FROM contacts u
    JOIN periods p ON u.started_at >= p.period_start AND u.started_at < p.period_end
    WHERE (u.declared_outcome = 'resolved') IS TRUE
)
SELECT period,
       group_value,
       count(*) FILTER (WHERE NOT no_confirming_event AND NOT immature) AS n,
       CASE WHEN count(*) FILTER (WHERE NOT no_confirming_event AND NOT immature) > 0
            THEN count(*) FILTER (WHERE NOT no_confirming_event AND NOT immature AND confirmed)
                 / count(*) FILTER (WHERE NOT no_confirming_event AND NOT immature)::DOUBLE
       END AS value,
       count(*) FILTER (WHERE NOT no_confirming_event AND NOT immature AND confirmed)::DOUBLE AS numerator,
       count(*) FILTER (WHERE NOT no_confirming_event AND NOT immature)::DOUBLE AS denominator,
       count(*) FILTER (WHERE NOT no_confirming_event AND immature) AS immature,
       count(*) FILTER (WHERE no_confirming_event) AS excluded_1
FROM units
GROUP BY period, group_value
