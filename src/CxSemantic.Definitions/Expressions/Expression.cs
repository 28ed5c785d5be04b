using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;

namespace CxSemantic.Definitions.Expressions;

/// <summary>The kind of an <see cref="Expression"/> node, one per sealed node type.</summary>
public enum ExpressionKind
{
    /// <summary><see cref="LiteralExpression"/>.</summary>
    Literal,

    /// <summary><see cref="ColumnReference"/>.</summary>
    Column,

    /// <summary><see cref="UnaryExpression"/>.</summary>
    Unary,

    /// <summary><see cref="BinaryExpression"/>.</summary>
    Binary,

    /// <summary><see cref="InExpression"/>.</summary>
    In,

    /// <summary><see cref="BetweenExpression"/>.</summary>
    Between,

    /// <summary><see cref="IsNullExpression"/>.</summary>
    IsNull,

    /// <summary><see cref="LikeExpression"/>.</summary>
    Like,

    /// <summary><see cref="FunctionCall"/>.</summary>
    FunctionCall,

    /// <summary><see cref="CaseExpression"/>.</summary>
    Case,
}

/// <summary>
/// A node of a parsed expression. Nodes are immutable; <see cref="Span"/> says where the node's text
/// is in its definition file. Record equality includes spans, so two parses of the same text at
/// different places differ: compare meaning with <see cref="ExpressionEquivalence.AreEquivalent"/>.
/// <see cref="ToString"/> prints the canonical text (<see cref="ExpressionPrinter"/>).
/// </summary>
public abstract record Expression
{
    /// <summary>Creates a node at <paramref name="span"/>.</summary>
    private protected Expression(SourceSpan span) => Span = span;

    /// <summary>Where the node's text is (from its first to its last character).</summary>
    public SourceSpan Span { get; init; }

    /// <summary>What kind of node this is.</summary>
    public abstract ExpressionKind Kind { get; }

    /// <summary>Calls the <paramref name="visitor"/> method for this node's kind.</summary>
    public abstract TResult Accept<TResult>(IExpressionVisitor<TResult> visitor);

    /// <summary>The direct sub-expressions, in source order (allocates; for generic walks).</summary>
    public abstract ImmutableArray<Expression> GetChildren();

    /// <summary>The canonical text of the expression.</summary>
    public sealed override string ToString() => ExpressionPrinter.Print(this);
}

/// <summary>
/// A constant: Integer (<see cref="long"/>), Decimal (<see cref="decimal"/>), String, Boolean, Null,
/// Date (<see cref="NodaTime.LocalDate"/>) or Timestamp (<see cref="NodaTime.Instant"/>). Built through the
/// typed factories so that <see cref="Type"/> and <see cref="Value"/> always agree. Numeric literals
/// are never negative when parsed: <c>-5</c> is a negation of <c>5</c>.
/// </summary>
public sealed record LiteralExpression : Expression
{
    private LiteralExpression(SourceSpan span, ExpressionType type, object? value)
        : base(span)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The literal's type (<see cref="ExpressionType.Null"/> for <c>null</c>).</summary>
    public ExpressionType Type { get; }

    /// <summary>The boxed value: long, decimal, string, bool, LocalDate, Instant, or null.</summary>
    public object? Value { get; }

    /// <inheritdoc/>
    public override ExpressionKind Kind => ExpressionKind.Literal;

    /// <summary>An integer literal.</summary>
    public static LiteralExpression FromInteger(long value, SourceSpan span) => new(span, ExpressionType.Integer, value);

    /// <summary>A decimal literal (its scale is kept: <c>60.0</c> prints as <c>60.0</c>).</summary>
    public static LiteralExpression FromDecimal(decimal value, SourceSpan span) => new(span, ExpressionType.Decimal, value);

    /// <summary>A string literal (the value, without quotes or escaping).</summary>
    public static LiteralExpression FromString(string value, SourceSpan span) =>
        new(span, ExpressionType.String, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static LiteralExpression FromBoolean(bool value, SourceSpan span) => new(span, ExpressionType.Boolean, value);

    /// <summary><c>null</c>.</summary>
    public static LiteralExpression Null(SourceSpan span) => new(span, ExpressionType.Null, null);

    /// <summary><c>date 'YYYY-MM-DD'</c>.</summary>
    public static LiteralExpression FromDate(NodaTime.LocalDate value, SourceSpan span) => new(span, ExpressionType.Date, value);

    /// <summary><c>timestamp 'YYYY-MM-DDTHH:MM:SSZ'</c>.</summary>
    public static LiteralExpression FromTimestamp(NodaTime.Instant value, SourceSpan span) => new(span, ExpressionType.Timestamp, value);

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitLiteral(this);
    }

    /// <inheritdoc/>
    public override ImmutableArray<Expression> GetChildren() => [];
}

/// <summary>
/// A column, possibly reached through joins: <c>handle_seconds</c> is <c>[handle_seconds]</c>,
/// <c>customers.segment</c> is <c>[customers, segment]</c>.
/// </summary>
/// <param name="Span">Where the reference is.</param>
/// <param name="Path">The dotted parts, lower-case.</param>
public sealed record ColumnReference(SourceSpan Span, ImmutableArray<string> Path) : Expression(Span)
{
    /// <summary>The dotted name, as written: <c>customers.segment</c>.</summary>
    public string Name => string.Join('.', Path);

    /// <inheritdoc/>
    public override ExpressionKind Kind => ExpressionKind.Column;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitColumn(this);
    }

    /// <inheritdoc/>
    public override ImmutableArray<Expression> GetChildren() => [];
}

