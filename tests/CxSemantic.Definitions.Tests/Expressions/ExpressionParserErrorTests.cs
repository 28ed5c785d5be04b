using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;

namespace CxSemantic.Definitions.Tests.Expressions;

public class ExpressionParserErrorTests
{
    private const string Functions = "coalesce, nullif, abs, round, least, greatest, lower, upper, length, seconds_between";

    public static TheoryData<string, int, int, string, string> Errors => new()
    {
        { "", 1, 1, "CXE0001", "The expression is empty; write a condition or a value, for example `channel = 'voice'`." },
        { "   ", 1, 1, "CXE0001", "The expression is empty; write a condition or a value, for example `channel = 'voice'`." },
        { "channel = 'voice';", 1, 18, "CXE0007", "';' is not allowed: an expression is a single condition or value, not a SQL statement; remove it." },
        { "a = 'x' ; drop table t", 1, 9, "CXE0007", "';' is not allowed: an expression is a single condition or value, not a SQL statement; remove it." },
        { "a = 1 -- comment", 1, 7, "CXE0008", "SQL comments ('--', '/* */') are not allowed in expressions; put comments in the YAML after '#'." },
        { "a = 1 /* x */", 1, 7, "CXE0008", "SQL comments ('--', '/* */') are not allowed in expressions; put comments in the YAML after '#'." },
        { "channel = \"voice\"", 1, 11, "CXE0006", "Double quotes are not allowed; write strings in single quotes ('voice') and column names without quotes." },
        { "channel = 'voice", 1, 11, "CXE0005", "This string is not closed; end it with a single quote (write '' for a quote inside the string)." },
        { "a == 1", 1, 3, "CXE0011", "'==' is not an operator here; use '='." },
        { "a && b", 1, 3, "CXE0011", "'&&' is not an operator here; use 'and'." },
        { "a || b", 1, 3, "CXE0011", "'||' is not an operator here; use 'or' (there is no string concatenation)." },
        { "!proactive", 1, 1, "CXE0011", "'!' is not an operator here; use 'not', or '!=' for not equal." },
        { "a = 12abc", 1, 5, "CXE0009", "'12abc' is not a valid number; write integers like 42 and decimals like 0.5 (no exponents or suffixes)." },
        { "a = 99999999999999999999", 1, 5, "CXE0010", "The number 99999999999999999999 is out of range; integers must fit in 64 bits and decimals in 28 significant digits." },
        { "a = #1", 1, 5, "CXE0004", "Unexpected character '#' (U+0023); expressions contain only names, numbers, 'quoted strings', operators, commas and parentheses." },
        { "a = `b`", 1, 5, "CXE0004", "Unexpected character '`' (U+0060); expressions contain only names, numbers, 'quoted strings', operators, commas and parentheses." },
        { "a = \u2019x\u2019", 1, 5, "CXE0004", "Unexpected character '\u2019' (U+2019); expressions contain only names, numbers, 'quoted strings', operators, commas and parentheses." },
        { "a = ", 1, 5, "CXE0012", "Unexpected end of expression; expected a value, a column name or '('." },
        { "(a = 1", 1, 7, "CXE0012", "Unexpected end of expression; expected ')' to close the '('." },
        { "a = 1)", 1, 6, "CXE0012", "Unexpected ')'; expected the end of the expression (this ')' has no matching '(')." },
        { "a = 1 b = 2", 1, 7, "CXE0013", "Unexpected 'b' after a complete expression; combine conditions with 'and' or 'or'." },
        { "drop table x", 1, 6, "CXE0013", "Unexpected 'table' after a complete expression; combine conditions with 'and' or 'or'." },
        { "a not b", 1, 3, "CXE0013", "Unexpected 'not' after a complete expression; combine conditions with 'and' or 'or'." },
        { "1 < a < 3", 1, 7, "CXE0014", "Comparisons cannot be chained ('<' follows another comparison); write them separately, joined with 'and' (a < b and b < c)." },
        { "a is null = true", 1, 11, "CXE0014", "Comparisons cannot be chained ('=' follows another comparison); write them separately, joined with 'and' (a < b and b < c)." },
        { "channel in ()", 1, 12, "CXE0015", "An 'in' list needs at least one value, for example `channel in ('voice', 'chat')`." },
        { "channel in 'voice'", 1, 12, "CXE0012", "Unexpected string 'voice'; expected '(' after 'in', as in `channel in ('voice', 'chat')`." },
        { "a in ('x',)", 1, 11, "CXE0012", "Unexpected ')'; expected a value, a column name or '('." },
        { "a in ('x' 'y')", 1, 11, "CXE0012", "Unexpected string 'y'; expected ',' or ')' in the 'in' list." },
        { "score between 1 or 5", 1, 17, "CXE0012", "Unexpected 'or'; expected 'and' between the two bounds, as in `score between 1 and 5`." },
        { "responded_at is nul", 1, 17, "CXE0012", "Unexpected 'nul'; expected 'null' (write 'is null' or 'is not null')." },
        { "case when a then 1", 1, 19, "CXE0012", "Unexpected end of expression; expected 'when', 'else' or 'end' in the 'case'." },
        { "case else 1 end", 1, 6, "CXE0016", "A 'case' needs at least one 'when … then …' branch, for example `case when score >= 9 then 1 else 0 end`." },
        { "case when a 1 end", 1, 13, "CXE0012", "Unexpected '1'; expected 'then' after the 'when' condition." },
        { "foo(a)", 1, 1, "CXE0017", $"'foo' is not an allowed function; use one of: {Functions}." },
        { "a = coalese(a, b)", 1, 5, "CXE0017", $"'coalese' is not an allowed function; use one of: {Functions}. Did you mean 'coalesce'?" },
        { "SUM(handle_seconds)", 1, 1, "CXE0018", "'sum' is an aggregate; expressions work on one row, so declare aggregation with 'agg:' on the measure instead." },
        { "round(a, 1, 2)", 1, 1, "CXE0019", "'round' takes 1 or 2 arguments, but 3 were given; call it as round(number[, digits])." },
        { "coalesce(a)", 1, 1, "CXE0019", "'coalesce' takes at least 2 arguments, but 1 was given; call it as coalesce(value, value, …)." },
        { "x = lower()", 1, 5, "CXE0019", "'lower' takes 1 argument, but 0 were given; call it as lower(text)." },
        { "abs(a b)", 1, 7, "CXE0012", "Unexpected 'b'; expected ',' or ')' after a function argument." },
        { "started_at >= date '2026-02-30'", 1, 20, "CXE0020", "'2026-02-30' is not a valid date; write date 'YYYY-MM-DD', for example date '2026-01-31'." },
        { "started_at >= timestamp '2026-01-01 10:00'", 1, 25, "CXE0021", "'2026-01-01 10:00' is not a valid timestamp; write timestamp 'YYYY-MM-DDTHH:MM:SSZ' in UTC, for example timestamp '2026-01-31T08:00:00Z'." },
        { "Channel = 'voice'", 1, 1, "CXE0022", "Column names are lower-case; write 'channel' instead of 'Channel'." },
        { "customers.Segment = 'smb'", 1, 11, "CXE0022", "Column names are lower-case; write 'segment' instead of 'Segment'." },
        { "customers. = 1", 1, 12, "CXE0012", "Unexpected '='; expected a column name after '.'." },
        { "end = 1", 1, 1, "CXE0012", "Unexpected 'end'; expected a value, a column name or '('." },
        { "+1", 1, 1, "CXE0012", "Unexpected '+'; expected a value, a column name or '('." },
        { "a = \ud83d\ude00", 1, 5, "CXE0004", "Unexpected character '\ud83d\ude00' (U+1F600); expressions contain only names, numbers, 'quoted strings', operators, commas and parentheses." },
        { "a = 1\nand b = ;", 2, 9, "CXE0007", "';' is not allowed: an expression is a single condition or value, not a SQL statement; remove it." },
        { "a = 'a very long string literal that goes on' and", 1, 50, "CXE0012", "Unexpected end of expression; expected a value, a column name or '('." },
        { "a = 'a very long string literal that goes on' 'next'", 1, 47, "CXE0013", "Unexpected string 'next' after a complete expression; combine conditions with 'and' or 'or'." },
        { "a = b 'a very long string literal that goes on'", 1, 7, "CXE0013", "Unexpected string 'a very long string literal t… after a complete expression; combine conditions with 'and' or 'or'." },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Reports_a_positioned_error(string text, int line, int column, string code, string message)
    {
        var result = ExpressionParser.Parse(text);
        Assert.False(result.Success);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((code, message), (diagnostic.Code, diagnostic.Message));
        Assert.Equal((line, column), (diagnostic.Span.Line, diagnostic.Span.Column));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Error_positions_follow_the_origin(string text, int line, int column, string code, string message)
    {
        _ = message;
        var origin = new SourceSpan("metrics/containment.yaml", 12, 20);
        var diagnostic = Assert.Single(ExpressionParser.Parse(text, origin).Diagnostics);
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal("metrics/containment.yaml", diagnostic.Span.File);
        Assert.Equal(line + 11, diagnostic.Span.Line);
        Assert.Equal(line == 1 ? column + 19 : column, diagnostic.Span.Column);
    }

    [Fact]
    public void A_lone_surrogate_is_reported_not_thrown()
    {
        // Not a theory row: xunit replaces lone surrogates in serialized theory data with U+FFFD.
        var diagnostic = Assert.Single(ExpressionParser.Parse("a = \ud800").Diagnostics);
        Assert.Equal(ExpressionErrorCodes.UnexpectedCharacter, diagnostic.Code);
        Assert.Contains("(U+D800)", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_spans_cover_the_offending_token()
    {
        Assert.Equal(2, ExpressionParser.Parse("a == 1").Diagnostics[0].Span.Length);
        Assert.Equal(5, ExpressionParser.Parse("a = 12abc").Diagnostics[0].Span.Length);
        Assert.Equal(2, ExpressionParser.Parse("a in ()").Diagnostics[0].Span.Length);
        Assert.Equal(0, ExpressionParser.Parse("a = ").Diagnostics[0].Span.Length);
        Assert.Equal(14, ExpressionParser.Parse("round(a, 1, 2)").Diagnostics[0].Span.Length);
    }

    [Fact]
    public void Diagnostics_render_as_file_line_column()
    {
        var diagnostic = ExpressionParser.Parse("a == 1", new SourceSpan("m.yaml", 4, 10)).Diagnostics[0];
        Assert.Equal("m.yaml:4:12: error CXE0011: '==' is not an operator here; use '='.", diagnostic.ToString());
    }
}
