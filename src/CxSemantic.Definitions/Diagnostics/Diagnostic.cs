using System.Collections.Immutable;

namespace CxSemantic.Definitions.Diagnostics;

/// <summary>How bad a diagnostic is: errors make a catalog invalid; warnings do not.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The definition cannot be used.</summary>
    Error,

    /// <summary>The definition works but should be fixed.</summary>
    Warning,
}

/// <summary>
/// One problem found in the definitions: a stable code (e.g. <c>CXD0101</c>), a message that says
/// what is wrong and how to fix it, and where. Loaders and validators collect these; they do not throw.
/// </summary>
/// <param name="Code">Stable identifier of the kind of problem.</param>
/// <param name="Message">What is wrong, and the fix.</param>
/// <param name="Span">Where.</param>
/// <param name="Severity">Error or warning.</param>
public sealed record Diagnostic(string Code, string Message, SourceSpan Span, DiagnosticSeverity Severity = DiagnosticSeverity.Error)
{
    /// <summary><c>file:line:column: error CODE: message</c>.</summary>
    public override string ToString() =>
        $"{Span}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code}: {Message}";
}

/// <summary>A mutable collector of diagnostics, used while loading and validating.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>True when any error was reported.</summary>
    public bool HasErrors => _items.Exists(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Reports an error.</summary>
    public void Error(string code, string message, SourceSpan span) => _items.Add(new Diagnostic(code, message, span));

    /// <summary>Reports a warning.</summary>
    public void Warning(string code, string message, SourceSpan span) =>
        _items.Add(new Diagnostic(code, message, span, DiagnosticSeverity.Warning));

    /// <summary>Adds diagnostics found elsewhere.</summary>
    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>The diagnostics in file, line, column order.</summary>
    public ImmutableArray<Diagnostic> ToImmutableSorted() =>
        [.. _items.OrderBy(d => d.Span.File, StringComparer.Ordinal).ThenBy(d => d.Span.Line).ThenBy(d => d.Span.Column)];
}
