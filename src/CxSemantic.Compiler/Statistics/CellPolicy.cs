namespace CxSemantic.Compiler.Statistics;

/// <summary>Small-cell suppression: values over too few units are withheld (DESIGN §5, <c>suppressed</c>).</summary>
public static class CellPolicy
{
    /// <summary>
    /// Whether a cell of <paramref name="n"/> units is suppressed under a metric's minimum cell size:
    /// true when n &lt; <paramref name="minCellSize"/>. A minimum of 0 never suppresses.
    /// </summary>
    /// <param name="n">Units behind the value, at least 0.</param>
    /// <param name="minCellSize">The metric's minimum cell size, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">n or minCellSize is negative.</exception>
    public static bool IsSuppressed(long n, int minCellSize)
    {
        Guard.Count(n, nameof(n));
        if (minCellSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minCellSize), minCellSize, StatisticsErrorMessages.MinCellSizeNegative);
        }

        return n < minCellSize;
    }

    /// <summary>The reason shown for a cell withheld by <see cref="IsSuppressed"/>.</summary>
    /// <param name="minCellSize">The metric's minimum cell size.</param>
    public static string Reason(int minCellSize) => $"n below the minimum cell size {minCellSize}";
}
