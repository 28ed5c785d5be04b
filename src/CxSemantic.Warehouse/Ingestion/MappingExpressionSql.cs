using System.Globalization;
using CxSemantic.Definitions.Expressions;
using NodaTime;

namespace CxSemantic.Warehouse.Ingestion;

/// <summary>
/// Renders a mapping expression as DuckDB SQL over the staged source rows. Ingestion validates every file in
/// DuckDB whatever the target engine, so one dialect suffices. Literals are inlined (escaped): the text comes
/// from the mapping file's author, and the parser admits only literals, operators and the built-in functions.
/// </summary>
/// <param name="column">Renders a reference to a source column.</param>
internal sealed class MappingExpressionSql(Func<string, string> column) : IExpressionVisitor<string>
{
    /// <summary>The SQL of <paramref name="expression"/>.</summary>
    public string Render(Expression expression) => expression.Accept(this);

    /// <summary>A SQL string literal.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A SQL identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string VisitLiteral(LiteralExpression literal) => literal.Value switch
    {
        null => "NULL",
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        string s => Quote(s),
        bool b => b ? "TRUE" : "FALSE",
        LocalDate date => $"DATE '{date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}'",
        Instant instant => $"TIMESTAMPTZ '{instant.ToString("uuuu-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture)}'",
        _ => throw new InvalidOperationException($"Unexpected literal {literal.Value.GetType().Name}."),
    };

    public string VisitColumn(ColumnReference columnReference) => column(columnReference.Name);

    public string VisitUnary(UnaryExpression unary) =>
        unary.Operator == UnaryOperator.Not ? $"(NOT {Render(unary.Operand)})" : $"(-{Render(unary.Operand)})";

    public string VisitBinary(BinaryExpression binary)
    {
        // The language's operators are spelled as in SQL (DuckDB and PostgreSQL both accept '!=').
        var op = OperatorFacts.Text(binary.Operator);

        // '/' is always a decimal division in the definition language (DuckDB's '/' already is).
        return $"({Render(binary.Left)} {op} {Render(binary.Right)})";
    }

    public string VisitIn(InExpression inExpression) =>
        $"({Render(inExpression.Value)} {(inExpression.Negated ? "NOT IN" : "IN")} ({string.Join(", ", inExpression.Items.Select(Render))}))";

    public string VisitBetween(BetweenExpression between) =>
        $"({Render(between.Value)} {(between.Negated ? "NOT BETWEEN" : "BETWEEN")} {Render(between.Low)} AND {Render(between.High)})";

    public string VisitIsNull(IsNullExpression isNull) => $"({Render(isNull.Operand)} IS {(isNull.Negated ? "NOT NULL" : "NULL")})";

    public string VisitLike(LikeExpression likeExpression) =>
        $"({Render(likeExpression.Value)} {(likeExpression.Negated ? "NOT LIKE" : "LIKE")} {Render(likeExpression.Pattern)})";

    public string VisitFunctionCall(FunctionCall functionCall)
    {
        var args = functionCall.Arguments.Select(Render).ToArray();
        return functionCall.Function switch
        {
            BuiltinFunction.SecondsBetween => $"(epoch({args[1]}) - epoch({args[0]}))",
            _ => $"{BuiltinFunctions.NameOf(functionCall.Function)}({string.Join(", ", args)})",
        };
    }

    public string VisitCase(CaseExpression caseExpression)
    {
        var branches = string.Join(" ", caseExpression.Branches.Select(b => $"WHEN {Render(b.Condition)} THEN {Render(b.Result)}"));
        var otherwise = caseExpression.Else is null ? string.Empty : $" ELSE {Render(caseExpression.Else)}";
        return $"(CASE {branches}{otherwise} END)";
    }
}
