using CxSemantic.Warehouse.Demo;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.Warehouse.Tests.Demo;

public class DemoTimeZoneTests
{
    public static TheoryData<string> Zones => new() { "Europe/Berlin", "America/New_York", "Asia/Singapore" };

    [Theory]
    [MemberData(nameof(Zones))]
    public void Coded_rules_agree_with_the_iana_database_every_half_hour_of_2026(string id)
    {
        var zone = id switch
        {
            "Europe/Berlin" => DemoTimeZone.Berlin,
            "America/New_York" => DemoTimeZone.NewYork,
            _ => DemoTimeZone.Singapore,
        };
        var iana = TimeZoneInfo.FindSystemTimeZoneById(id);
        for (var utc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc); utc.Year == 2026; utc = utc.AddMinutes(30))
        {
            Assert.Equal(iana.GetUtcOffset(utc), zone.OffsetAt(utc));
            var local = DateTime.SpecifyKind(utc + iana.GetUtcOffset(utc), DateTimeKind.Unspecified);
            if (!iana.IsAmbiguousTime(local))
            {
                Assert.Equal(utc, zone.ToUtc(local));
            }
        }
    }

    [Fact]
    public void Skipped_wall_times_move_an_hour_later_and_repeated_ones_take_the_earlier_instant()
    {
        // 2026-03-29 02:30 does not exist in Berlin; 2026-10-25 02:30 happens twice.
        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc), DemoTimeZone.Berlin.ToUtc(new DateTime(2026, 3, 29, 2, 30, 0)));
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc), DemoTimeZone.Berlin.ToUtc(new DateTime(2026, 10, 25, 2, 30, 0)));
        Assert.Equal(new DateTime(2026, 3, 8, 7, 30, 0, DateTimeKind.Utc), DemoTimeZone.NewYork.ToUtc(new DateTime(2026, 3, 8, 2, 30, 0)));
    }

    [Fact]
    public void Local_time_of_any_instant_converts_back_to_it_except_in_the_repeated_hour()
    {
        var zones = new[] { DemoTimeZone.Berlin, DemoTimeZone.NewYork, DemoTimeZone.Singapore };
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var instants = Gen.Choose(0, 11 * 366 * 24 * 60).Select(minutes => start.AddMinutes(minutes));
        Prop.ForAll(Arb.From(Gen.Zip(instants, Gen.Elements(zones))), pair =>
        {
            var (utc, zone) = pair;
            var local = DateTime.SpecifyKind(utc + zone.OffsetAt(utc), DateTimeKind.Unspecified);
            var back = zone.ToUtc(local);
            // In the repeated hour after fall-back, the earlier of the two instants is chosen.
            return back == utc || (back == utc.AddHours(-1) && zone.OffsetAt(back) != zone.OffsetAt(utc));
        }).QuickCheckThrowOnFailure();
    }
}
