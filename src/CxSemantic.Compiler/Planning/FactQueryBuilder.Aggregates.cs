using System.Collections.Immutable;
using CxSemantic.Compiler.Sql;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Planning;

/// <summary>The aggregate per cell: unit counts, the kind's values, and the cluster sums of the cluster-robust variance.</summary>
internal sealed partial class FactQueryBuilder
{
    private SqlSelect Aggregate(FactLayout layout, ImmutableArray<SqlCte> ctes, SqlExpression? constantPeriod, bool tracksMaturity)
    {
        var groups = ImmutableArray.CreateBuilder<SqlExpression>();
        if (constantPeriod is null)
        {
            groups.Add(Col("period"));
        }

        for (var i = 0; i < layout.GroupCount; i++)
        {
            groups.Add(Col($"g{i}"));
        }

        if (layout.Kind == FactKind.Agreement)
        {
            groups.Add(Col("al"));
            groups.Add(Col("hl"));
        }

        var cellGroups = groups.ToImmutable();
        var columns = ImmutableArray.CreateBuilder<SqlSelectItem>();
        if (constantPeriod is not null)
        {
            columns.Add(new SqlSelectItem(constantPeriod, "period"));
        }

        columns.AddRange(cellGroups.Select(g => new SqlSelectItem(g, ((SqlColumn)g).Name)));
        if (!layout.Clustered)
        {
            columns.AddRange(UnitAggregates(layout, tracksMaturity));
            if (layout.HasVersions)
            {
                var counted = Counted(layout, tracksMaturity);
                columns.Add(VersionCount(new SqlAggregate(SqlAggregateName.Min, Col("version"), Filter: counted), new SqlAggregate(SqlAggregateName.Max, Col("version"), Filter: counted)));
            }

            return new SqlSelect { With = ctes, Columns = columns.ToImmutable(), From = new SqlNamed(Units, Units), GroupBy = cellGroups };
        }

        // Clustered: the same counts per (cell, customer) first, then per cell their sums and the
        // customers' squares and products the cluster-robust (linearization) variance needs. Funnel,
        // immature and n stay unit counts: sums of the customers' counts.
        var clusterGroups = cellGroups.Add(Col(ClusterColumn));
        var perCustomer = new SqlSelect
        {
            Columns = [.. clusterGroups.Select(g => new SqlSelectItem(g, ((SqlColumn)g).Name)), .. UnitAggregates(layout, tracksMaturity)],
            From = new SqlNamed(Units, Units),
            GroupBy = clusterGroups,
        };
        return ClusterCells(layout, ctes.Add(new SqlCte(Clusters, perCustomer)), cellGroups, columns, tracksMaturity);
    }

