using System.Collections.Immutable;
using CxSemantic.Compiler.Sql;
using CxSemantic.Definitions.Expressions;
using NodaTime;

namespace CxSemantic.Compiler.Translation;

/// <summary>
/// A translated expression: its SQL, its type, whether it is a condition (a predicate, usable in
/// WHERE) rather than a value, and whether a true/false value is stored as a 0/1 integer.
/// </summary>
internal readonly record struct SqlValue(SqlExpression Sql, ExpressionType Type, bool IsCondition = false, bool IntBoolean = false)
{
    public static SqlValue Condition(SqlExpression sql) => new(sql, ExpressionType.Boolean, IsCondition: true);
}

/// <summary>Resolves a column reference of the definition language to SQL in some scope.</summary>
internal interface INameResolver
{
    SqlValue Resolve(ColumnReference reference);
}

/// <summary>
/// Translates the definition language's syntax tree into the SQL AST. String, date and timestamp
/// literals become parameters; numbers stay constants. True/false values are kept apart from
/// conditions so every dialect gets valid SQL (SQL Server has no boolean values).
/// </summary>
internal sealed class ExpressionTranslator(INameResolver names) : IExpressionVisitor<SqlValue>
{
    private static readonly SqlExpression One = new SqlConstant(1);
    private static readonly SqlExpression Zero = new SqlConstant(0);

    /// <summary>The expression as a condition (NULL counts as false where it is used).</summary>
    public SqlExpression Condition(Expression expression) => ToCondition(expression.Accept(this));

    /// <summary>The expression as a value; conditions become 0/1 integers.</summary>
    public SqlValue Value(Expression expression) => ToValue(expression.Accept(this));

    /// <summary>A true/false value as a 0/1 integer (NULL and false give 0).</summary>
    public SqlExpression Flag(Expression expression) => ToInt(expression.Accept(this));

    public static SqlExpression ToCondition(SqlValue value) => value switch
    {
        { IsCondition: true } => value.Sql,
        { Type: ExpressionType.Boolean or ExpressionType.Unknown } => new SqlIsTrue(value.Sql, value.IntBoolean),
        _ => throw new InvalidOperationException($"A {value.Type} value is not a condition."),
    };

    public static SqlValue ToValue(SqlValue value) =>
        value.IsCondition ? new SqlValue(Case(value.Sql), ExpressionType.Boolean, IntBoolean: true) : value;

    public static SqlExpression ToInt(SqlValue value) =>
        value.IntBoolean ? value.Sql : Case(ToCondition(value));

    public SqlValue VisitLiteral(LiteralExpression literal) => literal.Type switch
    {
        ExpressionType.Integer or ExpressionType.Decimal => new SqlValue(new SqlConstant(literal.Value), literal.Type),
        ExpressionType.String => new SqlValue(new SqlParameter(literal.Value), ExpressionType.String),
        ExpressionType.Boolean => SqlValue.Condition(new SqlBinary(SqlBinaryOperator.Equal, One, (bool)literal.Value! ? One : Zero)),
        ExpressionType.Date => new SqlValue(new SqlParameter(ToDateOnly((LocalDate)literal.Value!)), ExpressionType.Date),
        ExpressionType.Timestamp => new SqlValue(new SqlParameter(((Instant)literal.Value!).ToDateTimeUtc()), ExpressionType.Timestamp),
        _ => new SqlValue(new SqlConstant(null), ExpressionType.Null),
    };

    public SqlValue VisitColumn(ColumnReference column) => names.Resolve(column);

    public SqlValue VisitUnary(UnaryExpression unary)
    {
        var operand = unary.Operand.Accept(this);
        return unary.Operator == UnaryOperator.Not
            ? SqlValue.Condition(new SqlNot(ToCondition(operand)))
            : new SqlValue(new SqlNegate(ToValue(operand).Sql), operand.Type);
    }

    public SqlValue VisitBinary(BinaryExpression binary)
    {
        var left = binary.Left.Accept(this);
        var right = binary.Right.Accept(this);
        switch (binary.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                return SqlValue.Condition(new SqlBinary(
                    binary.Operator == BinaryOperator.And ? SqlBinaryOperator.And : SqlBinaryOperator.Or,
                    ToCondition(left),
                    ToCondition(right)));
            case BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo:
                var type = binary.Operator == BinaryOperator.Divide || left.Type == ExpressionType.Decimal || right.Type == ExpressionType.Decimal
                    ? ExpressionType.Decimal
                    : ExpressionType.Integer;
                return new SqlValue(new SqlBinary(Arithmetic(binary.Operator), ToValue(left).Sql, ToValue(right).Sql), type);
            default:
                // Comparisons of true/false values compare their 0/1 forms, valid in every dialect.
                var booleans = left.Type == ExpressionType.Boolean || right.Type == ExpressionType.Boolean;
                var l = booleans ? ToInt(left) : ToValue(left).Sql;
                var r = booleans ? ToInt(right) : ToValue(right).Sql;
                return SqlValue.Condition(new SqlBinary(Comparison(binary.Operator), l, r));
        }
    }

