using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;

namespace CxSemantic.Definitions.Model;

/// <summary>
/// An expression as written in a definition: its text (shown in the glossary, compared by
/// <c>cxsem diff</c>), where it is, and its parsed, type-checked syntax tree (what the compiler
/// renders per dialect). The syntax is null only in a catalog that failed validation.
/// </summary>
/// <param name="Text">The expression as written.</param>
/// <param name="Span">Where it is written.</param>
/// <param name="Syntax">The parsed tree.</param>
public sealed record DefinitionExpression(string Text, SourceSpan Span, Expression? Syntax)
{
    /// <summary>The text.</summary>
    public override string ToString() => Text;
}

/// <summary>A named filter: an inclusion rule or an exclusion, named so the exclusion funnel can report it.</summary>
/// <param name="Name">Its name, shown in the funnel and the glossary.</param>
/// <param name="Where">The condition.</param>
/// <param name="Reason">Why the rule exists (optional prose for the glossary).</param>
public sealed record NamedFilter(string Name, DefinitionExpression Where, string? Reason);
