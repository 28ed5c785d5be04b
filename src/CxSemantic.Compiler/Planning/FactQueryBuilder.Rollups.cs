using System.Collections.Immutable;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Compiler.Sql;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Planning;

/// <summary>
/// Rollups: the units CTE grouped by bucket, dimensions (and customer, where the variance is cluster-robust) into
/// additive statistics; and answers re-aggregated from those rows into the very fact layout raw rows give.
/// </summary>
internal sealed partial class FactQueryBuilder
{
    private const string RollupRowsCte = "rollup_rows";
    private const string RollupCentredCte = "rollup_centred";
    private const string RollupCellsCte = "rollup_cells";
    private const string GroupMean = "group_mean";

    /// <summary>
    /// The rows of a rollup over the plan's periods (its buckets): one per bucket, value of every group dimension,
    /// [evaluator and human label], [customer]; the same unit counts and values an answer aggregates, unmerged.
    /// </summary>
    /// <remarks>
    /// With <paramref name="exactCells"/>, a clustered metric's rows are its cells (customer sums merged into the cluster
    /// statistics an answer's cell carries) rather than a row per cell and customer.
    /// </remarks>
    public static FactQuery BuildRollup(MetricCatalog catalog, CompilerOptions options, MetricPlan plan, bool exactCells) =>
        new FactQueryBuilder(catalog, options, plan, rollupBuild: true) { _exactCells = exactCells }.Build();

    /// <summary>The fact query of <paramref name="plan"/> answered from a rollup table whose dimensions cover it.</summary>
    public static FactQuery FromRollup(MetricCatalog catalog, CompilerOptions options, MetricPlan plan, string table, bool exactCells) =>
        new FactQueryBuilder(catalog, options, plan) { _exactCells = exactCells }.FromRollup(table);

    /// <summary>Whether the plan's interval is cluster-robust (its cells need per-customer sums).</summary>
    public static bool IsClustered(MetricCatalog catalog, CompilerOptions options, MetricPlan plan)
    {
        var builder = new FactQueryBuilder(catalog, options, plan);
        return FactLayout.SupportsClusters(builder.KindOf(plan.Metric)) && builder.ClusterDimension() is not null;
    }

    /// <summary>The plan's units grouped into rollup rows.</summary>
    private SqlSelect RollupRows(FactLayout layout, ImmutableArray<SqlCte> ctes, bool tracksMaturity)
    {
        var groups = ImmutableArray.CreateBuilder<SqlSelectItem>();
        groups.Add(new SqlSelectItem(Col("period"), RollupColumns.BucketStart));
        for (var i = 0; i < _plan.GroupBy.Length; i++)
        {
            groups.Add(new SqlSelectItem(Col($"g{i}"), RollupColumns.Dimension(_plan.GroupBy[i])));
        }

        if (layout.Kind == FactKind.Agreement)
        {
            groups.Add(new SqlSelectItem(Col("al"), "al"));
            groups.Add(new SqlSelectItem(Col("hl"), "hl"));
        }

        if (layout.Clustered && _exactCells)
        {
            // The cells themselves: the answer's aggregate over (cell, customer) rows, its columns named as the rollup's.
            var cellGroups = groups.Select(g => g.Expression).ToImmutableArray();
            var clusterGroups = cellGroups.Add(Col(ClusterColumn));
            var perCustomer = new SqlSelect
            {
                Columns = [.. clusterGroups.Select(g => new SqlSelectItem(g, ((SqlColumn)g).Name)), .. UnitAggregates(layout, tracksMaturity)],
                From = new SqlNamed(Units, Units),
                GroupBy = clusterGroups,
            };
            return ClusterCells(layout, ctes.Add(new SqlCte(Clusters, perCustomer)), cellGroups, groups, tracksMaturity);
        }

        if (layout.Clustered)
        {
            groups.Add(new SqlSelectItem(Col(ClusterColumn), ClusterColumn));
        }

        return new SqlSelect
        {
            With = ctes,
            Columns = [.. groups, .. UnitAggregates(layout, tracksMaturity)],
            From = new SqlNamed(Units, Units),
            GroupBy = [.. groups.Select(g => g.Expression)],
        };
    }

