namespace CxSemantic.GraphQL.Execution;

/// <summary>"Did you mean" helpers, equivalent to graphql-js suggestionList/didYouMean.</summary>
internal static class Suggestions
{
    private const int MaxSuggestions = 5;

    public static List<string> List(string input, IEnumerable<string> options)
    {
        var byDistance = new Dictionary<string, int>(StringComparer.Ordinal);
        int threshold = (int)Math.Floor(input.Length * 0.4) + 1;
        string inputLower = input.ToLowerInvariant();
        foreach (var option in options)
        {
            int? d = Measure(input, inputLower, option, threshold);
            if (d is int distance) { byDistance[option] = distance; }
        }
        var keys = byDistance.Keys.ToList();
        keys.Sort((a, b) =>
        {
            int diff = byDistance[a] - byDistance[b];
            return diff != 0 ? diff : NaturalCompare(a, b);
        });
        return keys;
    }

    public static string DidYouMean(IReadOnlyList<string> suggestions, string? subMessage = null)
    {
        if (suggestions.Count == 0) { return string.Empty; }
        string message = " Did you mean " + (subMessage is null ? string.Empty : subMessage + " ");
        var quoted = suggestions.Select(s => $"\"{s}\"").ToList();
        if (quoted.Count == 1) { return message + quoted[0] + "?"; }
        if (quoted.Count == 2) { return message + quoted[0] + " or " + quoted[1] + "?"; }
        var selected = quoted.Take(MaxSuggestions).ToList();
        string last = selected[^1];
        selected.RemoveAt(selected.Count - 1);
        return message + string.Join(", ", selected) + ", or " + last + "?";
    }

    private static int? Measure(string input, string inputLower, string option, int threshold)
    {
        if (input == option) { return 0; }
        string optionLower = option.ToLowerInvariant();
        if (inputLower == optionLower) { return 1; }
        string a = optionLower, b = inputLower;
        if (a.Length < b.Length) { (a, b) = (b, a); }
        int aLength = a.Length, bLength = b.Length;
        if (aLength - bLength > threshold) { return null; }
        var rows = new int[3][];
        for (int r = 0; r < 3; r++) { rows[r] = new int[bLength + 1]; }
        for (int j = 0; j <= bLength; j++) { rows[0][j] = j; }
        for (int i = 1; i <= aLength; i++)
        {
            var up = rows[(i - 1) % 3];
            var current = rows[i % 3];
            int smallest = current[0] = i;
            for (int j = 1; j <= bLength; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int cell = Math.Min(Math.Min(up[j] + 1, current[j - 1] + 1), up[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    cell = Math.Min(cell, rows[(i - 2) % 3][j - 2] + 1);
                }
                if (cell < smallest) { smallest = cell; }
                current[j] = cell;
            }
            if (smallest > threshold) { return null; }
        }
        int distance = rows[aLength % 3][bLength];
        return distance <= threshold ? distance : null;
    }

    public static int NaturalCompare(string a, string b)
    {
        int ai = 0, bi = 0;
        while (ai < a.Length && bi < b.Length)
        {
            char ac = a[ai], bc = b[bi];
            if (char.IsAsciiDigit(ac) && char.IsAsciiDigit(bc))
            {
                long an = 0;
                do { ++ai; an = (an * 10) + ac - '0'; ac = ai < a.Length ? a[ai] : '\0'; } while (char.IsAsciiDigit(ac) && an > 0);
                long bn = 0;
                do { ++bi; bn = (bn * 10) + bc - '0'; bc = bi < b.Length ? b[bi] : '\0'; } while (char.IsAsciiDigit(bc) && bn > 0);
                if (an < bn) { return -1; }
                if (an > bn) { return 1; }
            }
            else
            {
                if (ac < bc) { return -1; }
                if (ac > bc) { return 1; }
                ++ai;
                ++bi;
            }
        }
        return a.Length - b.Length;
    }
}
