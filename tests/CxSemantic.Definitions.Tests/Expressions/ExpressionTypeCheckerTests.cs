using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;
using static CxSemantic.Definitions.Tests.Expressions.ExpressionTestSupport;

namespace CxSemantic.Definitions.Tests.Expressions;

public class ExpressionTypeCheckerTests
{
    private static ExpressionCheckResult Check(string text) => ExpressionTypeChecker.Check(ParseValid(text), Interactions);

    [Theory]
    [InlineData("handled_by = 'bot' and handoffs = 0", ExpressionType.Boolean)]
    [InlineData("end_reason = 'forced_termination'", ExpressionType.Boolean)]
    [InlineData("coalesce(intent_confirmed, intent_predicted)", ExpressionType.String)]
    [InlineData("handle_seconds / 60.0", ExpressionType.Decimal)]
    [InlineData("handle_seconds / 60", ExpressionType.Decimal)]
    [InlineData("handoffs + 1", ExpressionType.Integer)]
    [InlineData("handoffs * 1.5", ExpressionType.Decimal)]
    [InlineData("handoffs % 2", ExpressionType.Integer)]
    [InlineData("-handoffs", ExpressionType.Integer)]
    [InlineData("-sentiment", ExpressionType.Decimal)]
    [InlineData("handoffs + null", ExpressionType.Integer)]
    [InlineData("eligible_for_automation", ExpressionType.Boolean)]
    [InlineData("channel in ('voice', 'chat')", ExpressionType.Boolean)]
    [InlineData("sentiment between 0.5 and 1", ExpressionType.Boolean)]
    [InlineData("survey_kind = 'csat' and score >= 4", ExpressionType.Boolean)]
    [InlineData("case when score >= 9 then 1 when score <= 6 then -1 else 0 end", ExpressionType.Integer)]
    [InlineData("case when proactive then 1 else 0.5 end", ExpressionType.Decimal)]
    [InlineData("case when proactive then 1 end", ExpressionType.Integer)]
    [InlineData("case when proactive then null end", ExpressionType.Null)]
    [InlineData("responded_at is not null", ExpressionType.Boolean)]
    [InlineData("not proactive", ExpressionType.Boolean)]
    [InlineData("customers.segment = 'smb'", ExpressionType.Boolean)]
    [InlineData("customers.tenure_days > 30", ExpressionType.Boolean)]
    [InlineData("started_at >= date '2026-01-01'", ExpressionType.Boolean)]
    [InlineData("day < timestamp '2026-01-01T00:00:00Z'", ExpressionType.Boolean)]
    [InlineData("least(day, started_at)", ExpressionType.Timestamp)]
    [InlineData("greatest(handoffs, sentiment, 0)", ExpressionType.Decimal)]
    [InlineData("length(channel)", ExpressionType.Integer)]
    [InlineData("lower(end_reason) like 'rage%'", ExpressionType.Boolean)]
    [InlineData("upper(channel)", ExpressionType.String)]
    [InlineData("nullif(handoffs, 0)", ExpressionType.Integer)]
    [InlineData("round(sentiment, 2)", ExpressionType.Decimal)]
    [InlineData("round(handoffs)", ExpressionType.Integer)]
    [InlineData("abs(-1.5)", ExpressionType.Decimal)]
    [InlineData("proactive = true", ExpressionType.Boolean)]
    [InlineData("proactive != eligible_for_automation", ExpressionType.Boolean)]
    [InlineData("channel > 'chat'", ExpressionType.Boolean)]
    [InlineData("null", ExpressionType.Null)]
    [InlineData("handle_seconds / 60 > 5 or proactive and not eligible_for_automation", ExpressionType.Boolean)]
    public void Infers_the_type_of_valid_expressions(string text, ExpressionType type)
    {
        var result = Check(text);
        Assert.Empty(result.Diagnostics);
        Assert.True(result.Success);
        Assert.Equal(type, result.Type);
    }

