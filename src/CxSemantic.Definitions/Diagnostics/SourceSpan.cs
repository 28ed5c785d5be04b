namespace CxSemantic.Definitions.Diagnostics;

/// <summary>
/// A place in a definition file: 1-based line and column of the first character, and the length
/// in characters (0 when only a point is known). The file is a path relative to the definitions folder.
/// </summary>
/// <param name="File">The file, as given to the loader (relative to the definitions folder).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Length">Characters covered on that line; 0 for a point.</param>
public readonly record struct SourceSpan(string File, int Line, int Column, int Length = 0)
{
    /// <summary>A span for text that has no file (an expression parsed on its own).</summary>
    public static SourceSpan None { get; } = new(string.Empty, 0, 0);

    /// <summary>True when the span names a real place.</summary>
    public bool IsKnown => Line > 0;

    /// <summary>The span <paramref name="offset"/> characters further along the same line.</summary>
    public SourceSpan Shift(int offset, int length) => this with { Column = Column + offset, Length = length };

    /// <summary><c>file:line:column</c>, the form editors and CI annotate.</summary>
    public override string ToString() => IsKnown ? $"{File}:{Line}:{Column}" : File;
}