    /// <summary>
    /// The answer's cells from rollup rows: rows of the window's buckets, mapped to the query's periods (every bucket
    /// lies inside one) and filtered on the rollup's dimension columns, summed per cell (and customer); means merge
    /// their squares with Chan's formula, Σ M2ᵢ + Σ nᵢ (meanᵢ − mean)², which never subtracts large sums.
    /// </summary>
    private FactQuery FromRollup(string table)
    {
        var kind = KindOf(_metric);
        SqlExpression Dimension(string name) => new SqlColumn("r", RollupColumns.Dimension(name));
        var bucket = new SqlColumn("r", RollupColumns.BucketStart);
        var columns = ImmutableArray.CreateBuilder<SqlSelectItem>();
        var where = ImmutableArray.CreateBuilder<SqlExpression>();
        columns.Add(new SqlSelectItem(_plan.Periods.IsEmpty ? new SqlConstant(null) : PeriodSearch(bucket, _plan.Periods, 0, _plan.Periods.Length, PeriodName), "period"));
        for (var i = 0; i < _plan.GroupBy.Length; i++)
        {
            columns.Add(new SqlSelectItem(Dimension(_plan.GroupBy[i]), $"g{i}"));
        }

        var flags = _plan.FiltersAsFlags ? _plan.Filters : [];
        for (var i = 0; i < flags.Length; i++)
        {
            columns.Add(new SqlSelectItem(Flag(Filter(Dimension(flags[i].Dimension), flags[i])), $"g{_plan.GroupBy.Length + i}"));
        }

        if (_plan.Start is { } start && _plan.End is { } end)
        {
            where.Add(new SqlBinary(SqlBinaryOperator.GreaterOrEqual, bucket, new SqlInstant(start)));
            where.Add(new SqlBinary(SqlBinaryOperator.Less, bucket, new SqlInstant(end)));
        }

        foreach (var filter in _plan.FiltersAsFlags ? [] : _plan.Filters)
        {
            where.Add(Filter(Dimension(filter.Dimension), filter));
        }

        foreach (var (dimension, values) in _plan.RowFilters)
        {
            where.Add(new SqlIn(Dimension(dimension), [.. values.Select(v => (SqlExpression)new SqlParameter(v))], Negated: false));
        }

        var versionGroup = _plan.GroupBy.IndexOf(_options.EvaluatorVersionDimension);
        var storesVersions = _plan.Journey is null && _plan.Model.FindDimension(_options.EvaluatorVersionDimension) is not null;
        var layout = new FactLayout(
            _plan.GroupBy.Length + flags.Length,
            _metric.Exclusions.Length,
            kind,
            storesVersions && versionGroup < 0,
            _plan.Journey is null ? versionGroup : -1,
            FactLayout.SupportsClusters(kind) && ClusterDimension() is not null);
        var cellGroups = Enumerable.Range(0, layout.GroupCount).Select(i => Col($"g{i}")).Prepend(Col("period")).ToImmutableArray();
        if (layout.Clustered && _exactCells)
        {
            // Each stored row is one of the answer's cells (the matcher checked): its statistics are read as they are.
            if (kind == FactKind.Agreement)
            {
                columns.Add(new SqlSelectItem(new SqlColumn("r", "al"), "al"));
                columns.Add(new SqlSelectItem(new SqlColumn("r", "hl"), "hl"));
            }

            var statisticsOnly = ClusterCells(layout, [], cellGroups, ImmutableArray.CreateBuilder<SqlSelectItem>(), tracksMaturity: true);
            columns.AddRange(statisticsOnly.Columns.Select(c => new SqlSelectItem(new SqlColumn("r", c.Alias), c.Alias)));
            return new FactQuery(_metric.Name, new SqlSelect { Columns = columns.ToImmutable(), From = new SqlTable(table, "r"), Where = where.ToImmutable() }, layout);
        }

        var groups = cellGroups;
        if (kind == FactKind.Agreement)
        {
            groups = groups.Add(Col("al")).Add(Col("hl"));
            columns.Add(new SqlSelectItem(new SqlColumn("r", "al"), "al"));
            columns.Add(new SqlSelectItem(new SqlColumn("r", "hl"), "hl"));
        }

        if (layout.Clustered)
        {
            groups = groups.Add(Col(ClusterColumn));
            columns.Add(new SqlSelectItem(new SqlColumn("r", ClusterColumn), ClusterColumn));
        }

        var statistics = RollupStatistics(layout, storesVersions);
        columns.AddRange(statistics.Select(s => new SqlSelectItem(new SqlColumn("r", s.Column), s.Column)));
        var ctes = ImmutableArray.CreateBuilder<SqlCte>();
        ctes.Add(new SqlCte(RollupRowsCte, new SqlSelect { Columns = columns.ToImmutable(), From = new SqlTable(table, "r"), Where = where.ToImmutable() }));
        var source = RollupRowsCte;
        if (kind == FactKind.Moments)
        {
            // Each row's mean is compared with its group's (cell, or cell and customer): the group mean first.
            SqlExpression PartitionSum(string column) => new SqlWindow(SqlWindowName.PartitionSum, Col(column), groups, []);
            ctes.Add(new SqlCte(RollupCentredCte, new SqlSelect
            {
                Columns =
                [
                    new SqlSelectItem(new SqlStar("u"), "*"),
                    new SqlSelectItem(new SqlCase([(new SqlBinary(SqlBinaryOperator.Greater, PartitionSum("cnt"), Zero), new SqlBinary(SqlBinaryOperator.Divide, PartitionSum("total"), PartitionSum("cnt")))], null), GroupMean),
                ],
                From = new SqlNamed(RollupRowsCte, "u"),
            }));
            source = RollupCentredCte;
        }

        var merged = new SqlSelect
        {
            Columns = [.. groups.Select(g => new SqlSelectItem(g, ((SqlColumn)g).Name)), .. statistics.Select(s => new SqlSelectItem(s.Merge, s.Column))],
            From = new SqlNamed(source, source),
            GroupBy = groups,
        };
        if (layout.Clustered)
        {
            ctes.Add(new SqlCte(Clusters, merged));
            var leading = ImmutableArray.CreateBuilder<SqlSelectItem>();
            leading.AddRange(cellGroups.Select(g => new SqlSelectItem(g, ((SqlColumn)g).Name)));
            return new FactQuery(_metric.Name, ClusterCells(layout, ctes.ToImmutable(), cellGroups, leading, tracksMaturity: true), layout);
        }

        ctes.Add(new SqlCte(RollupCellsCte, merged));
        var output = ImmutableArray.CreateBuilder<SqlSelectItem>();
        output.AddRange(groups.Select(g => new SqlSelectItem(g, ((SqlColumn)g).Name)));
        output.AddRange(statistics.Where(s => layout.HasVersions || !s.IsVersion).Select(s => new SqlSelectItem(Col(s.Column), s.Column)));
        if (layout.HasVersions)
        {
            output.Add(VersionCount(Col("version_min"), Col("version_max")));
        }

        return new FactQuery(_metric.Name, new SqlSelect { With = ctes.ToImmutable(), Columns = output.ToImmutable(), From = new SqlNamed(RollupCellsCte, RollupCellsCte) }, layout);
    }

