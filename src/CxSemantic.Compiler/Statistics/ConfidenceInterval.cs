namespace CxSemantic.Compiler.Statistics;

/// <summary>A two-sided confidence interval [<see cref="Low"/>, <see cref="High"/>] at <see cref="Level"/>.</summary>
public sealed record ConfidenceInterval
{
    /// <summary>
    /// Creates an interval; bounds must be finite and ordered, the level in (0, 1). Parameter names match
    /// the properties, as for a positional record, so callers can write <c>new(Low: …, High: …, Level: …)</c>.
    /// </summary>
    /// <param name="Low">Lower bound.</param>
    /// <param name="High">Upper bound, at least <paramref name="Low"/>.</param>
    /// <param name="Level">Nominal coverage, for example 0.95.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, High &lt; Low, or the level is outside (0, 1).</exception>
    public ConfidenceInterval(double Low, double High, double Level)
    {
        Guard.Finite(Low, nameof(Low));
        Guard.Finite(High, nameof(High));
        if (High < Low)
        {
            throw new ArgumentOutOfRangeException(nameof(High), High, "The upper bound of an interval cannot be below its lower bound.");
        }

        Guard.Level(Level, nameof(Level));
        this.Low = Low;
        this.High = High;
        this.Level = Level;
    }

    /// <summary>Lower bound.</summary>
    public double Low { get; }

    /// <summary>Upper bound.</summary>
    public double High { get; }

    /// <summary>Nominal coverage, for example 0.95.</summary>
    public double Level { get; }

    /// <summary>High − Low.</summary>
    public double Width => High - Low;

    /// <summary>Whether <paramref name="value"/> lies in the closed interval.</summary>
    /// <param name="value">The value to test.</param>
    public bool Contains(double value) => value >= Low && value <= High;

    /// <summary>Deconstructs into (Low, High, Level).</summary>
    /// <param name="low">Lower bound.</param>
    /// <param name="high">Upper bound.</param>
    /// <param name="level">Level.</param>
    public void Deconstruct(out double low, out double high, out double level)
    {
        low = Low;
        high = High;
        level = Level;
    }

    /// <summary>An interval of <paramref name="estimate"/> ± <paramref name="halfWidth"/>, clamped to [min, max].</summary>
    internal static ConfidenceInterval Symmetric(double estimate, double halfWidth, double level, double min = double.NegativeInfinity, double max = double.PositiveInfinity) =>
        new(Math.Max(min, estimate - halfWidth), Math.Min(max, estimate + halfWidth), level);
}
