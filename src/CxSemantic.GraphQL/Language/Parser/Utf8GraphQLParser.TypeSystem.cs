namespace CxSemantic.GraphQL.Language;

internal ref partial struct Utf8GraphQLParser
{
    private static bool IsTypeSystemKeyword(ReadOnlySpan<byte> name)
        => name.SequenceEqual("schema"u8) || name.SequenceEqual("scalar"u8) || name.SequenceEqual("type"u8)
        || name.SequenceEqual("interface"u8) || name.SequenceEqual("union"u8) || name.SequenceEqual("enum"u8)
        || name.SequenceEqual("input"u8) || name.SequenceEqual("directive"u8);

    private TypeSystemDefinitionNode ParseTypeSystemDefinitionWithDescription()
    {
        var description = ParseStringLiteral();
        if (_reader.Kind == TokenKind.Name && IsTypeSystemKeyword(_reader.ValueSpan))
        {
            return ParseTypeSystemDefinition(description);
        }
        // graphql-js reports the token after the description.
        ThrowUnexpected();
        return null!;
    }

    private TypeSystemDefinitionNode ParseTypeSystemDefinition(StringValueNode? description)
    {
        var location = description?.Location ?? _reader.Location;
        var keyword = _reader.ValueSpan;
        if (keyword.SequenceEqual("schema"u8)) { return ParseSchemaDefinition(location, description, false); }
        if (keyword.SequenceEqual("scalar"u8))
        {
            MoveNext();
            var name = ParseName();
            return new ScalarTypeDefinitionNode(location, false, description, name, ParseDirectives(true));
        }
        if (keyword.SequenceEqual("type"u8)) { return ParseComplexType(location, description, SyntaxKind.ObjectTypeDefinition); }
        if (keyword.SequenceEqual("interface"u8)) { return ParseComplexType(location, description, SyntaxKind.InterfaceTypeDefinition); }
        if (keyword.SequenceEqual("union"u8)) { return ParseUnion(location, description, false); }
        if (keyword.SequenceEqual("enum"u8)) { return ParseEnum(location, description, false); }
        if (keyword.SequenceEqual("input"u8)) { return ParseInputObject(location, description, false); }
        return ParseDirectiveDefinition(location, description);
    }

    private TypeSystemDefinitionNode ParseTypeSystemExtension()
    {
        var location = _reader.Location;
        ExpectKeyword("extend"u8);
        if (_reader.Kind != TokenKind.Name)
        {
            ThrowUnexpected();
        }

        var keyword = _reader.ValueSpan;
        TypeSystemDefinitionNode node;
        if (keyword.SequenceEqual("schema"u8))
        {
            var schema = ParseSchemaDefinition(location, null, true);
            if (schema.Directives.Count == 0 && schema.OperationTypes.Count == 0) { ThrowUnexpected(); }
            return schema;
        }
        else if (keyword.SequenceEqual("scalar"u8))
        {
            MoveNext();
            var name = ParseName();
            var directives = ParseDirectives(true);
            if (directives.Count == 0) { ThrowUnexpected(); }
            return new ScalarTypeDefinitionNode(location, true, null, name, directives);
        }
        else if (keyword.SequenceEqual("type"u8))
        {
            var t = ParseComplexType(location, null, SyntaxKind.ObjectTypeExtension);
            if (t.Interfaces.Count == 0 && t.Directives.Count == 0 && t.Fields.Count == 0) { ThrowUnexpected(); }
            node = t;
        }
        else if (keyword.SequenceEqual("interface"u8))
        {
            var t = ParseComplexType(location, null, SyntaxKind.InterfaceTypeExtension);
            if (t.Interfaces.Count == 0 && t.Directives.Count == 0 && t.Fields.Count == 0) { ThrowUnexpected(); }
            node = t;
        }
        else if (keyword.SequenceEqual("union"u8))
        {
            var t = ParseUnion(location, null, true);
            if (t.Directives.Count == 0 && t.Types.Count == 0) { ThrowUnexpected(); }
            node = t;
        }
        else if (keyword.SequenceEqual("enum"u8))
        {
            var t = ParseEnum(location, null, true);
            if (t.Directives.Count == 0 && t.Values.Count == 0) { ThrowUnexpected(); }
            node = t;
        }
        else if (keyword.SequenceEqual("input"u8))
        {
            var t = ParseInputObject(location, null, true);
            if (t.Directives.Count == 0 && t.Fields.Count == 0) { ThrowUnexpected(); }
            node = t;
        }
        else
        {
            ThrowUnexpected();
            return null!;
        }
        return node;
    }

    private SchemaDefinitionNode ParseSchemaDefinition(Location location, StringValueNode? description, bool extension)
    {
        ExpectKeyword("schema"u8);
        var directives = ParseDirectives(true);
        var operationTypes = new List<OperationTypeDefinitionNode>();
        bool hasBody = true;
        if (extension)
        {
            hasBody = Skip(TokenKind.LeftBrace);
        }
        else
        {
            Expect(TokenKind.LeftBrace);
        }

        if (hasBody)
        {
            do
            {
                var opLocation = _reader.Location;
                var operation = ParseOperationType();
                Expect(TokenKind.Colon);
                operationTypes.Add(new OperationTypeDefinitionNode(opLocation, operation, ParseNamedType()));
            }
            while (!Skip(TokenKind.RightBrace));
        }
        return new SchemaDefinitionNode(location, extension, description, directives, operationTypes);
    }

    private ComplexTypeDefinitionNode ParseComplexType(Location location, StringValueNode? description, SyntaxKind kind)
    {
        MoveNext(); // type / interface
        var name = ParseName();
        var interfaces = new List<NamedTypeNode>();
        if (SkipKeyword("implements"u8))
        {
            Skip(TokenKind.Ampersand);
            do
            {
                interfaces.Add(ParseNamedType());
            }
            while (Skip(TokenKind.Ampersand));
        }

        var directives = ParseDirectives(true);
        var fields = new List<FieldDefinitionNode>();
        if (Skip(TokenKind.LeftBrace))
        {
            do
            {
                var fieldLocation = _reader.Location;
                var fieldDescription = ParseDescription();
                var fieldName = ParseName();
                var arguments = ParseArgumentDefinitions();
                Expect(TokenKind.Colon);
                var type = ParseTypeReference();
                fields.Add(new FieldDefinitionNode(fieldLocation, fieldDescription, fieldName, arguments, type, ParseDirectives(true)));
            }
            while (!Skip(TokenKind.RightBrace));
        }
        return new ComplexTypeDefinitionNode(location, kind, description, name, interfaces, directives, fields);
    }

    private StringValueNode? ParseDescription()
        => Peek(TokenKind.String) || Peek(TokenKind.BlockString) ? ParseStringLiteral() : null;

    private IReadOnlyList<InputValueDefinitionNode> ParseArgumentDefinitions()
    {
        if (!Skip(TokenKind.LeftParenthesis))
        {
            return [];
        }
        var list = new List<InputValueDefinitionNode>();
        do
        {
            list.Add(ParseInputValueDefinition());
        }
        while (!Skip(TokenKind.RightParenthesis));
        return list;
    }

    private InputValueDefinitionNode ParseInputValueDefinition()
    {
        var location = _reader.Location;
        var description = ParseDescription();
        var name = ParseName();
        Expect(TokenKind.Colon);
        var type = ParseTypeReference();
        ValueNode? defaultValue = Skip(TokenKind.Equal) ? ParseValueLiteral(true) : null;
        return new InputValueDefinitionNode(location, description, name, type, defaultValue, ParseDirectives(true));
    }

    private UnionTypeDefinitionNode ParseUnion(Location location, StringValueNode? description, bool extension)
    {
        MoveNext();
        var name = ParseName();
        var directives = ParseDirectives(true);
        var types = new List<NamedTypeNode>();
        if (Skip(TokenKind.Equal))
        {
            Skip(TokenKind.Pipe);
            do
            {
                types.Add(ParseNamedType());
            }
            while (Skip(TokenKind.Pipe));
        }
        return new UnionTypeDefinitionNode(location, extension, description, name, directives, types);
    }

    private EnumTypeDefinitionNode ParseEnum(Location location, StringValueNode? description, bool extension)
    {
        MoveNext();
        var name = ParseName();
        var directives = ParseDirectives(true);
        var values = new List<EnumValueDefinitionNode>();
        if (Skip(TokenKind.LeftBrace))
        {
            do
            {
                var valueLocation = _reader.Location;
                var valueDescription = ParseDescription();
                if (PeekKeyword("true"u8) || PeekKeyword("false"u8) || PeekKeyword("null"u8))
                {
                    ThrowSyntax($"{TokenDescription()} is reserved and cannot be used for an enum value.");
                }
                var valueName = ParseName();
                values.Add(new EnumValueDefinitionNode(valueLocation, valueDescription, valueName, ParseDirectives(true)));
            }
            while (!Skip(TokenKind.RightBrace));
        }
        return new EnumTypeDefinitionNode(location, extension, description, name, directives, values);
    }

    private InputObjectTypeDefinitionNode ParseInputObject(Location location, StringValueNode? description, bool extension)
    {
        MoveNext();
        var name = ParseName();
        var directives = ParseDirectives(true);
        var fields = new List<InputValueDefinitionNode>();
        if (Skip(TokenKind.LeftBrace))
        {
            do
            {
                fields.Add(ParseInputValueDefinition());
            }
            while (!Skip(TokenKind.RightBrace));
        }
        return new InputObjectTypeDefinitionNode(location, extension, description, name, directives, fields);
    }

    private DirectiveDefinitionNode ParseDirectiveDefinition(Location location, StringValueNode? description)
    {
        ExpectKeyword("directive"u8);
        Expect(TokenKind.At);
        var name = ParseName();
        var arguments = ParseArgumentDefinitions();
        var directives = ParseDirectives(true);
        bool repeatable = SkipKeyword("repeatable"u8);
        ExpectKeyword("on"u8);
        Skip(TokenKind.Pipe);
        var locations = new List<NameNode>();
        do
        {
            var locationName = ParseName();
            if (!Types.DirectiveLocations.IsValid(locationName.Value))
            {
                SyntaxThrowHelper.Throw(SyntaxErrorCode.UnexpectedToken, $"Unexpected Name \"{locationName.Value}\".", locationName.Location.Line, locationName.Location.Column, locationName.Location.Offset);
            }
            locations.Add(locationName);
        }
        while (Skip(TokenKind.Pipe));
        return new DirectiveDefinitionNode(location, description, name, arguments, directives, repeatable, locations);
    }
}
