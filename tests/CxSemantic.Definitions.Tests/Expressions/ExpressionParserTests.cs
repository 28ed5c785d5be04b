using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;
using NodaTime;
using static CxSemantic.Definitions.Tests.Expressions.ExpressionTestSupport;

namespace CxSemantic.Definitions.Tests.Expressions;

public class ExpressionParserTests
{
    [Theory]
    [InlineData("handled_by = 'bot' and handoffs = 0", "(and (= handled_by 'bot') (= handoffs 0))")]
    [InlineData("end_reason = 'forced_termination'", "(= end_reason 'forced_termination')")]
    [InlineData("coalesce(intent_confirmed, intent_predicted)", "(coalesce intent_confirmed intent_predicted)")]
    [InlineData("handle_seconds / 60.0", "(/ handle_seconds 60.0m)")]
    [InlineData("eligible_for_automation", "eligible_for_automation")]
    [InlineData("channel in ('voice', 'chat')", "(in channel ['voice' 'chat'])")]
    [InlineData("channel not in ('voice')", "(not-in channel ['voice'])")]
    [InlineData("score between 0.5 and 1", "(between score 0.5m 1)")]
    [InlineData("score not between 1 and 2 + 3", "(not-between score 1 (+ 2 3))")]
    [InlineData("survey_kind = 'csat' and score >= 4", "(and (= survey_kind 'csat') (>= score 4))")]
    [InlineData("case when score >= 9 then 1 when score <= 6 then -1 else 0 end", "(case [(>= score 9) 1] [(<= score 6) (neg 1)] else 0)")]
    [InlineData("CASE WHEN proactive THEN 'yes' END", "(case [proactive 'yes'])")]
    [InlineData("responded_at is not null", "(is-not-null responded_at)")]
    [InlineData("responded_at IS NULL", "(is-null responded_at)")]
    [InlineData("not proactive", "(not proactive)")]
    [InlineData("customers.segment = 'smb'", "(= customers.segment 'smb')")]
    [InlineData("started_at >= date '2026-01-01'", "(>= started_at 2026-01-01)")]
    [InlineData("started_at < timestamp '2026-01-01T08:30:00Z'", "(< started_at 2026-01-01T08:30:00Z)")]
    [InlineData("intent like 'billing%'", "(like intent 'billing%')")]
    [InlineData("intent not like '%\\_%'", "(not-like intent '%\\_%')")]
    [InlineData("note = 'it''s'", "(= note 'it's')")]
    [InlineData("note = ''", "(= note '')")]
    [InlineData("a != b", "(!= a b)")]
    [InlineData("a <> b", "(!= a b)")]
    [InlineData("a < b", "(< a b)")]
    [InlineData("a > b", "(> a b)")]
    [InlineData("flag = true or flag = FALSE", "(or (= flag true) (= flag false))")]
    [InlineData("x = null", "(= x null)")]
    [InlineData("nullif(a, 0)", "(nullif a 0)")]
    [InlineData("ABS(a) + round(b, 2) + round(c)", "(+ (+ (abs a) (round b 2)) (round c))")]
    [InlineData("least(a, b, c) < greatest(a, b)", "(< (least a b c) (greatest a b))")]
    [InlineData("lower(a) = upper(b) and length(c) > 3", "(and (= (lower a) (upper b)) (> (length c) 3))")]
    [InlineData("-a % 7", "(% (neg a) 7)")]
    [InlineData("((a))", "a")]
    [InlineData("date = date '2026-01-01'", "(= date 2026-01-01)")]
    [InlineData("orders.timestamp is null", "(is-null orders.timestamp)")]
    [InlineData("customers.accounts.tier = 'gold'", "(= customers.accounts.tier 'gold')")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData(".5 + 0.25", "(+ 0.5m 0.25m)")]
    [InlineData("a\n  and b", "(and a b)")]
    public void Parses_every_construct(string text, string tree) => Assert.Equal(tree, Tree(ParseValid(text)));

