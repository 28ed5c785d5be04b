using CxSemantic.Definitions.Expressions;

namespace CxSemantic.Definitions.Tests.Expressions;

public class ExpressionLexerTests
{
    private static List<(TokenKind Kind, string Text, int Start)> Tokens(string text)
    {
        var tokens = new List<(TokenKind, string, int)>();
        var lexer = new ExpressionLexer(text);
        while (lexer.Read())
        {
            tokens.Add((lexer.Kind, lexer.Value.ToString(), lexer.Start));
            if (lexer.Kind == TokenKind.Invalid)
            {
                break;
            }
        }

        return tokens;
    }

    [Fact]
    public void Reads_every_token_kind_with_offsets()
    {
        var tokens = Tokens("customers.segment >= 1.5 AND x <> 'it''s' or y != -2 * (3 / 4 % 5) + .5");
        Assert.Equal(
            [
                (TokenKind.Identifier, "customers", 0), (TokenKind.Dot, ".", 9), (TokenKind.Identifier, "segment", 10),
                (TokenKind.GreaterOrEqual, ">=", 18), (TokenKind.Decimal, "1.5", 21), (TokenKind.And, "AND", 25),
                (TokenKind.Identifier, "x", 29), (TokenKind.NotEqual, "<>", 31), (TokenKind.String, "'it''s'", 34),
                (TokenKind.Or, "or", 42), (TokenKind.Identifier, "y", 45), (TokenKind.NotEqual, "!=", 47),
                (TokenKind.Minus, "-", 50), (TokenKind.Integer, "2", 51), (TokenKind.Star, "*", 53),
                (TokenKind.LeftParenthesis, "(", 55), (TokenKind.Integer, "3", 56), (TokenKind.Slash, "/", 58),
                (TokenKind.Integer, "4", 60), (TokenKind.Percent, "%", 62), (TokenKind.Integer, "5", 64),
                (TokenKind.RightParenthesis, ")", 65), (TokenKind.Plus, "+", 67), (TokenKind.Decimal, ".5", 69),
            ],
            tokens);
    }

    [Theory]
    [InlineData("and", nameof(TokenKind.And))]
    [InlineData("OR", nameof(TokenKind.Or))]
    [InlineData("Not", nameof(TokenKind.Not))]
    [InlineData("in", nameof(TokenKind.In))]
    [InlineData("BETWEEN", nameof(TokenKind.Between))]
    [InlineData("is", nameof(TokenKind.Is))]
    [InlineData("NULL", nameof(TokenKind.Null))]
    [InlineData("like", nameof(TokenKind.Like))]
    [InlineData("True", nameof(TokenKind.True))]
    [InlineData("false", nameof(TokenKind.False))]
    [InlineData("case", nameof(TokenKind.Case))]
    [InlineData("when", nameof(TokenKind.When))]
    [InlineData("then", nameof(TokenKind.Then))]
    [InlineData("else", nameof(TokenKind.Else))]
    [InlineData("END", nameof(TokenKind.End))]
    [InlineData("date", nameof(TokenKind.Date))]
    [InlineData("timestamp", nameof(TokenKind.Timestamp))]
    [InlineData("android", nameof(TokenKind.Identifier))]
    [InlineData("_notes2", nameof(TokenKind.Identifier))]
    [InlineData("<", nameof(TokenKind.Less))]
    [InlineData("<=", nameof(TokenKind.LessOrEqual))]
    [InlineData(">", nameof(TokenKind.Greater))]
    [InlineData("=", nameof(TokenKind.Equal))]
    [InlineData(",", nameof(TokenKind.Comma))]
    public void Classifies_single_tokens(string text, string kindName)
    {
        var kind = Enum.Parse<TokenKind>(kindName);
        var lexer = new ExpressionLexer(text);
        Assert.True(lexer.Read());
        Assert.Equal(kind, lexer.Kind);
        Assert.Equal(text.Length, lexer.Length);
        Assert.False(lexer.Read());
    }

    [Theory]
    [InlineData("a -- b", nameof(LexError.Comment), 2, "--")]
    [InlineData("/* x */", nameof(LexError.Comment), 0, "/*")]
    [InlineData("a = \"b\"", nameof(LexError.DoubleQuote), 4, "\"")]
    [InlineData("a;", nameof(LexError.Semicolon), 1, ";")]
    [InlineData("'open", nameof(LexError.UnterminatedString), 0, "'")]
    [InlineData("'it''", nameof(LexError.UnterminatedString), 0, "'")]
    [InlineData("12abc", nameof(LexError.InvalidNumber), 0, "12abc")]
    [InlineData("1e5", nameof(LexError.InvalidNumber), 0, "1e5")]
    [InlineData("a == b", nameof(LexError.MistypedOperator), 2, "==")]
    [InlineData("a && b", nameof(LexError.MistypedOperator), 2, "&&")]
    [InlineData("a || b", nameof(LexError.MistypedOperator), 2, "||")]
    [InlineData("!a", nameof(LexError.MistypedOperator), 0, "!")]
    [InlineData("a # b", nameof(LexError.UnexpectedCharacter), 2, "#")]
    [InlineData("a & b", nameof(LexError.UnexpectedCharacter), 2, "&")]
    [InlineData("é", nameof(LexError.UnexpectedCharacter), 0, "é")]
    [InlineData("😀", nameof(LexError.UnexpectedCharacter), 0, "😀")]
    public void Reports_invalid_tokens_with_their_text(string text, string errorName, int start, string value)
    {
        var error = Enum.Parse<LexError>(errorName);
        var last = Tokens(text)[^1];
        Assert.Equal(TokenKind.Invalid, last.Kind);
        Assert.Equal(start, last.Start);
        Assert.Equal(value, last.Text);
        var lexer = new ExpressionLexer(text);
        while (lexer.Read() && lexer.Kind != TokenKind.Invalid)
        {
        }

        Assert.Equal(error, lexer.Error);
    }

    [Fact]
    public void A_copy_is_a_lookahead_that_leaves_the_original_in_place()
    {
        var lexer = new ExpressionLexer("date '2026-01-01'");
        lexer.Read();
        var peek = lexer;
        peek.Read();
        Assert.Equal(TokenKind.String, peek.Kind);
        Assert.Equal(TokenKind.Date, lexer.Kind);
        lexer.Read();
        Assert.Equal("'2026-01-01'", lexer.Value.ToString());
    }

    [Fact]
    public void Whitespace_includes_newlines_and_tabs()
    {
        Assert.Equal([(TokenKind.Identifier, "a", 1), (TokenKind.Identifier, "b", 5)], Tokens("\ta\r\n b "));
    }
}
