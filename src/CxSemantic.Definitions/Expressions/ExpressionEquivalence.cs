namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// Structural equality of expressions, ignoring spans: same node kinds, operators, functions, names
/// and literal values (decimals by value, so <c>1.0</c> and <c>1.00</c> are equivalent).
/// Record equality cannot serve: it includes spans, and compares child arrays by reference.
/// </summary>
public static class ExpressionEquivalence
{
    /// <summary>True when both expressions have the same structure and values.</summary>
    public static bool AreEquivalent(Expression? first, Expression? second)
    {
        if (ReferenceEquals(first, second))
        {
            return true;
        }

        if (first is null || second is null || first.Kind != second.Kind)
        {
            return false;
        }

        return (first, second) switch
        {
            (LiteralExpression a, LiteralExpression b) => a.Type == b.Type && Equals(a.Value, b.Value),
            (ColumnReference a, ColumnReference b) => a.Path.SequenceEqual(b.Path, StringComparer.Ordinal),
            (UnaryExpression a, UnaryExpression b) => a.Operator == b.Operator && AreEquivalent(a.Operand, b.Operand),
            (BinaryExpression a, BinaryExpression b) =>
                a.Operator == b.Operator && AreEquivalent(a.Left, b.Left) && AreEquivalent(a.Right, b.Right),
            (InExpression a, InExpression b) =>
                a.Negated == b.Negated && AreEquivalent(a.Value, b.Value) && AllEquivalent(a.Items, b.Items),
            (BetweenExpression a, BetweenExpression b) =>
                a.Negated == b.Negated && AreEquivalent(a.Value, b.Value) && AreEquivalent(a.Low, b.Low) && AreEquivalent(a.High, b.High),
            (IsNullExpression a, IsNullExpression b) => a.Negated == b.Negated && AreEquivalent(a.Operand, b.Operand),
            (LikeExpression a, LikeExpression b) =>
                a.Negated == b.Negated && AreEquivalent(a.Value, b.Value) && AreEquivalent(a.Pattern, b.Pattern),
            (FunctionCall a, FunctionCall b) => a.Function == b.Function && AllEquivalent(a.Arguments, b.Arguments),
            (CaseExpression a, CaseExpression b) =>
                a.Branches.Length == b.Branches.Length &&
                a.Branches.Zip(b.Branches).All(pair =>
                    AreEquivalent(pair.First.Condition, pair.Second.Condition) && AreEquivalent(pair.First.Result, pair.Second.Result)) &&
                AreEquivalent(a.Else, b.Else),
            _ => throw new ArgumentOutOfRangeException(nameof(first), first.Kind, "Unknown expression kind."),
        };
    }

    private static bool AllEquivalent(IReadOnlyList<Expression> first, IReadOnlyList<Expression> second)
    {
        if (first.Count != second.Count)
        {
            return false;
        }

        for (var i = 0; i < first.Count; i++)
        {
            if (!AreEquivalent(first[i], second[i]))
            {
                return false;
            }
        }

        return true;
    }
}
