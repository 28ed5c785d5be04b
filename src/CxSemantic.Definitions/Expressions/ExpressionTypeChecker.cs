using CxSemantic.Definitions.Diagnostics;
using NodaTime.Text;

namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// Checks an expression against the columns in scope and works out its type.
/// <list type="bullet">
/// <item><c>and</c>, <c>or</c>, <c>not</c> and <c>when</c> conditions need Boolean operands.</item>
/// <item>Arithmetic needs numbers. Integer with Integer stays Integer for <c>+ - * %</c>; any Decimal makes
/// Decimal; <c>/</c> is always Decimal, because integer division truncates on PostgreSQL and SQL Server but
/// not on DuckDB, and <c>handle_seconds / 60</c> must mean the same everywhere (the compilers cast).</item>
/// <item>Comparisons, <c>in</c>, <c>between</c> and <c>nullif</c> need compatible sides: number with number,
/// String with String, Date/Timestamp with Date/Timestamp, Boolean with Boolean (<c>=</c> and <c>!=</c> only).
/// Comparing with the <c>null</c> literal is an error (use <c>is null</c>). An enumeration column compared
/// with a string that is not one of its values is an error listing the values.</item>
/// <item><c>case</c> branches and <c>coalesce</c>/<c>least</c>/<c>greatest</c> arguments unify to one type
/// (Integer widens to Decimal, Date to Timestamp; <c>null</c> fits anything).</item>
/// <item>Functions: <c>abs</c>/<c>round</c> numbers (round's digits an Integer), <c>lower</c>/<c>upper</c>/<c>length</c>
/// Strings, <c>least</c>/<c>greatest</c> orderable values.</item>
/// </list>
/// After an error the offending part is <see cref="ExpressionType.Unknown"/>, which fits everywhere, so
/// one mistake yields one message.
/// </summary>
public static class ExpressionTypeChecker
{
    /// <summary>The type of <paramref name="expression"/> and its type errors.</summary>
    public static ExpressionCheckResult Check(Expression expression, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(scope);
        var checker = new Checker(scope);
        var type = expression.Accept(checker);
        return new ExpressionCheckResult(type, checker.Diagnostics.ToImmutableSorted());
    }

    /// <summary>
    /// As <see cref="Check"/>, for a <c>where:</c> filter: the result must also be a true/false condition.
    /// </summary>
    public static ExpressionCheckResult CheckPredicate(Expression expression, IExpressionScope scope)
    {
        var result = Check(expression, scope);
        if (result.Type is ExpressionType.Boolean or ExpressionType.Unknown)
        {
            return result;
        }

        var diagnostic = new Diagnostic(
            ExpressionErrorCodes.NotAPredicate,
            Messages.Format(ExpressionErrorMessages.NotAPredicate, Checker.Show(expression), Checker.Describe(result.Type)),
            expression.Span);
        return new ExpressionCheckResult(result.Type, [.. result.Diagnostics.Append(diagnostic).OrderBy(d => d.Span.Line).ThenBy(d => d.Span.Column)]);
    }

    /// <summary>The type two values share, or null when they cannot mix.</summary>
    internal static ExpressionType? Unify(ExpressionType first, ExpressionType second)
    {
        if (first == ExpressionType.Unknown || second == ExpressionType.Unknown)
        {
            return ExpressionType.Unknown;
        }

        if (first == ExpressionType.Null || first == second)
        {
            return second;
        }

        if (second == ExpressionType.Null)
        {
            return first;
        }

        if (IsNumeric(first) && IsNumeric(second))
        {
            return ExpressionType.Decimal;
        }

        if (IsTemporal(first) && IsTemporal(second))
        {
            return ExpressionType.Timestamp;
        }

        return null;
    }

    private static bool IsNumeric(ExpressionType type) => type is ExpressionType.Integer or ExpressionType.Decimal;

    private static bool IsTemporal(ExpressionType type) => type is ExpressionType.Date or ExpressionType.Timestamp;

    private sealed class Checker(IExpressionScope scope) : IExpressionVisitor<ExpressionType>
    {
        private const int MaxShown = 60;

