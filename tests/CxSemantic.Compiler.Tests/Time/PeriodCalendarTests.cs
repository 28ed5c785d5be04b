using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Time;
using NodaTime;
using NodaTime.Text;

namespace CxSemantic.Compiler.Tests.Time;

public sealed class PeriodCalendarTests
{
    private static Instant I(string text) => InstantPattern.ExtendedIso.Parse(text).Value;

    private static TimeWindow W(string from, string to, string? zone, TimeGrain? grain) =>
        new(LocalDatePattern.Iso.Parse(from).Value, LocalDatePattern.Iso.Parse(to).Value, zone, grain);

    [Fact]
    public void Berlin_days_around_the_spring_change_last_24_23_24_hours()
    {
        var periods = PeriodCalendar.Periods(W("2026-03-28", "2026-03-31", "Europe/Berlin", TimeGrain.Day));
        Assert.Equal(["2026-03-28", "2026-03-29", "2026-03-30"], periods.Select(p => p.Label).ToArray());
        Assert.Equal([I("2026-03-27T23:00:00Z"), I("2026-03-28T23:00:00Z"), I("2026-03-29T22:00:00Z")], periods.Select(p => p.Start).ToArray());
        Assert.Equal([24, 23, 24], periods.Select(p => (int)(p.End - p.Start).TotalHours).ToArray());
    }

    [Fact]
    public void Berlin_autumn_day_lasts_25_hours()
    {
        var day = Assert.Single(PeriodCalendar.Periods(W("2026-10-25", "2026-10-26", "Europe/Berlin", TimeGrain.Day)));
        Assert.Equal(I("2026-10-24T22:00:00Z"), day.Start);
        Assert.Equal(I("2026-10-25T23:00:00Z"), day.End);
    }

    [Fact]
    public void New_York_hours_skip_two_oclock_in_spring_and_repeat_one_oclock_in_autumn()
    {
        var spring = PeriodCalendar.Periods(W("2026-03-08", "2026-03-09", "America/New_York", TimeGrain.Hour));
        Assert.Equal(23, spring.Length);
        Assert.Equal(["2026-03-08T00:00-05:00", "2026-03-08T01:00-05:00", "2026-03-08T03:00-04:00"], spring.Take(3).Select(p => p.Label).ToArray());

        var autumn = PeriodCalendar.Periods(W("2026-11-01", "2026-11-02", "America/New_York", TimeGrain.Hour));
        Assert.Equal(25, autumn.Length);
        Assert.Equal(["2026-11-01T00:00-04:00", "2026-11-01T01:00-04:00", "2026-11-01T01:00-05:00", "2026-11-01T02:00-05:00"], autumn.Take(4).Select(p => p.Label).ToArray());
        Assert.All(autumn, p => Assert.Equal(Duration.FromHours(1), p.End - p.Start));
    }

    [Fact]
    public void Weeks_are_iso_weeks_clipped_to_the_window()
    {
        var weeks = PeriodCalendar.Periods(W("2026-03-25", "2026-04-09", "Europe/Berlin", TimeGrain.Week));
        Assert.Equal(["2026-03-23", "2026-03-30", "2026-04-06"], weeks.Select(p => p.Label).ToArray());
        Assert.Equal(I("2026-03-24T23:00:00Z"), weeks[0].Start);      // clipped to the window's first day
        Assert.Equal(I("2026-03-29T22:00:00Z"), weeks[1].Start);      // Monday after the DST change
        Assert.Equal(I("2026-04-08T22:00:00Z"), weeks[2].End);        // clipped to the window's end
        Assert.Equal(Duration.FromHours(168), weeks[1].End - weeks[1].Start); // the week after the change is a full one
        Assert.Equal(Duration.FromHours((5 * 24) - 1), weeks[0].End - weeks[0].Start); // Wed..Sun, one hour short
    }

