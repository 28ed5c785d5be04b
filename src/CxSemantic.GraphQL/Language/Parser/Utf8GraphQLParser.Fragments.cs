namespace CxSemantic.GraphQL.Language;

internal ref partial struct Utf8GraphQLParser
{
    private SelectionNode ParseFragment()
    {
        var location = Expect(TokenKind.Spread);
        bool hasTypeCondition = PeekKeyword("on"u8);
        if (!hasTypeCondition && Peek(TokenKind.Name))
        {
            var name = ParseName();
            return new FragmentSpreadNode(location, name, ParseDirectives(false));
        }

        NamedTypeNode? typeCondition = null;
        if (hasTypeCondition)
        {
            MoveNext();
            typeCondition = ParseNamedType();
        }

        var directives = ParseDirectives(false);
        return new InlineFragmentNode(location, typeCondition, directives, ParseSelectionSet());
    }

    private FragmentDefinitionNode ParseFragmentDefinition()
    {
        var location = _reader.Location;
        ExpectKeyword("fragment"u8);
        if (PeekKeyword("on"u8))
        {
            ThrowUnexpected();
        }

        var name = ParseName();
        ExpectKeyword("on"u8);
        var typeCondition = ParseNamedType();
        var directives = ParseDirectives(false);
        return new FragmentDefinitionNode(location, name, typeCondition, directives, ParseSelectionSet());
    }
}