    public SqlValue VisitIn(InExpression inExpression) => SqlValue.Condition(new SqlIn(
        ToValue(inExpression.Value.Accept(this)).Sql,
        [.. inExpression.Items.Select(i => ToValue(i.Accept(this)).Sql)],
        inExpression.Negated));

    public SqlValue VisitBetween(BetweenExpression between) => SqlValue.Condition(new SqlBetween(
        ToValue(between.Value.Accept(this)).Sql,
        ToValue(between.Low.Accept(this)).Sql,
        ToValue(between.High.Accept(this)).Sql,
        between.Negated));

    public SqlValue VisitIsNull(IsNullExpression isNull) =>
        SqlValue.Condition(new SqlIsNull(ToValue(isNull.Operand.Accept(this)).Sql, isNull.Negated));

    public SqlValue VisitLike(LikeExpression likeExpression) => SqlValue.Condition(new SqlLike(
        ToValue(likeExpression.Value.Accept(this)).Sql,
        ToValue(likeExpression.Pattern.Accept(this)).Sql,
        likeExpression.Negated));

    public SqlValue VisitFunctionCall(FunctionCall functionCall)
    {
        var arguments = functionCall.Arguments.Select(a => a.Accept(this)).ToArray();
        if (functionCall.Function == BuiltinFunction.SecondsBetween)
        {
            return new SqlValue(new SqlSecondsBetween(ToValue(arguments[0]).Sql, ToValue(arguments[1]).Sql), ExpressionType.Decimal);
        }

        var booleans = arguments.Any(a => a.Type == ExpressionType.Boolean);
        var sql = arguments.Select(a => booleans ? ToInt(a) : ToValue(a).Sql).ToImmutableArray();
        var type = functionCall.Function switch
        {
            BuiltinFunction.Length => ExpressionType.Integer,
            BuiltinFunction.Lower or BuiltinFunction.Upper => ExpressionType.String,
            _ => arguments.Select(a => a.Type).FirstOrDefault(t => t != ExpressionType.Null, ExpressionType.Null),
        };
        var name = functionCall.Function switch
        {
            BuiltinFunction.Coalesce => SqlFunctionName.Coalesce,
            BuiltinFunction.NullIf => SqlFunctionName.NullIf,
            BuiltinFunction.Abs => SqlFunctionName.Abs,
            BuiltinFunction.Round => SqlFunctionName.Round,
            BuiltinFunction.Least => SqlFunctionName.Least,
            BuiltinFunction.Greatest => SqlFunctionName.Greatest,
            BuiltinFunction.Lower => SqlFunctionName.Lower,
            BuiltinFunction.Upper => SqlFunctionName.Upper,
            BuiltinFunction.Length => SqlFunctionName.Length,
            _ => throw new InvalidOperationException($"Unknown function {functionCall.Function}."),
        };
        if (name == SqlFunctionName.Round && sql.Length == 1)
        {
            sql = sql.Add(Zero); // SQL Server's ROUND requires the digits argument.
        }

        return new SqlValue(new SqlFunction(name, sql), type, IntBoolean: booleans && type == ExpressionType.Boolean);
    }

    public SqlValue VisitCase(CaseExpression caseExpression)
    {
        var results = caseExpression.Branches.Select(b => b.Result.Accept(this)).ToList();
        var otherwise = caseExpression.Else?.Accept(this);
        var booleans = results.Any(r => r.Type == ExpressionType.Boolean) || otherwise?.Type == ExpressionType.Boolean;
        var branches = caseExpression.Branches
            .Select((b, i) => (Condition(b.Condition), booleans ? ToInt(results[i]) : ToValue(results[i]).Sql))
            .ToImmutableArray();
        var elseSql = otherwise is { } o ? (booleans ? ToInt(o) : ToValue(o).Sql) : null;
        var type = results.Select(r => r.Type).Append(otherwise?.Type ?? ExpressionType.Null).FirstOrDefault(t => t != ExpressionType.Null, ExpressionType.Null);
        return new SqlValue(new SqlCase(branches, elseSql), type, IntBoolean: booleans);
    }

    private static SqlExpression Case(SqlExpression condition) => new SqlCase([(condition, One)], Zero);

    private static DateOnly ToDateOnly(LocalDate date) => new(date.Year, date.Month, date.Day);

    private static SqlBinaryOperator Arithmetic(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => SqlBinaryOperator.Add,
        BinaryOperator.Subtract => SqlBinaryOperator.Subtract,
        BinaryOperator.Multiply => SqlBinaryOperator.Multiply,
        BinaryOperator.Divide => SqlBinaryOperator.Divide,
        _ => SqlBinaryOperator.Modulo,
    };

    private static SqlBinaryOperator Comparison(BinaryOperator op) => op switch
    {
        BinaryOperator.Equal => SqlBinaryOperator.Equal,
        BinaryOperator.NotEqual => SqlBinaryOperator.NotEqual,
        BinaryOperator.Less => SqlBinaryOperator.Less,
        BinaryOperator.LessOrEqual => SqlBinaryOperator.LessOrEqual,
        BinaryOperator.Greater => SqlBinaryOperator.Greater,
        _ => SqlBinaryOperator.GreaterOrEqual,
    };
}
