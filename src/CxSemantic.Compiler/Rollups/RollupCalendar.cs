using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler.Rollups;

/// <summary>One partition of a rollup: the unit of refresh, whole buckets from <see cref="From"/> to <see cref="To"/> (local dates).</summary>
/// <param name="Key">Its local start date (ISO), e.g. <c>2026-03-01</c>.</param>
/// <param name="From">First local date.</param>
/// <param name="To">First local date after it.</param>
/// <param name="Start">First instant.</param>
/// <param name="End">First instant after it.</param>
public sealed record RollupPartition(string Key, LocalDate From, LocalDate To, Instant Start, Instant End);

/// <summary>Buckets and partitions of a rollup, cut in its zone by <see cref="PeriodCalendar"/>.</summary>
public static class RollupCalendar
{
    /// <summary>The query grain of a rollup grain.</summary>
    public static TimeGrain GrainOf(RollupGrain grain) => grain switch
    {
        RollupGrain.Day => TimeGrain.Day,
        RollupGrain.Week => TimeGrain.Week,
        RollupGrain.Month => TimeGrain.Month,
        RollupGrain.Quarter => TimeGrain.Quarter,
        _ => TimeGrain.Year,
    };

    /// <summary>The rollup's zone.</summary>
    public static DateTimeZone ZoneOf(Rollup rollup)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        return DateTimeZoneProviders.Tzdb[rollup.Zone];
    }

    /// <summary>The partitions that hold every instant from <paramref name="first"/> to <paramref name="last"/> (inclusive).</summary>
    public static ImmutableArray<RollupPartition> Partitions(Rollup rollup, Instant first, Instant last)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        var zone = ZoneOf(rollup);
        var grain = GrainOf(rollup.PartitionBy);
        var partitions = ImmutableArray.CreateBuilder<RollupPartition>();
        var lastDate = last.InZone(zone).Date;
        for (var from = PeriodCalendar.Align(first.InZone(zone).Date, grain); from <= lastDate; from = PeriodCalendar.Next(from, grain))
        {
            var to = PeriodCalendar.Next(from, grain);
            partitions.Add(new RollupPartition(from.ToString("uuuu'-'MM'-'dd", null), from, to, zone.AtStartOfDay(from).ToInstant(), zone.AtStartOfDay(to).ToInstant()));
        }

        return partitions.ToImmutable();
    }

    /// <summary>The buckets of a partition.</summary>
    public static ImmutableArray<ReportingPeriod> Buckets(Rollup rollup, RollupPartition partition)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        ArgumentNullException.ThrowIfNull(partition);
        return PeriodCalendar.Periods(new TimeWindow(partition.From, partition.To, rollup.Zone, GrainOf(rollup.Grain)));
    }
}
