using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Definitions.Diagnostics;
using NodaTime.Text;

namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// Parses the expression language (SQL-like, keywords case-insensitive) into an <see cref="Expression"/>.
/// Precedence, loosest first: <c>or</c>; <c>and</c>; <c>not</c>; comparisons and predicates
/// (<c>= != &lt;&gt; &lt; &lt;= &gt; &gt;=</c>, <c>[not] in</c>, <c>[not] between</c>, <c>is [not] null</c>,
/// <c>[not] like</c>; they do not chain); <c>+ -</c>; <c>* / %</c>; unary minus. Only the functions of
/// <see cref="BuiltinFunction"/> can be called; anything else is a positioned error, so no raw SQL ever
/// passes through. Never throws for bad input.
/// </summary>
public static class ExpressionParser
{
    private static readonly SourceSpan StandaloneOrigin = new(string.Empty, 1, 1);

    /// <summary>Parses text that stands on its own: positions are line 1, column 1 onwards, with no file.</summary>
    public static ExpressionParseResult Parse(string text) => Parse(text, StandaloneOrigin);

    /// <summary>
    /// Parses <paramref name="text"/>, whose first character is at <paramref name="origin"/> in its file;
    /// every node's and every diagnostic's span is relative to it.
    /// </summary>
    /// <param name="text">The expression, as written in the definition.</param>
    /// <param name="origin">Where the first character is (its length is ignored).</param>
    /// <returns>The expression, or the syntax errors (the first one that stops the parse, plus any found before it).</returns>
    public static ExpressionParseResult Parse(string text, SourceSpan origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > ExpressionLimits.MaxLength)
        {
            return ExpressionParseResult.ForFailure(
            [
                new Diagnostic(
                    ExpressionErrorCodes.TooLong,
                    Messages.Format(ExpressionErrorMessages.TooLong, text.Length, ExpressionLimits.MaxLength),
                    origin.Shift(0, 0)),
            ]);
        }

