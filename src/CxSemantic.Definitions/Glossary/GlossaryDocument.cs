using System.Collections.Immutable;
using System.Net;
using System.Text;

namespace CxSemantic.Definitions.Glossary;

/// <summary>A block of a glossary page, rendered as Markdown or HTML.</summary>
public abstract record GlossaryBlock;

/// <summary>A heading.</summary>
/// <param name="Level">1 for the page title.</param>
/// <param name="Text">The text.</param>
public sealed record GlossaryHeading(int Level, string Text) : GlossaryBlock;

/// <summary>A paragraph of prose.</summary>
/// <param name="Text">The text.</param>
public sealed record GlossaryParagraph(string Text) : GlossaryBlock;

/// <summary>Label/value pairs (a definition list).</summary>
/// <param name="Rows">The pairs; values in backticks render as code.</param>
public sealed record GlossaryFacts(ImmutableArray<(string Label, string Value)> Rows) : GlossaryBlock;

/// <summary>A table.</summary>
/// <param name="Headers">Column headers.</param>
/// <param name="Rows">Cells.</param>
public sealed record GlossaryTable(ImmutableArray<string> Headers, ImmutableArray<ImmutableArray<string>> Rows) : GlossaryBlock;

/// <summary>A bullet list.</summary>
/// <param name="Items">The items.</param>
public sealed record GlossaryList(ImmutableArray<string> Items) : GlossaryBlock;

/// <summary>A link to another page.</summary>
/// <param name="Text">Link text.</param>
/// <param name="Target">Relative path without extension.</param>
/// <param name="Note">Text after the link.</param>
public sealed record GlossaryLink(string Text, string Target, string Note) : GlossaryBlock;

/// <summary>One glossary page.</summary>
/// <param name="Path">Relative path without extension (<c>index</c>, <c>metrics/containment_rate</c>).</param>
/// <param name="Title">The page title.</param>
/// <param name="Blocks">The content.</param>
public sealed record GlossaryPage(string Path, string Title, ImmutableArray<GlossaryBlock> Blocks);

/// <summary>The output formats of the glossary.</summary>
public enum GlossaryFormat
{
    /// <summary>Markdown (<c>.md</c>).</summary>
    Markdown,

    /// <summary>Standalone HTML (<c>.html</c>).</summary>
    Html,
}

/// <summary>Renders glossary pages; links point to sibling pages in the same format.</summary>
public static class GlossaryRenderer
{
    /// <summary>The file extension of a format.</summary>
    public static string Extension(GlossaryFormat format) => format == GlossaryFormat.Html ? ".html" : ".md";

    /// <summary>Renders one page.</summary>
    public static string Render(GlossaryPage page, GlossaryFormat format)
    {
        ArgumentNullException.ThrowIfNull(page);
        return format == GlossaryFormat.Html ? Html(page) : Markdown(page);
    }

    private static string Markdown(GlossaryPage page)
    {
        var md = new StringBuilder();
        GlossaryBlock? previous = null;
        foreach (var block in page.Blocks)
        {
            if (previous is GlossaryLink && block is not GlossaryLink)
            {
                md.AppendLine();
            }

            previous = block;
            switch (block)
            {
                case GlossaryHeading h:
                    md.Append('#', h.Level).Append(' ').AppendLine(h.Text).AppendLine();
                    break;
                case GlossaryParagraph p:
                    md.AppendLine(p.Text).AppendLine();
                    break;
                case GlossaryFacts f:
                    md.AppendLine("| | |").AppendLine("|---|---|");
                    foreach (var (label, value) in f.Rows)
                    {
                        md.Append("| **").Append(label).Append("** | ").Append(Cell(value)).AppendLine(" |");
                    }

                    md.AppendLine();
                    break;
                case GlossaryTable t:
                    md.Append("| ").AppendJoin(" | ", t.Headers).AppendLine(" |");
                    md.Append('|').AppendJoin('|', t.Headers.Select(_ => "---")).AppendLine("|");
                    foreach (var row in t.Rows)
                    {
                        md.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
                    }

                    md.AppendLine();
                    break;
                case GlossaryList l:
                    foreach (var item in l.Items)
                    {
                        md.Append("- ").AppendLine(item);
                    }

                    md.AppendLine();
                    break;
                case GlossaryLink k:
                    md.Append("- [").Append(k.Text).Append("](").Append(RelativeLink(page.Path, k.Target)).Append(".md)").Append(k.Note.Length > 0 ? " — " + k.Note : string.Empty).AppendLine();
                    break;
            }
        }

        return md.ToString().TrimEnd() + "\n";
    }

    private static string Html(GlossaryPage page)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(page.Title))
            .Append("</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}code{background:#f3f3f3;padding:0 .2rem}</style></head><body>\n");
        var inLinks = false;
        foreach (var block in page.Blocks)
        {
            if (inLinks && block is not GlossaryLink)
            {
                html.Append("</ul>\n");
                inLinks = false;
            }

            switch (block)
            {
                case GlossaryHeading h:
                    html.Append("<h").Append(h.Level).Append('>').Append(E(h.Text)).Append("</h").Append(h.Level).Append(">\n");
                    break;
                case GlossaryParagraph p:
                    html.Append("<p>").Append(Inline(p.Text)).Append("</p>\n");
                    break;
                case GlossaryFacts f:
                    html.Append("<table>\n");
                    foreach (var (label, value) in f.Rows)
                    {
                        html.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(Inline(value)).Append("</td></tr>\n");
                    }

                    html.Append("</table>\n");
                    break;
                case GlossaryTable t:
                    html.Append("<table>\n<tr>").AppendJoin(string.Empty, t.Headers.Select(c => $"<th>{E(c)}</th>")).Append("</tr>\n");
                    foreach (var row in t.Rows)
                    {
                        html.Append("<tr>").AppendJoin(string.Empty, row.Select(c => $"<td>{Inline(c)}</td>")).Append("</tr>\n");
                    }

                    html.Append("</table>\n");
                    break;
                case GlossaryList l:
                    html.Append("<ul>\n").AppendJoin(string.Empty, l.Items.Select(i => $"<li>{Inline(i)}</li>\n")).Append("</ul>\n");
                    break;
                case GlossaryLink k:
                    if (!inLinks)
                    {
                        html.Append("<ul>\n");
                        inLinks = true;
                    }

                    html.Append("<li><a href=\"").Append(E(RelativeLink(page.Path, k.Target))).Append(".html\">").Append(E(k.Text)).Append("</a>")
                        .Append(k.Note.Length > 0 ? " — " + Inline(k.Note) : string.Empty).Append("</li>\n");
                    break;
            }
        }

        if (inLinks)
        {
            html.Append("</ul>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>HTML-encodes text and turns `code` spans into code elements.</summary>
    private static string Inline(string text)
    {
        var parts = text.Split('`');
        var html = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            html.Append(i % 2 == 1 ? $"<code>{E(parts[i])}</code>" : E(parts[i]));
        }

        return html.ToString();
    }

    private static string RelativeLink(string from, string to)
    {
        var depth = from.Count(c => c == '/');
        return string.Concat(Enumerable.Repeat("../", depth)) + to;
    }
}