    /// <summary>
    /// The cells from the <c>clusters</c> CTE (the counts per cell and customer): unit counts are the customers'
    /// sums; the cluster-robust variance adds G and the customers' squares and products.
    /// </summary>
    private SqlSelect ClusterCells(FactLayout layout, ImmutableArray<SqlCte> ctes, ImmutableArray<SqlExpression> cellGroups, ImmutableArray<SqlSelectItem>.Builder columns, bool tracksMaturity)
    {
        var source = Clusters;
        SqlExpression Sum(SqlExpression value) => new SqlAggregate(SqlAggregateName.Sum, value);
        SqlExpression Times(SqlExpression a, SqlExpression b) => new SqlBinary(SqlBinaryOperator.Multiply, a, b);
        SqlExpression CountClusters(string units) => new SqlAggregate(SqlAggregateName.Count, null, Filter: new SqlBinary(SqlBinaryOperator.Greater, Col(units), Zero));
        columns.Add(new SqlSelectItem(Sum(Col("included")), "included"));
        for (var i = 1; i <= layout.ExclusionCount; i++)
        {
            columns.Add(new SqlSelectItem(Sum(Col($"excluded_{i}")), $"excluded_{i}"));
        }

        columns.Add(new SqlSelectItem(tracksMaturity ? Sum(Col("immature")) : Zero, "immature"));
        columns.Add(new SqlSelectItem(Sum(Col("n")), "n"));
        switch (layout.Kind)
        {
            case FactKind.Proportion:
                columns.Add(new SqlSelectItem(Sum(Col("num")), "num"));
                AddCountSums(Col("num"));
                break;
            case FactKind.Distribution:
                var hasNegative = ((DistributionMetricSpec)_metric.Spec).Negative?.Syntax is not null;
                columns.Add(new SqlSelectItem(Sum(Col("pos")), "pos"));
                columns.Add(new SqlSelectItem(hasNegative ? Sum(Col("neg")) : Zero, "neg"));
                AddCountSums(hasNegative ? new SqlBinary(SqlBinaryOperator.Subtract, Col("pos"), Col("neg")) : Col("pos"));
                break;
            case FactKind.Moments:
                // Residuals are centred on the cell mean (a window over the customers of the cell), so
                // the squares never subtract two large, nearly equal sums: shifting every value by a
                // constant leaves them unchanged, unlike Σx² − (Σx)²/n.
                SqlExpression PartitionSum(string column) => new SqlWindow(SqlWindowName.PartitionSum, Col(column), cellGroups, []);
                ctes = ctes.Add(new SqlCte(Centred, new SqlSelect
                {
                    Columns =
                    [
                        new SqlSelectItem(new SqlStar("c"), "*"),
                        new SqlSelectItem(new SqlBinary(SqlBinaryOperator.Divide, PartitionSum("total"), PartitionSum("cnt")), "cell_mean"),
                    ],
                    From = new SqlNamed(Clusters, "c"),
                }));
                source = Centred;
                var residual = new SqlBinary(SqlBinaryOperator.Subtract, Col("total"), Times(Col("cell_mean"), Col("cnt")));
                var squared = Times(residual, residual);
                columns.Add(new SqlSelectItem(Sum(Col("cnt")), "cnt"));
                columns.Add(new SqlSelectItem(Sum(Col("total")), "total"));
                // Σ(x − mean)² = Σ within-customer squares + Σ customers' residual² / their units.
                columns.Add(new SqlSelectItem(new SqlBinary(SqlBinaryOperator.Add, Sum(Col("ss")), Sum(new SqlBinary(SqlBinaryOperator.Divide, squared, Col("cnt")))), "ss"));
                columns.Add(new SqlSelectItem(CountClusters("cnt"), "clusters"));
                columns.Add(new SqlSelectItem(Sum(squared), "cluster_ss"));
                break;
        }

        if (layout.HasVersions)
        {
            var min = new SqlAggregate(SqlAggregateName.Min, Col("version_min"));
            var max = new SqlAggregate(SqlAggregateName.Max, Col("version_max"));
            columns.Add(new SqlSelectItem(min, "version_min"));
            columns.Add(new SqlSelectItem(max, "version_max"));
            columns.Add(VersionCount(min, max));
        }

        return new SqlSelect { With = ctes, Columns = columns.ToImmutable(), From = new SqlNamed(source, source), GroupBy = cellGroups };

        // G, Σnᵍ², Σyᵍ², Σnᵍyᵍ over the customers of the cell: exact integer sums.
        void AddCountSums(SqlExpression total)
        {
            columns.Add(new SqlSelectItem(CountClusters("n"), "clusters"));
            columns.Add(new SqlSelectItem(Sum(Times(Col("n"), Col("n"))), "units_sq"));
            columns.Add(new SqlSelectItem(Sum(Times(total, total)), "totals_sq"));
            columns.Add(new SqlSelectItem(Sum(Times(Col("n"), total)), "units_totals"));
        }
    }

