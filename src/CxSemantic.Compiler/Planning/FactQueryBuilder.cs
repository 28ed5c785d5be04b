using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using CxSemantic.Compiler.Time;
using CxSemantic.Compiler.Translation;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler.Planning;

/// <summary>
/// Turns a metric plan into its fact query: a <c>units</c> CTE with one row per unit (its period,
/// cell dimensions, funnel stage, maturity and the values the metric aggregates) and an aggregate
/// per cell. Journeys are stitched in CTEs before that. Measures are aggregated at the unit's own
/// grain; joins are only ever many-to-one, so nothing fans out. Columns that would be the same
/// constant for every unit (one period, no exclusions, nothing to mature) are left out, and the
/// aggregates only test what varies.
/// </summary>
internal sealed partial class FactQueryBuilder
{
    private const string Units = "units";
    private const string Clusters = "clusters";
    private const string Centred = "centred";
    private const string ClusterColumn = "cluster";

    /// <summary>Branches per CASE level when searching a unit's period (a few comparisons per level).</summary>
    private const int PeriodFanOut = 16;
    private static readonly SqlExpression One = new SqlConstant(1);
    private static readonly SqlExpression Zero = new SqlConstant(0);

    private readonly MetricCatalog _catalog;
    private readonly CompilerOptions _options;
    private readonly MetricPlan _plan;
    private readonly Metric _metric;

    /// <summary>Building a rollup's rows (buckets named by their start, statistics left unmerged) rather than an answer's cells.</summary>
    private readonly bool _rollupBuild;

    /// <summary>The rollup keeps clustered metrics' cells, not their customers (<see cref="Rollup.ExactCells"/>).</summary>
    private bool _exactCells;

    private ExpressionTranslator? _measureScope;

    private FactQueryBuilder(MetricCatalog catalog, CompilerOptions options, MetricPlan plan, bool rollupBuild = false)
    {
        _catalog = catalog;
        _options = options;
        _plan = plan;
        _metric = plan.Metric;
        _rollupBuild = rollupBuild;
    }

    public static FactQuery Build(MetricCatalog catalog, CompilerOptions options, MetricPlan plan)
    {
        if (plan.Metric.Spec is DerivedMetricSpec)
        {
            throw new InvalidOperationException("Derived metrics have no fact query of their own; their components do.");
        }

        return new FactQueryBuilder(catalog, options, plan).Build();
    }

