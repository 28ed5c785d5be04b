using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using CxSemantic.Definitions.Diagnostics;

namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// The outcome of <see cref="ExpressionParser.Parse(string, SourceSpan)"/>: an expression, or the
/// diagnostics that explain why there is none (in the style of NodaTime's <c>ParseResult</c>).
/// Bad input is a failure value, never an exception.
/// </summary>
public sealed class ExpressionParseResult
{
    private readonly Expression? _value;

    private ExpressionParseResult(Expression? value, ImmutableArray<Diagnostic> diagnostics)
    {
        _value = value;
        Diagnostics = diagnostics;
    }

    /// <summary>True when the text parsed; then <see cref="Diagnostics"/> is empty.</summary>
    [MemberNotNullWhen(true, nameof(_value))]
    public bool Success => _value is not null;

    /// <summary>The errors, in position order; empty on success.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>The parsed expression.</summary>
    /// <exception cref="InvalidOperationException">The parse failed; the message lists the diagnostics.</exception>
    public Expression Value => Success
        ? _value
        : throw new InvalidOperationException("The expression did not parse: " + string.Join("; ", Diagnostics));

    /// <summary>The parsed expression, or null when the parse failed.</summary>
    public Expression? Expression => _value;

    /// <summary>The expression when the parse succeeded.</summary>
    public bool TryGetValue([NotNullWhen(true)] out Expression? value)
    {
        value = _value;
        return Success;
    }

    internal static ExpressionParseResult ForSuccess(Expression value) => new(value, []);

    internal static ExpressionParseResult ForFailure(ImmutableArray<Diagnostic> diagnostics) => new(null, diagnostics);
}
