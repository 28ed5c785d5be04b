using System.Collections.Immutable;
using NodaTime;
using NodaTime.Text;

namespace CxSemantic.Compiler.Tests.Oracle;

/// <summary>One period of an oracle run: units with <c>Start ≤ unit time &lt; End</c> belong to it.</summary>
public sealed record OraclePeriod(string Label, Instant Start, Instant End)
{
    /// <summary>The label of the single period of a window without grain.</summary>
    public const string WholeWindow = "all";

    /// <summary>
    /// The periods of the window [<paramref name="from"/>, <paramref name="to"/>) of local dates in the IANA zone
    /// <paramref name="zoneId"/>, cut at local boundaries (local midnight, ISO weeks from Monday, months); without a grain,
    /// one period labelled <see cref="WholeWindow"/>. A period is labelled by its local start date (uuuu-MM-dd); the first and
    /// last periods are clipped to the window but keep the label of their natural start.
    /// </summary>
    public static ImmutableArray<OraclePeriod> For(LocalDate from, LocalDate to, string zoneId, OracleGrain grain = OracleGrain.None)
    {
        if (to <= from)
        {
            throw new ArgumentException($"Empty window {from}..{to}.", nameof(to));
        }

        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        Instant At(LocalDate date) => zone.AtStartOfDay(date).ToInstant();
        if (grain == OracleGrain.None)
        {
            return [new OraclePeriod(WholeWindow, At(from), At(to))];
        }

        var periods = ImmutableArray.CreateBuilder<OraclePeriod>();
        for (var start = Truncate(from, grain); start < to; start = Next(start, grain))
        {
            var clippedStart = start < from ? from : start;
            var end = Next(start, grain);
            var clippedEnd = end > to ? to : end;
            periods.Add(new OraclePeriod(LocalDatePattern.Iso.Format(start), At(clippedStart), At(clippedEnd)));
        }

        return periods.ToImmutable();
    }

    /// <summary>Whole UTC window without grain (e.g. the demo data's range 2026-01-01..2026-07-01).</summary>
    public static ImmutableArray<OraclePeriod> Utc(LocalDate from, LocalDate to) => For(from, to, "Etc/UTC");

    private static LocalDate Truncate(LocalDate date, OracleGrain grain) => grain switch
    {
        OracleGrain.Day => date,
        OracleGrain.Week => date.PlusDays(-((int)date.DayOfWeek - (int)IsoDayOfWeek.Monday)),
        OracleGrain.Month => new LocalDate(date.Year, date.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, null),
    };

    private static LocalDate Next(LocalDate start, OracleGrain grain) => grain switch
    {
        OracleGrain.Day => start.PlusDays(1),
        OracleGrain.Week => start.PlusWeeks(1),
        OracleGrain.Month => start.PlusMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, null),
    };
}

/// <summary>Grains the oracle's period builder supports.</summary>
public enum OracleGrain
{
    /// <summary>One period for the whole window.</summary>
    None,

    /// <summary>Local days.</summary>
    Day,

    /// <summary>ISO weeks starting Monday.</summary>
    Week,

    /// <summary>Calendar months.</summary>
    Month,
}