    private FactQuery Build()
    {
        var ctes = ImmutableArray.CreateBuilder<SqlCte>();
        INameResolver scope;
        SqlSource from;
        SqlExpression unitTime;
        JoinSet? modelJoins = null;
        JourneyScope? journeyScope = null;
        if (_plan.Journey is { } journey)
        {
            // Stitching reads the contacts a journey starting in the window can see: from a window before it to a horizon after.
            journeyScope = new JourneyScope(_catalog, _plan.Model, journey, new UnitStarts(_plan.Start - journey.Window.Duration, _plan.End + journey.Horizon.Duration));
            scope = journeyScope;
            from = new SqlNamed("journeys", "u");
            unitTime = new SqlColumn("u", JourneyScope.StartColumn);
        }
        else
        {
            modelJoins = new JoinSet(_catalog, _plan.Model, "t0");
            scope = new ModelScope(modelJoins, _plan.Model, "t0", new UnitStarts(_plan.Start, _plan.End));
            // Measures read the model's physical columns; set up before the unit values that use them.
            _measureScope = new ExpressionTranslator(new PhysicalScope(modelJoins, _plan.Model, "t0"));
            from = modelJoins.From;
            unitTime = new SqlColumn("t0", _plan.Model.TimeColumn ?? string.Empty);
        }

        if (!_plan.Periods.IsEmpty && _plan.Model.TimeColumn is null)
        {
            throw QueryMessages.NoTimeColumn(_metric.Name, _plan.Model.Name);
        }

        var translate = new ExpressionTranslator(scope);
        var columns = ImmutableArray.CreateBuilder<SqlSelectItem>();
        var where = ImmutableArray.CreateBuilder<SqlExpression>();

        // Cells: period and dimensions. A period that is the same for every unit is selected once per
        // cell instead when other columns make the cells (hashing a constant per unit costs time);
        // grouping by it alone keeps an empty window answering no cell rather than one empty cell.
        var period = PeriodLabel(unitTime);
        var constantPeriod = !_rollupBuild && period is SqlConstant && (!_plan.GroupBy.IsEmpty || KindOf(_metric) == FactKind.Agreement) ? period : null;
        if (constantPeriod is null)
        {
            columns.Add(new SqlSelectItem(period ?? new SqlColumn("p", "period"), "period"));
        }

        for (var i = 0; i < _plan.GroupBy.Length; i++)
        {
            columns.Add(new SqlSelectItem(ExpressionTranslator.ToValue(Resolve(scope, _plan.GroupBy[i])).Sql, $"g{i}"));
        }

        var flags = _plan.FiltersAsFlags ? _plan.Filters : [];
        for (var i = 0; i < flags.Length; i++)
        {
            columns.Add(new SqlSelectItem(Flag(Filter(ExpressionTranslator.ToValue(Resolve(scope, flags[i].Dimension)).Sql, flags[i])), $"g{_plan.GroupBy.Length + i}"));
        }

        // Units that count at all: the window, inclusion rules, the query's filters, the caller's row filters.
        if (_plan.Start is { } start && _plan.End is { } end)
        {
            where.Add(new SqlBinary(SqlBinaryOperator.GreaterOrEqual, unitTime, new SqlInstant(start)));
            where.Add(new SqlBinary(SqlBinaryOperator.Less, unitTime, new SqlInstant(end)));
        }

        foreach (var rule in _metric.Inclusion)
        {
            where.Add(translate.Condition(rule.Where.Syntax!));
        }

        foreach (var filter in _plan.FiltersAsFlags ? [] : _plan.Filters)
        {
            where.Add(Filter(ExpressionTranslator.ToValue(Resolve(scope, filter.Dimension)).Sql, filter));
        }

        foreach (var (dimension, values) in _plan.RowFilters)
        {
            where.Add(new SqlIn(ExpressionTranslator.ToValue(Resolve(scope, dimension)).Sql, [.. values.Select(v => (SqlExpression)new SqlParameter(v))], Negated: false));
        }

        // The funnel: the first exclusion that removes a unit.
        if (!_metric.Exclusions.IsEmpty)
        {
            columns.Add(new SqlSelectItem(new SqlCase([.. _metric.Exclusions.Select((x, i) => (translate.Condition(x.Where.Syntax!), (SqlExpression)new SqlConstant(i + 1)))], Zero), "stage"));
        }

        var kind = KindOf(_metric);
        var unitValues = UnitValues(kind, translate, scope, modelJoins);
        columns.AddRange(unitValues.Columns);
        where.AddRange(unitValues.Where);
        var cluster = FactLayout.SupportsClusters(kind) ? ClusterKey(scope) : null;
        if (cluster is not null)
        {
            columns.Add(new SqlSelectItem(cluster, ClusterColumn));
        }

        // Grouping by the version already keeps versions apart and names them: no version columns then.
        var versionGroup = _plan.GroupBy.IndexOf(_options.EvaluatorVersionDimension);
        // A rollup keeps the versions of every bucket row, whatever it is split by: queries that do not group by the version need them.
        var hasVersions = _plan.Journey is null && (versionGroup < 0 || _rollupBuild) && _plan.Model.FindDimension(_options.EvaluatorVersionDimension) is not null;
        if (hasVersions)
        {
            columns.Add(new SqlSelectItem(ExpressionTranslator.ToValue(Resolve(scope, _options.EvaluatorVersionDimension)).Sql, "version"));
        }

        // Maturity last: a journey's look-ahead depends on every attribute the query reads.
        var maturity = Maturity(modelJoins, journeyScope);
        var tracksMaturity = maturity is not null;
        if (maturity is not null)
        {
            columns.Add(new SqlSelectItem(maturity, "mature"));
        }

        // Journeys are read from their materialized table when it is current and holds every column the unit
        // expressions asked for; else stitched from those columns, over the contacts the window's journeys can see.
        string? journeyTable = null;
        if (journeyScope is not null)
        {
            if (MaterializedJourneys(journeyScope) is { } table)
            {
                from = new SqlTable(table, "u");
                journeyTable = table;
            }
            else
            {
                ctes.AddRange(journeyScope.BuildCtes());
            }
        }

        ctes.AddRange(unitValues.Ctes);

        // Model units read joined tables; journey units read the stitched CTE, joins already applied.
        var unitJoins = modelJoins?.Joins ?? [];
        if (period is null)
        {
            var periods = new SqlValues(
                ["period", "period_start", "period_end"],
                [.. _plan.Periods.Select(p => ImmutableArray.Create<SqlExpression>(new SqlConstant(p.Label), new SqlInstant(p.Start), new SqlInstant(p.End)))],
                "p");
            unitJoins = unitJoins.Add(new SqlJoin(
                SqlJoinKind.Inner,
                periods,
                new SqlBinary(
                    SqlBinaryOperator.And,
                    new SqlBinary(SqlBinaryOperator.LessOrEqual, new SqlColumn("p", "period_start"), unitTime),
                    new SqlBinary(SqlBinaryOperator.Less, unitTime, new SqlColumn("p", "period_end")))));
        }

        unitJoins = unitJoins.AddRange(unitValues.Joins);
        if (_plan.Pairing is not null)
        {
            columns.Add(new SqlSelectItem(new SqlColumn("t0", _options.InteractionKey), PairKey));
        }

        ctes.Add(new SqlCte(Units, new SqlSelect { Columns = columns.ToImmutable(), From = from, Joins = unitJoins, Where = where.ToImmutable() }));

        if (_plan.Pairing is { } pairing)
        {
            return Paired(pairing, kind, ctes.ToImmutable(), constantPeriod, tracksMaturity) with { JourneyTable = journeyTable };
        }

        var layout = new FactLayout(_plan.GroupBy.Length + flags.Length, _metric.Exclusions.Length, kind, hasVersions, _plan.Journey is null ? versionGroup : -1, cluster is not null);
        if (_rollupBuild)
        {
            return new FactQuery(_metric.Name, RollupRows(layout, ctes.ToImmutable(), tracksMaturity), layout) { JourneyTable = journeyTable };
        }

        return new FactQuery(_metric.Name, Aggregate(layout, ctes.ToImmutable(), constantPeriod, tracksMaturity), layout) { JourneyTable = journeyTable };
    }

