using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CxSemantic.Definitions.Loading;

/// <summary>One YAML file parsed into documents with positions; syntax errors become diagnostics.</summary>
internal sealed class YamlFile
{
    private YamlFile(string path, string text, ImmutableArray<YamlDocument> documents)
    {
        Path = path;
        Text = text;
        Documents = documents;
    }

    /// <summary>The path as reported in diagnostics (relative to the definitions folder).</summary>
    public string Path { get; }

    /// <summary>The file's text (hashed into the catalog version).</summary>
    public string Text { get; }

    /// <summary>The documents (separated by <c>---</c>).</summary>
    public ImmutableArray<YamlDocument> Documents { get; }

    public static YamlFile Parse(string path, string text, DiagnosticBag diagnostics)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var line = (int)ex.Start.Line;
            var column = (int)ex.Start.Column;
            var span = new SourceSpan(path, Math.Max(1, line), Math.Max(1, column), 1);
            diagnostics.Error(DefinitionErrors.YamlSyntax, DescribeSyntaxError(ex, text, ref span), span);
            return new YamlFile(path, text, []);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up without a position on some unclosed flow collections.
            var (line, column) = FindUnclosedBracket(text);
            diagnostics.Error(
                DefinitionErrors.YamlSyntax,
                DefinitionErrors.Format(DefinitionErrors.YamlSyntaxMessage, "this '{' or '[' is never closed; close it on the same line"),
                new SourceSpan(path, line, column, 1));
            return new YamlFile(path, text, []);
        }

        return new YamlFile(path, text, [.. stream.Documents]);
    }

    public SourceSpan SpanOf(YamlNode node, int length = 0) =>
        new(Path, (int)node.Start.Line, (int)node.Start.Column, length);

    /// <summary>The first '{' or '[' (outside quotes and comments) whose line ends before it is closed.</summary>
    private static (int Line, int Column) FindUnclosedBracket(string text)
    {
        var lines = text.Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            var open = new Stack<int>();
            var quote = '\0';
            for (var c = 0; c < lines[l].Length; c++)
            {
                var ch = lines[l][c];
                if (quote != '\0')
                {
                    quote = ch == quote ? '\0' : quote;
                }
                else if (ch is '"' or '\'')
                {
                    quote = ch;
                }
                else if (ch == '#' && (c == 0 || char.IsWhiteSpace(lines[l][c - 1])))
                {
                    break;
                }
                else if (ch is '{' or '[')
                {
                    open.Push(c);
                }
                else if (ch is '}' or ']' && open.Count > 0)
                {
                    open.Pop();
                }
            }

            if (open.Count > 0)
            {
                return (l + 1, open.Last() + 1);
            }
        }

        return (lines.Length, 1);
    }

    /// <summary>YamlDotNet's messages carry a "(Line: …)" prefix and parser jargon; keep the substance.</summary>
    private static string DescribeSyntaxError(YamlException ex, string text, ref SourceSpan span)
    {
        var tab = FindIndentationTab(text, span.Line, ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase), out var tabLine);
        if (tab > 0)
        {
            span = span with { Line = tabLine, Column = tab };
            return DefinitionErrors.YamlTabMessage;
        }

        var message = ex.InnerException is YamlException inner && !string.IsNullOrEmpty(inner.Message) ? inner.Message : ex.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0)
        {
            message = message[(close + 3)..];
        }

        message = message.TrimEnd('.');
        if (message.Contains("mapping values are not allowed", StringComparison.OrdinalIgnoreCase) ||
            message.Contains("did not find expected key", StringComparison.OrdinalIgnoreCase))
        {
            message += " — check the indentation of this line against the lines above, and quote values that contain ': '";
        }

        return DefinitionErrors.Format(DefinitionErrors.YamlSyntaxMessage, message);
    }

    /// <summary>
    /// The 1-based column of a tab in the leading white space of the error's line — or, when the
    /// parser blamed tabs, of the first such line anywhere (its own position can be the document start) — or 0.
    /// </summary>
    private static int FindIndentationTab(string text, int errorLine, bool anywhere, out int tabLine)
    {
        var lines = text.Split('\n');
        for (var l = 1; l <= lines.Length; l++)
        {
            if (!anywhere && l != errorLine)
            {
                continue;
            }

            var line = lines[l - 1];
            for (var c = 0; c < line.Length && (line[c] == ' ' || line[c] == '\t'); c++)
            {
                if (line[c] == '\t')
                {
                    tabLine = l;
                    return c + 1;
                }
            }
        }

        tabLine = errorLine;
        return 0;
    }
}
