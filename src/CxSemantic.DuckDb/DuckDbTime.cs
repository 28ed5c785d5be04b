namespace CxSemantic.DuckDb;

/// <summary>Conversions between .NET time values and DuckDB's epoch-based encodings.</summary>
public static class DuckDbTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;
    private static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>Microseconds since 1970-01-01T00:00 (a UTC instant for TIMESTAMPTZ).</summary>
    public static long ToMicroseconds(DateTime value) => (value.Ticks - EpochTicks) / TicksPerMicrosecond;

    /// <summary>Microseconds since the epoch of an offset date/time's UTC instant.</summary>
    public static long ToMicroseconds(DateTimeOffset value) => ToMicroseconds(value.UtcDateTime);

    /// <summary>The UTC <see cref="DateTime"/> of a microsecond timestamp.</summary>
    public static DateTime FromMicroseconds(long micros, DateTimeKind kind = DateTimeKind.Utc) =>
        new(EpochTicks + (micros * TicksPerMicrosecond), kind);

    /// <summary>The <see cref="DateTime"/> of a nanosecond timestamp, truncated to .NET's 100 ns ticks.</summary>
    public static DateTime FromNanoseconds(long nanos, DateTimeKind kind = DateTimeKind.Utc) =>
        new(EpochTicks + (nanos / 100), kind);

    /// <summary>Days since 1970-01-01.</summary>
    public static int ToDays(DateOnly value) => value.DayNumber - EpochDayNumber;

    /// <summary>The date of a day count since 1970-01-01.</summary>
    public static DateOnly FromDays(int days) => DateOnly.FromDayNumber(EpochDayNumber + days);
}
