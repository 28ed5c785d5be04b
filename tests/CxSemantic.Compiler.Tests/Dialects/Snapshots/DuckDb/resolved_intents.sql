-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: resolved_intents
-- dialect: DuckDb
-- query: group by []; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: resolved_intents v2: simple over journey intent_journey (stitched from interactions by customer_id, intent, gap > P7D); cells: 3 period(s) × []; inclusion 1, exclusions 0, confirmation NoRecontact
-- parameters: $1 = 'resolved' (string)
WITH "contacts" AS (
  SELECT "t0"."started_at" AS "t",
         "t0"."interaction_id" AS "pk0",
         "t0"."customer_id" AS "k0",
         COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") AS "k1",
         LAG("t0"."started_at") OVER (PARTITION BY "t0"."customer_id", COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") ORDER BY "t0"."started_at" ASC, "t0"."interaction_id" ASC) AS "previous_t",
         "t0"."end_reason" AS "c_end_reason"
  FROM "interactions" "t0"
  WHERE ("t0"."started_at" >= TIMESTAMPTZ '2025-12-24 23:00:00+00')
    AND ("t0"."started_at" < TIMESTAMPTZ '2026-04-14 22:00:00+00')
),
"marked" AS (
  SELECT "c".*,
         CASE WHEN (((("previous_t" IS NULL) OR ("t" > make_timestamptz(epoch_us("previous_t") + 604800000000))) OR ("k0" IS NULL)) OR ("k1" IS NULL)) THEN 1 ELSE 0 END AS "starts_journey"
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
         CASE WHEN ((COALESCE("next_starts", 1) = 1) OR ("next_t" >= make_timestamptz(epoch_us("journey_start_t") + 1209600000000))) THEN 1 ELSE 0 END AS "ends_journey"
  FROM "numbered" "n"
  WHERE ("t" < make_timestamptz(epoch_us("journey_start_t") + 1209600000000))
),
"journeys" AS (
  SELECT "k0" AS "k0",
         "k1" AS "k1",
         "journey_seq" AS "journey_seq",
         MIN("t") AS "journey_start",
         any_value("c_end_reason") FILTER (WHERE ("ends_journey" = 1)) AS "end_reason"
  FROM "viewed" "v"
  GROUP BY "k0", "k1", "journey_seq"
),
"units" AS (
  SELECT CASE WHEN ("u"."journey_start" < TIMESTAMPTZ '2026-01-31 23:00:00+00') THEN '2026-01-01' WHEN ("u"."journey_start" < TIMESTAMPTZ '2026-02-28 23:00:00+00') THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         1 AS "v",
         CASE WHEN ("u"."journey_start" <= make_timestamptz(epoch_us((SELECT MAX("w"."watermark_at") AS "watermark"
    FROM "warehouse_meta" "w")) - 1209600000000)) THEN 1 ELSE 0 END AS "mature"
  FROM "journeys" "u"
  WHERE ("u"."journey_start" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
    AND ("u"."journey_start" < TIMESTAMPTZ '2026-03-31 22:00:00+00')
    AND ("u"."end_reason" = $1)
)
SELECT "period" AS "period",
       COUNT(*) AS "included",
       COUNT(*) FILTER (WHERE ("mature" = 0)) AS "immature",
       COUNT(*) FILTER (WHERE ("mature" = 1)) AS "n",
       COUNT("v") FILTER (WHERE ("mature" = 1)) AS "value"
FROM "units" "units"
GROUP BY "period";
