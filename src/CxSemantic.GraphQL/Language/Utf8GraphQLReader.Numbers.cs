namespace CxSemantic.GraphQL.Language;

/// <summary>Number tokens: IntValue and FloatValue (spec 2.9.3, 2.9.4), kept as their source bytes.</summary>
public ref partial struct Utf8GraphQLReader
{
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
}