    [Theory]
    [InlineData("a or b and c", "(or a (and b c))")]
    [InlineData("a and b or c", "(or (and a b) c)")]
    [InlineData("not a and b", "(and (not a) b)")]
    [InlineData("not a = b", "(not (= a b))")]
    [InlineData("not not a", "(not (not a))")]
    [InlineData("a or not b and c", "(or a (and (not b) c))")]
    [InlineData("a = 1 or b = 2 and c = 3", "(or (= a 1) (and (= b 2) (= c 3)))")]
    [InlineData("a + b * c", "(+ a (* b c))")]
    [InlineData("a * b + c", "(+ (* a b) c)")]
    [InlineData("a - b - c", "(- (- a b) c)")]
    [InlineData("a - (b - c)", "(- a (- b c))")]
    [InlineData("a / b * c % d", "(% (* (/ a b) c) d)")]
    [InlineData("-a * b", "(* (neg a) b)")]
    [InlineData("-(a * b)", "(neg (* a b))")]
    [InlineData("a - -b", "(- a (neg b))")]
    [InlineData("- - a", "(neg (neg a))")]
    [InlineData("a + b = c * d", "(= (+ a b) (* c d))")]
    [InlineData("a + 1 between b and c - 1", "(between (+ a 1) b (- c 1))")]
    [InlineData("a between 1 and 2 and b", "(and (between a 1 2) b)")]
    [InlineData("a + b is null", "(is-null (+ a b))")]
    [InlineData("not a is null", "(not (is-null a))")]
    [InlineData("a in (1, 2) or b", "(or (in a [1 2]) b)")]
    [InlineData("a in (b or c, d)", "(in a [(or b c) d])")]
    [InlineData("not a in (1)", "(not (in a [1]))")]
    [InlineData("(a = b) = c", "(= (= a b) c)")]
    [InlineData("a || 'x' like 'y'", null)]
    public void Applies_sql_precedence(string text, string? tree)
    {
        if (tree is null)
        {
            Assert.False(ExpressionParser.Parse(text).Success);
            return;
        }

        Assert.Equal(tree, Tree(ParseValid(text)));
    }

    [Fact]
    public void Literals_carry_typed_values()
    {
        var tree = (FunctionCall)ParseValid("coalesce(42, 60.0, 'x', true, null, date '2026-02-28', timestamp '2026-03-01T10:15:30.5Z')");
        var values = tree.Arguments.Cast<LiteralExpression>().Select(l => (l.Type, l.Value)).ToArray();
        Assert.Equal(
            new (ExpressionType, object?)[]
            {
                (ExpressionType.Integer, 42L),
                (ExpressionType.Decimal, 60.0m),
                (ExpressionType.String, "x"),
                (ExpressionType.Boolean, true),
                (ExpressionType.Null, null),
                (ExpressionType.Date, new LocalDate(2026, 2, 28)),
                (ExpressionType.Timestamp, Instant.FromUtc(2026, 3, 1, 10, 15, 30).Plus(Duration.FromMilliseconds(500))),
            },
            values);
        Assert.Equal(1, ((decimal)tree.Arguments[1].As<LiteralExpression>().Value!).Scale);
    }

    [Fact]
    public void Node_spans_are_relative_to_the_origin()
    {
        var origin = new SourceSpan("models/interactions.yaml", 10, 14);
        var result = ExpressionParser.Parse("handled_by = 'bot' and handoffs = 0", origin);
        var and = Assert.IsType<BinaryExpression>(result.Value);
        Assert.Equal(new SourceSpan("models/interactions.yaml", 10, 14, 35), and.Span);
        var left = Assert.IsType<BinaryExpression>(and.Left);
        Assert.Equal(new SourceSpan("models/interactions.yaml", 10, 14, 18), left.Span);
        Assert.Equal(new SourceSpan("models/interactions.yaml", 10, 27, 5), left.Right.Span);
        Assert.Equal(new SourceSpan("models/interactions.yaml", 10, 37, 12), and.Right.Span);
    }

    [Fact]
    public void Spans_cover_keywords_lists_and_calls()
    {
        var origin = new SourceSpan("f.yaml", 1, 1);
        Assert.Equal(new SourceSpan("f.yaml", 1, 1, 28), ExpressionParser.Parse("channel in ('voice', 'chat')", origin).Value.Span);
        Assert.Equal(new SourceSpan("f.yaml", 1, 1, 20), ExpressionParser.Parse("coalesce(a, b)   + 1", origin).Value.Span);
        Assert.Equal(new SourceSpan("f.yaml", 1, 1, 20), ExpressionParser.Parse("( customers.segment)", origin).Value.Span);
        Assert.Equal(new SourceSpan("f.yaml", 1, 1, 11), ExpressionParser.Parse("a * (b + c) ", origin).Value.Span);
        Assert.Equal(new SourceSpan("f.yaml", 1, 6, 1), ExpressionParser.Parse("a * (b + c) ", origin).Value.As<BinaryExpression>().Right.As<BinaryExpression>().Left.Span);
        Assert.Equal(new SourceSpan("f.yaml", 1, 1, 31), ExpressionParser.Parse("case when a then 1 else 2   end", origin).Value.Span);
        Assert.Equal(new SourceSpan("f.yaml", 1, 1, 24), ExpressionParser.Parse("responded_at is not null", origin).Value.Span);
        Assert.Equal(new SourceSpan("f.yaml", 1, 5, 17), ExpressionParser.Parse("a = date '2026-01-01'", origin).Value.As<BinaryExpression>().Right.Span);
    }