        public DiagnosticBag Diagnostics { get; } = new();

        /// <summary>An expression as quoted in a message: canonical text, cut when long.</summary>
        public static string Show(Expression expression)
        {
            var text = ExpressionPrinter.Print(expression);
            return text.Length <= MaxShown ? text : string.Concat(text.AsSpan(0, MaxShown - 1), "…");
        }

        public static string Describe(ExpressionType type) => type switch
        {
            ExpressionType.Null => "null",
            ExpressionType.Unknown => "of unknown type",
            _ => type.ToString(),
        };

        private void Error(string code, string template, SourceSpan span, params object?[] arguments) =>
            Diagnostics.Error(code, Messages.Format(template, arguments), span);

        public ExpressionType VisitLiteral(LiteralExpression literal) => literal.Type;

        public ExpressionType VisitColumn(ColumnReference column)
        {
            if (scope.Resolve(column.Path) is { } resolved)
            {
                return resolved.Type;
            }

            var name = column.Name;
            Error(ExpressionErrorCodes.UnknownColumn, ExpressionErrorMessages.UnknownColumn, column.Span, name, NameSuggester.Hint(name, scope.VisibleNames));
            return ExpressionType.Unknown;
        }

        public ExpressionType VisitUnary(UnaryExpression unary)
        {
            if (unary.Operator == UnaryOperator.Not)
            {
                RequireBoolean(unary.Operand, "'not'");
                return ExpressionType.Boolean;
            }

            return RequireNumeric(unary.Operand, "'-'");
        }

        public ExpressionType VisitBinary(BinaryExpression binary)
        {
            var op = binary.Operator;
            var where = $"'{OperatorFacts.Text(op)}'";
            if (OperatorFacts.IsLogical(op))
            {
                RequireBoolean(binary.Left, where);
                RequireBoolean(binary.Right, where);
                return ExpressionType.Boolean;
            }

            if (OperatorFacts.IsArithmetic(op))
            {
                var left = RequireNumeric(binary.Left, where);
                var right = RequireNumeric(binary.Right, where);
                if (left == ExpressionType.Unknown || right == ExpressionType.Unknown)
                {
                    return ExpressionType.Unknown;
                }

                if (op == BinaryOperator.Divide || left == ExpressionType.Decimal || right == ExpressionType.Decimal)
                {
                    return ExpressionType.Decimal;
                }

                return left == ExpressionType.Null && right == ExpressionType.Null ? ExpressionType.Null : ExpressionType.Integer;
            }

            var leftType = binary.Left.Accept(this);
            var rightType = binary.Right.Accept(this);
            CheckComparable(binary.Left, leftType, binary.Right, rightType, OperatorFacts.Text(op), OperatorFacts.IsOrdering(op), binary.Span);
            return ExpressionType.Boolean;
        }

        public ExpressionType VisitIn(InExpression inExpression)
        {
            var type = inExpression.Value.Accept(this);
            foreach (var item in inExpression.Items)
            {
                CheckComparable(inExpression.Value, type, item, item.Accept(this), "in", ordering: false, item.Span);
            }

            return ExpressionType.Boolean;
        }

        public ExpressionType VisitBetween(BetweenExpression between)
        {
            var type = between.Value.Accept(this);
            CheckComparable(between.Value, type, between.Low, between.Low.Accept(this), "between", ordering: true, between.Low.Span);
            CheckComparable(between.Value, type, between.High, between.High.Accept(this), "between", ordering: true, between.High.Span);
            return ExpressionType.Boolean;
        }

        public ExpressionType VisitIsNull(IsNullExpression isNull)
        {
            isNull.Operand.Accept(this);
            if (isNull.Operand is ColumnReference column && scope.Resolve(column.Path) is { IsNullable: false })
            {
                Diagnostics.Warning(
                    ExpressionErrorCodes.NeverNull,
                    Messages.Format(ExpressionErrorMessages.NeverNull, column.Name, isNull.Negated ? "true" : "false"),
                    isNull.Span);
            }

            return ExpressionType.Boolean;
        }

