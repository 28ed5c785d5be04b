using System.Collections.Immutable;
using System.Globalization;
using DuckDB.NET.Data;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Oracle;

/// <summary>
/// One intent journey stitched procedurally (the second, independent method the SQL stitch is checked against), read over
/// its view: the contacts that started before <see cref="Start"/> + the horizon.
/// </summary>
public sealed record ProceduralJourney(
    string Customer,
    string Intent,
    Instant Start,
    Instant ResolvedAt,
    int Contacts,
    string FirstHandledBy,
    string LastHandledBy,
    string LastEndReason,
    string? FirstDeclaredOutcome,
    int HumanContacts,
    bool EverRageQuit,
    bool AnyForcedTermination,
    string FirstIntentComplexity,
    bool FirstEligible,
    bool FirstProactive,
    string? Segment,
    long CustomerTurns,
    long PolicyIncidents,
    bool Contradicted,
    double Cost);

/// <summary>The journey-metric rules of a metric, for a procedural count of its cells.</summary>
/// <param name="Value">A unit's contribution to the numerator: 1 or 0 for a ratio of counts, the expression for a mean.</param>
/// <param name="LookAhead">The longest <c>within</c> of the related facts the metric reads (maturity: start + horizon + look-ahead).</param>
public sealed record ProceduralJourneyMetric(
    string Metric,
    Func<ProceduralJourney, string?> Group,
    Func<ProceduralJourney, bool> Include,
    ImmutableArray<Func<ProceduralJourney, bool>> Exclusions,
    Func<ProceduralJourney, double> Value,
    Duration LookAhead)
{
    /// <summary>A ratio of counts: the numerator condition counts 1.</summary>
    public ProceduralJourneyMetric(
        string metric, Func<ProceduralJourney, string?> group, Func<ProceduralJourney, bool> include,
        ImmutableArray<Func<ProceduralJourney, bool>> exclusions, Func<ProceduralJourney, bool> numerator)
        : this(metric, group, include, exclusions, j => numerator(j) ? 1 : 0, Duration.Zero)
    {
    }

    /// <summary>
    /// The cells of the metric over <paramref name="journeys"/>: the first matching exclusion removes a unit, then units whose
    /// start + horizon + look-ahead is after the watermark are immature.
    /// </summary>
    public IReadOnlyList<OracleRow> Cells(IEnumerable<ProceduralJourney> journeys, IReadOnlyList<OraclePeriod> periods, Instant watermark) =>
        [.. (from journey in journeys
             from period in periods
             where journey.Start >= period.Start && journey.Start < period.End && Include(journey)
             group journey by (period.Label, Group: Group(journey)) into cell
             select Cell(cell.Key.Label, cell.Key.Group, [.. cell], watermark))
            .OrderBy(r => r.Period, StringComparer.Ordinal)
            .ThenBy(r => r.GroupValue, StringComparer.Ordinal)];

    private OracleRow Cell(string period, string? group, List<ProceduralJourney> included, Instant watermark)
    {
        var excluded = new long[Exclusions.Length];
        var (n, numerator, immature) = (0L, 0.0, 0L);
        foreach (var journey in included)
        {
            var exclusion = Exclusions.Select((rule, k) => (rule, k)).FirstOrDefault(e => e.rule(journey), (rule: _ => false, k: -1)).k;
            if (exclusion >= 0)
            {
                excluded[exclusion]++;
            }
            else if (journey.Start + ProceduralJourneys.Horizon + LookAhead > watermark)
            {
                immature++;
            }
            else
            {
                n++;
                numerator += Value(journey);
            }
        }

        return new OracleRow(period, group, n, n == 0 ? null : numerator / n, numerator, n, immature, [.. excluded]);
    }
}

