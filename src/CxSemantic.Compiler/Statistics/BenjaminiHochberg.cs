namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// The Benjamini–Hochberg (1995, JRSS B 57:289) step-up procedure controlling the false discovery rate
/// across the rows of one result. Rows without a comparison (null p-value) take no part: they do not
/// count towards m and stay null / not significant.
/// </summary>
public static class BenjaminiHochberg
{
    /// <summary>
    /// BH-adjusted p-values (q-values) in the input order: for the sorted p₍₁₎ ≤ … ≤ p₍ₘ₎,
    /// q₍ᵢ₎ = min_{j ≥ i} min(1, m·p₍ⱼ₎/j), so q is monotone in p and q ≥ p.
    /// </summary>
    /// <param name="pValues">p-values in [0, 1], or null for rows without one.</param>
    /// <exception cref="ArgumentOutOfRangeException">A p-value is outside [0, 1] or NaN.</exception>
    public static IReadOnlyList<double?> Adjust(IReadOnlyList<double?> pValues)
    {
        var order = SortedIndices(pValues);
        var adjusted = new double?[pValues.Count];
        var m = order.Length;
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var index = order[rank - 1];
            var p = pValues[index]!.Value;

            // m/rank ≥ 1, so q ≥ p; the Max only undoes rounding of p·m/rank when rank = m.
            var candidate = Math.Min(1.0, Math.Max(p, p * m / rank));
            running = Math.Min(running, candidate);
            adjusted[index] = running;
        }

        return adjusted;
    }

    /// <summary>
    /// Which rows are discoveries at false discovery rate <paramref name="fdr"/>: with k the largest i such
    /// that p₍ᵢ₎ ≤ i·fdr/m, the rows of p₍₁₎ … p₍ₖ₎ (BH 1995, §3). Null p-values are never significant.
    /// </summary>
    /// <param name="pValues">p-values in [0, 1], or null.</param>
    /// <param name="fdr">The false discovery rate, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">A p-value or the rate is out of range.</exception>
    public static IReadOnlyList<bool> Significant(IReadOnlyList<double?> pValues, double fdr = 0.05)
    {
        if (!(fdr > 0.0 && fdr <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(fdr), fdr, StatisticsErrorMessages.FdrOutOfRange);
        }

        var order = SortedIndices(pValues);
        var m = order.Length;
        var cutoffRank = 0;
        for (var rank = m; rank >= 1; rank--)
        {
            if (pValues[order[rank - 1]]!.Value * m <= rank * fdr)
            {
                cutoffRank = rank;
                break;
            }
        }

        var significant = new bool[pValues.Count];
        for (var rank = 1; rank <= cutoffRank; rank++)
        {
            significant[order[rank - 1]] = true;
        }

        return significant;
    }

    /// <summary>Indices of the non-null p-values, ascending by p (ties by position, so results are stable).</summary>
    private static int[] SortedIndices(IReadOnlyList<double?> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var indices = new List<int>(pValues.Count);
        for (var i = 0; i < pValues.Count; i++)
        {
            if (pValues[i] is { } p)
            {
                if (!(p >= 0.0 && p <= 1.0))
                {
                    throw new ArgumentOutOfRangeException(nameof(pValues), p, StatisticsErrorMessages.PValueOutOfRange);
                }

                indices.Add(i);
            }
        }

        var array = indices.ToArray();
        Array.Sort(array, (x, y) =>
        {
            var byP = pValues[x]!.Value.CompareTo(pValues[y]!.Value);
            return byP != 0 ? byP : x.CompareTo(y);
        });
        return array;
    }
}
