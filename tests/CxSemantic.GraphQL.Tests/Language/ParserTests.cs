using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Printing;

namespace CxSemantic.GraphQL.Tests.Language;

public class ParserTests
{
    [Fact]
    public void Lexer_reports_kinds_positions_and_values()
    {
        var reader = new Utf8GraphQLReader("query {\n  a(x: -1.5e3) \"s\\u0041\" }"u8);
        var seen = new List<(TokenKind, int, int, string)>();
        while (reader.Read())
        {
            string value = reader.Kind switch
            {
                TokenKind.String or TokenKind.BlockString => reader.GetString(),
                TokenKind.Name or TokenKind.Integer or TokenKind.Float => reader.GetName(),
                _ => "",
            };
            seen.Add((reader.Kind, reader.Line, reader.Column, value));
        }
        Assert.Equal(
            [
                (TokenKind.Name, 1, 1, "query"), (TokenKind.LeftBrace, 1, 7, ""), (TokenKind.Name, 2, 3, "a"),
                (TokenKind.LeftParenthesis, 2, 4, ""), (TokenKind.Name, 2, 5, "x"), (TokenKind.Colon, 2, 6, ""),
                (TokenKind.Float, 2, 8, "-1.5e3"), (TokenKind.RightParenthesis, 2, 14, ""), (TokenKind.String, 2, 16, "sA"),
                (TokenKind.RightBrace, 2, 26, ""),
            ], seen);
    }

    [Fact]
    public void Parses_operation_with_variables_fragments_and_directives()
    {
        var doc = GraphQLParser.Parse("""
            query Q($id: ID! = "1", $n: [Int!]) @dir {
              alias: node(id: $id) { ...F ... on User @include(if: true) { name } }
            }
            fragment F on Node { id }
            """);
        Assert.Equal(2, doc.Definitions.Count);
        var op = Assert.IsType<OperationDefinitionNode>(doc.Definitions[0]);
        Assert.Equal("Q", op.Name!.Value);
        Assert.Equal(2, op.VariableDefinitions.Count);
        Assert.Equal("[Int!]", op.VariableDefinitions[1].Type.ToString());
        var field = Assert.IsType<FieldNode>(op.SelectionSet.Selections[0]);
        Assert.Equal("alias", field.ResponseKey);
        Assert.Equal((2, 3), (field.Location.Line, field.Location.Column));
        var inline = Assert.IsType<InlineFragmentNode>(field.SelectionSet!.Selections[1]);
        Assert.Equal("User", inline.TypeCondition!.Name.Value);
        var frag = Assert.IsType<FragmentDefinitionNode>(doc.Definitions[1]);
        Assert.Equal(4, frag.Location.Line);
    }

    [Fact]
    public void Printer_round_trips_in_graphql_js_format()
    {
        const string source = "query Q($a: Int = 1, $b: [String!]!) @x(y: {k: [1, 2.5, \"s\", ENUM, null, true]}) {\n  f: field(a: $a) {\n    ...Frag\n    ... on T {\n      g\n    }\n  }\n}\n\nfragment Frag on T {\n  h\n}";
        Assert.Equal(source, AstPrinter.Print(GraphQLParser.Parse(source)));
    }

    [Fact]
    public void Parses_sdl()
    {
        var doc = GraphQLParser.Parse("""
            "desc"
            type A implements B & C @d { "f" f(a: Int = 1 @x): [A!]! }
            interface B implements C { f: Int }
            union U = | A | B
            enum E { X Y }
            input I @oneOf { a: Int, b: String }
            scalar Date
            directive @d(x: Int) repeatable on OBJECT | FIELD_DEFINITION
            schema { query: A }
            extend type A { g: Int }
            """);
        Assert.Equal(9, doc.Definitions.Count);
        var a = Assert.IsType<ComplexTypeDefinitionNode>(doc.Definitions[0]);
        Assert.Equal("desc", a.Description!.Value);
        Assert.Equal(2, a.Interfaces.Count);
        Assert.Equal("[A!]!", a.Fields[0].Type.ToString());
        Assert.Equal(SyntaxKind.ObjectTypeExtension, doc.Definitions[8].Kind);
        var dir = Assert.IsType<DirectiveDefinitionNode>(doc.Definitions[6]);
        Assert.True(dir.Repeatable);
    }