    /// <summary>The statistics columns of a rollup row, in fact-layout order, with how rows merge into a cell.</summary>
    private ImmutableArray<(string Column, SqlExpression Merge, bool IsVersion)> RollupStatistics(FactLayout layout, bool storesVersions)
    {
        var statistics = ImmutableArray.CreateBuilder<(string Column, SqlExpression Merge, bool IsVersion)>();
        void Add(string column, SqlAggregateName merge) => statistics.Add((column, new SqlAggregate(merge, Col(column)), false));
        Add("included", SqlAggregateName.Sum);
        for (var i = 1; i <= layout.ExclusionCount; i++)
        {
            Add($"excluded_{i}", SqlAggregateName.Sum);
        }

        Add("immature", SqlAggregateName.Sum);
        Add("n", SqlAggregateName.Sum);
        switch (layout.Kind)
        {
            case FactKind.Proportion:
                Add("num", SqlAggregateName.Sum);
                break;
            case FactKind.Distribution:
                Add("pos", SqlAggregateName.Sum);
                Add("neg", SqlAggregateName.Sum);
                break;
            case FactKind.MeasureRatio:
                var ratio = (RatioMetricSpec)_metric.Spec;
                Add("num_value", MergeOf(EffectiveAggregation(ratio.Numerator)));
                Add("den_value", MergeOf(EffectiveAggregation(ratio.Denominator)));
                break;
            case FactKind.Aggregate:
                Add("value", MergeOf(EffectiveAggregation((SimpleMetricSpec)_metric.Spec).Aggregation));
                break;
            case FactKind.Moments:
                Add("cnt", SqlAggregateName.Sum);
                Add("total", SqlAggregateName.Sum);
                // Chan et al.: M2 = Σ M2ᵢ + Σ nᵢ (meanᵢ − mean)², over the rows with values.
                var deviation = new SqlBinary(SqlBinaryOperator.Subtract, new SqlBinary(SqlBinaryOperator.Divide, Col("total"), Col("cnt")), Col(GroupMean));
                var spread = new SqlCase(
                    [(new SqlBinary(SqlBinaryOperator.Greater, Col("cnt"), Zero), new SqlBinary(SqlBinaryOperator.Multiply, Col("cnt"), new SqlBinary(SqlBinaryOperator.Multiply, deviation, deviation)))],
                    new SqlToDouble(Zero));
                statistics.Add(("ss", new SqlBinary(SqlBinaryOperator.Add, new SqlAggregate(SqlAggregateName.Sum, Col("ss")), new SqlAggregate(SqlAggregateName.Sum, spread)), false));
                break;
        }

        if (storesVersions)
        {
            statistics.Add(("version_min", new SqlAggregate(SqlAggregateName.Min, Col("version_min")), true));
            statistics.Add(("version_max", new SqlAggregate(SqlAggregateName.Max, Col("version_max")), true));
        }

        return statistics.ToImmutable();
    }

    /// <summary>How bucket values of an aggregate merge: counts and sums add, minima and maxima take theirs.</summary>
    private static SqlAggregateName MergeOf(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Count or Aggregation.Sum => SqlAggregateName.Sum,
        Aggregation.Min => SqlAggregateName.Min,
        Aggregation.Max => SqlAggregateName.Max,
        _ => throw new InvalidOperationException($"A {aggregation} does not merge across buckets; the rollup validator refuses such metrics."),
    };
}
