namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// One method per <see cref="ExpressionKind"/>, deliberately without defaults: adding a node kind
/// breaks every visitor (type checker, printer, dialect compilers) at compile time until it is handled.
/// </summary>
/// <typeparam name="TResult">What a visit produces.</typeparam>
public interface IExpressionVisitor<out TResult>
{
    /// <summary>Visits a literal.</summary>
    TResult VisitLiteral(LiteralExpression literal);

    /// <summary>Visits a column reference.</summary>
    TResult VisitColumn(ColumnReference column);

    /// <summary>Visits <c>not x</c> or <c>-x</c>.</summary>
    TResult VisitUnary(UnaryExpression unary);

    /// <summary>Visits a logical, comparison or arithmetic operator.</summary>
    TResult VisitBinary(BinaryExpression binary);

    /// <summary>Visits <c>[not] in (…)</c>.</summary>
    TResult VisitIn(InExpression inExpression);

    /// <summary>Visits <c>[not] between … and …</c>.</summary>
    TResult VisitBetween(BetweenExpression between);

    /// <summary>Visits <c>is [not] null</c>.</summary>
    TResult VisitIsNull(IsNullExpression isNull);

    /// <summary>Visits <c>[not] like</c>.</summary>
    TResult VisitLike(LikeExpression likeExpression);

    /// <summary>Visits a function call.</summary>
    TResult VisitFunctionCall(FunctionCall functionCall);

    /// <summary>Visits a <c>case</c>.</summary>
    TResult VisitCase(CaseExpression caseExpression);
}
