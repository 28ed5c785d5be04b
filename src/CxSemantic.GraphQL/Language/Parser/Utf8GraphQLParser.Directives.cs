namespace CxSemantic.GraphQL.Language;

internal ref partial struct Utf8GraphQLParser
{
    private IReadOnlyList<DirectiveNode> ParseDirectives(bool isConst)
    {
        if (!Peek(TokenKind.At))
        {
            return [];
        }

        var list = new List<DirectiveNode>();
        while (Peek(TokenKind.At))
        {
            var location = _reader.Location;
            MoveNext();
            var name = ParseName();
            list.Add(new DirectiveNode(location, name, ParseArguments(isConst)));
        }
        return list;
    }
}
