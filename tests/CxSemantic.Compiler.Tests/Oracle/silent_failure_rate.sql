-- metric: silent_failure_rate
-- group_by: intent
-- note: Inclusion: first_declared_outcome = 'resolved'. No exclusions. numerator: contacts > 1.
-- note: intent = the identity's intent (the same for every contact of the journey).
-- note: Unit = intent_journey, stitched here from interactions: identity (customer_id, intent), intent = coalesce(intent_confirmed, intent_predicted);
-- note: contacts ordered by started_at, then interaction_id; a contact starts a new journey when it is the identity's first contact or when
-- note: started_at - previous contact's started_at > P7D (exactly 168 h; a gap of exactly 168 h continues). AMBIGUITY: the contract says "gap since the
-- note: previous contact" without saying start or end of that contact; the oracle measures start to start.
-- note: Contacts are read from (first period_start - 168 h) on, with no upper bound (contacts after the window extend journeys that started inside it).
-- note: Journey unit time = started_at of its first contact. Dimensions that are not journey attributes (intent_complexity, segment, journey_stage...)
-- note: are the first contact's. handled_by and end_reason ARE journey attributes (agg last) and shadow the interactions dimensions of the same name.
-- note: Maturity (no_recontact, W = P7D = journey window): immature when the last contact's started_at + 168 h > watermark; immature units are
-- note: reported apart and left out of n (exclusions, if any, are applied first: the funnel counts included units, mature or not).
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
positioned AS (
    SELECT n.*,
           row_number() OVER (PARTITION BY n.customer_id, n.intent, n.journey_no ORDER BY n.started_at, n.interaction_id) AS pos_first,
           row_number() OVER (PARTITION BY n.customer_id, n.intent, n.journey_no ORDER BY n.started_at DESC, n.interaction_id DESC) AS pos_last
    FROM numbered n
),
journeys AS (
    SELECT customer_id,
           intent,
           journey_no,
           min(started_at) AS journey_start,
           max(started_at) FILTER (WHERE pos_last = 1) AS last_contact_at,
           -- attributes (journeys.yaml)
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
           -- dimensions of the first contact
           max(intent_complexity) FILTER (WHERE pos_first = 1) AS intent_complexity,
           bool_or(eligible_for_automation) FILTER (WHERE pos_first = 1) AS eligible_for_automation,
           max(journey_stage) FILTER (WHERE pos_first = 1) AS journey_stage,
           max(tenant_id) FILTER (WHERE pos_first = 1) AS tenant,
           max(bot_release) FILTER (WHERE pos_first = 1) AS bot_release
    FROM positioned
    GROUP BY customer_id, intent, journey_no
),
units AS (
    SELECT p.period,
           CAST(j.intent AS VARCHAR) AS group_value,
           coalesce(j.contacts > 1, false) AS in_numerator,
           0 AS excluded_by,
           j.last_contact_at + INTERVAL 168 HOUR > (SELECT watermark_at FROM warehouse_meta) AS immature
    FROM journeys j
    JOIN periods p ON j.journey_start >= p.period_start AND j.journey_start < p.period_end
    WHERE (j.first_declared_outcome = 'resolved') IS TRUE
)
SELECT period,
       group_value,
       count(*) FILTER (WHERE excluded_by = 0 AND NOT immature) AS n,
       CASE WHEN count(*) FILTER (WHERE excluded_by = 0 AND NOT immature) > 0
            THEN count(*) FILTER (WHERE excluded_by = 0 AND NOT immature AND in_numerator)
                 / count(*) FILTER (WHERE excluded_by = 0 AND NOT immature)::DOUBLE
       END AS value,
       count(*) FILTER (WHERE excluded_by = 0 AND NOT immature AND in_numerator)::DOUBLE AS numerator,
       count(*) FILTER (WHERE excluded_by = 0 AND NOT immature)::DOUBLE AS denominator,
       count(*) FILTER (WHERE excluded_by = 0 AND immature) AS immature
FROM units
GROUP BY period, group_value