/// <summary><c>not x</c> or <c>-x</c>.</summary>
/// <param name="Span">From the operator to the end of the operand.</param>
/// <param name="Operator">Which prefix operator.</param>
/// <param name="Operand">What it applies to.</param>
public sealed record UnaryExpression(SourceSpan Span, UnaryOperator Operator, Expression Operand) : Expression(Span)
{
    /// <inheritdoc/>
    public override ExpressionKind Kind => ExpressionKind.Unary;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitUnary(this);
    }

    /// <inheritdoc/>
    public override ImmutableArray<Expression> GetChildren() => [Operand];
}

/// <summary><c>left op right</c> for logical, comparison and arithmetic operators.</summary>
/// <param name="Span">From the start of the left operand to the end of the right one.</param>
/// <param name="Operator">Which operator.</param>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
public sealed record BinaryExpression(SourceSpan Span, BinaryOperator Operator, Expression Left, Expression Right) : Expression(Span)
{
    /// <inheritdoc/>
    public override ExpressionKind Kind => ExpressionKind.Binary;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitBinary(this);
    }

    /// <inheritdoc/>
    public override ImmutableArray<Expression> GetChildren() => [Left, Right];
}

/// <summary><c>value [not] in (item, …)</c>; at least one item.</summary>
/// <param name="Span">From the value to the closing parenthesis.</param>
/// <param name="Value">The tested value.</param>
/// <param name="Items">The list.</param>
/// <param name="Negated">True for <c>not in</c>.</param>
public sealed record InExpression(SourceSpan Span, Expression Value, ImmutableArray<Expression> Items, bool Negated) : Expression(Span)
{
    /// <inheritdoc/>
    public override ExpressionKind Kind => ExpressionKind.In;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitIn(this);
    }

    /// <inheritdoc/>
    public override ImmutableArray<Expression> GetChildren() => [Value, .. Items];
}

/// <summary><c>value [not] between low and high</c> (inclusive, as in SQL).</summary>
/// <param name="Span">From the value to the end of the upper bound.</param>
/// <param name="Value">The tested value.</param>
/// <param name="Low">Lower bound.</param>
/// <param name="High">Upper bound.</param>
/// <param name="Negated">True for <c>not between</c>.</param>
public sealed record BetweenExpression(SourceSpan Span, Expression Value, Expression Low, Expression High, bool Negated) : Expression(Span)
{
    /// <inheritdoc/>
    public override ExpressionKind Kind => ExpressionKind.Between;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitBetween(this);
    }

    /// <inheritdoc/>
    public override ImmutableArray<Expression> GetChildren() => [Value, Low, High];
}

/// <summary><c>operand is [not] null</c>.</summary>
/// <param name="Span">From the operand to <c>null</c>.</param>
/// <param name="Operand">The tested value.</param>
/// <param name="Negated">True for <c>is not null</c>.</param>
public sealed record IsNullExpression(SourceSpan Span, Expression Operand, bool Negated) : Expression(Span)
{
    /// <inheritdoc/>
    public override ExpressionKind Kind => ExpressionKind.IsNull;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitIsNull(this);
    }

    /// <inheritdoc/>
    public override ImmutableArray<Expression> GetChildren() => [Operand];
}

/// <summary><c>value [not] like pattern</c> (SQL <c>%</c> and <c>_</c> wildcards, case-sensitive).</summary>
/// <param name="Span">From the value to the end of the pattern.</param>
/// <param name="Value">The tested string.</param>
/// <param name="Pattern">The pattern.</param>
/// <param name="Negated">True for <c>not like</c>.</param>
public sealed record LikeExpression(SourceSpan Span, Expression Value, Expression Pattern, bool Negated) : Expression(Span)
{
    /// <inheritdoc/>
    public override ExpressionKind Kind => ExpressionKind.Like;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitLike(this);
    }

    /// <inheritdoc/>
    public override ImmutableArray<Expression> GetChildren() => [Value, Pattern];
}

/// <summary>A call of a whitelisted function; the parser guarantees the argument count.</summary>
/// <param name="Span">From the name to the closing parenthesis.</param>
/// <param name="Function">Which function.</param>
/// <param name="Arguments">The arguments.</param>
public sealed record FunctionCall(SourceSpan Span, BuiltinFunction Function, ImmutableArray<Expression> Arguments) : Expression(Span)
{
    /// <inheritdoc/>
    public override ExpressionKind Kind => ExpressionKind.FunctionCall;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitFunctionCall(this);
    }

    /// <inheritdoc/>
    public override ImmutableArray<Expression> GetChildren() => Arguments;
}

/// <summary>One <c>when condition then result</c> of a <see cref="CaseExpression"/>.</summary>
/// <param name="Span">From <c>when</c> to the end of the result.</param>
/// <param name="Condition">A true/false condition.</param>
/// <param name="Result">The value when the condition holds.</param>
public sealed record WhenClause(SourceSpan Span, Expression Condition, Expression Result);

/// <summary><c>case when … then … [when … then …] [else …] end</c> (searched case only).</summary>
/// <param name="Span">From <c>case</c> to <c>end</c>.</param>
/// <param name="Branches">At least one branch, tried in order.</param>
/// <param name="Else">The value when no branch holds; null means SQL null.</param>
public sealed record CaseExpression(SourceSpan Span, ImmutableArray<WhenClause> Branches, Expression? Else) : Expression(Span)
{
    /// <inheritdoc/>
    public override ExpressionKind Kind => ExpressionKind.Case;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitCase(this);
    }

    /// <inheritdoc/>
    public override ImmutableArray<Expression> GetChildren()
    {
        var builder = ImmutableArray.CreateBuilder<Expression>((Branches.Length * 2) + 1);
        foreach (var branch in Branches)
        {
            builder.Add(branch.Condition);
            builder.Add(branch.Result);
        }

        if (Else is not null)
        {
            builder.Add(Else);
        }

        return builder.ToImmutable();
    }
}
