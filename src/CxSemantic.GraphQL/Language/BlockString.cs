using System.Text;

namespace CxSemantic.GraphQL.Language;

/// <summary>Block string helpers (spec: BlockStringValue).</summary>
internal static class BlockString
{
    public static string Dedent(string raw)
    {
        var lines = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        int common = int.MaxValue;
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            int indent = 0;
            while (indent < line.Length && (line[indent] == ' ' || line[indent] == '\t')) { indent++; }
            if (indent < line.Length && indent < common) { common = indent; }
        }

        if (common != int.MaxValue)
        {
            for (int i = 1; i < lines.Length; i++)
            {
                lines[i] = lines[i].Length < common ? string.Empty : lines[i][common..];
            }
        }

        int first = 0;
        while (first < lines.Length && IsBlank(lines[first])) { first++; }
        int last = lines.Length - 1;
        while (last >= first && IsBlank(lines[last])) { last--; }
        if (first > last) { return string.Empty; }
        return string.Join('\n', lines, first, last - first + 1);
    }

    private static bool IsBlank(string s)
    {
        foreach (char c in s)
        {
            if (c != ' ' && c != '\t') { return false; }
        }
        return true;
    }

    /// <summary>Prints a value as a block string (graphql-js printBlockString).</summary>
    public static string Print(string value, bool minimize = false)
    {
        string escaped = value.Replace("\"\"\"", "\\\"\"\"", StringComparison.Ordinal);
        var lines = escaped.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        bool isSingleLine = lines.Length == 1;
        bool forceLeadingNewLine = lines.Length > 1 && lines.Skip(1).All(l => l.Length == 0 || l[0] == ' ' || l[0] == '\t');
        bool hasTrailingTripleQuotes = escaped.EndsWith("\\\"\"\"", StringComparison.Ordinal);
        bool hasTrailingQuote = value.EndsWith('"') && !hasTrailingTripleQuotes;
        bool hasTrailingSlash = value.EndsWith('\\');
        bool forceTrailingNewline = hasTrailingQuote || hasTrailingSlash;
        bool printAsMultipleLines = !minimize && (!isSingleLine || value.Length > 70 || forceTrailingNewline || forceLeadingNewLine || hasTrailingTripleQuotes);
        var sb = new StringBuilder("\"\"\"");
        bool skipLeadingNewLine = isSingleLine && value.Length > 0 && (value[0] == ' ' || value[0] == '\t');
        if ((printAsMultipleLines && !skipLeadingNewLine) || forceLeadingNewLine) { sb.Append('\n'); }
        sb.Append(escaped);
        if (printAsMultipleLines || forceTrailingNewline) { sb.Append('\n'); }
        sb.Append("\"\"\"");
        return sb.ToString();
    }
}
