using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using CxSemantic.Compiler.Translation;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Planning;

/// <summary>The values a unit contributes: the fact kind, the per-unit value columns and the cluster key.</summary>
internal sealed partial class FactQueryBuilder
{
    /// <summary>A simple metric over a named measure aggregates as the measure says.</summary>
    private (Aggregation Aggregation, double? Percentile) EffectiveAggregation(SimpleMetricSpec simple) =>
        simple.Measure is { } name && _plan.Model.FindMeasure(name) is { } measure
            ? (measure.Aggregation, measure.Percentile)
            : (simple.Aggregation, simple.Percentile);

    private Aggregation EffectiveAggregation(RatioPart part) =>
        part.Measure is { } name && _plan.Model.FindMeasure(name) is { } measure ? measure.Aggregation : part.Aggregation;

    private FactKind KindOf(Metric metric) => metric.Spec switch
    {
        RatioMetricSpec { IsProportion: true } => FactKind.Proportion,
        RatioMetricSpec => FactKind.MeasureRatio,
        MeanMetricSpec => FactKind.Moments,
        SimpleMetricSpec simple when EffectiveAggregation(simple).Aggregation == Aggregation.Average => FactKind.Moments,
        SimpleMetricSpec => FactKind.Aggregate,
        DistributionMetricSpec => FactKind.Distribution,
        AgreementMetricSpec => FactKind.Agreement,
        _ => throw new InvalidOperationException($"No fact kind for {metric.Type}."),
    };

    /// <summary>The per-unit columns the metric's type aggregates, and what reading them adds to the units query.</summary>
    private UnitValueColumns UnitValues(FactKind kind, ExpressionTranslator translate, INameResolver scope, JoinSet? modelJoins)
    {
        switch (_metric.Spec)
        {
            case RatioMetricSpec ratio when kind == FactKind.Proportion:
                var numerator = ratio.Numerator.Where is { Syntax: { } n } ? translate.Condition(n) : null;
                ImmutableArray<SqlExpression> denominator = ratio.Denominator.Where is { Syntax: { } d } ? [translate.Condition(d)] : [];
                if (_metric.Confirmation.Method == ConfirmationMethod.SystemEvent)
                {
                    var confirmed = SystemEventConfirmed(modelJoins);
                    numerator = numerator is null ? confirmed : new SqlBinary(SqlBinaryOperator.And, numerator, confirmed);
                }

                return new UnitValueColumns([new SqlSelectItem(Flag(numerator ?? new SqlBinary(SqlBinaryOperator.Equal, One, One)), "num")]) { Where = denominator };
            case RatioMetricSpec ratio:
                return new UnitValueColumns([new SqlSelectItem(PartValue(ratio.Numerator, translate), "num_value"), new SqlSelectItem(PartValue(ratio.Denominator, translate), "den_value")]);
            case MeanMetricSpec mean:
                return new UnitValueColumns([new SqlSelectItem(new SqlToDouble(translate.Value(mean.Expression.Syntax!).Sql), "v")]);
            case SimpleMetricSpec simple:
                // Averages are computed in double precision (sums, variances): no integer overflow or truncation.
                var simpleValue = SimpleValue(simple, translate);
                return new UnitValueColumns([new SqlSelectItem(kind == FactKind.Moments ? new SqlToDouble(simpleValue) : simpleValue, "v")]);
            case DistributionMetricSpec distribution:
                var positive = new SqlSelectItem(translate.Flag(distribution.Positive.Syntax!), "pos");
                return new UnitValueColumns(distribution.Negative is { Syntax: { } negative } ? [positive, new SqlSelectItem(translate.Flag(negative), "neg")] : [positive]);
            case AgreementMetricSpec agreement:
                return AgreementValues(agreement, scope);
            default:
                return new UnitValueColumns([]);
        }
    }

    /// <summary>
    /// The per-unit value columns of a metric, with the conditions, CTEs and joins reading them needs
    /// (a proportion's denominator; agreement's first human labels).
    /// </summary>
    private sealed record UnitValueColumns(ImmutableArray<SqlSelectItem> Columns)
    {
        /// <summary>Conditions on the units, and-ed with the query's.</summary>
        public ImmutableArray<SqlExpression> Where { get; init; } = [];

        /// <summary>CTEs the units query reads.</summary>
        public ImmutableArray<SqlCte> Ctes { get; init; } = [];

        /// <summary>Joins of the units query.</summary>
        public ImmutableArray<SqlJoin> Joins { get; init; } = [];
    }

    private SqlExpression SimpleValue(SimpleMetricSpec simple, ExpressionTranslator translate)
    {
        if (simple.Measure is { } measureName)
        {
            var measure = _plan.Model.FindMeasure(measureName)!;
            return measure.Expression?.Syntax is { } syntax ? MeasureValue(syntax) : One;
        }

        return simple.Expression is { Syntax: { } expression } ? translate.Value(expression).Sql : One;
    }

    /// <summary>Measures are expressions over the model's own columns (and many-to-one joins).</summary>
    private SqlExpression MeasureValue(Expression syntax)
    {
        if (_plan.Journey is not null)
        {
            throw QueryMessages.MeasureOverJourneys(_metric.Name, _plan.Model.Name);
        }

        return _measureScope!.Value(syntax).Sql;
    }

    private SqlExpression PartValue(RatioPart part, ExpressionTranslator translate)
    {
        SqlExpression value = part.Measure is { } measureName
            ? (_plan.Model.FindMeasure(measureName)!.Expression?.Syntax is { } syntax ? MeasureValue(syntax) : One)
            : part.Expression is { Syntax: { } e } ? translate.Value(e).Sql : One;
        return part.Where is { Syntax: { } where } ? new SqlCase([(translate.Condition(where), value)], null) : value;
    }

    /// <summary>
    /// The unit's customer, the cluster of the cluster-robust variance: the customer dimension of the
    /// unit (journeys: of their first contact), else of a many-to-one joined model (a survey's
    /// <c>interactions.customer_id</c>); null when the model reaches no customer (then units count as
    /// independent).
    /// </summary>
    private SqlExpression? ClusterKey(INameResolver scope) =>
        ClusterDimension() is { } customer ? ExpressionTranslator.ToValue(Resolve(scope, customer)).Sql : null;

    /// <summary>The dimension naming the unit's customer (its own, or through a many-to-one join), or null when it reaches none.</summary>
    private string? ClusterDimension()
    {
        var customer = _options.CustomerDimension;
        if (_plan.Model.FindDimension(customer) is not null)
        {
            return customer;
        }

        var join = _plan.Model.Joins.FirstOrDefault(j =>
            j.Relationship != Relationship.OneToMany && _catalog.Models.GetValueOrDefault(j.Model)?.FindDimension(customer) is not null);
        return join is null ? null : $"{join.Model}.{customer}";
    }
}
