using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// Prints the canonical text of an expression: keywords and function names lower-case, single spaces
/// around binary operators, strings re-escaped, and parentheses only where precedence needs them so that
/// the text parses back to an equivalent tree (<see cref="ExpressionEquivalence.AreEquivalent"/>).
/// Right operands of the same precedence keep their parentheses (<c>a - (b - c)</c>) because the tree
/// shape is part of the meaning.
/// </summary>
public static class ExpressionPrinter
{
    /// <summary>The canonical text of <paramref name="expression"/>.</summary>
    public static string Print(Expression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var builder = new StringBuilder();
        Write(builder, expression);
        return builder.ToString();
    }

    // Binding strength, loosest first; mirrors the parser's levels.
    private const int OrLevel = 1;
    private const int AndLevel = 2;
    private const int NotLevel = 3;
    private const int PredicateLevel = 4;
    private const int AdditiveLevel = 5;
    private const int MultiplicativeLevel = 6;
    private const int NegateLevel = 7;
    private const int PrimaryLevel = 8;

    private static int Level(Expression expression) => expression switch
    {
        BinaryExpression binary => binary.Operator switch
        {
            BinaryOperator.Or => OrLevel,
            BinaryOperator.And => AndLevel,
            BinaryOperator.Add or BinaryOperator.Subtract => AdditiveLevel,
            BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo => MultiplicativeLevel,
            _ => PredicateLevel,
        },
        UnaryExpression unary => unary.Operator == UnaryOperator.Not ? NotLevel : NegateLevel,
        InExpression or BetweenExpression or IsNullExpression or LikeExpression => PredicateLevel,
        _ => PrimaryLevel,
    };

    private static void Write(StringBuilder builder, Expression expression)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                WriteLiteral(builder, literal);
                break;
            case ColumnReference column:
                builder.AppendJoin('.', column.Path);
                break;
            case UnaryExpression { Operator: UnaryOperator.Not } not:
                builder.Append("not ");
                WriteOperand(builder, not.Operand, Level(not.Operand) < NotLevel);
                break;
            case UnaryExpression negate:
                builder.Append('-');

                // "--" would start a comment, so a nested negation is parenthesized.
                WriteOperand(builder, negate.Operand, Level(negate.Operand) <= MultiplicativeLevel || negate.Operand is UnaryExpression);
                break;
            case BinaryExpression binary:
                WriteBinary(builder, binary);
                break;
            case InExpression inExpression:
                WritePredicateOperand(builder, inExpression.Value);
                builder.Append(inExpression.Negated ? " not in (" : " in (");
                WriteList(builder, inExpression.Items);
                builder.Append(')');
                break;
            case BetweenExpression between:
                WritePredicateOperand(builder, between.Value);
                builder.Append(between.Negated ? " not between " : " between ");
                WritePredicateOperand(builder, between.Low);
                builder.Append(" and ");
                WritePredicateOperand(builder, between.High);
                break;
            case IsNullExpression isNull:
                WritePredicateOperand(builder, isNull.Operand);
                builder.Append(isNull.Negated ? " is not null" : " is null");
                break;
            case LikeExpression like:
                WritePredicateOperand(builder, like.Value);
                builder.Append(like.Negated ? " not like " : " like ");
                WritePredicateOperand(builder, like.Pattern);
                break;
            case FunctionCall call:
                builder.Append(BuiltinFunctions.NameOf(call.Function)).Append('(');
                WriteList(builder, call.Arguments);
                builder.Append(')');
                break;
            case CaseExpression caseExpression:
                builder.Append("case");
                foreach (var branch in caseExpression.Branches)
                {
                    builder.Append(" when ");
                    Write(builder, branch.Condition);
                    builder.Append(" then ");
                    Write(builder, branch.Result);
                }

                if (caseExpression.Else is not null)
                {
                    builder.Append(" else ");
                    Write(builder, caseExpression.Else);
                }

                builder.Append(" end");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(expression), expression.Kind, "Unknown expression kind.");
        }
    }

    private static void WriteBinary(StringBuilder builder, BinaryExpression binary)
    {
        var level = Level(binary);
        if (level == PredicateLevel)
        {
            // Comparisons do not chain: any predicate operand needs parentheses.
            WritePredicateOperand(builder, binary.Left);
            builder.Append(' ').Append(OperatorFacts.Text(binary.Operator)).Append(' ');
            WritePredicateOperand(builder, binary.Right);
            return;
        }

        // Left-associative: the left operand may share the level, the right one may not.
        WriteOperand(builder, binary.Left, Level(binary.Left) < level);
        builder.Append(' ').Append(OperatorFacts.Text(binary.Operator)).Append(' ');
        WriteOperand(builder, binary.Right, Level(binary.Right) <= level);
    }

    private static void WritePredicateOperand(StringBuilder builder, Expression operand) =>
        WriteOperand(builder, operand, Level(operand) <= PredicateLevel);

    private static void WriteOperand(StringBuilder builder, Expression operand, bool parenthesize)
    {
        if (parenthesize)
        {
            builder.Append('(');
        }

        Write(builder, operand);
        if (parenthesize)
        {
            builder.Append(')');
        }
    }

    private static void WriteList(StringBuilder builder, IEnumerable<Expression> items)
    {
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                builder.Append(", ");
            }

            Write(builder, item);
            first = false;
        }
    }

    private static void WriteLiteral(StringBuilder builder, LiteralExpression literal)
    {
        switch (literal.Value)
        {
            case null:
                builder.Append("null");
                break;
            case long integer:
                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case decimal number:
                var text = number.ToString(CultureInfo.InvariantCulture);

                // Keep the decimal point, or the literal would read back as an Integer.
                builder.Append(text).Append(text.Contains('.', StringComparison.Ordinal) ? string.Empty : ".0");
                break;
            case string value:
                WriteString(builder, value);
                break;
            case bool truth:
                builder.Append(truth ? "true" : "false");
                break;
            case LocalDate date:
                builder.Append("date ");
                WriteString(builder, LocalDatePattern.Iso.Format(date));
                break;
            case Instant instant:
                builder.Append("timestamp ");
                WriteString(builder, InstantPattern.ExtendedIso.Format(instant));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(literal), literal.Type, "Unknown literal value.");
        }
    }

    private static void WriteString(StringBuilder builder, string value) =>
        builder.Append('\'').Append(value.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
}
