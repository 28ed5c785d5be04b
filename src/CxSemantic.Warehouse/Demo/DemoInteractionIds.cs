namespace CxSemantic.Warehouse.Demo;

/// <summary>
/// The demo's interaction ids: the minute an interaction starts (counted from the first day) above a dense ordinal
/// (1..N in generation order), as time-prefixed ids (Snowflake ids, ULIDs) are built. A warehouse that assigns ids as
/// interactions arrive has ids that grow with time; so do these. A fact table stored in time order then has narrow
/// id ranges per row group, and reading the children of recent interactions by id (a refresh re-stitching the last
/// weeks, the interactions new turns belong to) skips the older row groups by their min/max, instead of reading the
/// whole history. The ordinal keeps ids unique and orders the contacts of one minute as they were generated.
/// </summary>
internal static class DemoInteractionIds
{
    /// <summary>Bits of the ordinal: room for <see cref="DemoOptions.MaxInteractions"/>.</summary>
    public const int OrdinalBits = 28;

    /// <summary>Minutes of data the ids have room for, keeping every id below 2^53 (exact as a JSON number).</summary>
    public const long MaxMinutes = 1L << (53 - OrdinalBits);

    /// <summary>The id of the interaction with <paramref name="ordinal"/> starting at <paramref name="start"/>.</summary>
    /// <param name="from">The first instant of data (minute 0).</param>
    /// <param name="start">When the interaction starts (not before <paramref name="from"/>).</param>
    /// <param name="ordinal">The interaction's ordinal, 1 to <see cref="DemoOptions.MaxInteractions"/>.</param>
    public static long Compose(DateTime from, DateTime start, long ordinal) =>
        (((start.Ticks - from.Ticks) / TimeSpan.TicksPerMinute) << OrdinalBits) | ordinal;
}
