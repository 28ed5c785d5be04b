namespace CxSemantic.Warehouse.Demo;

/// <summary>
/// A fixed-rule time zone for placing demo traffic in customers' local business hours. The rules are coded,
/// not read from the OS time-zone database, so the generated data is identical on every machine.
/// </summary>
internal sealed class DemoTimeZone
{
    private enum DstRule
    {
        None,

        /// <summary>EU: last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC.</summary>
        EuropeanUnion,

        /// <summary>US: second Sunday of March 02:00 local standard time to first Sunday of November 02:00 local daylight time.</summary>
        UnitedStates,
    }

    private readonly TimeSpan _standardOffset;
    private readonly DstRule _rule;

    private DemoTimeZone(string id, TimeSpan standardOffset, DstRule rule)
    {
        Id = id;
        _standardOffset = standardOffset;
        _rule = rule;
    }

    public static DemoTimeZone Berlin { get; } = new("Europe/Berlin", TimeSpan.FromHours(1), DstRule.EuropeanUnion);

    public static DemoTimeZone NewYork { get; } = new("America/New_York", TimeSpan.FromHours(-5), DstRule.UnitedStates);

    public static DemoTimeZone Singapore { get; } = new("Asia/Singapore", TimeSpan.FromHours(8), DstRule.None);

    public string Id { get; }

    /// <summary>Daylight-saving period of <paramref name="year"/> as UTC instants [start, end).</summary>
    public (DateTime Start, DateTime End) DaylightSaving(int year) => _rule switch
    {
        DstRule.EuropeanUnion => (LastSunday(year, 3).AddHours(1), LastSunday(year, 10).AddHours(1)),
        DstRule.UnitedStates => (
            NthSunday(year, 3, 2).AddHours(2) - _standardOffset,
            NthSunday(year, 11, 1).AddHours(2) - _standardOffset - TimeSpan.FromHours(1)),
        _ => (DateTime.MinValue, DateTime.MinValue),
    };

    public TimeSpan OffsetAt(DateTime utc)
    {
        var (start, end) = DaylightSaving(utc.Year);
        return utc >= start && utc < end ? _standardOffset + TimeSpan.FromHours(1) : _standardOffset;
    }

    /// <summary>
    /// The UTC instant of a local wall time. Wall times skipped by spring-forward move an hour later;
    /// repeated wall times at fall-back take the earlier instant (as IANA-aware schedulers do).
    /// </summary>
    public DateTime ToUtc(DateTime local)
    {
        var daylight = DateTime.SpecifyKind(local - _standardOffset - TimeSpan.FromHours(1), DateTimeKind.Utc);
        if (_rule != DstRule.None && OffsetAt(daylight) != _standardOffset)
        {
            return daylight;
        }

        return DateTime.SpecifyKind(local - _standardOffset, DateTimeKind.Utc);
    }

    private static DateTime LastSunday(int year, int month)
    {
        var last = new DateTime(year, month, DateTime.DaysInMonth(year, month), 0, 0, 0, DateTimeKind.Utc);
        return last.AddDays(-(int)last.DayOfWeek);
    }

    private static DateTime NthSunday(int year, int month, int n)
    {
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc);
        var firstSunday = first.AddDays((7 - (int)first.DayOfWeek) % 7);
        return firstSunday.AddDays(7 * (n - 1));
    }
}
