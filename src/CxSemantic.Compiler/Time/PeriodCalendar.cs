using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using NodaTime;
using NodaTime.Text;

namespace CxSemantic.Compiler.Time;

/// <summary>One period of a query window: a label and its exact instants <c>[Start, End)</c>.</summary>
/// <param name="Label">Local start, e.g. <c>2026-03-30</c>, or <c>2026-03-29T03:00+02:00</c> for hours.</param>
/// <param name="Start">First instant included.</param>
/// <param name="End">First instant excluded.</param>
public sealed record ReportingPeriod(string Label, Instant Start, Instant End);

/// <summary>
/// Cuts a window of local dates into periods at local grain boundaries in an IANA zone, with
/// NodaTime: exact across DST changes (a local day can last 23 or 25 hours, an hour grain has a
/// missing or repeated local hour, which the offset in its label tells apart).
/// </summary>
public static class PeriodCalendar
{
    /// <summary>The most periods one query may have.</summary>
    public const int MaxPeriods = 10_000;

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly OffsetDateTimePattern HourPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<m>");

    /// <summary>The zone of a window (UTC when none is given).</summary>
    /// <exception cref="QueryException">The zone id is not an IANA zone, or longer than <see cref="QueryMessages.MaxTimeZoneLength"/>.</exception>
    public static DateTimeZone ZoneOf(TimeWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Zone is null)
        {
            return DateTimeZone.Utc;
        }

        if (window.Zone.Length > QueryMessages.MaxTimeZoneLength)
        {
            throw QueryMessages.TimeZoneTooLong(window.Zone.Length);
        }

        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(window.Zone)
            ?? throw QueryMessages.UnknownTimeZone(window.Zone);
    }

    /// <summary>The window as instants: local midnight of From and To in the zone.</summary>
    public static (Instant Start, Instant End) Bounds(TimeWindow window)
    {
        var zone = ZoneOf(window);
        if (window.To <= window.From)
        {
            throw QueryMessages.ReversedWindow("time window", window.From, window.To);
        }

        if (window.From < EarliestDate || window.To > LatestDate)
        {
            // Grain steps and comparison windows reach beyond the window (a year, the previous period):
            // bounding the dates keeps every instant the compiler derives inside what engines can hold.
            throw QueryMessages.WindowOutOfRange(window.From, window.To, EarliestDate, LatestDate);
        }

        return (zone.AtStartOfDay(window.From).ToInstant(), zone.AtStartOfDay(window.To).ToInstant());
    }

    /// <summary>The earliest 'from' a window may have.</summary>
    public static LocalDate EarliestDate { get; } = new(1900, 1, 1);

    /// <summary>The latest 'to' a window may have.</summary>
    public static LocalDate LatestDate { get; } = new(9000, 1, 1);

    /// <summary>The periods of a window: one spanning it without a grain, else one per grain step, clipped to the window.</summary>
    /// <exception cref="QueryException">Bad zone, empty window, or more than <see cref="MaxPeriods"/> periods.</exception>
    public static ImmutableArray<ReportingPeriod> Periods(TimeWindow window)
    {
        var (start, end) = Bounds(window);
        var zone = ZoneOf(window);
        if (window.Grain is not { } grain)
        {
            return [new ReportingPeriod($"{DatePattern.Format(window.From)}/{DatePattern.Format(window.To)}", start, end)];
        }

        var periods = ImmutableArray.CreateBuilder<ReportingPeriod>();
        if (grain == TimeGrain.Hour)
        {
            for (var t = start; t < end; t += Duration.FromHours(1))
            {
                Guard(periods.Count, window);
                var local = t.InZone(zone);
                var hourStart = zone.AtLeniently(local.LocalDateTime.Date.At(new LocalTime(local.Hour, 0))).ToInstant();
                var periodStart = hourStart < t ? t : hourStart;
                periods.Add(new ReportingPeriod(HourPattern.Format(periodStart.InZone(zone).ToOffsetDateTime()), periodStart, Min(t + Duration.FromHours(1), end)));
            }

            return periods.ToImmutable();
        }

        var aligned = Align(window.From, grain);
        while (aligned < window.To)
        {
            Guard(periods.Count, window);
            var next = Next(aligned, grain);
            var periodStart = aligned < window.From ? start : zone.AtStartOfDay(aligned).ToInstant();
            var periodEnd = next >= window.To ? end : zone.AtStartOfDay(next).ToInstant();
            periods.Add(new ReportingPeriod(DatePattern.Format(aligned), periodStart, periodEnd));
            aligned = next;
        }

        return periods.ToImmutable();
    }

    /// <summary>The window of equal length just before <paramref name="window"/> (for previous-period comparisons).</summary>
    public static TimeWindow Previous(TimeWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Grain is { } grain && Align(window.From, grain) == window.From && Align(window.To, grain) == window.To)
        {
            // Aligned windows step back by whole grains, so months of different lengths compare month to month.
            var steps = 0;
            for (var d = window.From; d < window.To; d = Next(d, grain))
            {
                steps++;
            }

            var from = window.From;
            for (var i = 0; i < steps; i++)
            {
                from = Back(from, grain);
            }

            return window with { From = from, To = window.From };
        }

        var days = NodaTime.Period.Between(window.From, window.To, PeriodUnits.Days).Days;
        return window with { From = window.From.PlusDays(-days), To = window.From };
    }

    /// <summary>
    /// Whether <paramref name="instant"/> is where a period of <paramref name="grain"/> starts in <paramref name="zone"/>
    /// (local midnight of a day, a Monday, a month's first day…): the periods of any grain that is a multiple of it
    /// start and end on such instants, so they are unions of its periods.
    /// </summary>
    public static bool IsBoundary(Instant instant, DateTimeZone zone, TimeGrain grain)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var date = instant.InZone(zone).Date;
        return grain == TimeGrain.Hour
            ? instant.InZone(zone).TimeOfDay is { Minute: 0, Second: 0, NanosecondOfSecond: 0 }
            : zone.AtStartOfDay(Align(date, grain)).ToInstant() == instant;
    }

    internal static LocalDate Align(LocalDate date, TimeGrain grain) => grain switch
    {
        TimeGrain.Day or TimeGrain.Hour => date,
        TimeGrain.Week => date.PlusDays(-((int)date.DayOfWeek - 1)),
        TimeGrain.Month => new LocalDate(date.Year, date.Month, 1),
        TimeGrain.Quarter => new LocalDate(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1),
        _ => new LocalDate(date.Year, 1, 1),
    };

    internal static LocalDate Next(LocalDate date, TimeGrain grain) => grain switch
    {
        TimeGrain.Day or TimeGrain.Hour => date.PlusDays(1),
        TimeGrain.Week => date.PlusWeeks(1),
        TimeGrain.Month => date.PlusMonths(1),
        TimeGrain.Quarter => date.PlusMonths(3),
        _ => date.PlusYears(1),
    };

    private static LocalDate Back(LocalDate date, TimeGrain grain) => grain switch
    {
        TimeGrain.Day or TimeGrain.Hour => date.PlusDays(-1),
        TimeGrain.Week => date.PlusWeeks(-1),
        TimeGrain.Month => date.PlusMonths(-1),
        TimeGrain.Quarter => date.PlusMonths(-3),
        _ => date.PlusYears(-1),
    };

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private static void Guard(int count, TimeWindow window)
    {
        if (count >= MaxPeriods)
        {
            throw QueryMessages.TooManyPeriods(window.From, window.To, window.Grain, MaxPeriods);
        }
    }
}