    private string? MaterializedJourneys(JourneyScope scope) =>
        _options.MaterializedJourneys.TryGetValue(_plan.Journey!.Name, out var table)
        && !scope.ResolvedNames.Except(JourneyScope.MaterializedNames(_plan.Model, _plan.Journey)).Any()
            ? table
            : null;

    /// <summary>
    /// The unit's period label: a constant for one period (or NULL without a window), else a search
    /// over the period ends, or null when the periods leave gaps (then a range join to the periods
    /// names it and drops the units in the gaps). The search is exact because the WHERE already keeps
    /// the unit time inside the window and the periods tile it: the first end after the unit time
    /// closes its period. It replaces a range join to a constant table, which DuckDB and PostgreSQL
    /// run as a nested loop (every unit against every period, several times slower).
    /// </summary>
    private SqlExpression? PeriodLabel(SqlExpression unitTime)
    {
        var periods = _plan.Periods;
        for (var i = 1; i < periods.Length; i++)
        {
            if (periods[i].Start != periods[i - 1].End)
            {
                return null;
            }
        }

        return periods.IsEmpty ? new SqlConstant(null) : PeriodSearch(unitTime, periods, 0, periods.Length, _rollupBuild ? BucketStart : PeriodName);
    }

    /// <summary>A period named by its label (answers).</summary>
    private static SqlExpression PeriodName(ReportingPeriod period) => new SqlConstant(period.Label);

