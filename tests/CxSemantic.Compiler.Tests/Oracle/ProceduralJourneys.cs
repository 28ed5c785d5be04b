using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.DuckDb;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Oracle;

/// <summary>One intent journey stitched procedurally (the second, independent method the SQL stitch is checked against).</summary>
public sealed record ProceduralJourney(
    string Customer,
    string Intent,
    Instant Start,
    Instant LastContact,
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
    string? Segment);

/// <summary>The journey-metric rules of a metric, for a procedural count of its cells.</summary>
public sealed record ProceduralJourneyMetric(
    string Metric,
    Func<ProceduralJourney, string?> Group,
    Func<ProceduralJourney, bool> Include,
    ImmutableArray<Func<ProceduralJourney, bool>> Exclusions,
    Func<ProceduralJourney, bool> Numerator)
{
    /// <summary>
    /// The cells of the metric over <paramref name="journeys"/>: the first matching exclusion removes a unit, then units whose
    /// last contact + 7 days is after the watermark are immature.
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
        var (n, numerator, immature) = (0L, 0L, 0L);
        foreach (var journey in included)
        {
            var exclusion = Exclusions.Select((rule, k) => (rule, k)).FirstOrDefault(e => e.rule(journey), (rule: _ => false, k: -1)).k;
            if (exclusion >= 0)
            {
                excluded[exclusion]++;
            }
            else if (journey.LastContact + ProceduralJourneys.Window > watermark)
            {
                immature++;
            }
            else
            {
                n++;
                numerator += Numerator(journey) ? 1 : 0;
            }
        }

        return new OracleRow(period, group, n, n == 0 ? null : numerator / (double)n, numerator, n, immature, [.. excluded]);
    }
}

/// <summary>
/// Stitches <c>intent_journey</c> in C# over the WHOLE history (no read-from bound at all), walking each identity's
/// contacts in order and starting a new journey when the gap to the previous contact's start exceeds 7 days.
/// </summary>
public static class ProceduralJourneys
{
    public static readonly Duration Window = Duration.FromDays(7);

    private const string ContactsSql =
        """
        SELECT i.customer_id, coalesce(i.intent_confirmed, i.intent_predicted) AS intent, i.started_at, i.interaction_id,
               i.handled_by, i.end_reason, i.declared_outcome, i.intent_complexity, i.eligible_for_automation, c.segment
        FROM interactions i LEFT JOIN customers c ON c.customer_id = i.customer_id
        """;

    private sealed record Contact(
        string Customer, string Intent, Instant Start, long Id, string HandledBy, string EndReason,
        string? DeclaredOutcome, string IntentComplexity, bool Eligible, string? Segment);

    public static ImmutableArray<ProceduralJourney> Stitch(DuckDbConnection connection)
    {
        var contacts = connection.QueryRows(ContactsSql)
            .Select(r => new Contact(
                (string)r[0]!, (string)r[1]!, Instant.FromDateTimeUtc((DateTime)r[2]!), Convert.ToInt64(r[3], CultureInfo.InvariantCulture),
                (string)r[4]!, (string)r[5]!, (string?)r[6], (string)r[7]!, (bool)r[8]!, (string?)r[9]))
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

    private static ProceduralJourney Close(List<Contact> contacts)
    {
        var (first, last) = (contacts[0], contacts[^1]);
        return new ProceduralJourney(
            first.Customer, first.Intent, first.Start, last.Start, contacts.Count,
            first.HandledBy, last.HandledBy, last.EndReason, first.DeclaredOutcome,
            contacts.Count(c => c.HandledBy != "bot"),
            contacts.Any(c => c.EndReason == "rage_quit"),
            contacts.Any(c => c.EndReason == "forced_termination"),
            first.IntentComplexity, first.Eligible, first.Segment);
    }

    /// <summary>The journey metrics, restated from their definitions with the oracle files' group_by.</summary>
    public static ImmutableArray<ProceduralJourneyMetric> Metrics { get; } =
    [
        new("containment_rate", j => j.FirstIntentComplexity, j => j.FirstEligible,
            [j => j.AnyForcedTermination, j => j.EverRageQuit], j => j.LastHandledBy == "bot" && j.HumanContacts == 0),
        new("safe_automation_rate", j => j.FirstIntentComplexity, j => j.FirstEligible,
            [], j => j.LastHandledBy == "bot" && j.HumanContacts == 0 && !j.EverRageQuit && !j.AnyForcedTermination),
        new("intent_fcr", j => j.Segment, _ => true,
            [j => j.AnyForcedTermination], j => j.Contacts == 1 && j.FirstDeclaredOutcome == "resolved"),
        new("recontact_rate", j => j.FirstHandledBy, _ => true, [], j => j.Contacts > 1),
        new("silent_failure_rate", j => j.Intent, j => j.FirstDeclaredOutcome == "resolved", [], j => j.Contacts > 1),
        new("resolved_intents", j => j.Segment, j => j.LastEndReason == "resolved", [], _ => true),
    ];
}