        var parser = new Parser(text, origin);
        return parser.ParseWhole();
    }

    /// <summary>
    /// The recursive-descent parser. Errors that leave the tree well-formed (an unknown function, a bad
    /// date, upper-case names) are recorded and parsing goes on, to report them together. A syntax error
    /// stops the parse: <see cref="Fail"/> turns the current token into end-of-input, so every loop ends
    /// and every expectation fails silently while the recursion unwinds; no exception, no null checks.
    /// </summary>
    private ref struct Parser
    {
        private readonly string _text;
        private readonly ExpressionSourceMap _map;
        private readonly List<Diagnostic> _diagnostics;
        private ExpressionLexer _lexer;
        private TokenKind _kind;
        private int _start;
        private int _length;
        private int _depth;
        private bool _failed;

        public Parser(string text, SourceSpan origin)
        {
            _text = text;
            _map = new ExpressionSourceMap(text, origin);
            _diagnostics = [];
            _lexer = new ExpressionLexer(text.AsSpan());
        }

        private readonly ReadOnlySpan<char> TokenText => _text.AsSpan(_start, _length);

        private readonly SourceSpan TokenSpan => _map.Span(_start, _length);

        public ExpressionParseResult ParseWhole()
        {
            Advance();
            if (_kind == TokenKind.EndOfInput)
            {
                Fail(ExpressionErrorCodes.Empty, ExpressionErrorMessages.Empty, _map.Span(0, 0));
            }
            else
            {
                var expression = ParseExpression();
                if (_kind == TokenKind.RightParenthesis)
                {
                    Unexpected("the end of the expression (this ')' has no matching '(')");
                }
                else if (_kind != TokenKind.EndOfInput)
                {
                    Fail(ExpressionErrorCodes.UnexpectedAfterExpression, Messages.Format(ExpressionErrorMessages.UnexpectedAfterExpression, Describe()), TokenSpan);
                }

                if (_diagnostics.Count == 0)
                {
                    return ExpressionParseResult.ForSuccess(expression);
                }
            }

            return ExpressionParseResult.ForFailure([.. _diagnostics.OrderBy(d => d.Span.Line).ThenBy(d => d.Span.Column)]);
        }

        // ---- tokens and errors ----

        private void Advance()
        {
            if (_failed)
            {
                return;
            }

            _lexer.Read();
            _kind = _lexer.Kind;
            _start = _lexer.Start;
            _length = _lexer.Length;
            if (_kind == TokenKind.Invalid)
            {
                ReportLexError(_lexer.Error);
            }
        }

        private bool Accept(TokenKind kind)
        {
            if (_kind != kind)
            {
                return false;
            }

            Advance();
            return true;
        }

        private bool Expect(TokenKind kind, string expected)
        {
            if (Accept(kind))
            {
                return true;
            }

            Unexpected(expected);
            return false;
        }

        /// <summary>A syntax error: records it (if it is the first) and drains the rest of the parse.</summary>
        private void Fail(string code, string message, SourceSpan span)
        {
            if (_failed)
            {
                return;
            }

            _diagnostics.Add(new Diagnostic(code, message, span));
            _failed = true;
            _kind = TokenKind.EndOfInput;
            _start = _text.Length;
            _length = 0;
        }

        /// <summary>An error that leaves the tree well-formed: parsing goes on.</summary>
        private readonly void Report(string code, string message, SourceSpan span)
        {
            if (!_failed)
            {
                _diagnostics.Add(new Diagnostic(code, message, span));
            }
        }

        private void Unexpected(string expected) =>
            Fail(ExpressionErrorCodes.UnexpectedToken, Messages.Format(ExpressionErrorMessages.UnexpectedToken, Describe(), expected), TokenSpan);

        private readonly string Describe()
        {
            if (_kind == TokenKind.EndOfInput)
            {
                return "end of expression";
            }

            // Strings already carry their quotes.
            const int MaxShown = 30;
            var text = _length <= MaxShown ? TokenText.ToString() : string.Concat(TokenText[..(MaxShown - 1)], "…");
            return _kind == TokenKind.String ? $"string {text}" : $"'{text}'";
        }

        private void ReportLexError(LexError error)
        {
            var text = TokenText.ToString();
            var span = TokenSpan;
            switch (error)
            {
                case LexError.UnexpectedCharacter:
                    // A lone surrogate is reported as itself; ConvertToUtf32 would throw on it.
                    var codePoint = (text.Length == 2 ? char.ConvertToUtf32(text[0], text[1]) : text[0]).ToString("X4", CultureInfo.InvariantCulture);
                    Fail(ExpressionErrorCodes.UnexpectedCharacter, Messages.Format(ExpressionErrorMessages.UnexpectedCharacter, text, codePoint), span);
                    break;
                case LexError.UnterminatedString:
                    Fail(ExpressionErrorCodes.UnterminatedString, ExpressionErrorMessages.UnterminatedString, span);
                    break;
                case LexError.DoubleQuote:
                    Fail(ExpressionErrorCodes.DoubleQuote, ExpressionErrorMessages.DoubleQuote, span);
                    break;
                case LexError.Semicolon:
                    Fail(ExpressionErrorCodes.Semicolon, ExpressionErrorMessages.Semicolon, span);
                    break;
                case LexError.Comment:
                    Fail(ExpressionErrorCodes.Comment, ExpressionErrorMessages.Comment, span);
                    break;
                case LexError.InvalidNumber:
                    Fail(ExpressionErrorCodes.InvalidNumber, Messages.Format(ExpressionErrorMessages.InvalidNumber, text), span);
                    break;
                case LexError.MistypedOperator:
                    var replacement = text switch
                    {
                        "==" => "'='",
                        "&&" => "'and'",
                        "||" => "'or' (there is no string concatenation)",
                        _ => "'not', or '!=' for not equal",
                    };
                    Fail(ExpressionErrorCodes.MistypedOperator, Messages.Format(ExpressionErrorMessages.MistypedOperator, text, replacement), span);
                    break;
                default:
                    throw new InvalidOperationException($"Unhandled lexer error {error}.");
            }
        }

        /// <summary>Stands in for a node after an error; never returned in a successful result.</summary>
        private static LiteralExpression Placeholder(SourceSpan span) => LiteralExpression.Null(span);

        private LiteralExpression TooDeep()
        {
            var span = TokenSpan;
            Fail(ExpressionErrorCodes.TooDeep, Messages.Format(ExpressionErrorMessages.TooDeep, ExpressionLimits.MaxDepth), span);
            return Placeholder(span);
        }

        // ---- grammar ----

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
