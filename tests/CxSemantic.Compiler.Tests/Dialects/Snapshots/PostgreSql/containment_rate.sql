-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: containment_rate
-- dialect: PostgreSql
-- query: group by [intent_complexity]; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: containment_rate v4: ratio over journey intent_journey (stitched from interactions by customer_id, intent, gap > P7D); cells: 3 period(s) × [intent_complexity]; inclusion 1, exclusions 0, confirmation NoRecontact
-- parameters: $1 = 'bot' (string), $2 = 'resolved' (string)
WITH "contacts" AS (
  SELECT "t0"."started_at" AS "t",
         "t0"."interaction_id" AS "pk0",
         "t0"."customer_id" AS "k0",
         COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") AS "k1",
         LAG("t0"."started_at") OVER (PARTITION BY "t0"."customer_id", COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") ORDER BY "t0"."started_at" ASC, "t0"."interaction_id" ASC) AS "previous_t",
         "t0"."intent_complexity" AS "c_intent_complexity",
         CASE WHEN "t0"."eligible_for_automation" THEN 1 ELSE 0 END AS "c_eligible_for_automation",
         1 AS "c_contacts",
         CASE WHEN ("t0"."handled_by" = $1) THEN 0 ELSE 1 END AS "c_human_contacts",
         "t0"."end_reason" AS "c_end_reason",
         "t0"."customer_id" AS "c_customer_id"
  FROM "interactions" "t0"
  WHERE ("t0"."started_at" >= CAST('2025-12-24 23:00:00+00' AS TIMESTAMPTZ))
    AND ("t0"."started_at" < CAST('2026-04-14 22:00:00+00' AS TIMESTAMPTZ))
),
"marked" AS (
  SELECT "c".*,
         CASE WHEN (((("previous_t" IS NULL) OR ("t" > ("previous_t" + INTERVAL '604800 seconds'))) OR ("k0" IS NULL)) OR ("k1" IS NULL)) THEN 1 ELSE 0 END AS "starts_journey"
  FROM "contacts" "c"
),
"numbered" AS (
  SELECT "m".*,
         SUM("starts_journey") OVER (PARTITION BY "k0", "k1" ORDER BY "t" ASC, "pk0" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "journey_seq",
         MAX(CASE WHEN ("starts_journey" = 1) THEN "t" END) OVER (PARTITION BY "k0", "k1" ORDER BY "t" ASC, "pk0" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "journey_start_t",
         LEAD("starts_journey") OVER (PARTITION BY "k0", "k1" ORDER BY "t" ASC, "pk0" ASC) AS "next_starts",
         LEAD("t") OVER (PARTITION BY "k0", "k1" ORDER BY "t" ASC, "pk0" ASC) AS "next_t"
  FROM "marked" "m"
),
"viewed" AS (
  SELECT "n".*,
         CASE WHEN ((COALESCE("next_starts", 1) = 1) OR ("next_t" >= ("journey_start_t" + INTERVAL '1209600 seconds'))) THEN 1 ELSE 0 END AS "ends_journey"
  FROM "numbered" "n"
  WHERE ("t" < ("journey_start_t" + INTERVAL '1209600 seconds'))
),
"journeys" AS (
  SELECT "k0" AS "k0",
         "k1" AS "k1",
         "journey_seq" AS "journey_seq",
         MIN("t") AS "journey_start",
         MAX("c_intent_complexity") FILTER (WHERE ("starts_journey" = 1)) AS "intent_complexity",
         MAX("c_eligible_for_automation") FILTER (WHERE ("starts_journey" = 1)) AS "eligible_for_automation",
         COUNT(*) AS "contacts",
         CAST(SUM("c_human_contacts") AS BIGINT) AS "human_contacts",
         MAX("c_end_reason") FILTER (WHERE ("ends_journey" = 1)) AS "end_reason",
         MAX("c_customer_id") FILTER (WHERE ("starts_journey" = 1)) AS "customer_id"
  FROM "viewed" "v"
  GROUP BY "k0", "k1", "journey_seq"
),
"units" AS (
  SELECT CASE WHEN ("u"."journey_start" < CAST('2026-01-31 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-01-01' WHEN ("u"."journey_start" < CAST('2026-02-28 23:00:00+00' AS TIMESTAMPTZ)) THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         "u"."intent_complexity" AS "g0",
         CASE WHEN ((("u"."contacts" = 1) AND ("u"."human_contacts" = 0)) AND ("u"."end_reason" = $2)) THEN 1 ELSE 0 END AS "num",
         "u"."customer_id" AS "cluster",
         CASE WHEN ("u"."journey_start" <= ((SELECT MAX("w"."watermark_at") AS "watermark"
    FROM "warehouse_meta" "w") + INTERVAL '-1209600 seconds')) THEN 1 ELSE 0 END AS "mature"
  FROM "journeys" "u"
  WHERE ("u"."journey_start" >= CAST('2025-12-31 23:00:00+00' AS TIMESTAMPTZ))
    AND ("u"."journey_start" < CAST('2026-03-31 22:00:00+00' AS TIMESTAMPTZ))
    AND ("u"."eligible_for_automation" = 1)
),
"clusters" AS (
  SELECT "period" AS "period",
         "g0" AS "g0",
         "cluster" AS "cluster",
         COUNT(*) AS "included",
         COUNT(*) FILTER (WHERE ("mature" = 0)) AS "immature",
         COUNT(*) FILTER (WHERE ("mature" = 1)) AS "n",
         COUNT(*) FILTER (WHERE (("mature" = 1) AND ("num" = 1))) AS "num"
  FROM "units" "units"
  GROUP BY "period", "g0", "cluster"
)
SELECT "period" AS "period",
       "g0" AS "g0",
       SUM("included") AS "included",
       SUM("immature") AS "immature",
       SUM("n") AS "n",
       SUM("num") AS "num",
       COUNT(*) FILTER (WHERE ("n" > 0)) AS "clusters",
       SUM(("n" * "n")) AS "units_sq",
       SUM(("num" * "num")) AS "totals_sq",
       SUM(("n" * "num")) AS "units_totals"
FROM "clusters" "clusters"
GROUP BY "period", "g0";
