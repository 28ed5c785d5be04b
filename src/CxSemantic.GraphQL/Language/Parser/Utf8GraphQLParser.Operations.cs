namespace CxSemantic.GraphQL.Language;

internal ref partial struct Utf8GraphQLParser
{
    private OperationDefinitionNode ParseOperationDefinition()
    {
        var location = _reader.Location;
        if (Peek(TokenKind.LeftBrace))
        {
            return new OperationDefinitionNode(location, OperationType.Query, null, [], [], ParseSelectionSet());
        }

        var operation = ParseOperationType();
        NameNode? name = Peek(TokenKind.Name) ? ParseName() : null;
        var variables = ParseVariableDefinitions();
        var directives = ParseDirectives(false);
        var selectionSet = ParseSelectionSet();
        return new OperationDefinitionNode(location, operation, name, variables, directives, selectionSet);
    }

    private OperationType ParseOperationType()
    {
        if (PeekKeyword("query"u8)) { MoveNext(); return OperationType.Query; }
        if (PeekKeyword("mutation"u8)) { MoveNext(); return OperationType.Mutation; }
        if (PeekKeyword("subscription"u8)) { MoveNext(); return OperationType.Subscription; }
        ThrowUnexpected();
        return default;
    }

    private IReadOnlyList<VariableDefinitionNode> ParseVariableDefinitions()
    {
        if (!Skip(TokenKind.LeftParenthesis))
        {
            return [];
        }

        var list = new List<VariableDefinitionNode>();
        do
        {
            var location = _reader.Location;
            var variable = ParseVariable();
            Expect(TokenKind.Colon);
            var type = ParseTypeReference();
            ValueNode? defaultValue = Skip(TokenKind.Equal) ? ParseValueLiteral(true) : null;
            var directives = ParseDirectives(true);
            list.Add(new VariableDefinitionNode(location, variable, type, defaultValue, directives));
        }
        while (!Skip(TokenKind.RightParenthesis));
        return list;
    }

    private VariableNode ParseVariable()
    {
        var location = Expect(TokenKind.Dollar);
        return new VariableNode(location, ParseName());
    }

    private SelectionSetNode ParseSelectionSet()
    {
        EnterRecursion();
        var location = Expect(TokenKind.LeftBrace);
        var selections = new List<SelectionNode>(8);
        do
        {
            selections.Add(Peek(TokenKind.Spread) ? ParseFragment() : ParseField());
        }
        while (!Skip(TokenKind.RightBrace));
        LeaveRecursion();
        return new SelectionSetNode(location, selections);
    }

    private FieldNode ParseField()
    {
        var location = _reader.Location;
        var nameOrAlias = ParseName();
        NameNode? alias = null;
        NameNode name;
        if (Skip(TokenKind.Colon))
        {
            alias = nameOrAlias;
            name = ParseName();
        }
        else
        {
            name = nameOrAlias;
        }

        var arguments = ParseArguments(false);
        var directives = ParseDirectives(false);
        var selectionSet = Peek(TokenKind.LeftBrace) ? ParseSelectionSet() : null;
        return new FieldNode(location, alias, name, arguments, directives, selectionSet);
    }

    private IReadOnlyList<ArgumentNode> ParseArguments(bool isConst)
    {
        if (!Skip(TokenKind.LeftParenthesis))
        {
            return [];
        }

        var list = new List<ArgumentNode>();
        do
        {
            var location = _reader.Location;
            var name = ParseName();
            Expect(TokenKind.Colon);
            list.Add(new ArgumentNode(location, name, ParseValueLiteral(isConst)));
        }
        while (!Skip(TokenKind.RightParenthesis));
        return list;
    }

    private TypeNode ParseTypeReference()
    {
        var location = _reader.Location;
        TypeNode type;
        if (Skip(TokenKind.LeftBracket))
        {
            EnterRecursion();
            var inner = ParseTypeReference();
            Expect(TokenKind.RightBracket);
            LeaveRecursion();
            type = new ListTypeNode(location, inner);
        }
        else
        {
            type = ParseNamedType();
        }

        return Skip(TokenKind.Bang) ? new NonNullTypeNode(location, type) : type;
    }

    private NamedTypeNode ParseNamedType()
    {
        var location = _reader.Location;
        return new NamedTypeNode(location, ParseName());
    }
}
