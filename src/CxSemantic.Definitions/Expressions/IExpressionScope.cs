using System.Collections.Immutable;

namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// The columns an expression may read: a semantic model's table, plus the tables reachable through its
/// joins (as dotted paths such as <c>customers.segment</c>). The catalog loader implements it; the
/// type checker only asks questions.
/// </summary>
public interface IExpressionScope
{
    /// <summary>The column at <paramref name="path"/> (one part, or join parts then the column), or null when there is none.</summary>
    ScopeColumn? Resolve(ImmutableArray<string> path);

    /// <summary>Every name <see cref="Resolve"/> accepts, dotted, for "did you mean" hints.</summary>
    IEnumerable<string> VisibleNames { get; }
}

/// <summary>
/// What the type checker needs to know about a column. (Record equality compares
/// <see cref="AllowedValues"/> by reference, as <see cref="System.Collections.Immutable.ImmutableArray{T}"/> does.)
/// </summary>
/// <param name="Type">The column's type.</param>
/// <param name="IsNullable">False when the column is declared never null (then <c>is null</c> tests are flagged).</param>
/// <param name="AllowedValues">
/// For enumeration-like string columns (<c>channel</c>), the only values it holds; comparing it with any
/// other string literal is an error. Empty (or default) when unconstrained.
/// </param>
public sealed record ScopeColumn(ExpressionType Type, bool IsNullable = true, ImmutableArray<string> AllowedValues = default)
{
    /// <summary>True when the column holds only <see cref="AllowedValues"/>.</summary>
    public bool IsEnumeration => !AllowedValues.IsDefaultOrEmpty;
}

/// <summary>
/// An <see cref="IExpressionScope"/> over a fixed set of dotted names, for tests, tools and benchmarks.
/// Names are matched exactly (the parser lower-cases nothing silently; it rejects upper-case names).
/// </summary>
public sealed class ExpressionScope : IExpressionScope
{
    private readonly ImmutableDictionary<string, ScopeColumn> _columns;

    /// <summary>Creates a scope from dotted names and their columns.</summary>
    public ExpressionScope(IEnumerable<KeyValuePair<string, ScopeColumn>> columns) =>
        _columns = ImmutableDictionary.CreateRange(StringComparer.Ordinal, columns);

    /// <summary>A scope with no columns.</summary>
    public static ExpressionScope Empty { get; } = new([]);

    /// <inheritdoc/>
    public IEnumerable<string> VisibleNames => _columns.Keys.Order(StringComparer.Ordinal);

    /// <inheritdoc/>
    public ScopeColumn? Resolve(ImmutableArray<string> path) =>
        _columns.GetValueOrDefault(path.Length == 1 ? path[0] : string.Join('.', path));
}
