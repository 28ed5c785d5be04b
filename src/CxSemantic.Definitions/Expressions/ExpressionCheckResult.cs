using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;

namespace CxSemantic.Definitions.Expressions;

/// <summary>The outcome of <see cref="ExpressionTypeChecker"/>: the expression's type and what is wrong with it.</summary>
public sealed class ExpressionCheckResult
{
    internal ExpressionCheckResult(ExpressionType type, ImmutableArray<Diagnostic> diagnostics)
    {
        Type = type;
        Diagnostics = diagnostics;
    }

    /// <summary>The type of the whole expression; <see cref="ExpressionType.Unknown"/> when errors hide it.</summary>
    public ExpressionType Type { get; }

    /// <summary>Errors and warnings, in position order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>True when there are no errors (warnings allowed).</summary>
    public bool Success => !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
