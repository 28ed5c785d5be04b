using System.Collections.Immutable;

namespace CxSemantic.Definitions.Expressions;

/// <summary>The columns an expression reads, for lineage and for checking joins.</summary>
public static class ExpressionColumns
{
    /// <summary>
    /// Every column reference in source order, repeats included (each keeps its span, so callers can
    /// point at the exact use); use <see cref="ReferencedNames"/> for the distinct set.
    /// </summary>
    public static ImmutableArray<ColumnReference> Referenced(Expression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var columns = ImmutableArray.CreateBuilder<ColumnReference>();

        // An explicit stack: lineage runs on every definition, and must not depend on tree depth.
        var pending = new Stack<Expression>();
        pending.Push(expression);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is ColumnReference column)
            {
                columns.Add(column);
                continue;
            }

            var children = current.GetChildren();
            for (var i = children.Length - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }

        return columns.ToImmutable();
    }

    /// <summary>The distinct dotted names read (<c>customers.segment</c>), in order of first use.</summary>
    public static ImmutableArray<string> ReferencedNames(Expression expression) =>
        [.. Referenced(expression).Select(c => c.Name).Distinct(StringComparer.Ordinal)];
}