    public static TheoryData<string, int, string, string> TypeErrors => new()
    {
        { "channel = 'fax'", 11, "CXE0109", "'fax' is not a value of channel; expected one of: voice, chat, messaging, email, web." },
        { "'fax' != channel", 1, "CXE0109", "'fax' is not a value of channel; expected one of: voice, chat, messaging, email, web." },
        { "channel in ('voice', 'Chat')", 22, "CXE0109", "'Chat' is not a value of channel; expected one of: voice, chat, messaging, email, web. Did you mean 'chat'?" },
        { "customers.segment = 'smbs'", 21, "CXE0109", "'smbs' is not a value of customers.segment; expected one of: smb, mid_market, enterprise. Did you mean 'smb'?" },
        { "handled_bye = 'bot'", 1, "CXE0101", "Unknown column 'handled_bye'; it is not a column of this model or of a declared join, so check the spelling or declare it. Did you mean 'handled_by'?" },
        { "customers.segmnt = 'smb'", 1, "CXE0101", "Unknown column 'customers.segmnt'; it is not a column of this model or of a declared join, so check the spelling or declare it. Did you mean 'customers.segment'?" },
        { "wibble > 1", 1, "CXE0101", "Unknown column 'wibble'; it is not a column of this model or of a declared join, so check the spelling or declare it." },
        { "handoffs and proactive", 1, "CXE0102", "'and' needs a true/false condition, but `handoffs` is Integer; compare it with a value (for example `handoffs = …`) or test it with 'is not null'." },
        { "not channel", 5, "CXE0102", "'not' needs a true/false condition, but `channel` is String; compare it with a value (for example `channel = …`) or test it with 'is not null'." },
        { "case when score then 1 end", 11, "CXE0102", "'when' needs a true/false condition, but `score` is Integer; compare it with a value (for example `score = …`) or test it with 'is not null'." },
        { "channel + 1", 1, "CXE0103", "'+' needs a number (Integer or Decimal), but `channel` is String; use a numeric column or literal here." },
        { "-started_at", 2, "CXE0103", "'-' needs a number (Integer or Decimal), but `started_at` is Timestamp; use a numeric column or literal here." },
        { "abs(proactive)", 5, "CXE0103", "'abs' needs a number (Integer or Decimal), but `proactive` is Boolean; use a numeric column or literal here." },
        { "lower(handoffs) = 'x'", 7, "CXE0104", "'lower' works on strings, but `handoffs` is Integer; use a String column or a 'quoted' literal here." },
        { "channel like 1", 14, "CXE0104", "'like' works on strings, but `1` is Integer; use a String column or a 'quoted' literal here." },
        { "round(sentiment, 1.5)", 18, "CXE0105", "The digits of 'round' must be a whole number, but `1.5` is Decimal; write an integer such as 2." },
        { "handoffs = 'x'", 1, "CXE0106", "Cannot compare `handoffs` (Integer) with `'x'` (String); both sides must be numbers, strings, dates/timestamps, or true/false values." },
        { "handoffs in (1, true)", 17, "CXE0106", "Cannot compare `handoffs` (Integer) with `true` (Boolean); both sides must be numbers, strings, dates/timestamps, or true/false values." },
        { "started_at >= '2026-01-01'", 15, "CXE0107", "`started_at` is a Timestamp, but '2026-01-01' is a string; write date '2026-01-01' to compare it with a Timestamp." },
        { "'2026-01-01T00:00:00Z' < started_at", 1, "CXE0107", "`started_at` is a Timestamp, but '2026-01-01T00:00:00Z' is a string; write timestamp '2026-01-01T00:00:00Z' to compare it with a Timestamp." },
        { "day between 'jan' and date '2026-02-01'", 13, "CXE0107", "`day` is a Date, but 'jan' is a string; write date 'jan' to compare it with a Date." },
        { "responded_at = null", 1, "CXE0108", "Comparing with null is never true in SQL; write `responded_at is null` or `responded_at is not null` instead." },
        { "proactive > false", 1, "CXE0110", "'>' cannot order true/false values; compare them with '=' or '!=' instead." },
        { "case when score >= 9 then 1 else 'no' end", 34, "CXE0111", "This 'case' mixes Integer and String; make all its values the same type (Integer may mix with Decimal, and Date with Timestamp)." },
        { "coalesce(intent_confirmed, handoffs)", 28, "CXE0111", "'coalesce' mixes String and Integer; make all its values the same type (Integer may mix with Decimal, and Date with Timestamp)." },
        { "greatest(proactive, 1)", 10, "CXE0113", "'greatest' needs values that can be ordered (numbers, strings, dates or timestamps), but `proactive` is Boolean; pass such a value instead." },
    };

