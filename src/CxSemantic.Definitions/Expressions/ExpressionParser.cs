using System.Globalization;
using CxSemantic.Definitions.Diagnostics;

namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// Parses the expression language (SQL-like, keywords case-insensitive) into an <see cref="Expression"/>.
/// Precedence, loosest first: <c>or</c>; <c>and</c>; <c>not</c>; comparisons and predicates
/// (<c>= != &lt;&gt; &lt; &lt;= &gt; &gt;=</c>, <c>[not] in</c>, <c>[not] between</c>, <c>is [not] null</c>,
/// <c>[not] like</c>; they do not chain); <c>+ -</c>; <c>* / %</c>; unary minus. Only the functions of
/// <see cref="BuiltinFunction"/> can be called; anything else is a positioned error, so no raw SQL ever
/// passes through. Never throws for bad input.
/// </summary>
public static partial class ExpressionParser
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
    private ref partial struct Parser
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

                if (_diagnostics.Count == 0 && _text.Length >= 2 * ExpressionLimits.MaxDepth && FirstTooDeep(expression) is { } tooDeep)
                {
                    Fail(ExpressionErrorCodes.TooDeep, Messages.Format(ExpressionErrorMessages.TooDeep, ExpressionLimits.MaxDepth), tooDeep.Span);
                }

                if (_diagnostics.Count == 0)
                {
                    return ExpressionParseResult.ForSuccess(expression);
                }
            }

            return ExpressionParseResult.ForFailure([.. _diagnostics.OrderBy(d => d.Span.Line).ThenBy(d => d.Span.Column)]);
        }

        /// <summary>
        /// The first node below <see cref="ExpressionLimits.MaxDepth"/> levels, or null. The parser's own count
        /// bounds its recursion, but a left operand is parsed before the operator above it is seen, so
        /// chains nested as left operands (<c>(a * a * …) * a * …</c>) can build a deeper tree than was counted.
        /// Everything downstream recurses over the tree, so its height is checked here, without recursion.
        /// Each level costs at least two characters (an operator and an operand), so short text is skipped.
        /// </summary>
        private static Expression? FirstTooDeep(Expression root)
        {
            var pending = new Stack<(Expression Node, int Depth)>();
            pending.Push((root, 1));
            while (pending.Count > 0)
            {
                var (node, depth) = pending.Pop();
                if (depth > ExpressionLimits.MaxDepth)
                {
                    return node;
                }

                foreach (var child in node.GetChildren())
                {
                    pending.Push((child, depth + 1));
                }
            }

            return null;
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
    }
}