    /// <summary>
    /// The counts and values aggregated from units (per cell, or per cell and customer): included, the
    /// funnel, immature, n, the kind's values and the evaluator versions' min and max.
    /// </summary>
    private IEnumerable<SqlSelectItem> UnitAggregates(FactLayout layout, bool tracksMaturity)
    {
        var notExcluded = layout.ExclusionCount == 0 ? null : Is("stage", 0);
        var counted = Counted(layout, tracksMaturity);
        SqlExpression CountWhere(SqlExpression? condition) => new SqlAggregate(SqlAggregateName.Count, null, Filter: condition);
        SqlExpression OverCounted(SqlAggregateName name, SqlExpression value, double? fraction = null) => new SqlAggregate(name, value, fraction, counted);

        yield return new SqlSelectItem(CountWhere(null), "included");
        for (var i = 1; i <= layout.ExclusionCount; i++)
        {
            yield return new SqlSelectItem(CountWhere(Is("stage", i)), $"excluded_{i}");
        }

        yield return new SqlSelectItem(tracksMaturity ? CountWhere(And(notExcluded, Is("mature", 0))) : Zero, "immature");
        yield return new SqlSelectItem(CountWhere(counted), "n");
        switch (layout.Kind)
        {
            case FactKind.Proportion:
                yield return new SqlSelectItem(CountWhere(And(counted, Is("num", 1))), "num");
                break;
            case FactKind.MeasureRatio:
                var ratio = (RatioMetricSpec)_metric.Spec;
                yield return new SqlSelectItem(OverCounted(AggregateOf(EffectiveAggregation(ratio.Numerator)), Col("num_value")), "num_value");
                yield return new SqlSelectItem(OverCounted(AggregateOf(EffectiveAggregation(ratio.Denominator)), Col("den_value")), "den_value");
                break;
            case FactKind.Aggregate:
                var (aggregation, percentile) = EffectiveAggregation((SimpleMetricSpec)_metric.Spec);
                yield return new SqlSelectItem(OverCounted(AggregateOf(aggregation), Col("v"), percentile), "value");
                break;
            case FactKind.Moments:
                var count = OverCounted(SqlAggregateName.Count, Col("v"));
                yield return new SqlSelectItem(count, "cnt");
                yield return new SqlSelectItem(OverCounted(SqlAggregateName.Sum, Col("v")), "total");
                // Σ(x − mean)² from the engine's stable sample variance (two-pass / Welford), not Σx² − (Σx)²/n.
                // The counted rows are chosen by CASE rather than FILTER here: the same rows (NULLs are
                // skipped), and SQL tooling that parses the statements knows FILTER on the common aggregates only.
                var variance = new SqlAggregate(SqlAggregateName.VarianceSample, counted is null ? Col("v") : new SqlCase([(counted, Col("v"))], null));
                yield return new SqlSelectItem(
                    new SqlFunction(SqlFunctionName.Coalesce, [new SqlBinary(SqlBinaryOperator.Multiply, variance, new SqlBinary(SqlBinaryOperator.Subtract, count, One)), Zero]),
                    "ss");
                break;
            case FactKind.Distribution:
                yield return new SqlSelectItem(CountWhere(And(counted, Is("pos", 1))), "pos");
                yield return new SqlSelectItem(((DistributionMetricSpec)_metric.Spec).Negative?.Syntax is null ? Zero : CountWhere(And(counted, Is("neg", 1))), "neg");
                break;
        }

        if (layout.HasVersions)
        {
            yield return new SqlSelectItem(OverCounted(SqlAggregateName.Min, Col("version")), "version_min");
            yield return new SqlSelectItem(OverCounted(SqlAggregateName.Max, Col("version")), "version_max");
        }
    }

    /// <summary>Whether the cell's rows had one evaluator version or more, from their minimum and maximum.</summary>
    private static SqlSelectItem VersionCount(SqlExpression min, SqlExpression max) =>
        // Two versions in one cell is what matters (then min and max are listed), not how many: no COUNT(DISTINCT).
        new(new SqlCase([(new SqlBinary(SqlBinaryOperator.Equal, min, max), One)], new SqlConstant(2)), "version_count");

    /// <summary>
    /// A unit counts when no exclusion removed it and it is mature; only what varies is tested (null:
    /// every included unit counts).
    /// </summary>
    private static SqlExpression? Counted(FactLayout layout, bool tracksMaturity) =>
        And(layout.ExclusionCount == 0 ? null : Is("stage", 0), tracksMaturity ? Is("mature", 1) : null);

    private static SqlAggregateName AggregateOf(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Count => SqlAggregateName.Count,
        Aggregation.CountDistinct => SqlAggregateName.CountDistinct,
        Aggregation.Sum => SqlAggregateName.Sum,
        Aggregation.Average => SqlAggregateName.Average,
        Aggregation.Min => SqlAggregateName.Min,
        Aggregation.Max => SqlAggregateName.Max,
        _ => SqlAggregateName.PercentileContinuous,
    };
}