        public ExpressionType VisitLike(LikeExpression likeExpression)
        {
            RequireString(likeExpression.Value, "'like'");
            RequireString(likeExpression.Pattern, "'like'");
            return ExpressionType.Boolean;
        }

        public ExpressionType VisitFunctionCall(FunctionCall functionCall)
        {
            var function = functionCall.Function;
            var name = $"'{BuiltinFunctions.NameOf(function)}'";
            var arguments = functionCall.Arguments;
            if (arguments.Length < BuiltinFunctions.MinArguments(function) || arguments.Length > BuiltinFunctions.MaxArguments(function))
            {
                // Only a tree built by hand gets here: the parser rejects wrong counts with a better message.
                throw new ArgumentException($"{name} was built with {arguments.Length} arguments; call it as {BuiltinFunctions.Signature(function)}.", nameof(functionCall));
            }

            switch (function)
            {
                case BuiltinFunction.Coalesce or BuiltinFunction.Least or BuiltinFunction.Greatest:
                    var type = ExpressionType.Null;
                    foreach (var argument in arguments)
                    {
                        var argumentType = argument.Accept(this);
                        if (function != BuiltinFunction.Coalesce && argumentType == ExpressionType.Boolean)
                        {
                            Error(ExpressionErrorCodes.NotOrderable, ExpressionErrorMessages.NotOrderable, argument.Span, name, Show(argument), Describe(argumentType));
                            type = ExpressionType.Unknown;
                            continue;
                        }

                        type = Merge(type, argumentType, name, argument.Span);
                    }

                    return type;
                case BuiltinFunction.NullIf:
                    var first = arguments[0].Accept(this);
                    CheckComparable(arguments[0], first, arguments[1], arguments[1].Accept(this), "nullif", ordering: false, arguments[1].Span);
                    return first;
                case BuiltinFunction.Abs:
                    return RequireNumeric(arguments[0], name);
                case BuiltinFunction.Round:
                    var rounded = RequireNumeric(arguments[0], name);
                    if (arguments.Length == 2)
                    {
                        var digits = arguments[1].Accept(this);
                        if (digits is not (ExpressionType.Integer or ExpressionType.Null or ExpressionType.Unknown))
                        {
                            Error(ExpressionErrorCodes.NotInteger, ExpressionErrorMessages.NotInteger, arguments[1].Span, "The digits of 'round'", Show(arguments[1]), Describe(digits));
                        }
                    }

                    return rounded;
                case BuiltinFunction.Lower or BuiltinFunction.Upper:
                    RequireString(arguments[0], name);
                    return ExpressionType.String;
                case BuiltinFunction.Length:
                    RequireString(arguments[0], name);
                    return ExpressionType.Integer;
                case BuiltinFunction.SecondsBetween:
                    foreach (var argument in arguments)
                    {
                        var instant = argument.Accept(this);
                        if (instant is not (ExpressionType.Timestamp or ExpressionType.Null or ExpressionType.Unknown))
                        {
                            Error(ExpressionErrorCodes.NotTimestamp, ExpressionErrorMessages.NotTimestamp, argument.Span, name, Show(argument), Describe(instant));
                        }
                    }

                    return ExpressionType.Decimal;
                default:
                    throw new ArgumentOutOfRangeException(nameof(functionCall), function, "Unknown function.");
            }
        }

        public ExpressionType VisitCase(CaseExpression caseExpression)
        {
            var type = ExpressionType.Null;
            foreach (var branch in caseExpression.Branches)
            {
                RequireBoolean(branch.Condition, "'when'");
                type = Merge(type, branch.Result.Accept(this), "This 'case'", branch.Result.Span);
            }

            if (caseExpression.Else is { } otherwise)
            {
                type = Merge(type, otherwise.Accept(this), "This 'case'", otherwise.Span);
            }

            return type;
        }

        private ExpressionType Merge(ExpressionType sofar, ExpressionType next, string what, SourceSpan span)
        {
            if (Unify(sofar, next) is { } unified)
            {
                return unified;
            }

            Error(ExpressionErrorCodes.MixedTypes, ExpressionErrorMessages.MixedTypes, span, what, Describe(sofar), Describe(next));
            return ExpressionType.Unknown;
        }

