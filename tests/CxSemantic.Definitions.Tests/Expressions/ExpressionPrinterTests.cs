using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;
using NodaTime;
using static CxSemantic.Definitions.Tests.Expressions.ExpressionTestSupport;

namespace CxSemantic.Definitions.Tests.Expressions;

public class ExpressionPrinterTests
{
    [Theory]
    [InlineData("HANDLED_BY='bot'AND handoffs=0", "handled_by = 'bot' and handoffs = 0")]
    [InlineData("a <> b", "a != b")]
    [InlineData("((a or b)) and c", "(a or b) and c")]
    [InlineData("a or (b and c)", "a or b and c")]
    [InlineData("(a or b) or c", "a or b or c")]
    [InlineData("a or (b or c)", "a or (b or c)")]
    [InlineData("a - (b - c)", "a - (b - c)")]
    [InlineData("(a - b) - c", "a - b - c")]
    [InlineData("a * (b + c)", "a * (b + c)")]
    [InlineData("- - a", "-(-a)")]
    [InlineData("-(a + b)", "-(a + b)")]
    [InlineData("a - -b", "a - -b")]
    [InlineData("not (a and b)", "not (a and b)")]
    [InlineData("NOT NOT a", "not not a")]
    [InlineData("(not a) = b", "(not a) = b")]
    [InlineData("(a = b) = c", "(a = b) = c")]
    [InlineData("(a between 1 and 2) between b and c", "(a between 1 and 2) between b and c")]
    [InlineData("a between (b and c) and d", "a between (b and c) and d")]
    [InlineData("a in (b or c)", "a in (b or c)")]
    [InlineData("a NOT IN ( 1 ,2 )", "a not in (1, 2)")]
    [InlineData("a not like 'x%'", "a not like 'x%'")]
    [InlineData("a is not null", "a is not null")]
    [InlineData("note = 'it''s'", "note = 'it''s'")]
    [InlineData("x = 60.0 + 1.50", "x = 60.0 + 1.50")]
    [InlineData("Case When a Then 1 Else 2 End", "case when a then 1 else 2 end")]
    [InlineData("COALESCE(a,b)", "coalesce(a, b)")]
    [InlineData("d >= DATE '2026-01-01'", "d >= date '2026-01-01'")]
    [InlineData("t < TIMESTAMP '2026-01-01T08:00:00.250Z'", "t < timestamp '2026-01-01T08:00:00.25Z'")]
    public void Prints_canonical_text(string text, string canonical)
    {
        Assert.Equal(canonical, ExpressionPrinter.Print(ParseValid(text.Replace("HANDLED_BY", "handled_by", StringComparison.Ordinal))));
    }

    [Fact]
    public void Decimals_keep_their_point_so_they_stay_decimals()
    {
        Assert.Equal("60.0", ExpressionPrinter.Print(LiteralExpression.FromDecimal(60m, SourceSpan.None)));
        Assert.Equal("0.005", ExpressionPrinter.Print(LiteralExpression.FromDecimal(0.005m, SourceSpan.None)));
    }

    [Fact]
    public void Dates_and_instants_print_in_iso_form()
    {
        Assert.Equal("date '2026-02-28'", ExpressionPrinter.Print(LiteralExpression.FromDate(new LocalDate(2026, 2, 28), SourceSpan.None)));
        Assert.Equal("timestamp '2026-01-01T00:00:00Z'", ExpressionPrinter.Print(LiteralExpression.FromTimestamp(Instant.FromUtc(2026, 1, 1, 0, 0), SourceSpan.None)));
    }
}
