namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// A forward-only, allocation-free tokenizer over the expression text (in the style of
/// <c>Utf8JsonReader</c>): call <see cref="Read"/>, then inspect <see cref="Kind"/>, <see cref="Start"/>,
/// <see cref="Length"/> and <see cref="Value"/>. It never throws on bad input: it reports a
/// <see cref="TokenKind.Invalid"/> token with an <see cref="Error"/> instead. Being a struct, a copy
/// is a free one-token lookahead.
/// </summary>
internal ref struct ExpressionLexer
{
    private readonly ReadOnlySpan<char> _text;
    private int _position;

    /// <summary>Creates a lexer positioned before the first token.</summary>
    public ExpressionLexer(ReadOnlySpan<char> text) => _text = text;

    /// <summary>The current token.</summary>
    public TokenKind Kind { get; private set; }

    /// <summary>Offset of the current token's first character.</summary>
    public int Start { get; private set; }

    /// <summary>Characters in the current token (0 at the end of input).</summary>
    public int Length { get; private set; }

    /// <summary>Why the current token is invalid, or <see cref="LexError.None"/>.</summary>
    public LexError Error { get; private set; }

    /// <summary>The current token's text (strings keep their quotes and doubled quotes).</summary>
    public readonly ReadOnlySpan<char> Value => _text.Slice(Start, Length);

    /// <summary>Moves to the next token; false once the input is exhausted.</summary>
    public bool Read()
    {
        while (_position < _text.Length && IsWhitespace(_text[_position]))
        {
            _position++;
        }

        Start = _position;
        Error = LexError.None;
        if (_position >= _text.Length)
        {
            Kind = TokenKind.EndOfInput;
            Length = 0;
            return false;
        }

        var c = _text[_position];
        var next = _position + 1 < _text.Length ? _text[_position + 1] : '\0';
        switch (c)
        {
            case '(': return Token(TokenKind.LeftParenthesis, 1);
            case ')': return Token(TokenKind.RightParenthesis, 1);
            case ',': return Token(TokenKind.Comma, 1);
            case '+': return Token(TokenKind.Plus, 1);
            case '*': return Token(TokenKind.Star, 1);
            case '%': return Token(TokenKind.Percent, 1);
            case '-': return next == '-' ? Invalid(LexError.Comment, 2) : Token(TokenKind.Minus, 1);
            case '/': return next == '*' ? Invalid(LexError.Comment, 2) : Token(TokenKind.Slash, 1);
            case '=': return next == '=' ? Invalid(LexError.MistypedOperator, 2) : Token(TokenKind.Equal, 1);
            case '!': return next == '=' ? Token(TokenKind.NotEqual, 2) : Invalid(LexError.MistypedOperator, 1);
            case '<':
                return next switch
                {
                    '=' => Token(TokenKind.LessOrEqual, 2),
                    '>' => Token(TokenKind.NotEqual, 2),
                    _ => Token(TokenKind.Less, 1),
                };
            case '>': return next == '=' ? Token(TokenKind.GreaterOrEqual, 2) : Token(TokenKind.Greater, 1);
            case '&' when next == '&': return Invalid(LexError.MistypedOperator, 2);
            case '|' when next == '|': return Invalid(LexError.MistypedOperator, 2);
            case '\'': return ReadString();
            case '"': return Invalid(LexError.DoubleQuote, 1);
            case ';': return Invalid(LexError.Semicolon, 1);
            case '.': return char.IsAsciiDigit(next) ? ReadNumber() : Token(TokenKind.Dot, 1);
            default:
                if (char.IsAsciiDigit(c))
                {
                    return ReadNumber();
                }

                if (IsNameStart(c))
                {
                    return ReadName();
                }

                // A surrogate pair is one character to the reader of the message.
                return Invalid(LexError.UnexpectedCharacter, char.IsHighSurrogate(c) && char.IsLowSurrogate(next) ? 2 : 1);
        }
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private bool Token(TokenKind kind, int length)
    {
        Kind = kind;
        Length = length;
        _position += length;
        return true;
    }

    private bool Invalid(LexError error, int length)
    {
        Error = error;
        return Token(TokenKind.Invalid, length);
    }

    private bool ReadString()
    {
        var i = _position + 1;
        while (i < _text.Length)
        {
            if (_text[i] == '\'')
            {
                if (i + 1 < _text.Length && _text[i + 1] == '\'')
                {
                    i += 2;
                    continue;
                }

                return Token(TokenKind.String, i + 1 - _position);
            }

            i++;
        }

        // Point at the opening quote: that is where the reader has to look.
        return Invalid(LexError.UnterminatedString, 1);
    }

    private bool ReadNumber()
    {
        var i = _position;
        while (i < _text.Length && char.IsAsciiDigit(_text[i]))
        {
            i++;
        }

        var kind = TokenKind.Integer;
        if (i + 1 < _text.Length && _text[i] == '.' && char.IsAsciiDigit(_text[i + 1]))
        {
            kind = TokenKind.Decimal;
            i++;
            while (i < _text.Length && char.IsAsciiDigit(_text[i]))
            {
                i++;
            }
        }

        if (i < _text.Length && IsNamePart(_text[i]))
        {
            // 12abc, 1e5, 3px: take the whole run so the message shows what was written.
            while (i < _text.Length && (IsNamePart(_text[i]) || _text[i] == '.'))
            {
                i++;
            }

            return Invalid(LexError.InvalidNumber, i - _position);
        }

        return Token(kind, i - _position);
    }

    private bool ReadName()
    {
        var i = _position + 1;
        while (i < _text.Length && IsNamePart(_text[i]))
        {
            i++;
        }

        return Token(Keyword(_text[_position..i]), i - _position);
    }

    private static TokenKind Keyword(ReadOnlySpan<char> name) => name.Length switch
    {
        2 when Is(name, "or") => TokenKind.Or,
        2 when Is(name, "in") => TokenKind.In,
        2 when Is(name, "is") => TokenKind.Is,
        3 when Is(name, "and") => TokenKind.And,
        3 when Is(name, "not") => TokenKind.Not,
        3 when Is(name, "end") => TokenKind.End,
        4 when Is(name, "null") => TokenKind.Null,
        4 when Is(name, "like") => TokenKind.Like,
        4 when Is(name, "true") => TokenKind.True,
        4 when Is(name, "case") => TokenKind.Case,
        4 when Is(name, "when") => TokenKind.When,
        4 when Is(name, "then") => TokenKind.Then,
        4 when Is(name, "else") => TokenKind.Else,
        4 when Is(name, "date") => TokenKind.Date,
        5 when Is(name, "false") => TokenKind.False,
        7 when Is(name, "between") => TokenKind.Between,
        9 when Is(name, "timestamp") => TokenKind.Timestamp,
        _ => TokenKind.Identifier,
    };

    private static bool Is(ReadOnlySpan<char> name, string keyword) => name.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
