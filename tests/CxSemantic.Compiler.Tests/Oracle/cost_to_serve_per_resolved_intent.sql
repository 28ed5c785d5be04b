-- metric: cost_to_serve_per_resolved_intent
-- group_by: intent_complexity
-- note: v2. type ratio over intent_journey with an aggregated numerator: numerator = sum(journey_cost) over the cell's n units (no where: every
-- note: mature journey), denominator = count of those units with end_reason = 'resolved'; value = numerator / denominator, NULL when the
-- note: denominator is 0. n = the units (all mature journeys of the cell), immature = journeys not yet mature. No inclusion, no exclusions.
-- note: journey_cost = sum of contact_cost over the view's contacts (a contact without a rate adds nothing).
-- note: Maturity (no_recontact, horizon P14D, look-ahead 0): immature when start + 336 h > watermark; cost and resolutions come from the same journeys.
-- note: Unit = intent_journey, stitched here from interactions: identity (customer_id, intent), intent = coalesce(intent_confirmed, intent_predicted);
-- note: contacts ordered by started_at, then interaction_id; a contact starts a new journey when it is the identity's first contact or when
-- note: started_at - previous contact's started_at > P7D (exactly 168 h; a gap of exactly 168 h continues). The gap is measured start to start.
-- note: Contacts are read from (first period_start - 168 h) on, with no upper bound. A journey's start = started_at of the contact that starts it.
-- note: The view (P14D horizon = 336 h): attributes are computed over the journey's contacts with started_at < start + 336 h only; later contacts of
-- note: the same run neither change the journey nor start a new one. first/last = first/last contact of the view (started_at, then interaction_id).
-- note: Related facts per contact (rows pointing at the contact through interaction_id): customer_turns = count of turns with actor 'customer';
-- note: policy_incidents = count of policy_events with severity violation/near_miss; contradicted_within_7d = a system_events row linked to the contact,
-- note: event_type complaint/dispute_filed (or account_closed unless the contact's intent is cancel_subscription), occurred_at in [started_at, started_at + 168 h].
-- note: contact_cost = handle_seconds / 60 * cost_per_minute + overhead via cost_rates (channel, actor bot|agent, DATE validity read as midnight UTC).
-- note: Journey unit time = its start. Dimensions that are not journey attributes (intent_complexity, segment, journey_stage, proactive...) are the
-- note: first contact's. handled_by, end_reason, customer_turns, policy_incidents ARE journey attributes and shadow the interactions dimensions.
WITH contacts AS (
    SELECT i.*,
           coalesce(i.intent_confirmed, i.intent_predicted) AS intent
    FROM interactions i
    WHERE i.started_at >= (SELECT min(period_start) FROM periods) - INTERVAL 168 HOUR
),
flagged AS (
    SELECT c.*,
           CASE
               WHEN c.customer_id IS NULL OR c.intent IS NULL THEN 1
               WHEN lag(c.started_at) OVER identity_order IS NULL THEN 1
               WHEN c.started_at > lag(c.started_at) OVER identity_order + INTERVAL 168 HOUR THEN 1
               ELSE 0
           END AS starts_journey
    FROM contacts c
    WINDOW identity_order AS (PARTITION BY c.customer_id, c.intent ORDER BY c.started_at, c.interaction_id)
),
numbered AS (
    SELECT f.*,
           sum(f.starts_journey) OVER (PARTITION BY f.customer_id, f.intent ORDER BY f.started_at, f.interaction_id
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS journey_no
    FROM flagged f
),
started AS (
    SELECT n.*,
           min(n.started_at) OVER (PARTITION BY n.customer_id, n.intent, n.journey_no) AS journey_start
    FROM numbered n
),
-- Related facts of each contact.
turn_counts AS (
    SELECT t.interaction_id, count(*) AS customer_turns
    FROM turns t
    WHERE t.actor = 'customer'
    GROUP BY t.interaction_id
),
incident_counts AS (
    SELECT pe.interaction_id, count(*) AS policy_incidents
    FROM policy_events pe
    WHERE pe.severity IN ('violation', 'near_miss')
    GROUP BY pe.interaction_id
),
contradictions AS (
    SELECT DISTINCT c.interaction_id
    FROM contacts c
    JOIN system_events e ON e.interaction_id = c.interaction_id
    WHERE (e.event_type IN ('complaint', 'dispute_filed') OR (e.event_type = 'account_closed' AND c.intent <> 'cancel_subscription'))
      AND e.occurred_at >= c.started_at
      AND e.occurred_at <= c.started_at + INTERVAL 168 HOUR
),
viewed AS (
    -- The view: only the contacts that started before journey start + P14D.
    SELECT s.*,
           coalesce(tc.customer_turns, 0) AS contact_customer_turns,
           coalesce(ic.policy_incidents, 0) AS contact_policy_incidents,
           cd.interaction_id IS NOT NULL AS contact_contradicted,
           s.handle_seconds / 60.0 * CAST(r.cost_per_minute AS DOUBLE) + CAST(r.overhead_per_interaction AS DOUBLE) AS contact_cost
    FROM started s
    LEFT JOIN turn_counts tc ON tc.interaction_id = s.interaction_id
    LEFT JOIN incident_counts ic ON ic.interaction_id = s.interaction_id
    LEFT JOIN contradictions cd ON cd.interaction_id = s.interaction_id
    LEFT JOIN cost_rates r
           ON r.channel = s.channel
          AND r.actor = CASE WHEN s.handled_by = 'bot' THEN 'bot' ELSE 'agent' END
          AND s.started_at >= (CAST(r.effective_from AS TIMESTAMP) AT TIME ZONE 'UTC')
          AND (r.effective_to IS NULL OR s.started_at < (CAST(r.effective_to AS TIMESTAMP) AT TIME ZONE 'UTC'))
    WHERE s.started_at < s.journey_start + INTERVAL 336 HOUR
),
positioned AS (
    SELECT v.*,
           row_number() OVER (PARTITION BY v.customer_id, v.intent, v.journey_no ORDER BY v.started_at, v.interaction_id) AS pos_first,
           row_number() OVER (PARTITION BY v.customer_id, v.intent, v.journey_no ORDER BY v.started_at DESC, v.interaction_id DESC) AS pos_last
    FROM viewed v
),
journeys AS (
    SELECT customer_id,
           intent,
           journey_no,
           min(journey_start) AS journey_start,
           -- attributes (journeys.yaml), over the view
           count(*) AS contacts,
           max(channel) FILTER (WHERE pos_first = 1) AS first_channel,
           max(channel) FILTER (WHERE pos_last = 1) AS last_channel,
           max(handled_by) FILTER (WHERE pos_last = 1) AS handled_by,
           max(end_reason) FILTER (WHERE pos_last = 1) AS end_reason,
           max(declared_outcome) FILTER (WHERE pos_first = 1) AS first_declared_outcome,
           max(declared_outcome) FILTER (WHERE pos_last = 1) AS last_declared_outcome,
           max(handled_by) FILTER (WHERE pos_first = 1) AS first_handled_by,
           sum(CASE WHEN handled_by = 'bot_to_agent' THEN 1 ELSE 0 END) AS handoffs,
           sum(CASE WHEN handled_by = 'bot' THEN 0 ELSE 1 END) AS human_contacts,
           bool_or(coalesce(end_reason = 'rage_quit', false)) AS ever_rage_quit,
           bool_or(coalesce(end_reason = 'forced_termination', false)) AS any_forced_termination,
           sum(handle_seconds) AS journey_seconds,
           sum(contact_cost) AS journey_cost,
           sum(contact_customer_turns) AS customer_turns,
           sum(contact_policy_incidents) AS policy_incidents,
           bool_or(contact_contradicted) AS contradicted,
           max(ended_at) FILTER (WHERE pos_last = 1) AS resolved_at,
           -- dimensions of the first contact
           max(started_at) FILTER (WHERE pos_first = 1) AS started_at,
           max(intent_complexity) FILTER (WHERE pos_first = 1) AS intent_complexity,
           bool_or(eligible_for_automation) FILTER (WHERE pos_first = 1) AS eligible_for_automation,
           bool_or(proactive) FILTER (WHERE pos_first = 1) AS proactive,
           max(journey_stage) FILTER (WHERE pos_first = 1) AS journey_stage,
           max(tenant_id) FILTER (WHERE pos_first = 1) AS tenant,
           max(bot_release) FILTER (WHERE pos_first = 1) AS bot_release
    FROM positioned
    GROUP BY customer_id, intent, journey_no
),
units AS (
    SELECT p.period,
           CAST(j.intent_complexity AS VARCHAR) AS group_value,
           j.journey_cost,
           coalesce(j.end_reason = 'resolved', false) AS resolved,
           j.journey_start + INTERVAL 336 HOUR > (SELECT watermark_at FROM warehouse_meta) AS immature
    FROM journeys j
    JOIN periods p ON j.journey_start >= p.period_start AND j.journey_start < p.period_end
)
SELECT period,
       group_value,
       count(*) FILTER (WHERE NOT immature) AS n,
       CASE WHEN count(*) FILTER (WHERE NOT immature AND resolved) > 0
            THEN sum(journey_cost) FILTER (WHERE NOT immature) / count(*) FILTER (WHERE NOT immature AND resolved)::DOUBLE
       END AS value,
       sum(journey_cost) FILTER (WHERE NOT immature) AS numerator,
       count(*) FILTER (WHERE NOT immature AND resolved)::DOUBLE AS denominator,
       count(*) FILTER (WHERE immature) AS immature
FROM units
GROUP BY period, group_value
