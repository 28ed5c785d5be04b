using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Definitions.Diagnostics;
using NodaTime.Text;

namespace CxSemantic.Definitions.Expressions;

/// <content>The value levels: arithmetic, unary minus, literals, names, function calls and <c>case</c>.</content>
public static partial class ExpressionParser
{
    private ref partial struct Parser
    {
        private Expression ParseAdditive()
        {
            var left = ParseMultiplicative();
            var chained = 0;
            while (_kind is TokenKind.Plus or TokenKind.Minus)
            {
                var op = _kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
                Advance();
                var right = Deeper(ref chained) ? TooDeep() : ParseMultiplicative();
                left = new BinaryExpression(_map.Cover(left.Span, right.Span), op, left, right);
            }

            _depth -= chained;
            return left;
        }

        private Expression ParseMultiplicative()
        {
            var left = ParseUnary();
            var chained = 0;
            while (_kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
            {
                var op = _kind switch
                {
                    TokenKind.Star => BinaryOperator.Multiply,
                    TokenKind.Slash => BinaryOperator.Divide,
                    _ => BinaryOperator.Modulo,
                };
                Advance();
                var right = Deeper(ref chained) ? TooDeep() : ParseUnary();
                left = new BinaryExpression(_map.Cover(left.Span, right.Span), op, left, right);
            }

            _depth -= chained;
            return left;
        }

        private Expression ParseUnary()
        {
            if (_kind != TokenKind.Minus)
            {
                return ParsePrimary();
            }

            var start = TokenSpan;
            Advance();
            _depth++;
            var operand = _depth > ExpressionLimits.MaxDepth ? TooDeep() : ParseUnary();
            _depth--;
            return new UnaryExpression(_map.Cover(start, operand.Span), UnaryOperator.Negate, operand);
        }

        private Expression ParsePrimary()
        {
            var span = TokenSpan;
            var text = TokenText;
            switch (_kind)
            {
                case TokenKind.Integer:
                    Advance();
                    if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
                    {
                        Report(ExpressionErrorCodes.NumberOutOfRange, Messages.Format(ExpressionErrorMessages.NumberOutOfRange, text.ToString()), span);
                    }

                    return LiteralExpression.FromInteger(integer, span);
                case TokenKind.Decimal:
                    Advance();
                    if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                    {
                        Report(ExpressionErrorCodes.NumberOutOfRange, Messages.Format(ExpressionErrorMessages.NumberOutOfRange, text.ToString()), span);
                    }

                    return LiteralExpression.FromDecimal(number, span);
                case TokenKind.String:
                    Advance();
                    return LiteralExpression.FromString(Unescape(text), span);
                case TokenKind.True or TokenKind.False:
                    var truth = _kind == TokenKind.True;
                    Advance();
                    return LiteralExpression.FromBoolean(truth, span);
                case TokenKind.Null:
                    Advance();
                    return LiteralExpression.Null(span);
                case TokenKind.Date or TokenKind.Timestamp:
                    var peek = _lexer;
                    peek.Read();
                    return peek.Kind == TokenKind.String ? ParseTemporal() : ParseName();
                case TokenKind.Identifier:
                    return ParseName();
                case TokenKind.LeftParenthesis:
                    Advance();
                    var inner = ParseExpression();
                    var close = TokenSpan;

                    // The node's span takes in its parentheses, so a parent's span ends at its last character.
                    return Expect(TokenKind.RightParenthesis, "')' to close the '('")
                        ? inner with { Span = _map.Cover(span, close) }
                        : Placeholder(span);
                case TokenKind.Case:
                    return ParseCase();
                default:
                    Unexpected("a value, a column name or '('");
                    return Placeholder(span);
            }
        }

        private static string Unescape(ReadOnlySpan<char> quoted) =>
            quoted[1..^1].ToString().Replace("''", "'", StringComparison.Ordinal);

        private LiteralExpression ParseTemporal()
        {
            var isDate = _kind == TokenKind.Date;
            var start = TokenSpan;
            Advance();
            var literalSpan = TokenSpan;
            var value = Unescape(TokenText);
            Advance();
            var span = _map.Cover(start, literalSpan);
            if (isDate)
            {
                var date = LocalDatePattern.Iso.Parse(value);
                if (date.Success)
                {
                    return LiteralExpression.FromDate(date.Value, span);
                }

                Report(ExpressionErrorCodes.InvalidDate, Messages.Format(ExpressionErrorMessages.InvalidDate, value), literalSpan);
            }
            else
            {
                var instant = InstantPattern.ExtendedIso.Parse(value);
                if (instant.Success)
                {
                    return LiteralExpression.FromTimestamp(instant.Value, span);
                }

                Report(ExpressionErrorCodes.InvalidTimestamp, Messages.Format(ExpressionErrorMessages.InvalidTimestamp, value), literalSpan);
            }

            return Placeholder(span);
        }

        /// <summary>A column reference (<c>a</c>, <c>customers.segment</c>) or a function call.</summary>
        private Expression ParseName()
        {
            var first = TokenSpan;
            var nameStart = _start;
            var nameLength = _length;
            Advance();
            if (_kind == TokenKind.LeftParenthesis)
            {
                return ParseCall(nameStart, nameLength);
            }

            var path = ImmutableArray.CreateBuilder<string>();
            path.Add(Segment(nameStart, nameLength));
            var last = first;
            while (Accept(TokenKind.Dot))
            {
                if (_kind is not (TokenKind.Identifier or TokenKind.Date or TokenKind.Timestamp))
                {
                    Unexpected("a column name after '.'");
                    break;
                }

                path.Add(Segment(_start, _length));
                last = TokenSpan;
                Advance();
            }

            return new ColumnReference(_map.Cover(first, last), path.ToImmutable());
        }

        private readonly string Segment(int start, int length)
        {
            var name = _text.Substring(start, length);
            if (!name.Any(char.IsAsciiLetterUpper))
            {
                return name;
            }

            // Keywords are case-insensitive, but column names are matched exactly: say so instead of "unknown column".
            var lower = name.ToLowerInvariant();
            Report(ExpressionErrorCodes.NameNotLowerCase, Messages.Format(ExpressionErrorMessages.NameNotLowerCase, name, lower), _map.Span(start, length));
            return lower;
        }

        private Expression ParseCall(int nameStart, int nameLength)
        {
            var nameSpan = _map.Span(nameStart, nameLength);
            var name = _text.AsSpan(nameStart, nameLength);
            var known = BuiltinFunctions.TryLookup(name, out var function);
            if (!known)
            {
                var written = name.ToString();
                if (BuiltinFunctions.IsAggregateName(name))
                {
                    Report(ExpressionErrorCodes.AggregateNotAllowed, Messages.Format(ExpressionErrorMessages.AggregateNotAllowed, written.ToLowerInvariant()), nameSpan);
                }
                else
                {
                    Report(
                        ExpressionErrorCodes.UnknownFunction,
                        Messages.Format(ExpressionErrorMessages.UnknownFunction, written, BuiltinFunctions.NameList, NameSuggester.Hint(written, BuiltinFunctions.Names)),
                        nameSpan);
                }
            }

            Advance();
            var arguments = ImmutableArray.CreateBuilder<Expression>();
            if (_kind != TokenKind.RightParenthesis)
            {
                do
                {
                    arguments.Add(ParseExpression());
                }
                while (Accept(TokenKind.Comma));
            }

            var close = TokenSpan;
            if (!Expect(TokenKind.RightParenthesis, "',' or ')' after a function argument"))
            {
                return Placeholder(nameSpan);
            }

            var span = _map.Cover(nameSpan, close);
            if (!known)
            {
                return Placeholder(span);
            }

            var min = BuiltinFunctions.MinArguments(function);
            var max = BuiltinFunctions.MaxArguments(function);
            if (arguments.Count < min || arguments.Count > max)
            {
                var expected = (min, max) switch
                {
                    _ when min == max => Messages.Count(min, "argument"),
                    (_, int.MaxValue) => $"at least {Messages.Count(min, "argument")}",
                    _ => $"{min} or {Messages.Count(max, "argument")}",
                };
                var given = arguments.Count == 1 ? "1 was" : $"{arguments.Count} were";
                Report(
                    ExpressionErrorCodes.FunctionArity,
                    Messages.Format(ExpressionErrorMessages.FunctionArity, BuiltinFunctions.NameOf(function), expected, given, BuiltinFunctions.Signature(function)),
                    span);
            }

            return new FunctionCall(span, function, arguments.ToImmutable());
        }

        private Expression ParseCase()
        {
            var start = TokenSpan;
            Advance();
            var branches = ImmutableArray.CreateBuilder<WhenClause>();
            while (_kind == TokenKind.When)
            {
                var when = TokenSpan;
                Advance();
                var condition = ParseExpression();
                if (!Expect(TokenKind.Then, "'then' after the 'when' condition"))
                {
                    break;
                }

                var result = ParseExpression();
                branches.Add(new WhenClause(_map.Cover(when, result.Span), condition, result));
            }

            if (branches.Count == 0)
            {
                Fail(ExpressionErrorCodes.CaseWithoutWhen, ExpressionErrorMessages.CaseWithoutWhen, TokenSpan);
            }

            var otherwise = Accept(TokenKind.Else) ? ParseExpression() : null;
            var end = TokenSpan;
            return Expect(TokenKind.End, "'when', 'else' or 'end' in the 'case'")
                ? new CaseExpression(_map.Cover(start, end), branches.ToImmutable(), otherwise)
                : Placeholder(start);
        }
    }
}
