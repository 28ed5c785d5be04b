namespace CxSemantic.GraphQL.Language;

internal ref partial struct Utf8GraphQLParser
{
    private ValueNode ParseValueLiteral(bool isConst)
    {
        var location = _reader.Location;
        switch (_reader.Kind)
        {
            case TokenKind.LeftBracket:
                return ParseList(isConst);
            case TokenKind.LeftBrace:
                return ParseObject(isConst);
            case TokenKind.Integer:
            {
                var node = new IntValueNode(location, _reader.GetName());
                MoveNext();
                return node;
            }
            case TokenKind.Float:
            {
                var node = new FloatValueNode(location, _reader.GetName());
                MoveNext();
                return node;
            }
            case TokenKind.String:
            case TokenKind.BlockString:
                return ParseStringLiteral();
            case TokenKind.Name:
            {
                var span = _reader.ValueSpan;
                ValueNode node;
                if (span.SequenceEqual("true"u8)) { node = new BooleanValueNode(location, true); }
                else if (span.SequenceEqual("false"u8)) { node = new BooleanValueNode(location, false); }
                else if (span.SequenceEqual("null"u8)) { node = new NullValueNode(location); }
                else { node = new EnumValueNode(location, NameCache.Get(span)); }
                MoveNext();
                return node;
            }
            case TokenKind.Dollar:
                if (isConst)
                {
                    MoveNext();
                    if (Peek(TokenKind.Name))
                    {
                        string varName = _reader.GetName();
                        SyntaxThrowHelper.Throw(SyntaxErrorCode.UnexpectedToken, $"Unexpected variable \"${varName}\" in constant value.", location.Line, location.Column, location.Offset);
                    }
                    SyntaxThrowHelper.Throw(SyntaxErrorCode.UnexpectedToken, "Unexpected \"$\".", location.Line, location.Column, location.Offset);
                }
                return ParseVariable();
            default:
                ThrowUnexpected();
                return null!;
        }
    }

    private StringValueNode ParseStringLiteral()
    {
        var node = new StringValueNode(_reader.Location, _reader.GetString(), _reader.Kind == TokenKind.BlockString);
        MoveNext();
        return node;
    }

    private ListValueNode ParseList(bool isConst)
    {
        EnterRecursion();
        var location = Expect(TokenKind.LeftBracket);
        var items = new List<ValueNode>();
        while (!Skip(TokenKind.RightBracket))
        {
            items.Add(ParseValueLiteral(isConst));
        }
        LeaveRecursion();
        return new ListValueNode(location, items);
    }

    private ObjectValueNode ParseObject(bool isConst)
    {
        EnterRecursion();
        var location = Expect(TokenKind.LeftBrace);
        var fields = new List<ObjectFieldNode>();
        while (!Skip(TokenKind.RightBrace))
        {
            var fieldLocation = _reader.Location;
            var name = ParseName();
            Expect(TokenKind.Colon);
            fields.Add(new ObjectFieldNode(fieldLocation, name, ParseValueLiteral(isConst)));
        }
        LeaveRecursion();
        return new ObjectValueNode(location, fields);
    }
}
