using System.Text;

namespace CxSemantic.GraphQL.Language;

/// <summary>
/// A forward-only, allocation-free GraphQL lexer over UTF-8 bytes (in the style of <c>Utf8JsonReader</c>).
/// Call <see cref="Read"/> to advance; inspect <see cref="Kind"/>, <see cref="ValueSpan"/> and the position properties.
/// </summary>
public ref struct Utf8GraphQLReader
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

    private void ReadNumber()
    {
        int start = _position;
        bool isFloat = false;
        if (_data[_position] == '-') { _position++; }
        if (Peek() == '0')
        {
            _position++;
            if (IsDigit(Peek()))
            {
                ThrowAtCurrent(SyntaxErrorCode.InvalidNumber, $"Invalid number, unexpected digit after 0: {Describe(_position)}.");
            }
        }
        else
        {
            ReadDigits();
        }

        if (Peek() == '.')
        {
            isFloat = true;
            _position++;
            ReadDigits();
        }

        if (Peek() is (byte)'e' or (byte)'E')
        {
            isFloat = true;
            _position++;
            if (Peek() is (byte)'+' or (byte)'-') { _position++; }
            ReadDigits();
        }

        int next = Peek();
        if (next == '.' || (next >= 0 && IsNameStart((byte)next)))
        {
            ThrowAtCurrent(SyntaxErrorCode.InvalidNumber, $"Invalid number, expected digit but got: {Describe(_position)}.");
        }

        Kind = isFloat ? TokenKind.Float : TokenKind.Integer;
        ValueSpan = _data[start.._position];
        End = _position;
    }

    private void ReadDigits()
    {
        if (!IsDigit(Peek()))
        {
            ThrowAtCurrent(SyntaxErrorCode.InvalidNumber, $"Invalid number, expected digit but got: {Describe(_position)}.");
        }
        while (IsDigit(Peek())) { _position++; }
    }

    private readonly int Peek() => _position < _data.Length ? _data[_position] : -1;

    private void ReadString()
    {
        _position++;
        int contentStart = _position;
        var data = _data;
        while (_position < data.Length)
        {
            byte c = data[_position];
            if (c == '"')
            {
                ValueSpan = data[contentStart.._position];
                _position++;
                End = _position;
                Kind = TokenKind.String;
                return;
            }

            if (c == '\\')
            {
                HasEscapes = true;
                ValidateEscape();
                continue;
            }

            if (c == '\n' || c == '\r')
            {
                break;
            }

            if (c >= 0x80)
            {
                AdvanceMultiByte();
                continue;
            }

            if (c < 0x20 && c != '\t')
            {
                ThrowInvalidCharacter(c, "Invalid character within String: ");
            }

            _position++;
        }

        ThrowAtCurrent(SyntaxErrorCode.UnterminatedString, "Unterminated string.");
    }

    private void ValidateEscape()
    {
        var data = _data;
        int escapeStart = _position;
        if (_position + 1 >= data.Length)
        {
            _position++;
            ThrowAtCurrent(SyntaxErrorCode.UnterminatedString, "Unterminated string.");
        }

        byte e = data[_position + 1];
        switch (e)
        {
            case (byte)'"':
            case (byte)'\\':
            case (byte)'/':
            case (byte)'b':
            case (byte)'f':
            case (byte)'n':
            case (byte)'r':
            case (byte)'t':
                _position += 2;
                return;
            case (byte)'u':
                if (_position + 2 < data.Length && data[_position + 2] == '{')
                {
                    int p = _position + 3;
                    int value = 0;
                    int digits = 0;
                    while (p < data.Length && HexValue(data[p]) >= 0 && digits < 9)
                    {
                        value = (value << 4) | HexValue(data[p]);
                        p++;
                        digits++;
                    }
                    if (digits > 0 && digits <= 8 && p < data.Length && data[p] == '}' && value <= 0x10FFFF && !(value >= 0xD800 && value <= 0xDFFF))
                    {
                        _position = p + 1;
                        return;
                    }
                    ThrowBadUnicode(escapeStart, Math.Min(p + 1, data.Length));
                }
                else
                {
                    int cp = ReadHex4(escapeStart + 2);
                    if (cp < 0) { ThrowBadUnicode(escapeStart, Math.Min(escapeStart + 6, data.Length)); }
                    if (cp >= 0xD800 && cp <= 0xDBFF)
                    {
                        // A leading surrogate must be followed by an escaped trailing surrogate.
                        if (escapeStart + 7 < data.Length && data[escapeStart + 6] == '\\' && data[escapeStart + 7] == 'u')
                        {
                            int trail = ReadHex4(escapeStart + 8);
                            if (trail >= 0xDC00 && trail <= 0xDFFF)
                            {
                                _position = escapeStart + 12;
                                return;
                            }
                        }
                        ThrowBadUnicode(escapeStart, Math.Min(escapeStart + 6, data.Length));
                    }
                    if (cp >= 0xDC00 && cp <= 0xDFFF) { ThrowBadUnicode(escapeStart, escapeStart + 6); }
                    _position = escapeStart + 6;
                }
                return;
            default:
                string shown = e < 0x80 && e >= 0x20 ? ((char)e).ToString() : Describe(_position + 1).Trim('"');
                Throw(SyntaxErrorCode.InvalidEscapeSequence, $"Invalid character escape sequence: \"\\{shown}\".", escapeStart);
                return;
        }
    }

    private readonly int ReadHex4(int p)
    {
        if (p + 4 > _data.Length) { return -1; }
        int v = 0;
        for (int i = 0; i < 4; i++)
        {
            int h = HexValue(_data[p + i]);
            if (h < 0) { return -1; }
            v = (v << 4) | h;
        }
        return v;
    }

    private readonly void ThrowBadUnicode(int start, int end)
    {
        string text = Encoding.UTF8.GetString(_data[start..end]);
        Throw(SyntaxErrorCode.InvalidEscapeSequence, $"Invalid Unicode escape sequence: \"{text}\".", start);
    }

    private void ReadBlockString()
    {
        var data = _data;
        _position += 3;
        int contentStart = _position;
        while (_position < data.Length)
        {
            byte c = data[_position];
            if (c == '"' && _position + 2 < data.Length && data[_position + 1] == '"' && data[_position + 2] == '"')
            {
                ValueSpan = data[contentStart.._position];
                _position += 3;
                End = _position;
                Kind = TokenKind.BlockString;
                return;
            }

            if (c == '\\' && _position + 3 < data.Length && data[_position + 1] == '"' && data[_position + 2] == '"' && data[_position + 3] == '"')
            {
                HasEscapes = true;
                _position += 4;
                continue;
            }

            if (c == '\n')
            {
                _position++;
                NewLine();
                continue;
            }

            if (c == '\r')
            {
                _position++;
                if (_position < data.Length && data[_position] == '\n') { _position++; }
                NewLine();
                continue;
            }

            if (c >= 0x80)
            {
                AdvanceMultiByte();
                continue;
            }

            if (c < 0x20 && c != '\t')
            {
                ThrowInvalidCharacter(c, "Invalid character within String: ");
            }

            _position++;
        }

        ThrowAtCurrent(SyntaxErrorCode.UnterminatedString, "Unterminated string.");
    }

    /// <summary>Decodes the current string or block string token.</summary>
    public readonly string GetString()
    {
        if (Kind == TokenKind.BlockString)
        {
            string raw = Encoding.UTF8.GetString(ValueSpan);
            if (HasEscapes) { raw = raw.Replace("\\\"\"\"", "\"\"\"", StringComparison.Ordinal); }
            return BlockString.Dedent(raw);
        }

        if (!HasEscapes)
        {
            return Encoding.UTF8.GetString(ValueSpan);
        }

        return DecodeEscapes(ValueSpan);
    }

    /// <summary>Decodes the current name or number token as a string.</summary>
    public readonly string GetName() => Encoding.UTF8.GetString(ValueSpan);

    private static string DecodeEscapes(ReadOnlySpan<byte> span)
    {
        var sb = new StringBuilder(span.Length);
        int i = 0;
        while (i < span.Length)
        {
            int next = span[i..].IndexOf((byte)'\\');
            if (next < 0)
            {
                sb.Append(Encoding.UTF8.GetString(span[i..]));
                break;
            }
            if (next > 0) { sb.Append(Encoding.UTF8.GetString(span.Slice(i, next))); }
            i += next;
            byte e = span[i + 1];
            switch (e)
            {
                case (byte)'b': sb.Append('\b'); i += 2; break;
                case (byte)'f': sb.Append('\f'); i += 2; break;
                case (byte)'n': sb.Append('\n'); i += 2; break;
                case (byte)'r': sb.Append('\r'); i += 2; break;
                case (byte)'t': sb.Append('\t'); i += 2; break;
                case (byte)'u':
                    if (span[i + 2] == '{')
                    {
                        int p = i + 3;
                        int v = 0;
                        while (span[p] != '}') { v = (v << 4) | HexValue(span[p]); p++; }
                        sb.Append(char.ConvertFromUtf32(v));
                        i = p + 1;
                    }
                    else
                    {
                        int v = 0;
                        for (int k = 0; k < 4; k++) { v = (v << 4) | HexValue(span[i + 2 + k]); }
                        sb.Append((char)v);
                        i += 6;
                    }
                    break;
                default: sb.Append((char)e); i += 2; break;
            }
        }
        return sb.ToString();
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

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
