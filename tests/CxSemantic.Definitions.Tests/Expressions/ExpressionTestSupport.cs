using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Definitions.Expressions;

namespace CxSemantic.Definitions.Tests.Expressions;

/// <summary>Shared fixtures: a contact-center scope and a fully parenthesized tree renderer.</summary>
internal static class ExpressionTestSupport
{
    public static readonly ImmutableArray<string> Channels = ["voice", "chat", "messaging", "email", "web"];

    /// <summary>The columns of an interactions model with a customers join.</summary>
    public static ExpressionScope Interactions { get; } = new(new Dictionary<string, ScopeColumn>
    {
        ["channel"] = new(ExpressionType.String, IsNullable: false, AllowedValues: Channels),
        ["handled_by"] = new(ExpressionType.String, AllowedValues: ["bot", "human"]),
        ["handoffs"] = new(ExpressionType.Integer),
        ["handle_seconds"] = new(ExpressionType.Integer),
        ["score"] = new(ExpressionType.Integer),
        ["sentiment"] = new(ExpressionType.Decimal),
        ["intent_confirmed"] = new(ExpressionType.String),
        ["intent_predicted"] = new(ExpressionType.String),
        ["eligible_for_automation"] = new(ExpressionType.Boolean),
        ["proactive"] = new(ExpressionType.Boolean),
        ["end_reason"] = new(ExpressionType.String),
        ["survey_kind"] = new(ExpressionType.String, AllowedValues: ["csat", "nps", "ces"]),
        ["started_at"] = new(ExpressionType.Timestamp, IsNullable: false),
        ["responded_at"] = new(ExpressionType.Timestamp),
        ["day"] = new(ExpressionType.Date),
        ["customers.segment"] = new(ExpressionType.String, AllowedValues: ["smb", "mid_market", "enterprise"]),
        ["customers.tenure_days"] = new(ExpressionType.Integer),
    });

    /// <summary>Parses text that must be valid.</summary>
    public static Expression ParseValid(string text)
    {
        var result = ExpressionParser.Parse(text);
        Assert.True(result.Success, $"'{text}' should parse: {string.Join("; ", result.Diagnostics)}");
        return result.Value;
    }

    /// <summary>Fully parenthesized prefix form, to test the shape of a tree without spans.</summary>
    public static string Tree(Expression expression) => expression.Accept(new TreeRenderer());

    private sealed class TreeRenderer : IExpressionVisitor<string>
    {
        public string VisitLiteral(LiteralExpression literal) => literal.Value switch
        {
            null => "null",
            string s => $"'{s}'",
            bool b => b ? "true" : "false",
            decimal d => d.ToString(CultureInfo.InvariantCulture) + "m",
            NodaTime.LocalDate d => d.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString()!,
        };

        public string VisitColumn(ColumnReference column) => column.Name;

        public string VisitUnary(UnaryExpression unary) =>
            $"({(unary.Operator == UnaryOperator.Not ? "not" : "neg")} {unary.Operand.Accept(this)})";

        public string VisitBinary(BinaryExpression binary) =>
            $"({OperatorFacts.Text(binary.Operator)} {binary.Left.Accept(this)} {binary.Right.Accept(this)})";

        public string VisitIn(InExpression inExpression) =>
            $"({(inExpression.Negated ? "not-in" : "in")} {inExpression.Value.Accept(this)} [{string.Join(" ", inExpression.Items.Select(i => i.Accept(this)))}])";

        public string VisitBetween(BetweenExpression between) =>
            $"({(between.Negated ? "not-between" : "between")} {between.Value.Accept(this)} {between.Low.Accept(this)} {between.High.Accept(this)})";

        public string VisitIsNull(IsNullExpression isNull) =>
            $"({(isNull.Negated ? "is-not-null" : "is-null")} {isNull.Operand.Accept(this)})";

        public string VisitLike(LikeExpression likeExpression) =>
            $"({(likeExpression.Negated ? "not-like" : "like")} {likeExpression.Value.Accept(this)} {likeExpression.Pattern.Accept(this)})";

        public string VisitFunctionCall(FunctionCall functionCall) =>
            $"({BuiltinFunctions.NameOf(functionCall.Function)} {string.Join(" ", functionCall.Arguments.Select(a => a.Accept(this)))})";

        public string VisitCase(CaseExpression caseExpression) =>
            "(case " + string.Join(" ", caseExpression.Branches.Select(b => $"[{b.Condition.Accept(this)} {b.Result.Accept(this)}]")) +
            (caseExpression.Else is null ? string.Empty : " else " + caseExpression.Else.Accept(this)) + ")";
    }
}