/// <summary>
/// Stitches <c>intent_journey</c> in C# over the WHOLE history (no read-from bound at all), walking each identity's
/// contacts in order and starting a new journey when the gap to the previous contact's start exceeds 7 days; each
/// journey keeps only the contacts that started within 14 days of its start (the view). Related facts are looked up per
/// contact from the raw rows (turns, policy events, linked system events, cost rates).
/// </summary>
public static class ProceduralJourneys
{
    public static readonly Duration Window = Duration.FromDays(7);

    public static readonly Duration Horizon = Duration.FromDays(14);

    private const string ContactsSql =
        """
        SELECT i.customer_id, coalesce(i.intent_confirmed, i.intent_predicted) AS intent, i.started_at, i.interaction_id,
               i.handled_by, i.end_reason, i.declared_outcome, i.intent_complexity, i.eligible_for_automation, c.segment,
               i.ended_at, i.proactive, i.channel, i.handle_seconds
        FROM interactions i LEFT JOIN customers c ON c.customer_id = i.customer_id
        """;

    private sealed record Contact(
        string Customer, string Intent, Instant Start, long Id, string HandledBy, string EndReason,
        string? DeclaredOutcome, string IntentComplexity, bool Eligible, string? Segment,
        Instant End, bool Proactive, string Channel, double HandleSeconds);

    /// <summary>A cost rate of <c>cost_rates</c>, its DATE validity read as midnight UTC.</summary>
    public sealed record CostRate(string Channel, string Actor, DateTime From, DateTime? To, double PerMinute, double Overhead);

    public static ImmutableArray<CostRate> CostRates(DuckDBConnection connection) =>
        [.. connection.QueryRows("SELECT channel, actor, effective_from, effective_to, cost_per_minute, overhead_per_interaction FROM cost_rates")
            .Select(r => new CostRate((string)r[0]!, (string)r[1]!, ToUtcMidnight(r[2]!), r[3] is null ? null : ToUtcMidnight(r[3]!),
                Convert.ToDouble(r[4], CultureInfo.InvariantCulture), Convert.ToDouble(r[5], CultureInfo.InvariantCulture)))];

    /// <summary>The cost of one contact at the single rate in force when it started (bot rates for bot-only contacts).</summary>
    public static double ContactCost(IEnumerable<CostRate> rates, string channel, string handledBy, Instant started, double handleSeconds)
    {
        var actor = handledBy == "bot" ? "bot" : "agent";
        var at = started.ToDateTimeUtc();
        var rate = rates.Single(r => r.Channel == channel && r.Actor == actor && at >= r.From && (r.To is null || at < r.To));
        return handleSeconds / 60.0 * rate.PerMinute + rate.Overhead;
    }