        private void RequireBoolean(Expression operand, string where)
        {
            var type = operand.Accept(this);
            if (type is not (ExpressionType.Boolean or ExpressionType.Null or ExpressionType.Unknown))
            {
                Error(ExpressionErrorCodes.NotBoolean, ExpressionErrorMessages.NotBoolean, operand.Span, where, Show(operand), Describe(type));
            }
        }

        private ExpressionType RequireNumeric(Expression operand, string where)
        {
            var type = operand.Accept(this);
            if (type is ExpressionType.Integer or ExpressionType.Decimal or ExpressionType.Null or ExpressionType.Unknown)
            {
                return type;
            }

            Error(ExpressionErrorCodes.NotNumeric, ExpressionErrorMessages.NotNumeric, operand.Span, where, Show(operand), Describe(type));
            return ExpressionType.Unknown;
        }

        private void RequireString(Expression operand, string where)
        {
            var type = operand.Accept(this);
            if (type is not (ExpressionType.String or ExpressionType.Null or ExpressionType.Unknown))
            {
                Error(ExpressionErrorCodes.NotString, ExpressionErrorMessages.NotString, operand.Span, where, Show(operand), Describe(type));
            }
        }

        private void CheckComparable(
            Expression left, ExpressionType leftType, Expression right, ExpressionType rightType, string op, bool ordering, SourceSpan span)
        {
            if (left is LiteralExpression { Type: ExpressionType.Null } || right is LiteralExpression { Type: ExpressionType.Null })
            {
                var other = left is LiteralExpression { Type: ExpressionType.Null } ? right : left;
                Error(ExpressionErrorCodes.ComparisonWithNull, ExpressionErrorMessages.ComparisonWithNull, span, Show(other));
                return;
            }

            var unified = Unify(leftType, rightType);
            if (unified is null)
            {
                if (IsTemporal(leftType) && right is LiteralExpression { Value: string text })
                {
                    ReportStringForTemporal(left, leftType, right, text);
                }
                else if (IsTemporal(rightType) && left is LiteralExpression { Value: string mirrored })
                {
                    ReportStringForTemporal(right, rightType, left, mirrored);
                }
                else
                {
                    Error(ExpressionErrorCodes.Incomparable, ExpressionErrorMessages.Incomparable, span, Show(left), Describe(leftType), Show(right), Describe(rightType));
                }

                return;
            }

            if (ordering && unified == ExpressionType.Boolean)
            {
                Error(ExpressionErrorCodes.BooleanOrdering, ExpressionErrorMessages.BooleanOrdering, span, op);
                return;
            }

            CheckEnumerationValue(left, right);
            CheckEnumerationValue(right, left);
        }

        private void ReportStringForTemporal(Expression temporal, ExpressionType type, Expression literal, string text)
        {
            // Suggest the literal that the text already looks like; else the column's own kind.
            var keyword = LocalDatePattern.Iso.Parse(text).Success ? "date"
                : InstantPattern.ExtendedIso.Parse(text).Success ? "timestamp"
                : type == ExpressionType.Date ? "date" : "timestamp";
            Error(ExpressionErrorCodes.StringForTemporal, ExpressionErrorMessages.StringForTemporal, literal.Span, Show(temporal), Describe(type), Show(literal), keyword);
        }

        private void CheckEnumerationValue(Expression columnSide, Expression valueSide)
        {
            if (columnSide is ColumnReference column &&
                valueSide is LiteralExpression { Value: string value } &&
                scope.Resolve(column.Path) is { IsEnumeration: true } resolved &&
                !resolved.AllowedValues.Contains(value, StringComparer.Ordinal))
            {
                Error(
                    ExpressionErrorCodes.NotAnEnumValue,
                    ExpressionErrorMessages.NotAnEnumValue,
                    valueSide.Span,
                    value,
                    column.Name,
                    string.Join(", ", resolved.AllowedValues),
                    NameSuggester.Hint(value, resolved.AllowedValues));
            }
        }
    }
}
