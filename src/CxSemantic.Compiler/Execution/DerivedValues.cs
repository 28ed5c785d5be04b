using System.Collections.Immutable;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Execution;

/// <summary>Evaluates a derived metric's expression over its components' values in one cell.</summary>
internal static class DerivedValues
{
    /// <summary>
    /// The derived value, or null when a component is missing, suppressed or undefined, or a
    /// division by zero occurs. n is the smallest n of the components (the weakest evidence).
    /// </summary>
    public static MetricValue Evaluate(Metric metric, IReadOnlyDictionary<string, MetricValue?> components)
    {
        var spec = (DerivedMetricSpec)metric.Spec;
        var n = components.Values.Select(c => c?.N ?? 0).DefaultIfEmpty(0).Min();
        var suppressed = n < metric.Segmentation.MinCellSize || components.Values.Any(c => c is null || c.Suppressed);
        var value = suppressed ? null : new Evaluator(components).Evaluate(spec.Expression.Syntax!);
        if (value is { } v && (double.IsNaN(v) || double.IsInfinity(v)))
        {
            value = null;
        }

        return new MetricValue
        {
            Metric = metric.Name,
            Version = metric.Version,
            N = n,
            Value = value,
            Suppressed = suppressed,
            Immature = components.Values.Sum(c => c?.Immature ?? 0),
            Status = value is { } s && metric.Thresholds is { } t ? t.StatusOf(s) : null,
        };
    }

    private sealed class Evaluator(IReadOnlyDictionary<string, MetricValue?> components)
    {
        public double? Evaluate(Expression expression) => expression switch
        {
            LiteralExpression { Value: long l } => l,
            LiteralExpression { Value: decimal d } => (double)d,
            LiteralExpression => null,
            ColumnReference column => components.GetValueOrDefault(column.Name)?.Value,
            UnaryExpression { Operator: UnaryOperator.Negate } unary => -Evaluate(unary.Operand),
            BinaryExpression binary => Binary(binary),
            FunctionCall call => Function(call),
            CaseExpression @case => Case(@case),
            _ => throw new InvalidOperationException($"A derived metric's expression cannot use {expression.Kind}."),
        };

        private double? Binary(BinaryExpression binary)
        {
            var l = Evaluate(binary.Left);
            var r = Evaluate(binary.Right);
            if (l is not { } a || r is not { } b)
            {
                return null;
            }

            return binary.Operator switch
            {
                BinaryOperator.Add => a + b,
                BinaryOperator.Subtract => a - b,
                BinaryOperator.Multiply => a * b,
                BinaryOperator.Divide => b == 0 ? null : a / b,
                BinaryOperator.Modulo => b == 0 ? null : a % b,
                _ => throw new InvalidOperationException($"'{binary.Operator}' does not give a number."),
            };
        }

        private double? Function(FunctionCall call)
        {
            var args = call.Arguments.Select(Evaluate).ToArray();
            return call.Function switch
            {
                BuiltinFunction.Coalesce => args.FirstOrDefault(a => a is not null),
                BuiltinFunction.NullIf => args[0] == args[1] ? null : args[0],
                BuiltinFunction.Abs => args[0] is { } x ? Math.Abs(x) : null,
                BuiltinFunction.Round => args[0] is { } y ? Math.Round(y, args.Length > 1 ? (int)(args[1] ?? 0) : 0, MidpointRounding.AwayFromZero) : null,
                BuiltinFunction.Least => args.Any(a => a is null) ? null : args.Min(),
                BuiltinFunction.Greatest => args.Any(a => a is null) ? null : args.Max(),
                _ => throw new InvalidOperationException($"{call.Function} does not apply to metric values."),
            };
        }

        private double? Case(CaseExpression @case)
        {
            foreach (var branch in @case.Branches)
            {
                if (Condition(branch.Condition))
                {
                    return Evaluate(branch.Result);
                }
            }

            return @case.Else is { } otherwise ? Evaluate(otherwise) : null;
        }

        private bool Condition(Expression expression) => expression switch
        {
            BinaryExpression { Operator: BinaryOperator.And } and => Condition(and.Left) && Condition(and.Right),
            BinaryExpression { Operator: BinaryOperator.Or } or => Condition(or.Left) || Condition(or.Right),
            UnaryExpression { Operator: UnaryOperator.Not } not => !Condition(not.Operand),
            IsNullExpression isNull => (Evaluate(isNull.Operand) is null) != isNull.Negated,
            BinaryExpression comparison when Evaluate(comparison.Left) is { } a && Evaluate(comparison.Right) is { } b => comparison.Operator switch
            {
                BinaryOperator.Equal => a == b,
                BinaryOperator.NotEqual => a != b,
                BinaryOperator.Less => a < b,
                BinaryOperator.LessOrEqual => a <= b,
                BinaryOperator.Greater => a > b,
                BinaryOperator.GreaterOrEqual => a >= b,
                _ => false,
            },
            _ => false,
        };
    }

    /// <summary>The metric names a derived expression reads.</summary>
    public static ImmutableArray<string> Components(Metric metric) => ((DerivedMetricSpec)metric.Spec).Metrics;
}
