namespace CxSemantic.Warehouse.Demo;

/// <summary>Options of <see cref="DemoWarehouseGenerator"/>.</summary>
public sealed record DemoOptions
{
    /// <summary>Largest supported number of interactions.</summary>
    public const long MaxInteractions = 200_000_000;

    /// <summary>Number of interactions to generate (1 to <see cref="MaxInteractions"/>); every other table scales with it.</summary>
    public long Interactions { get; init; } = 50_000;

    /// <summary>Seed: the same seed and options always produce the same rows.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>First day of data (UTC).</summary>
    public DateOnly From { get; init; } = new(2026, 1, 1);

    /// <summary>Last day of data (UTC, inclusive). The watermark is the end of this day.</summary>
    public DateOnly To { get; init; } = new(2026, 6, 30);

    /// <summary>
    /// Worker threads, each with its own connection and appenders. The rows generated do not depend on it, nor (with
    /// <see cref="TimeOrdered"/>) does their physical order.
    /// </summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>
    /// Create the tables in the <see cref="Schema.SchemaProfile.BulkLoad"/> profile before loading (the default). Set
    /// false only if empty tables without foreign keys exist already: appenders flush per table, so child rows may
    /// reach the database before their parents.
    /// </summary>
    public bool CreateSchema { get; init; } = true;

    /// <summary>
    /// Store the fact tables in time order once generated, as a warehouse loaded day by day stores them (see
    /// <see cref="TimeOrderedLayout"/>; the default). Needs <see cref="CreateSchema"/>: the tables are created again.
    /// </summary>
    public bool TimeOrdered { get; init; } = true;

    /// <summary>
    /// Leave out the planted effects that change a metric's expected value from one calendar period to the next
    /// (evaluator version changes with the tone drift, the faulty bot release), so that consecutive weeks of one
    /// warehouse differ only by chance: the data of the A/A simulation (<c>cxsem aa</c>). Weekday and hour rhythms,
    /// DST, the Monday queue, the mild volume growth and the cost-rate raise stay.
    /// </summary>
    public bool Stationary { get; init; }

    /// <summary>Interactions per independently seeded partition; part of the data's identity, like the seed.</summary>
    internal int BlockSize { get; init; } = 50_000;

    internal DateTime FromInstant => From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    internal DateTime Watermark => To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    internal void Validate()
    {
        if (Interactions is < 1 or > MaxInteractions)
        {
            throw new ArgumentOutOfRangeException(nameof(Interactions), Interactions, $"Interactions must be between 1 and {MaxInteractions}.");
        }

        if (To < From.AddDays(27))
        {
            throw new ArgumentException($"The data range {From:yyyy-MM-dd}..{To:yyyy-MM-dd} must span at least 28 days.", nameof(To));
        }

        if ((long)(To.DayNumber - From.DayNumber + 1) * 1440 > DemoInteractionIds.MaxMinutes)
        {
            throw new ArgumentException($"The data range {From:yyyy-MM-dd}..{To:yyyy-MM-dd} is longer than interaction ids have room for ({DemoInteractionIds.MaxMinutes / 1440 / 365} years).", nameof(To));
        }

        if (Parallelism is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "Parallelism must be between 1 and 64.");
        }

        if (BlockSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BlockSize), BlockSize, "BlockSize must be positive.");
        }
    }
}

/// <summary>Progress of a running generation.</summary>
/// <param name="InteractionsWritten">Interactions (with all their child rows) written so far.</param>
/// <param name="InteractionsTotal">Interactions to write in total.</param>
/// <param name="Elapsed">Time since the generation started.</param>
public readonly record struct GenerationProgress(long InteractionsWritten, long InteractionsTotal, TimeSpan Elapsed);

/// <summary>What a generation wrote.</summary>
/// <param name="RowsPerTable">Rows written per table name (every warehouse table is listed).</param>
/// <param name="Elapsed">Wall time of the generation.</param>
/// <param name="Seed">The seed used.</param>
/// <param name="Watermark">The data's watermark (also stored in <c>warehouse_meta</c>).</param>
public sealed record GenerationSummary(
    System.Collections.Immutable.ImmutableSortedDictionary<string, long> RowsPerTable,
    TimeSpan Elapsed,
    ulong Seed,
    DateTime Watermark)
{
    /// <summary>Total rows written across all tables.</summary>
    public long TotalRows => RowsPerTable.Values.Sum();
}
