-- test: CxSemantic.Compiler.Tests.Dialects.SnapshotTests.Compiled_sql_matches_snapshot
-- metric: ai_customer_effort
-- dialect: DuckDb
-- query: group by [intent_complexity]; 2026-01-01 .. 2026-04-01 Europe/Berlin by Month; role cx_analyst

-- statement 1 of 1: ai_customer_effort v1: mean over journey intent_journey (stitched from interactions by customer_id, intent, gap > P7D); cells: 3 period(s) × [intent_complexity]; inclusion 1, exclusions 0, confirmation NoRecontact
-- parameters: $1 = 'customer' (string), $2 = 'bot' (string)
WITH "contacts" AS (
  SELECT "t0"."started_at" AS "t",
         "t0"."interaction_id" AS "pk0",
         "t0"."customer_id" AS "k0",
         COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") AS "k1",
         LAG("t0"."started_at") OVER (PARTITION BY "t0"."customer_id", COALESCE("t0"."intent_confirmed", "t0"."intent_predicted") ORDER BY "t0"."started_at" ASC, "t0"."interaction_id" ASC) AS "previous_t",
         "t0"."intent_complexity" AS "c_intent_complexity",
         "t0"."handled_by" AS "c_first_handled_by",
         (SELECT COUNT(*) AS "x"
    FROM "turns" "t0_r_customer_turns"
    WHERE ("t0_r_customer_turns"."interaction_id" = "t0"."interaction_id")
      AND ("t0_r_customer_turns"."actor" = $1)) AS "c_customer_turns",
         "t0"."customer_id" AS "c_customer_id"
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
         MAX(CASE WHEN ("starts_journey" = 1) THEN "t" END) OVER (PARTITION BY "k0", "k1" ORDER BY "t" ASC, "pk0" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "journey_start_t"
  FROM "marked" "m"
),
"viewed" AS (
  SELECT "n".*
  FROM "numbered" "n"
  WHERE ("t" < make_timestamptz(epoch_us("journey_start_t") + 1209600000000))
),
"journeys" AS (
  SELECT "k0" AS "k0",
         "k1" AS "k1",
         "journey_seq" AS "journey_seq",
         MIN("t") AS "journey_start",
         any_value("c_intent_complexity") FILTER (WHERE ("starts_journey" = 1)) AS "intent_complexity",
         any_value("c_first_handled_by") FILTER (WHERE ("starts_journey" = 1)) AS "first_handled_by",
         CAST(SUM("c_customer_turns") AS BIGINT) AS "customer_turns",
         any_value("c_customer_id") FILTER (WHERE ("starts_journey" = 1)) AS "customer_id"
  FROM "viewed" "v"
  GROUP BY "k0", "k1", "journey_seq"
),
"units" AS (
  SELECT CASE WHEN ("u"."journey_start" < TIMESTAMPTZ '2026-01-31 23:00:00+00') THEN '2026-01-01' WHEN ("u"."journey_start" < TIMESTAMPTZ '2026-02-28 23:00:00+00') THEN '2026-02-01' ELSE '2026-03-01' END AS "period",
         "u"."intent_complexity" AS "g0",
         CAST("u"."customer_turns" AS DOUBLE) AS "v",
         "u"."customer_id" AS "cluster",
         CASE WHEN ("u"."journey_start" <= make_timestamptz(epoch_us((SELECT MAX("w"."watermark_at") AS "watermark"
    FROM "warehouse_meta" "w")) - 1209600000000)) THEN 1 ELSE 0 END AS "mature"
  FROM "journeys" "u"
  WHERE ("u"."journey_start" >= TIMESTAMPTZ '2025-12-31 23:00:00+00')
    AND ("u"."journey_start" < TIMESTAMPTZ '2026-03-31 22:00:00+00')
    AND ("u"."first_handled_by" = $2)
),
"clusters" AS (
  SELECT "period" AS "period",
         "g0" AS "g0",
         "cluster" AS "cluster",
         COUNT(*) AS "included",
         COUNT(*) FILTER (WHERE ("mature" = 0)) AS "immature",
         COUNT(*) FILTER (WHERE ("mature" = 1)) AS "n",
         COUNT("v") FILTER (WHERE ("mature" = 1)) AS "cnt",
         SUM("v") FILTER (WHERE ("mature" = 1)) AS "total",
         COALESCE((VAR_SAMP(CASE WHEN ("mature" = 1) THEN "v" END) * (COUNT("v") FILTER (WHERE ("mature" = 1)) - 1)), 0) AS "ss"
  FROM "units" "units"
  GROUP BY "period", "g0", "cluster"
),
"centred" AS (
  SELECT "c".*,
         (CAST(SUM("total") OVER (PARTITION BY "period", "g0") AS DOUBLE) / NULLIF(SUM("cnt") OVER (PARTITION BY "period", "g0"), 0)) AS "cell_mean"
  FROM "clusters" "c"
)
SELECT "period" AS "period",
       "g0" AS "g0",
       SUM("included") AS "included",
       SUM("immature") AS "immature",
       SUM("n") AS "n",
       SUM("cnt") AS "cnt",
       SUM("total") AS "total",
       (SUM("ss") + SUM((CAST((("total" - ("cell_mean" * "cnt")) * ("total" - ("cell_mean" * "cnt"))) AS DOUBLE) / NULLIF("cnt", 0)))) AS "ss",
       COUNT(*) FILTER (WHERE ("cnt" > 0)) AS "clusters",
       SUM((("total" - ("cell_mean" * "cnt")) * ("total" - ("cell_mean" * "cnt")))) AS "cluster_ss"
FROM "centred" "centred"
GROUP BY "period", "g0";