    [Fact]
    public void Block_strings_are_dedented()
    {
        var doc = GraphQLParser.Parse("{ f(a: \"\"\"\n    hello\n      world\n    \\\"\"\"\n  \"\"\") }");
        var field = (FieldNode)((OperationDefinitionNode)doc.Definitions[0]).SelectionSet.Selections[0];
        Assert.Equal("hello\n  world\n\"\"\"", ((StringValueNode)field.Arguments[0].Value).Value);
    }

    [Theory]
    [InlineData("", "Syntax Error: Unexpected <EOF>.", 1, 1)]
    [InlineData("{", "Syntax Error: Expected Name, found <EOF>.", 1, 2)]
    [InlineData("{ a(x: $v) }\nquery { b(x: 01) }", "Syntax Error: Invalid number, unexpected digit after 0: \"1\".", 2, 15)]
    [InlineData("query Q($a: Int = $b) { a }", "Syntax Error: Unexpected variable \"$b\" in constant value.", 1, 19)]
    [InlineData("{ a(s: \"abc) }", "Syntax Error: Unterminated string.", 1, 15)]
    [InlineData("{ a(s: \"\\x\") }", "Syntax Error: Invalid character escape sequence: \"\\x\".", 1, 9)]
    [InlineData("{ a(s: \"\\u12G4\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u12G4\".", 1, 9)]
    [InlineData("{ ? }", "Syntax Error: Unexpected character: \"?\".", 1, 3)]
    [InlineData("fragment on on T { a }", "Syntax Error: Unexpected Name \"on\".", 1, 10)]
    [InlineData("{ a }}", "Syntax Error: Unexpected \"}\".", 1, 6)]
    [InlineData("{ a(x: 1.) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10)]
    [InlineData("type T {}", "Syntax Error: Expected Name, found \"}\".", 1, 9)]
    [InlineData("enum E { true }", "Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.", 1, 10)]
    [InlineData("directive @d on FOO", "Syntax Error: Unexpected Name \"FOO\".", 1, 17)]
    [InlineData("{ a(x: 'y') }", "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote (\")?", 1, 8)]
    public void Syntax_errors_have_graphql_js_messages_and_positions(string source, string message, int line, int column)
    {
        var ex = Assert.Throws<GraphQLSyntaxException>(() => GraphQLParser.Parse(source));
        Assert.Equal(message, ex.Message);
        Assert.Equal((line, column), (ex.Location.Line, ex.Location.Column));
    }

    [Fact]
    public void Bom_and_crlf_line_terminators_are_handled()
    {
        var ex = Assert.Throws<GraphQLSyntaxException>(() => GraphQLParser.Parse("\uFEFF{ a }\r\n\r{ b(x: ) }"));
        Assert.Equal("Syntax Error: Unexpected \")\".", ex.Message);
        Assert.Equal((3, 8), (ex.Location.Line, ex.Location.Column));
        var doc = GraphQLParser.Parse("\uFEFF# comment\r\nquery Q { a }");
        Assert.Equal((2, 1), (doc.Definitions[0].Location.Line, doc.Definitions[0].Location.Column));
    }

    [Fact]
    public void Limits_are_enforced()
    {
        var deep = string.Concat(Enumerable.Repeat("{ a ", 100)) + new string('}', 100);
        var ex = Assert.Throws<GraphQLSyntaxException>(() => GraphQLParser.Parse("query " + deep));
        Assert.Equal(SyntaxErrorCode.MaxDepthExceeded, ex.Code);

        var deepList = "{ a(x: " + new string('[', 10_000) + ") }";
        Assert.Equal(SyntaxErrorCode.MaxDepthExceeded, Assert.Throws<GraphQLSyntaxException>(() => GraphQLParser.Parse(deepList)).Code);

        var many = "{ " + string.Concat(Enumerable.Repeat("a ", 200)) + "}";
        ex = Assert.Throws<GraphQLSyntaxException>(() => GraphQLParser.Parse(many, new ParserOptions { MaxTokens = 100 }));
        Assert.Equal(SyntaxErrorCode.TooManyTokens, ex.Code);
        Assert.Equal("Syntax Error: Document contains more than 100 tokens. Parsing aborted.", ex.Message);

        ex = Assert.Throws<GraphQLSyntaxException>(() => GraphQLParser.Parse(many, new ParserOptions { MaxDocumentSize = 50 }));
        Assert.Equal(SyntaxErrorCode.DocumentTooLarge, ex.Code);
    }

    [Fact]
    public void Columns_count_utf16_units_after_non_ascii()
    {
        var ex = Assert.Throws<GraphQLSyntaxException>(() => GraphQLParser.Parse("{ a(s: \"é😀\") ? }"));
        Assert.Equal(15, ex.Location.Column);
    }
}