    [Theory]
    [MemberData(nameof(TypeErrors))]
    public void Reports_type_errors(string text, int column, string code, string message)
    {
        var result = ExpressionTypeChecker.Check(ExpressionParser.Parse(text, new SourceSpan("m.yaml", 3, 1)).Value, Interactions);
        Assert.False(result.Success);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((code, message), (diagnostic.Code, diagnostic.Message));
        Assert.Equal(new SourceSpan("m.yaml", 3, column), diagnostic.Span with { Length = 0 });
    }

    [Fact]
    public void One_mistake_gives_one_message()
    {
        var result = Check("wibble + 1 > 2 and coalesce(wibble, 1) in (1, 2) and lower(wibble) like 'x%'");
        Assert.Equal(3, result.Diagnostics.Length);
        Assert.All(result.Diagnostics, d => Assert.Equal(ExpressionErrorCodes.UnknownColumn, d.Code));
        Assert.Equal(ExpressionType.Boolean, result.Type);
        Assert.Equal(ExpressionType.Unknown, Check("wibble + 1").Type);
    }

    [Fact]
    public void Errors_come_in_position_order()
    {
        var result = Check("channel = 'fax' or handoffs = 'x' or wibble");
        Assert.Equal(["CXE0109", "CXE0106", "CXE0101"], result.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void A_where_filter_must_be_a_condition()
    {
        var result = ExpressionTypeChecker.CheckPredicate(ParseValid("handle_seconds / 60"), Interactions);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(ExpressionErrorCodes.NotAPredicate, diagnostic.Code);
        Assert.Equal(
            "A where filter must be a true/false condition; `handle_seconds / 60` is Decimal. Compare it with a value (for example `handle_seconds / 60 = …`) or test it with 'is not null'.",
            diagnostic.Message);
        Assert.Equal(ExpressionType.Decimal, result.Type);
        Assert.True(ExpressionTypeChecker.CheckPredicate(ParseValid("handled_by = 'bot' and handoffs = 0"), Interactions).Success);
        Assert.True(ExpressionTypeChecker.CheckPredicate(ParseValid("eligible_for_automation"), Interactions).Success);

        // An unknown column already explains itself; no second message about the type.
        Assert.Single(ExpressionTypeChecker.CheckPredicate(ParseValid("wibble"), Interactions).Diagnostics);
        Assert.Equal(ExpressionErrorCodes.NotAPredicate, ExpressionTypeChecker.CheckPredicate(ParseValid("null"), Interactions).Diagnostics.Single().Code);
    }

    [Fact]
    public void Testing_a_never_null_column_for_null_is_a_warning()
    {
        var result = Check("channel is null");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(ExpressionErrorCodes.NeverNull, diagnostic.Code);
        Assert.Equal("'channel' is declared not nullable, so this test is always false; remove it or fix the column's declaration.", diagnostic.Message);
        Assert.True(result.Success);
        Assert.Contains("always true", Check("started_at is not null").Diagnostics.Single().Message, StringComparison.Ordinal);
        Assert.Empty(Check("responded_at is null").Diagnostics);
    }

    [Fact]
    public void Long_expressions_are_shortened_in_messages()
    {
        var message = Check("coalesce(intent_confirmed, intent_predicted, end_reason, 'unknown', 'unknown') + 1").Diagnostics.Single().Message;
        Assert.StartsWith("'+' needs a number (Integer or Decimal), but `coalesce(intent_confirmed, intent_predicted, end_reason, 'u…` is String", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_scope_knows_no_columns()
    {
        var result = ExpressionTypeChecker.Check(ParseValid("a = 1"), ExpressionScope.Empty);
        Assert.Equal("Unknown column 'a'; it is not a column of this model or of a declared join, so check the spelling or declare it.", result.Diagnostics.Single().Message);
    }
}