    public static ImmutableArray<ProceduralJourney> Stitch(DuckDBConnection connection)
    {
        var rates = CostRates(connection);
        var customerTurns = connection.QueryRows("SELECT interaction_id, actor FROM turns")
            .Where(r => (string)r[1]! == "customer")
            .GroupBy(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var incidents = connection.QueryRows("SELECT interaction_id, severity FROM policy_events")
            .Where(r => (string)r[1]! is "violation" or "near_miss")
            .GroupBy(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var linkedEvents = connection.QueryRows("SELECT interaction_id, event_type, occurred_at FROM system_events")
            .Where(r => r[0] is not null)
            .ToLookup(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture), r => (Type: (string)r[1]!, At: Instant.FromDateTimeUtc((DateTime)r[2]!)));

        bool Contradicted(Contact c) => linkedEvents[c.Id].Any(e =>
            (e.Type is "complaint" or "dispute_filed" || (e.Type == "account_closed" && c.Intent != "cancel_subscription"))
            && e.At >= c.Start && e.At <= c.Start + Duration.FromDays(7));

        ProceduralJourney Close(List<Contact> run)
        {
            var view = run.TakeWhile(c => c.Start < run[0].Start + Horizon).ToList();
            var (first, last) = (view[0], view[^1]);
            return new ProceduralJourney(
                first.Customer, first.Intent, first.Start, last.End, view.Count,
                first.HandledBy, last.HandledBy, last.EndReason, first.DeclaredOutcome,
                view.Count(c => c.HandledBy != "bot"),
                view.Any(c => c.EndReason == "rage_quit"),
                view.Any(c => c.EndReason == "forced_termination"),
                first.IntentComplexity, first.Eligible, first.Proactive, first.Segment,
                view.Sum(c => customerTurns.GetValueOrDefault(c.Id)),
                view.Sum(c => incidents.GetValueOrDefault(c.Id)),
                view.Any(Contradicted),
                view.Sum(c => ContactCost(rates, c.Channel, c.HandledBy, c.Start, c.HandleSeconds)));
        }

        var contacts = connection.QueryRows(ContactsSql)
            .Select(r => new Contact(
                (string)r[0]!, (string)r[1]!, Instant.FromDateTimeUtc((DateTime)r[2]!), Convert.ToInt64(r[3], CultureInfo.InvariantCulture),
                (string)r[4]!, (string)r[5]!, (string?)r[6], (string)r[7]!, (bool)r[8]!, (string?)r[9],
                Instant.FromDateTimeUtc((DateTime)r[10]!), (bool)r[11]!, (string)r[12]!, Convert.ToDouble(r[13], CultureInfo.InvariantCulture)))
            .OrderBy(c => c.Customer, StringComparer.Ordinal)
            .ThenBy(c => c.Intent, StringComparer.Ordinal)
            .ThenBy(c => c.Start)
            .ThenBy(c => c.Id);

        var journeys = ImmutableArray.CreateBuilder<ProceduralJourney>();
        var current = new List<Contact>();
        foreach (var contact in contacts)
        {
            var previous = current.Count == 0 ? null : current[^1];
            if (previous is not null
                && (previous.Customer != contact.Customer || previous.Intent != contact.Intent || contact.Start - previous.Start > Window))
            {
                journeys.Add(Close(current));
                current.Clear();
            }

            current.Add(contact);
        }

        if (current.Count > 0)
        {
            journeys.Add(Close(current));
        }

        return journeys.ToImmutable();
    }

    private static bool Contained(ProceduralJourney j) => j.Contacts == 1 && j.HumanContacts == 0 && j.LastEndReason == "resolved";

    /// <summary>The journey metrics, restated from their definitions with the oracle files' group_by.</summary>
    public static ImmutableArray<ProceduralJourneyMetric> Metrics { get; } =
    [
        new("containment_rate", j => j.FirstIntentComplexity, j => j.FirstEligible, [], Contained),
        new("safe_automation_rate", j => j.FirstIntentComplexity, j => j.FirstEligible, [], j => Contained(j) && j.PolicyIncidents == 0),
        new("intent_fcr", j => j.Segment, _ => true,
            [j => j.AnyForcedTermination], j => j.Contacts == 1 && j.FirstDeclaredOutcome == "resolved"),
        new("recontact_rate", j => j.FirstHandledBy, _ => true, [], j => j.Contacts > 1),
        new("silent_failure_rate", j => j.Intent, j => j.FirstDeclaredOutcome == "resolved", [], j => j.Contacts > 1 || j.Contradicted ? 1 : 0, Duration.FromDays(7)),
        new("resolved_intents", j => j.Segment, j => j.LastEndReason == "resolved", [], _ => true),
        new("self_service_completion_time", j => j.FirstIntentComplexity, j => j.FirstHandledBy == "bot" && j.LastEndReason == "resolved",
            [j => j.FirstProactive], j => (j.ResolvedAt - j.Start).TotalSeconds, Duration.Zero),
        new("ai_customer_effort", j => j.FirstIntentComplexity, j => j.FirstHandledBy == "bot", [], j => j.CustomerTurns, Duration.Zero),
    ];

    private static DateTime ToUtcMidnight(object date) => date switch
    {
        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        DateTime t => DateTime.SpecifyKind(t.Date, DateTimeKind.Utc),
        _ => throw new InvalidCastException(date.GetType().Name),
    };
}
