using System.Text;

namespace CxSemantic.GraphQL.Language;

/// <summary>
/// String tokens (spec 2.9.5): quoted strings with their escapes checked while scanning, block strings, and their
/// decoding to .NET strings (only when asked: scanning leaves the bytes in place).
/// </summary>
public ref partial struct Utf8GraphQLReader
{
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

            AdvanceStringCharacter(c);
        }

        ThrowAtCurrent(SyntaxErrorCode.UnterminatedString, "Unterminated string.");
    }

    /// <summary>Steps over one source character of a string (a whole UTF-8 sequence); control characters other than tab are refused.</summary>
    private void AdvanceStringCharacter(byte c)
    {
        if (c >= 0x80)
        {
            AdvanceMultiByte();
            return;
        }

        if (c < 0x20 && c != '\t')
        {
            ThrowInvalidCharacter(c, "Invalid character within String: ");
        }

        _position++;
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

            AdvanceStringCharacter(c);
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
}