    [Fact]
    public void Multi_line_text_gets_real_lines_and_columns()
    {
        var origin = new SourceSpan("m.yaml", 7, 12);
        var or = (BinaryExpression)ExpressionParser.Parse("a = 1\n  or b = 22", origin).Value;
        Assert.Equal(new SourceSpan("m.yaml", 7, 12, 1), ((BinaryExpression)or.Left).Left.Span);
        Assert.Equal(new SourceSpan("m.yaml", 8, 6, 6), or.Right.Span);
        Assert.Equal(new SourceSpan("m.yaml", 8, 10, 2), ((BinaryExpression)or.Right).Right.Span);
        Assert.Equal(new SourceSpan("m.yaml", 7, 12, 17), or.Span);
    }

    [Fact]
    public void Column_references_keep_their_path()
    {
        var column = Assert.IsType<ColumnReference>(ParseValid("customers.segment"));
        Assert.Equal<string>(["customers", "segment"], column.Path);
        Assert.Equal("customers.segment", column.Name);
        Assert.Equal(ExpressionKind.Column, column.Kind);
    }

    [Fact]
    public void Referenced_columns_are_listed_in_source_order()
    {
        var expression = ParseValid("case when customers.segment = 'smb' then coalesce(a, b) else a + c end > 0 and d in (e, 1)");
        Assert.Equal(["customers.segment", "a", "b", "a", "c", "d", "e"], ExpressionColumns.Referenced(expression).Select(c => c.Name));
        Assert.Equal<string>(["customers.segment", "a", "b", "c", "d", "e"], ExpressionColumns.ReferencedNames(expression));
        Assert.Empty(ExpressionColumns.Referenced(ParseValid("1 + 2")));
    }

    [Fact]
    public void Equivalence_ignores_spans_but_not_structure()
    {
        var here = ExpressionParser.Parse("a + b * 2", new SourceSpan("x.yaml", 1, 1)).Value;
        var there = ExpressionParser.Parse("a+b*2", new SourceSpan("y.yaml", 40, 9)).Value;
        Assert.NotEqual(here, there);
        Assert.True(ExpressionEquivalence.AreEquivalent(here, there));
        Assert.False(ExpressionEquivalence.AreEquivalent(here, ParseValid("(a + b) * 2")));
        Assert.False(ExpressionEquivalence.AreEquivalent(ParseValid("a = 1"), ParseValid("a = 1.0")));
        Assert.True(ExpressionEquivalence.AreEquivalent(ParseValid("a = 1.0"), ParseValid("a = 1.00")));
        Assert.False(ExpressionEquivalence.AreEquivalent(ParseValid("a in (1)"), ParseValid("a not in (1)")));
        Assert.False(ExpressionEquivalence.AreEquivalent(ParseValid("case when a then 1 end"), ParseValid("case when a then 1 else null end")));
        Assert.True(ExpressionEquivalence.AreEquivalent(ParseValid("case when a then 1 end"), ParseValid("CASE WHEN a THEN 1 END")));
    }

    [Fact]
    public void ToString_prints_canonical_text()
    {
        Assert.Equal("handled_by = 'bot' and handoffs = 0", ParseValid("handled_by='bot' AND handoffs=0").ToString());
    }

    [Fact]
    public void Value_of_a_failure_throws_but_TryGetValue_does_not()
    {
        var result = ExpressionParser.Parse("a = ");
        Assert.False(result.Success);
        Assert.Null(result.Expression);
        Assert.False(result.TryGetValue(out _));
        var error = Assert.Throws<InvalidOperationException>(() => result.Value);
        Assert.Contains("CXE0012", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recoverable_errors_are_reported_together()
    {
        var result = ExpressionParser.Parse("Channel = 'x' and foo(a) and d = date '2026-13-01'");
        Assert.Equal(
            [ExpressionErrorCodes.NameNotLowerCase, ExpressionErrorCodes.UnknownFunction, ExpressionErrorCodes.InvalidDate],
            result.Diagnostics.Select(d => d.Code));
        Assert.Equal([1, 19, 39], result.Diagnostics.Select(d => d.Span.Column));
    }

    [Fact]
    public void Function_names_are_case_insensitive_but_enums_not_strings()
    {
        var call = Assert.IsType<FunctionCall>(ParseValid("COALESCE(a, b)"));
        Assert.Equal(BuiltinFunction.Coalesce, call.Function);
        Assert.Equal<string>(["a"], ((ColumnReference)call.Arguments[0]).Path);
    }
}

internal static class ExpressionCastExtensions
{
    public static T As<T>(this Expression expression)
        where T : Expression => (T)expression;
}
