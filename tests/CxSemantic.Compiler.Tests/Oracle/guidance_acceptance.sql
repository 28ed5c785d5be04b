-- metric: guidance_acceptance
-- group_by: suggestion_kind
-- note: Unit = suggestions row (primary key interaction_id, suggestion_seq), unit time = shown_at. suggestion_kind = suggestions.kind. Declared: no maturity.
-- note: numerator = accepted among all suggestions of the cell.
WITH units AS (
    SELECT p.period,
           CAST(s.kind AS VARCHAR) AS group_value,
           coalesce(s.accepted, false) AS accepted
    FROM suggestions s
    JOIN periods p ON s.shown_at >= p.period_start AND s.shown_at < p.period_end
)
SELECT period,
       group_value,
       count(*) AS n,
       count(*) FILTER (WHERE accepted) / count(*)::DOUBLE AS value,
       count(*) FILTER (WHERE accepted)::DOUBLE AS numerator,
       count(*)::DOUBLE AS denominator
FROM units
GROUP BY period, group_value
