using System.Text;

namespace CxSemantic.GraphQL.Language;

/// <summary>
/// A forward-only, allocation-free GraphQL lexer over UTF-8 bytes (in the style of <c>Utf8JsonReader</c>).
/// Call <see cref="Read"/> to advance; inspect <see cref="Kind"/>, <see cref="ValueSpan"/> and the position properties.
/// This file holds the token loop, ignored tokens and errors; numbers and strings are scanned in their own parts.
/// </summary>
public ref partial struct Utf8GraphQLReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _line;
    private int _lineStart;
    private int _columnAdjust;

    /// <summary>Creates a reader over UTF-8 GraphQL source.</summary>
    public Utf8GraphQLReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _line = 1;
        Line = 1;
        Column = 1;
        Kind = TokenKind.StartOfFile;
    }

    /// <summary>The current token kind.</summary>
    public TokenKind Kind { get; private set; }

    /// <summary>Byte offset where the current token starts.</summary>
    public int Start { get; private set; }

    /// <summary>Byte offset just after the current token.</summary>
    public int End { get; private set; }

    /// <summary>1-based line of the current token.</summary>
    public int Line { get; private set; }

    /// <summary>1-based column of the current token.</summary>
    public int Column { get; private set; }

    /// <summary>The raw value bytes: a name, the number text, or the string content between the quotes.</summary>
    public ReadOnlySpan<byte> ValueSpan { get; private set; }

    /// <summary>Whether the current string token contains escape sequences.</summary>
    public bool HasEscapes { get; private set; }

    /// <summary>The location of the current token.</summary>
    public readonly Location Location => new(Line, Column, Start);

    /// <summary>Decodes the current name or number token as a string.</summary>
    public readonly string GetName() => Encoding.UTF8.GetString(ValueSpan);

    /// <summary>Advances to the next token. Returns false at the end of the input.</summary>
    public bool Read()
    {
        SkipIgnored();
        Start = _position;
        Line = _line;
        Column = _position - _lineStart + 1 - _columnAdjust;
        HasEscapes = false;
        if (_position >= _data.Length)
        {
            Kind = TokenKind.EndOfFile;
            End = _position;
            ValueSpan = default;
            return false;
        }

        byte c = _data[_position];
        switch (c)
        {
            case (byte)'!': Punctuator(TokenKind.Bang); return true;
            case (byte)'$': Punctuator(TokenKind.Dollar); return true;
            case (byte)'&': Punctuator(TokenKind.Ampersand); return true;
            case (byte)'(': Punctuator(TokenKind.LeftParenthesis); return true;
            case (byte)')': Punctuator(TokenKind.RightParenthesis); return true;
            case (byte)':': Punctuator(TokenKind.Colon); return true;
            case (byte)'=': Punctuator(TokenKind.Equal); return true;
            case (byte)'@': Punctuator(TokenKind.At); return true;
            case (byte)'[': Punctuator(TokenKind.LeftBracket); return true;
            case (byte)']': Punctuator(TokenKind.RightBracket); return true;
            case (byte)'{': Punctuator(TokenKind.LeftBrace); return true;
            case (byte)'|': Punctuator(TokenKind.Pipe); return true;
            case (byte)'}': Punctuator(TokenKind.RightBrace); return true;
            case (byte)'.':
                if (_position + 2 < _data.Length && _data[_position + 1] == '.' && _data[_position + 2] == '.')
                {
                    _position += 3;
                    Kind = TokenKind.Spread;
                    End = _position;
                    ValueSpan = default;
                    return true;
                }
                break;
            case (byte)'"':
                if (_position + 2 < _data.Length && _data[_position + 1] == '"' && _data[_position + 2] == '"')
                {
                    ReadBlockString();
                }
                else
                {
                    ReadString();
                }
                return true;
        }

        if (IsNameStart(c))
        {
            int p = _position + 1;
            while (p < _data.Length && IsNameContinue(_data[p])) { p++; }
            Kind = TokenKind.Name;
            ValueSpan = _data[_position..p];
            _position = p;
            End = p;
            return true;
        }

        if (c == '-' || IsDigit(c))
        {
            ReadNumber();
            return true;
        }

        ThrowUnexpectedCharacter(_position, Column);
        return false;
    }

    private void Punctuator(TokenKind kind)
    {
        Kind = kind;
        _position++;
        End = _position;
        ValueSpan = default;
    }

    private void SkipIgnored()
    {
        var data = _data;
        while (_position < data.Length)
        {
            byte c = data[_position];
            switch (c)
            {
                case (byte)' ':
                case (byte)'\t':
                case (byte)',':
                    _position++;
                    break;
                case (byte)'\n':
                    _position++;
                    NewLine();
                    break;
                case (byte)'\r':
                    _position++;
                    if (_position < data.Length && data[_position] == '\n') { _position++; }
                    NewLine();
                    break;
                case (byte)'#':
                    _position++;
                    while (_position < data.Length)
                    {
                        byte d = data[_position];
                        if (d == '\n' || d == '\r') { break; }
                        if (d >= 0x80) { AdvanceMultiByte(); }
                        else
                        {
                            if (d < 0x20 && d != '\t')
                            {
                                ThrowInvalidCharacter(d, "Invalid character: ");
                            }
                            _position++;
                        }
                    }
                    break;
                case 0xEF when _position + 2 < data.Length && data[_position + 1] == 0xBB && data[_position + 2] == 0xBF:
                    _position += 3;
                    _columnAdjust += 2;
                    break;
                default:
                    return;
            }
        }
    }

    private void NewLine()
    {
        _line++;
        _lineStart = _position;
        _columnAdjust = 0;
    }

    /// <summary>Skips one multi-byte UTF-8 sequence, keeping columns in UTF-16 units.</summary>
    private void AdvanceMultiByte()
    {
        byte lead = _data[_position];
        int len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (_position + len > _data.Length) { len = _data.Length - _position; }
        _position += len;
        _columnAdjust += len - (len == 4 ? 2 : 1);
    }

    private readonly int Peek() => _position < _data.Length ? _data[_position] : -1;

    internal static bool IsNameStart(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == '_';

    internal static bool IsNameContinue(byte c) => IsNameStart(c) || IsDigit(c);

    private static bool IsDigit(int c) => (uint)(c - '0') <= 9;

    private readonly string Describe(int position)
    {
        if (position >= _data.Length) { return "<EOF>"; }
        byte c = _data[position];
        if (c >= 0x20 && c < 0x7F) { return c == '"' ? "'\"'" : $"\"{(char)c}\""; }
        if (c < 0x80) { return $"U+{c:X4}"; }
        int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        len = Math.Min(len, _data.Length - position);
        string s = Encoding.UTF8.GetString(_data.Slice(position, len));
        return $"\"{s}\"";
    }

    private readonly void ThrowUnexpectedCharacter(int position, int column)
    {
        byte c = _data[position];
        if (c == '\'')
        {
            SyntaxThrowHelper.Throw(SyntaxErrorCode.UnexpectedCharacter, "Unexpected single quote character ('), did you mean to use a double quote (\")?", _line, column, position);
        }
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
        {
            SyntaxThrowHelper.Throw(SyntaxErrorCode.InvalidCharacter, $"Invalid character: U+{c:X4}.", _line, column, position);
        }
        SyntaxThrowHelper.Throw(SyntaxErrorCode.UnexpectedCharacter, $"Unexpected character: {Describe(position)}.", _line, column, position);
    }

    private readonly void ThrowInvalidCharacter(byte c, string prefix)
        => Throw(SyntaxErrorCode.InvalidCharacter, $"{prefix}U+{c:X4}.", _position);

    private readonly void ThrowAtCurrent(SyntaxErrorCode code, string message) => Throw(code, message, _position);

    private readonly void Throw(SyntaxErrorCode code, string message, int position)
        => SyntaxThrowHelper.Throw(code, message, _line, position - _lineStart + 1 - _columnAdjust, position);
}