    /// <summary>A rollup bucket named by its first instant (a rollup row then maps to any period that contains it).</summary>
    private static SqlExpression BucketStart(ReportingPeriod period) => new SqlInstant(period.Start);

    /// <summary>
    /// The label of the period among <c>periods[first..first+count)</c> holding the unit time: at most
    /// <see cref="PeriodFanOut"/> branches per level over runs of periods, nested, so thousands of hours
    /// take a few dozen comparisons per unit, and CASE nests only a few levels deep (SQL Server allows 10).
    /// </summary>
    private static SqlExpression PeriodSearch(SqlExpression unitTime, ImmutableArray<ReportingPeriod> periods, int first, int count, Func<ReportingPeriod, SqlExpression> name)
    {
        if (count == 1)
        {
            return name(periods[first]);
        }

        var run = 1;
        while (run * PeriodFanOut < count)
        {
            run *= PeriodFanOut;
        }

        var branches = ImmutableArray.CreateBuilder<(SqlExpression When, SqlExpression Then)>();
        var start = first;
        while (start + run < first + count)
        {
            branches.Add((new SqlBinary(SqlBinaryOperator.Less, unitTime, new SqlInstant(periods[start + run - 1].End)), PeriodSearch(unitTime, periods, start, run, name)));
            start += run;
        }

        return new SqlCase(branches.ToImmutable(), PeriodSearch(unitTime, periods, start, first + count - start, name));
    }

    private static SqlExpression Col(string name) => new SqlColumn(null, name);

    private static SqlExpression Is(string column, int value) => new SqlBinary(SqlBinaryOperator.Equal, Col(column), new SqlConstant(value));

    private static SqlExpression? And(SqlExpression? a, SqlExpression? b) => a is null ? b : b is null ? a : new SqlBinary(SqlBinaryOperator.And, a, b);

    private static SqlExpression Flag(SqlExpression condition) => new SqlCase([(condition, One)], Zero);

    private static SqlValue Resolve(INameResolver scope, string name) =>
        scope.Resolve(new ColumnReference(default, [.. name.Split('.')]));

    private static SqlExpression Filter(SqlExpression value, DimensionFilter filter)
    {
        SqlExpression Parameter(int i) => new SqlParameter(ParameterValue(filter.Values[i]));
        SqlExpression Compare(SqlBinaryOperator op)
        {
            if (filter.Values.Length != 1)
            {
                throw QueryMessages.FilterNeedsOneValue(filter.Dimension, filter.Operator, filter.Values.Length);
            }

            return new SqlBinary(op, value, Parameter(0));
        }

        return filter.Operator switch
        {
            FilterOperator.Equal => Compare(SqlBinaryOperator.Equal),
            FilterOperator.NotEqual => Compare(SqlBinaryOperator.NotEqual),
            FilterOperator.GreaterThan => Compare(SqlBinaryOperator.Greater),
            FilterOperator.GreaterThanOrEqual => Compare(SqlBinaryOperator.GreaterOrEqual),
            FilterOperator.LessThan => Compare(SqlBinaryOperator.Less),
            FilterOperator.LessThanOrEqual => Compare(SqlBinaryOperator.LessOrEqual),
            FilterOperator.IsNull => new SqlIsNull(value, Negated: false),
            FilterOperator.IsNotNull => new SqlIsNull(value, Negated: true),
            FilterOperator.In or FilterOperator.NotIn when filter.Values.IsDefaultOrEmpty =>
                throw QueryMessages.EmptyInFilter(filter.Dimension, filter.Operator),
            _ => new SqlIn(value, [.. filter.Values.Select((_, i) => Parameter(i))], filter.Operator == FilterOperator.NotIn),
        };
    }

    private static object? ParameterValue(object value) => value switch
    {
        Instant instant => instant.ToDateTimeUtc(),
        LocalDate date => new DateOnly(date.Year, date.Month, date.Day),
        _ => value,
    };
}
