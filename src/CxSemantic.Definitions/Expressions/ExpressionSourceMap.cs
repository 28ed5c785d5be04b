using CxSemantic.Definitions.Diagnostics;

namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// Turns offsets in the expression text into <see cref="SourceSpan"/>s in the definition file, and back.
/// The first line starts at the origin's column; each later line (after a <c>\n</c>) starts at column 1
/// of the following file line, which is right for text taken verbatim from the file.
/// A span covering several lines keeps its length in characters, newlines included.
/// </summary>
internal readonly struct ExpressionSourceMap
{
    private readonly SourceSpan _origin;

    // Offsets where lines 2, 3, … begin; null for single-line text (the common case: no allocation).
    private readonly int[]? _lineStarts;

    public ExpressionSourceMap(string text, SourceSpan origin)
    {
        _origin = origin;
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            var starts = new List<int>();
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }

            _lineStarts = [.. starts];
        }
    }

    /// <summary>The span of <paramref name="length"/> characters at <paramref name="offset"/>.</summary>
    public SourceSpan Span(int offset, int length)
    {
        var line = LineIndex(offset);
        return line == 0
            ? _origin.Shift(offset, length)
            : new SourceSpan(_origin.File, _origin.Line + line, offset - _lineStarts![line - 1] + 1, length);
    }

    /// <summary>The span from <paramref name="first"/>'s start to <paramref name="last"/>'s end.</summary>
    public SourceSpan Cover(SourceSpan first, SourceSpan last)
    {
        var start = OffsetOf(first);
        return Span(start, OffsetOf(last) + last.Length - start);
    }

    /// <summary>The text offset of a span made by <see cref="Span"/>.</summary>
    public int OffsetOf(SourceSpan span)
    {
        var line = span.Line - _origin.Line;
        return line == 0 ? span.Column - _origin.Column : _lineStarts![line - 1] + span.Column - 1;
    }

    private int LineIndex(int offset)
    {
        if (_lineStarts is null)
        {
            return 0;
        }

        // Number of line starts at or before the offset.
        var index = Array.BinarySearch(_lineStarts, offset);
        return index >= 0 ? index + 1 : ~index;
    }
}
