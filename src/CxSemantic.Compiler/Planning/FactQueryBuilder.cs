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

    private FactQueryBuilder(MetricCatalog catalog, CompilerOptions options, MetricPlan plan)
    {
        _catalog = catalog;
        _options = options;
        _plan = plan;
        _metric = plan.Metric;
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
            journeyScope = new JourneyScope(_catalog, _plan.Model, journey);
            scope = journeyScope;
            from = new SqlNamed("journeys", "u");
            unitTime = new SqlColumn("u", JourneyScope.StartColumn);
        }
        else
        {
            modelJoins = new JoinSet(_catalog, _plan.Model, "t0");
            scope = new ModelScope(modelJoins, _plan.Model, "t0");
            // Measures read the model's physical columns; set up before the unit values that use them.
            _measureScope = new ExpressionTranslator(new PhysicalScope(modelJoins, _plan.Model, "t0"));
            from = modelJoins.From;
            unitTime = new SqlColumn("t0", _plan.Model.TimeColumn ?? string.Empty);
        }

        if (!_plan.Periods.IsEmpty && _plan.Model.TimeColumn is null)
        {
            throw new QueryException(QueryErrorCodes.InvalidTimeRange, $"Metric '{_metric.Name}' counts {_plan.Model.Name} rows, which have no time column; query it without a time window.");
        }

        var translate = new ExpressionTranslator(scope);
        var columns = ImmutableArray.CreateBuilder<SqlSelectItem>();
        var where = ImmutableArray.CreateBuilder<SqlExpression>();

        // Cells: period and dimensions. A period that is the same for every unit is selected once per
        // cell instead when other columns make the cells (hashing a constant per unit costs time);
        // grouping by it alone keeps an empty window answering no cell rather than one empty cell.
        var period = PeriodLabel(unitTime);
        var constantPeriod = period is SqlConstant && (!_plan.GroupBy.IsEmpty || KindOf(_metric) == FactKind.Agreement) ? period : null;
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
            columns.Add(new SqlSelectItem(Flag(Filter(Resolve(scope, flags[i].Dimension), flags[i])), $"g{_plan.GroupBy.Length + i}"));
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
            where.Add(Filter(Resolve(scope, filter.Dimension), filter));
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
        var valueColumns = UnitValues(kind, translate, scope, modelJoins, where);
        columns.AddRange(valueColumns);
        var cluster = FactLayout.SupportsClusters(kind) ? ClusterKey(scope) : null;
        if (cluster is not null)
        {
            columns.Add(new SqlSelectItem(cluster, ClusterColumn));
        }

        // Grouping by the version already keeps versions apart and names them: no version columns then.
        var versionGroup = _plan.GroupBy.IndexOf(_options.EvaluatorVersionDimension);
        var hasVersions = _plan.Journey is null && versionGroup < 0 && _plan.Model.FindDimension(_options.EvaluatorVersionDimension) is not null;
        if (hasVersions)
        {
            columns.Add(new SqlSelectItem(ExpressionTranslator.ToValue(Resolve(scope, _options.EvaluatorVersionDimension)).Sql, "version"));
        }

        // Maturity last: a journey's look-ahead depends on every attribute the query reads.
        var maturity = Maturity(modelJoins, journeyScope);
        if (!_alwaysMature)
        {
            columns.Add(new SqlSelectItem(maturity, "mature"));
        }

        // Journeys are stitched from the columns the unit expressions asked for.
        if (journeyScope is not null)
        {
            ctes.AddRange(journeyScope.BuildCtes(_plan.Start - _plan.Journey!.Window.Duration, _plan.End + _plan.Journey.Horizon.Duration));
        }

        ctes.AddRange(_extraCtes);

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

        unitJoins = unitJoins.AddRange(_extraJoins);
        if (_plan.Pairing is not null)
        {
            columns.Add(new SqlSelectItem(new SqlColumn("t0", _options.InteractionKey), PairKey));
        }

        ctes.Add(new SqlCte(Units, new SqlSelect { Columns = columns.ToImmutable(), From = from, Joins = unitJoins, Where = where.ToImmutable() }));

        if (_plan.Pairing is { } pairing)
        {
            return Paired(pairing, kind, ctes.ToImmutable(), constantPeriod);
        }

        var layout = new FactLayout(_plan.GroupBy.Length + flags.Length, _metric.Exclusions.Length, kind, hasVersions, _plan.Journey is null ? versionGroup : -1, cluster is not null);
        return new FactQuery(_metric.Name, Aggregate(layout, ctes.ToImmutable(), constantPeriod), layout);
    }

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

        return periods.IsEmpty ? new SqlConstant(null) : PeriodSearch(unitTime, periods, 0, periods.Length);
    }

    /// <summary>
    /// The label of the period among <c>periods[first..first+count)</c> holding the unit time: at most
    /// <see cref="PeriodFanOut"/> branches per level over runs of periods, nested, so thousands of hours
    /// take a few dozen comparisons per unit, and CASE nests only a few levels deep (SQL Server allows 10).
    /// </summary>
    private static SqlExpression PeriodSearch(SqlExpression unitTime, ImmutableArray<ReportingPeriod> periods, int first, int count)
    {
        if (count == 1)
        {
            return new SqlConstant(periods[first].Label);
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
            branches.Add((new SqlBinary(SqlBinaryOperator.Less, unitTime, new SqlInstant(periods[start + run - 1].End)), PeriodSearch(unitTime, periods, start, run)));
            start += run;
        }

        return new SqlCase(branches.ToImmutable(), PeriodSearch(unitTime, periods, start, first + count - start));
    }

    private readonly List<SqlCte> _extraCtes = [];
    private bool _alwaysMature;
    private readonly List<SqlJoin> _extraJoins = [];

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

    /// <summary>The per-unit columns the metric's type aggregates.</summary>
    private IEnumerable<SqlSelectItem> UnitValues(FactKind kind, ExpressionTranslator translate, INameResolver scope, JoinSet? modelJoins, ImmutableArray<SqlExpression>.Builder where)
    {
        switch (_metric.Spec)
        {
            case RatioMetricSpec ratio when kind == FactKind.Proportion:
                var numerator = ratio.Numerator.Where is { Syntax: { } n } ? translate.Condition(n) : null;
                if (ratio.Denominator.Where is { Syntax: { } d })
                {
                    where.Add(translate.Condition(d));
                }

                if (_metric.Confirmation.Method == ConfirmationMethod.SystemEvent)
                {
                    var confirmed = SystemEventConfirmed(modelJoins);
                    numerator = numerator is null ? confirmed : new SqlBinary(SqlBinaryOperator.And, numerator, confirmed);
                }

                yield return new SqlSelectItem(Flag(numerator ?? new SqlBinary(SqlBinaryOperator.Equal, One, One)), "num");
                break;
            case RatioMetricSpec ratio:
                yield return new SqlSelectItem(PartValue(ratio.Numerator, translate), "num_value");
                yield return new SqlSelectItem(PartValue(ratio.Denominator, translate), "den_value");
                break;
            case MeanMetricSpec mean:
                yield return new SqlSelectItem(new SqlToDouble(translate.Value(mean.Expression.Syntax!).Sql), "v");
                break;
            case SimpleMetricSpec simple:
                // Averages are computed in double precision (sums, variances): no integer overflow or truncation.
                var simpleValue = SimpleValue(simple, translate);
                yield return new SqlSelectItem(kind == FactKind.Moments ? new SqlToDouble(simpleValue) : simpleValue, "v");
                break;
            case DistributionMetricSpec distribution:
                yield return new SqlSelectItem(translate.Flag(distribution.Positive.Syntax!), "pos");
                if (distribution.Negative is { Syntax: { } negative })
                {
                    yield return new SqlSelectItem(translate.Flag(negative), "neg");
                }

                break;
            case AgreementMetricSpec agreement:
                foreach (var item in AgreementValues(agreement, scope, where))
                {
                    yield return item;
                }

                break;
        }
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
            throw new QueryException(QueryErrorCodes.DimensionNotAllowed, $"Metric '{_metric.Name}' aggregates a measure of '{_plan.Model.Name}' over journeys; define it over {_plan.Model.Name} instead.");
        }

        return _measureScope!.Value(syntax).Sql;
    }

    private ExpressionTranslator? _measureScope;

    private SqlExpression PartValue(RatioPart part, ExpressionTranslator translate)
    {
        SqlExpression value = part.Measure is { } measureName
            ? (_plan.Model.FindMeasure(measureName)!.Expression?.Syntax is { } syntax ? MeasureValue(syntax) : One)
            : part.Expression is { Syntax: { } e } ? translate.Value(e).Sql : One;
        return part.Where is { Syntax: { } where } ? new SqlCase([(translate.Condition(where), value)], null) : value;
    }

    private SqlExpression Maturity(JoinSet? modelJoins, JourneyScope? journey)
    {
        var confirmation = _metric.Confirmation;
        SqlExpression watermark = new SqlScalarSubquery(new SqlSelect
        {
            Columns = [new SqlSelectItem(new SqlAggregate(SqlAggregateName.Max, new SqlColumn("w", _options.WatermarkColumn)), "watermark")],
            From = new SqlTable(_options.WatermarkTable, "w"),
        });
        SqlExpression? unitEnd = null;
        Duration window = Duration.Zero;
        switch (confirmation.Method)
        {
            case ConfirmationMethod.NoRecontact when journey is not null:
                // Decided from the journey's start, never its outcome: a journey is read over its
                // horizon, so it is final once the horizon (and the look-ahead of any windowed facts
                // its attributes read) has passed.
                unitEnd = new SqlColumn("u", JourneyScope.StartColumn);
                window = _plan.Journey!.Horizon.Duration + journey.LookAhead;
                break;
            case ConfirmationMethod.SystemEvent when modelJoins is not null:
                unitEnd = new SqlColumn("t0", _plan.Model.EndTimeColumn ?? _plan.Model.TimeColumn!);
                window = confirmation.Window!.Duration;
                break;
        }

        if (unitEnd is null)
        {
            _alwaysMature = true;
            return One;
        }

        // Mature only when the window provably closed (end + window ≤ watermark): a missing end or
        // watermark counts as immature. The window is taken off the watermark, once, rather than
        // added to every unit's end: the same comparison for an exact duration.
        return new SqlCase([(new SqlBinary(SqlBinaryOperator.LessOrEqual, unitEnd, new SqlAddDuration(watermark, -window)), One)], Zero);
    }

    /// <summary>
    /// An event that confirms the unit: of a listed type (or of the type listed for the unit's intent),
    /// of the same customer, linked as the definition says (to the contact itself, or to a contact of
    /// the same customer about the same intent), within the window after the unit ended.
    /// </summary>
    private SqlExpression SystemEventConfirmed(JoinSet? modelJoins)
    {
        var confirmation = _metric.Confirmation;
        var eventModel = _catalog.Models.GetValueOrDefault(_options.EventModel)
            ?? throw new QueryException(QueryErrorCodes.MetricNotFound, $"Metric '{_metric.Name}' is confirmed by system events, but the catalog has no '{_options.EventModel}' semantic model.");
        var eventJoins = new JoinSet(_catalog, eventModel, "e");
        var events = new ModelScope(eventJoins, eventModel, "e");
        var unit = new ModelScope(modelJoins!, _plan.Model, "t0");
        SqlExpression unitEnd = new SqlColumn("t0", _plan.Model.EndTimeColumn ?? _plan.Model.TimeColumn!);
        SqlExpression eventTime = new SqlColumn("e", eventModel.TimeColumn!);
        var eventType = events.Resolve([_options.EventTypeDimension]).Sql;
        SqlExpression UnitIntent() => ExpressionTranslator.ToValue(unit.Resolve([_options.IntentDimension])).Sql;
        SqlExpression? typeMatches = confirmation.Events.IsEmpty ? null : TypeIn(eventType, confirmation.Events);
        if (!confirmation.EventsByIntent.IsEmpty)
        {
            var unitIntent = UnitIntent();
            foreach (var (intent, types) in confirmation.EventsByIntent)
            {
                var forIntent = new SqlBinary(SqlBinaryOperator.And, new SqlBinary(SqlBinaryOperator.Equal, unitIntent, new SqlParameter(intent)), TypeIn(eventType, types));
                typeMatches = typeMatches is null ? forIntent : new SqlBinary(SqlBinaryOperator.Or, typeMatches, forIntent);
            }
        }

        var where = ImmutableArray.CreateBuilder<SqlExpression>();
        where.Add(new SqlBinary(SqlBinaryOperator.Equal, events.Resolve([_options.CustomerDimension]).Sql, unit.Resolve([_options.CustomerDimension]).Sql));
        where.Add(typeMatches!);
        where.Add(new SqlBinary(SqlBinaryOperator.Greater, eventTime, unitEnd));
        where.Add(new SqlBinary(SqlBinaryOperator.LessOrEqual, eventTime, new SqlAddDuration(unitEnd, confirmation.Window!.Duration)));
        if (confirmation.Link != EventLink.Customer)
        {
            SqlExpression linked = new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn("e", _options.InteractionKey), new SqlColumn("t0", _options.InteractionKey));
            if (confirmation.Link == EventLink.Intent)
            {
                // The event's own contact is about the same intent (its customer is already the unit's).
                var sameIntent = new SqlBinary(
                    SqlBinaryOperator.Equal,
                    ExpressionTranslator.ToValue(events.Resolve([_options.EventContactJoin, _options.IntentDimension])).Sql,
                    UnitIntent());
                linked = new SqlBinary(SqlBinaryOperator.Or, linked, sameIntent);
            }

            where.Add(linked);
        }

        return new SqlExists(new SqlSelect
        {
            Columns = [new SqlSelectItem(One, "one")],
            From = eventJoins.From,
            Joins = eventJoins.Joins,
            Where = where.ToImmutable(),
        });
    }

    private static SqlExpression TypeIn(SqlExpression eventType, ImmutableArray<string> types) =>
        new SqlIn(eventType, [.. types.Select(e => (SqlExpression)new SqlParameter(e))], Negated: false);

    /// <summary>
    /// The unit's customer, the cluster of the cluster-robust variance: the customer dimension of the
    /// unit (journeys: of their first contact), else of a many-to-one joined model (a survey's
    /// <c>interactions.customer_id</c>); null when the model reaches no customer (then units count as
    /// independent).
    /// </summary>
    private SqlExpression? ClusterKey(INameResolver scope)
    {
        var customer = _options.CustomerDimension;
        if (_plan.Model.FindDimension(customer) is not null)
        {
            return ExpressionTranslator.ToValue(Resolve(scope, customer)).Sql;
        }

        var join = _plan.Model.Joins.FirstOrDefault(j =>
            j.Relationship != Relationship.OneToMany && _catalog.Models.GetValueOrDefault(j.Model)?.FindDimension(customer) is not null);
        return join is null ? null : ExpressionTranslator.ToValue(Resolve(scope, $"{join.Model}.{customer}")).Sql;
    }

    /// <summary>Evaluation rows paired with the earliest reviewer label of the same interaction and dimension.</summary>
    private IEnumerable<SqlSelectItem> AgreementValues(AgreementMetricSpec agreement, INameResolver scope, ImmutableArray<SqlExpression>.Builder where)
    {
        var labels = _catalog.Models.GetValueOrDefault(_options.HumanLabelModel)
            ?? throw new QueryException(QueryErrorCodes.MetricNotFound, $"Metric '{_metric.Name}' compares with human labels, but the catalog has no '{_options.HumanLabelModel}' semantic model.");
        var labelJoins = new JoinSet(_catalog, labels, "hl");
        var labelScope = new ModelScope(labelJoins, labels, "hl");
        _extraCtes.Add(new SqlCte("first_labels", new SqlSelect
        {
            Columns =
            [
                new SqlSelectItem(new SqlColumn("hl", _options.InteractionKey), "interaction_key"),
                new SqlSelectItem(labelScope.Resolve([_options.EvaluatorDimension]).Sql, "evaluator"),
                new SqlSelectItem(labelScope.Resolve([_options.LabelDimension]).Sql, "label"),
                new SqlSelectItem(
                    new SqlWindow(
                        SqlWindowName.RowNumber,
                        null,
                        [new SqlColumn("hl", _options.InteractionKey), labelScope.Resolve([_options.EvaluatorDimension]).Sql],
                        [(new SqlColumn("hl", _options.LabelTimeColumn), false), (new SqlColumn("hl", _options.ReviewerColumn), false)]),
                    "reviewer_rank"),
            ],
            From = labelJoins.From,
            Joins = labelJoins.Joins,
        }));
        var evaluator = Resolve(scope, _options.EvaluatorDimension).Sql;
        _extraJoins.Add(new SqlJoin(
            SqlJoinKind.Inner,
            new SqlNamed("first_labels", "h"),
            new SqlBinary(
                SqlBinaryOperator.And,
                new SqlBinary(
                    SqlBinaryOperator.And,
                    new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn("h", "interaction_key"), new SqlColumn("t0", _options.InteractionKey)),
                    new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn("h", "evaluator"), evaluator)),
                new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn("h", "reviewer_rank"), One))));
        if (agreement.Evaluator is { } name)
        {
            where.Add(new SqlBinary(SqlBinaryOperator.Equal, evaluator, new SqlParameter(name)));
        }

        if (agreement.Version is { } version)
        {
            where.Add(new SqlBinary(SqlBinaryOperator.Equal, Resolve(scope, _options.EvaluatorVersionDimension).Sql, new SqlParameter(version)));
        }

        yield return new SqlSelectItem(Resolve(scope, _options.LabelDimension).Sql, "al");
        yield return new SqlSelectItem(new SqlColumn("h", "label"), "hl");
    }

    private SqlSelect Aggregate(FactLayout layout, ImmutableArray<SqlCte> ctes, SqlExpression? constantPeriod)
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
            columns.AddRange(UnitAggregates(layout));
            if (layout.HasVersions)
            {
                var counted = Counted(layout);
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
            Columns = [.. clusterGroups.Select(g => new SqlSelectItem(g, ((SqlColumn)g).Name)), .. UnitAggregates(layout)],
            From = new SqlNamed(Units, Units),
            GroupBy = clusterGroups,
        };
        ctes = ctes.Add(new SqlCte(Clusters, perCustomer));
        var source = Clusters;
        SqlExpression Sum(SqlExpression value) => new SqlAggregate(SqlAggregateName.Sum, value);
        SqlExpression Times(SqlExpression a, SqlExpression b) => new SqlBinary(SqlBinaryOperator.Multiply, a, b);
        SqlExpression CountClusters(string units) => new SqlAggregate(SqlAggregateName.Count, null, Filter: new SqlBinary(SqlBinaryOperator.Greater, Col(units), Zero));
        columns.Add(new SqlSelectItem(Sum(Col("included")), "included"));
        for (var i = 1; i <= layout.ExclusionCount; i++)
        {
            columns.Add(new SqlSelectItem(Sum(Col($"excluded_{i}")), $"excluded_{i}"));
        }

        columns.Add(new SqlSelectItem(_alwaysMature ? Zero : Sum(Col("immature")), "immature"));
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

    private static SqlExpression Col(string name) => new SqlColumn(null, name);

    private static SqlExpression Is(string column, int value) => new SqlBinary(SqlBinaryOperator.Equal, Col(column), new SqlConstant(value));

    private static SqlExpression? And(SqlExpression? a, SqlExpression? b) => a is null ? b : b is null ? a : new SqlBinary(SqlBinaryOperator.And, a, b);

    /// <summary>
    /// The counts and values aggregated from units (per cell, or per cell and customer): included, the
    /// funnel, immature, n, the kind's values and the evaluator versions' min and max.
    /// </summary>
    private IEnumerable<SqlSelectItem> UnitAggregates(FactLayout layout)
    {
        var notExcluded = layout.ExclusionCount == 0 ? null : Is("stage", 0);
        var counted = Counted(layout);
        SqlExpression CountWhere(SqlExpression? condition) => new SqlAggregate(SqlAggregateName.Count, null, Filter: condition);
        SqlExpression OverCounted(SqlAggregateName name, SqlExpression value, double? fraction = null) => new SqlAggregate(name, value, fraction, counted);

        yield return new SqlSelectItem(CountWhere(null), "included");
        for (var i = 1; i <= layout.ExclusionCount; i++)
        {
            yield return new SqlSelectItem(CountWhere(Is("stage", i)), $"excluded_{i}");
        }

        yield return new SqlSelectItem(_alwaysMature ? Zero : CountWhere(And(notExcluded, Is("mature", 0))), "immature");
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
    private SqlExpression? Counted(FactLayout layout) =>
        And(layout.ExclusionCount == 0 ? null : Is("stage", 0), _alwaysMature ? null : Is("mature", 1));

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

    private static SqlExpression Flag(SqlExpression condition) => new SqlCase([(condition, One)], Zero);

    private static SqlValue Resolve(INameResolver scope, string name) =>
        scope.Resolve(new ColumnReference(default, [.. name.Split('.')]));

    private static SqlExpression Filter(SqlValue dimension, DimensionFilter filter)
    {
        var value = ExpressionTranslator.ToValue(dimension).Sql;
        SqlExpression Parameter(int i) => new SqlParameter(ParameterValue(filter.Values[i]));
        SqlExpression Compare(SqlBinaryOperator op)
        {
            if (filter.Values.Length != 1)
            {
                throw new QueryException(QueryErrorCodes.InvalidFilter, $"The filter on '{filter.Dimension}' ({filter.Operator}) takes exactly one value; {filter.Values.Length} were given.");
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
                throw new QueryException(QueryErrorCodes.InvalidFilter, $"The '{(filter.Operator == FilterOperator.In ? "in" : "notIn")}' filter on '{filter.Dimension}' has no values; give at least one."),
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
