using CxSemantic.Definitions.Expressions;

namespace CxSemantic.Definitions.Tests.Expressions;

public class ExpressionLimitsTests
{
    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    [Fact]
    public void Text_longer_than_the_limit_is_refused_before_lexing()
    {
        var text = "a in (" + Repeat("'x', ", 900) + "'x')";
        Assert.True(text.Length > ExpressionLimits.MaxLength);
        var diagnostic = Assert.Single(ExpressionParser.Parse(text).Diagnostics);
        Assert.Equal(ExpressionErrorCodes.TooLong, diagnostic.Code);
        Assert.Equal(
            $"The expression is {text.Length} characters long; the limit is 4096. Move parts of it into named dimensions or separate filters.",
            diagnostic.Message);
        Assert.Equal((1, 1), (diagnostic.Span.Line, diagnostic.Span.Column));
    }

    [Fact]
    public void Text_at_the_limit_parses()
    {
        var text = "a in (" + Repeat("'x', ", 800) + "'x')";
        text += new string(' ', ExpressionLimits.MaxLength - text.Length);
        Assert.Equal(ExpressionLimits.MaxLength, text.Length);
        Assert.True(ExpressionParser.Parse(text).Success);
    }

    [Theory]
    [InlineData("(", "x", ")")]
    [InlineData("abs(", "x", ")")]
    [InlineData("not ", "x", "")]
    [InlineData("- ", "x", "")]
    [InlineData("case when x then ", "1", " end")]
    [InlineData("coalesce(x, ", "1", ")")]
    [InlineData("a in (", "1", ")")]
    public void Nesting_up_to_the_limit_parses_and_beyond_it_fails(string open, string inner, string close)
    {
        // The whole expression is level 1: 63 nested levels fit, 64 do not.
        Assert.True(ExpressionParser.Parse(Repeat(open, 63) + inner + Repeat(close, 63)).Success);
        var diagnostic = Assert.Single(ExpressionParser.Parse(Repeat(open, 64) + inner + Repeat(close, 64)).Diagnostics);
        Assert.Equal(ExpressionErrorCodes.TooDeep, diagnostic.Code);
        Assert.Equal(
            "The expression nests more than 64 levels deep; flatten it (for example use 'in (…)' instead of nested 'or's).",
            diagnostic.Message);
    }

    [Theory]
    [InlineData(" or ")]
    [InlineData(" and ")]
    [InlineData(" + ")]
    [InlineData(" * ")]
    public void Operator_chains_count_towards_the_depth(string op)
    {
        Assert.True(ExpressionParser.Parse(string.Join(op, Enumerable.Repeat("a", 64))).Success);
        var result = ExpressionParser.Parse(string.Join(op, Enumerable.Repeat("a", 65)));
        Assert.Equal(ExpressionErrorCodes.TooDeep, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Chains_nested_as_left_operands_are_caught_by_the_tree_height_check()
    {
        // Each chain alone stays under the limit, but the tree under them is 79 levels high.
        var text = "(a" + Repeat(" * a", 39) + ")" + Repeat(" * a", 39);
        var diagnostic = Assert.Single(ExpressionParser.Parse(text).Diagnostics);
        Assert.Equal(ExpressionErrorCodes.TooDeep, diagnostic.Code);

        var fits = "(a" + Repeat(" * a", 30) + ")" + Repeat(" * a", 30);
        Assert.True(ExpressionParser.Parse(fits).Success);
    }

    [Fact]
    public void The_depth_error_points_where_the_limit_is_crossed()
    {
        var diagnostic = ExpressionParser.Parse(Repeat("(", 100) + "x" + Repeat(")", 100)).Diagnostics.Single();
        Assert.Equal(65, diagnostic.Span.Column);
    }

    [Theory]
    [InlineData("(", 4000)]
    [InlineData("not ", 1000)]
    [InlineData("- ", 2000)]
    [InlineData("abs(", 1000)]
    [InlineData("case when ", 400)]
    [InlineData("a in (", 600)]
    public void Hostile_nesting_fails_cleanly_without_exhausting_the_stack(string open, int count)
    {
        var text = Repeat(open, count);
        var result = ExpressionParser.Parse(text[..Math.Min(text.Length, ExpressionLimits.MaxLength)]);
        Assert.Equal(ExpressionErrorCodes.TooDeep, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void A_long_flat_list_is_not_deep()
    {
        var text = "intent in (" + string.Join(", ", Enumerable.Range(0, 500).Select(i => $"'i{i}'")) + ")";
        Assert.True(ExpressionParser.Parse(text).Success);
    }
}
