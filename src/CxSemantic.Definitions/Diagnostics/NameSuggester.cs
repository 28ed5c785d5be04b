namespace CxSemantic.Definitions.Diagnostics;

/// <summary>"Did you mean …?" for unknown names: the closest candidate by edit distance.</summary>
public static class NameSuggester
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> (case-insensitive Damerau–Levenshtein),
    /// if it is close enough to be a plausible typo (distance at most a third of the length, min 2),
    /// or a candidate that contains the name or is contained by it; otherwise null.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        if (best is null)
        {
            return null;
        }

        var limit = Math.Max(2, name.Length / 3);
        if (bestDistance <= limit)
        {
            return best;
        }

        return candidates.FirstOrDefault(c =>
            name.Length >= 4 &&
            (c.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(c, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Appends <c> Did you mean 'x'?</c> when there is a close candidate.</summary>
    public static string Hint(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } suggestion ? $" Did you mean '{suggestion}'?" : string.Empty;

    /// <summary>Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