    [Fact]
    public void Months_quarters_and_years_align_to_calendar_boundaries()
    {
        Assert.Equal(["2026-01-01", "2026-02-01", "2026-03-01"], PeriodCalendar.Periods(W("2026-01-01", "2026-04-01", "UTC", TimeGrain.Month)).Select(p => p.Label).ToArray());
        Assert.Equal(["2026-01-01", "2026-04-01"], PeriodCalendar.Periods(W("2026-02-15", "2026-05-01", null, TimeGrain.Quarter)).Select(p => p.Label).ToArray());
        var year = Assert.Single(PeriodCalendar.Periods(W("2026-01-01", "2027-01-01", "America/New_York", TimeGrain.Year)));
        Assert.Equal(I("2026-01-01T05:00:00Z"), year.Start);
        Assert.Equal(I("2027-01-01T05:00:00Z"), year.End);
    }

    [Fact]
    public void Without_a_grain_the_window_is_one_period()
    {
        var period = Assert.Single(PeriodCalendar.Periods(W("2026-01-05", "2026-03-30", "Europe/Berlin", null)));
        Assert.Equal("2026-01-05/2026-03-30", period.Label);
        Assert.Equal(I("2026-01-04T23:00:00Z"), period.Start);
        Assert.Equal(I("2026-03-29T22:00:00Z"), period.End);
    }

    [Fact]
    public void Previous_windows_step_back_by_whole_grains()
    {
        Assert.Equal(W("2025-12-01", "2026-01-01", "UTC", TimeGrain.Month), PeriodCalendar.Previous(W("2026-01-01", "2026-02-01", "UTC", TimeGrain.Month)));
        Assert.Equal(W("2025-11-01", "2026-01-01", "UTC", TimeGrain.Month), PeriodCalendar.Previous(W("2026-01-01", "2026-03-01", "UTC", TimeGrain.Month)));
        Assert.Equal(W("2026-03-03", "2026-03-10", "UTC", null), PeriodCalendar.Previous(W("2026-03-10", "2026-03-17", "UTC", null)));
    }

    [Theory]
    [InlineData("2026-03-10", "2026-03-10", "UTC", "The time window ends (2026-03-10) before it starts (2026-03-10); 'to' is the first day not included, so it must be after 'from'.")]
    [InlineData("2026-01-01", "9999-12-31", "UTC", "The time window [2026-01-01, 9999-12-31) is outside the supported dates 1900-01-01 to 9000-01-01; give 'from' and 'to' within them.")]
    [InlineData("1800-01-01", "2026-01-01", "UTC", "The time window [1800-01-01, 2026-01-01) is outside the supported dates 1900-01-01 to 9000-01-01; give 'from' and 'to' within them.")]
    [InlineData("2026-01-01", "2026-02-01", "Europe/Berln", "Unknown time zone 'Europe/Berln'; use an IANA zone id such as Europe/Berlin or America/New_York.")]
    public void Bad_windows_are_refused_with_a_fix(string from, string to, string zone, string message)
    {
        var ex = Assert.Throws<QueryException>(() => PeriodCalendar.Periods(W(from, to, zone, TimeGrain.Day)));
        Assert.Equal(QueryErrorCodes.InvalidTimeRange, ex.Code);
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(1_048_576)]
    public void A_time_zone_id_longer_than_64_characters_is_refused_without_being_echoed(int length)
    {
        var ex = Assert.Throws<QueryException>(() => PeriodCalendar.Periods(W("2026-01-01", "2026-02-01", new string('Z', length), TimeGrain.Day)));
        Assert.Equal(QueryErrorCodes.InvalidTimeRange, ex.Code);
        Assert.Equal($"The time zone id has {length} characters; IANA zone ids have at most 64. Use one such as Europe/Berlin or America/New_York.", ex.Message);
    }

    [Fact]
    public void The_longest_IANA_zone_id_is_within_the_limit() =>
        Assert.InRange(DateTimeZoneProviders.Tzdb.Ids.Max(id => id.Length), 1, QueryMessages.MaxTimeZoneLength);

    [Fact]
    public void Too_many_periods_are_refused()
    {
        var ex = Assert.Throws<QueryException>(() => PeriodCalendar.Periods(W("2020-01-01", "2026-01-01", "UTC", TimeGrain.Hour)));
        Assert.Equal("The window 2020-01-01..2026-01-01 at grain Hour has more than 10000 periods; use a coarser grain or a shorter window.", ex.Message);
    }
}
