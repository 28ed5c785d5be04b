using System.Collections.Immutable;

namespace CxSemantic.Definitions.Expressions;

/// <content>The logical and predicate levels: <c>or</c>, <c>and</c>, <c>not</c>, comparisons, <c>is</c>, <c>in</c>, <c>between</c>, <c>like</c>.</content>
public static partial class ExpressionParser
{
    private ref partial struct Parser
    {

        /// <summary>
        /// Each further operand of an operator chain (<c>a + b + c</c>) is one level deeper in the tree, which
        /// is what recursive consumers pay for; the caller undoes <paramref name="chained"/> levels at the end.
        /// </summary>
        private bool Deeper(ref int chained)
        {
            chained++;
            return ++_depth > ExpressionLimits.MaxDepth;
        }

        /// <summary>A full expression, one nesting level deeper.</summary>
        private Expression ParseExpression()
        {
            _depth++;
            var expression = _depth > ExpressionLimits.MaxDepth ? TooDeep() : ParseOr();
            _depth--;
            return expression;
        }

        private Expression ParseOr()
        {
            var left = ParseAnd();
            var chained = 0;
            while (Accept(TokenKind.Or))
            {
                var right = Deeper(ref chained) ? TooDeep() : ParseAnd();
                left = new BinaryExpression(_map.Cover(left.Span, right.Span), BinaryOperator.Or, left, right);
            }

            _depth -= chained;
            return left;
        }

        private Expression ParseAnd()
        {
            var left = ParseNot();
            var chained = 0;
            while (Accept(TokenKind.And))
            {
                var right = Deeper(ref chained) ? TooDeep() : ParseNot();
                left = new BinaryExpression(_map.Cover(left.Span, right.Span), BinaryOperator.And, left, right);
            }

            _depth -= chained;
            return left;
        }

        private Expression ParseNot()
        {
            if (_kind != TokenKind.Not)
            {
                return ParseComparison();
            }

            var start = TokenSpan;
            Advance();
            _depth++;
            var operand = _depth > ExpressionLimits.MaxDepth ? TooDeep() : ParseNot();
            _depth--;
            return new UnaryExpression(_map.Cover(start, operand.Span), UnaryOperator.Not, operand);
        }

        private Expression ParseComparison()
        {
            var left = ParseAdditive();
            var predicate = ParsePredicate(left);
            if (!ReferenceEquals(predicate, left) && IsPredicateStart(_kind))
            {
                Fail(ExpressionErrorCodes.ChainedComparison, Messages.Format(ExpressionErrorMessages.ChainedComparison, TokenText.ToString()), TokenSpan);
            }

            return predicate;
        }

        private static bool IsPredicateStart(TokenKind kind) =>
            ComparisonOperator(kind) is not null || kind is TokenKind.Is or TokenKind.In or TokenKind.Between or TokenKind.Like;

        private static BinaryOperator? ComparisonOperator(TokenKind kind) => kind switch
        {
            TokenKind.Equal => BinaryOperator.Equal,
            TokenKind.NotEqual => BinaryOperator.NotEqual,
            TokenKind.Less => BinaryOperator.Less,
            TokenKind.LessOrEqual => BinaryOperator.LessOrEqual,
            TokenKind.Greater => BinaryOperator.Greater,
            TokenKind.GreaterOrEqual => BinaryOperator.GreaterOrEqual,
            _ => null,
        };

        /// <summary>The predicate that follows <paramref name="left"/>, or <paramref name="left"/> itself.</summary>
        private Expression ParsePredicate(Expression left)
        {
            if (ComparisonOperator(_kind) is { } comparison)
            {
                Advance();
                var right = ParseAdditive();
                return new BinaryExpression(_map.Cover(left.Span, right.Span), comparison, left, right);
            }

            switch (_kind)
            {
                case TokenKind.Is:
                    Advance();
                    var negated = Accept(TokenKind.Not);
                    var nullSpan = TokenSpan;
                    return Expect(TokenKind.Null, "'null' (write 'is null' or 'is not null')")
                        ? new IsNullExpression(_map.Cover(left.Span, nullSpan), left, negated)
                        : left;
                case TokenKind.Not:
                    // 'not' after a value can only start 'not in', 'not between' or 'not like'.
                    var peek = _lexer;
                    peek.Read();
                    if (peek.Kind is TokenKind.In or TokenKind.Between or TokenKind.Like)
                    {
                        Advance();
                        return ParseNegatable(left, negated: true);
                    }

                    return left;
                case TokenKind.In or TokenKind.Between or TokenKind.Like:
                    return ParseNegatable(left, negated: false);
                default:
                    return left;
            }
        }

        private Expression ParseNegatable(Expression left, bool negated)
        {
            var keyword = _kind;
            Advance();
            switch (keyword)
            {
                case TokenKind.In:
                    return ParseInList(left, negated);
                case TokenKind.Between:
                    var low = ParseAdditive();
                    if (!Expect(TokenKind.And, "'and' between the two bounds, as in `score between 1 and 5`"))
                    {
                        return left;
                    }

                    var high = ParseAdditive();
                    return new BetweenExpression(_map.Cover(left.Span, high.Span), left, low, high, negated);
                default:
                    var pattern = ParseAdditive();
                    return new LikeExpression(_map.Cover(left.Span, pattern.Span), left, pattern, negated);
            }
        }

        private Expression ParseInList(Expression left, bool negated)
        {
            var open = TokenSpan;
            if (!Expect(TokenKind.LeftParenthesis, "'(' after 'in', as in `channel in ('voice', 'chat')`"))
            {
                return left;
            }

            if (_kind == TokenKind.RightParenthesis)
            {
                Fail(ExpressionErrorCodes.EmptyInList, ExpressionErrorMessages.EmptyInList, _map.Cover(open, TokenSpan));
                return left;
            }

            var items = ImmutableArray.CreateBuilder<Expression>();
            do
            {
                items.Add(ParseExpression());
            }
            while (Accept(TokenKind.Comma));

            var close = TokenSpan;
            return Expect(TokenKind.RightParenthesis, "',' or ')' in the 'in' list")
                ? new InExpression(_map.Cover(left.Span, close), left, items.ToImmutable(), negated)
                : left;
        }
    }
}
