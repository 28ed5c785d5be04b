using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Compiler.Sql;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler;

/// <summary>A fact query of one metric, rendered for a dialect.</summary>
/// <param name="Plan">The metric's plan.</param>
/// <param name="Fact">The fact query (AST and layout).</param>
/// <param name="Sql">Its text and parameters.</param>
public sealed record CompiledFact(MetricPlan Plan, FactQuery Fact, SqlText Sql)
{
    /// <summary>Its disclosure atoms (units per value of the filtered dimensions), when the metric suppresses small cells and the query filters.</summary>
    public CompiledFact? Atoms { get; init; }

    /// <summary>The rollup it reads, or none and why.</summary>
    public RollupChoice? Rollup { get; init; }

    /// <summary>What it reads, for people: <c>rollup: NAME (table …)</c>, <c>journey table TABLE</c>, or <c>raw rows</c>.</summary>
    public string Source => Rollup is { Table: not null } rollup
        ? rollup.Explanation
        : Fact.JourneyTable is { } journeys ? "journey table " + journeys : "raw rows";
}

/// <summary>A compiled query: the plan, the fact queries of its leaf metrics, and those of its baseline.</summary>
/// <param name="Plan">The query plan.</param>
/// <param name="Dialect">The dialect the SQL is written in.</param>
/// <param name="Facts">One per leaf metric (derived metrics contribute their components).</param>
/// <param name="BaselineFacts">For a baseline comparison: the same facts over the baseline window.</param>
/// <param name="ComparisonPeriod">For a previous-period comparison: the extra period computed before the first one.</param>
public sealed record CompiledQuery(
    QueryPlan Plan,
    SqlDialectKind Dialect,
    ImmutableArray<CompiledFact> Facts,
    ImmutableArray<CompiledFact> BaselineFacts,
    ReportingPeriod? ComparisonPeriod)
{
    /// <summary>For a paired group comparison: per leaf metric, the paired differences per cell.</summary>
    public ImmutableArray<CompiledFact> PairedFacts { get; init; } = [];
}

/// <summary>
/// Compiles governed metric queries: query → plan (per metric: unit, stitching, inclusion,
/// exclusions, confirmation, aggregation) → SQL AST → dialect text with parameters.
/// Stateless and thread-safe for a given catalog.
/// </summary>
public sealed class MetricCompiler(MetricCatalog catalog, CompilerOptions? options = null)
{
    private readonly CompilerOptions _options = options ?? CompilerOptions.Default;

    /// <summary>The catalog compiled against.</summary>
    public MetricCatalog Catalog => catalog;

    /// <summary>Prefix of the comparison period's label, so it never equals a label of the window's own periods.</summary>
    public const string ComparisonLabelPrefix = "previous ";

    /// <summary>Compiles <paramref name="query"/> for <paramref name="dialect"/>.</summary>
    /// <exception cref="QueryException">The query is refused (unknown metric, segmentation, access, time range…).</exception>
    public CompiledQuery Compile(MetricQuery query, SqlDialectKind dialect)
    {
        var plan = new QueryPlanner(catalog).Plan(query);
        var renderer = SqlRenderer.For(dialect);
        var periods = plan.Periods;
        ReportingPeriod? comparisonPeriod = null;
        if (query.Compare is PreviousPeriodComparison)
        {
            var window = query.Time ?? throw QueryMessages.PreviousPeriodWithoutWindow();
            // Its own label: when the window does not start on a grain boundary, the previous window's last
            // period starts in the same week/month as the window's first one and would share its label
            // (merging the two periods' units into one cell, and dropping the first period from the answer).
            var previous = PeriodCalendar.Periods(PeriodCalendar.Previous(window))[^1];
            comparisonPeriod = previous with { Label = ComparisonLabelPrefix + previous.Label };
            periods = periods.Insert(0, comparisonPeriod);
        }

        var leaves = Leaves(plan.Metrics).ToArray();
        var facts = leaves.Select(p => Render(p with { Periods = periods }, renderer)).ToImmutableArray();
        var baseline = ImmutableArray<CompiledFact>.Empty;
        if (query.Compare is BaselineComparison b)
        {
            var window = new TimeWindow(b.From, b.To, query.Time?.Zone);
            RefuseOverlap(query.Time, window);
            var baselinePeriods = PeriodCalendar.Periods(window);
            baseline = [.. leaves.Select(p => Render(p with { Periods = baselinePeriods }, renderer))];
        }

        var paired = ImmutableArray<CompiledFact>.Empty;
        if (query.Compare is GroupComparison groups)
        {
            var index = GroupIndex(query, groups);
            if (groups.Paired)
            {
                paired = [.. PairedPlans(plan, leaves, index, groups).Select(p => Render(p with { Periods = periods }, renderer))];
            }
        }

        return new CompiledQuery(plan, dialect, facts, baseline, comparisonPeriod) { PairedFacts = paired };
    }

    /// <summary>
    /// A baseline that shares days with the current window puts the same units in both samples: the
    /// difference shrinks towards 0 and the test, which assumes independent samples, is wrong.
    /// </summary>
    private static void RefuseOverlap(TimeWindow? current, TimeWindow baseline)
    {
        if (baseline.To <= baseline.From)
        {
            throw QueryMessages.ReversedWindow("baseline window", baseline.From, baseline.To);
        }

        if (current is null)
        {
            throw QueryMessages.BaselineWithoutWindow(baseline.From, baseline.To);
        }

        if (baseline.From < current.To && current.From < baseline.To)
        {
            var days = Period.Between(current.From, current.To, PeriodUnits.Days).Days;
            throw QueryMessages.BaselineOverlaps(baseline.From, baseline.To, current.From, current.To, days);
        }
    }

    private static int GroupIndex(MetricQuery query, GroupComparison groups)
    {
        var index = query.GroupBy.IndexOf(groups.Dimension);
        if (index < 0)
        {
            throw QueryMessages.GroupsNotSelected(groups.Dimension);
        }

        if (string.IsNullOrWhiteSpace(groups.Reference))
        {
            throw QueryMessages.NoReferenceGroup(groups.Dimension);
        }

        return index;
    }

    /// <summary>Paired plans: units must carry the interaction, and more than one row of theirs may share it.</summary>
    private IEnumerable<MetricPlan> PairedPlans(QueryPlan plan, IEnumerable<MetricPlan> leaves, int index, GroupComparison groups)
    {
        foreach (var derived in plan.Metrics.Where(p => p.Metric.Spec is DerivedMetricSpec))
        {
            throw QueryMessages.PairedDerived(derived.Metric.Name);
        }

        foreach (var leaf in leaves)
        {
            if (leaf.Journey is not null || !leaf.Model.PrimaryKey.Contains(_options.InteractionKey) || leaf.Model.PrimaryKey.Length < 2)
            {
                throw QueryMessages.NothingToPair(leaf.Metric.Name, leaf.Metric.UnitOfAnalysis);
            }

            yield return leaf with { Pairing = new PairedGroups(index, ReferenceValue(leaf, groups)) };
        }
    }

    /// <summary>The reference as the warehouse stores it: an enum dimension's catalog value, whatever its case.</summary>
    private string ReferenceValue(MetricPlan plan, GroupComparison groups)
    {
        var dimension = plan.Model.FindDimension(groups.Dimension);
        if (dimension is { Via: { } via } && catalog.Models.GetValueOrDefault(via.Join)?.FindDimension(via.Dimension) is { } target)
        {
            dimension = target;
        }

        return dimension?.Values.FirstOrDefault(v => string.Equals(v, groups.Reference, StringComparison.OrdinalIgnoreCase)) ?? groups.Reference;
    }

    /// <summary>The SQL of every fact query, for display (<c>cxsem compile</c>, the GraphQL <c>sql</c> field).</summary>
    public string CompileToText(MetricQuery query, SqlDialectKind dialect) =>
        string.Join("\n\n", Compile(query, dialect).Facts.Select(f => $"-- {f.Plan.Describe()}\n{(f.Rollup is { Table: null } none && _options.Rollups is not null ? $"-- {none.Explanation}\n" : string.Empty)}{f.Sql.Text};"));

    private CompiledFact Render(MetricPlan plan, SqlRenderer renderer)
    {
        var rollup = RollupMatcher.Choose(catalog, _options, plan, renderer.Dialect);
        var fact = rollup.Table is { } table ? FactQueryBuilder.FromRollup(catalog, _options, plan, table.Table, catalog.Rollups[table.Rollup].ExactCells) : FactQueryBuilder.Build(catalog, _options, plan);
        var sql = renderer.Render(fact.Select);
        if (rollup.Table is not null)
        {
            // The statement names the rollup it reads (the sql field of answers shows it).
            sql = sql with { Text = $"-- {rollup.Explanation}\n{sql.Text}" };
        }

        return new CompiledFact(plan, fact, sql) { Atoms = DisclosureAtoms.PlanFor(plan) is { } atoms ? Render(atoms, renderer) : null, Rollup = rollup };
    }

    /// <summary>Metrics that run a fact query: every non-derived metric, once, including derived metrics' components.</summary>
    internal static IEnumerable<MetricPlan> Leaves(IEnumerable<MetricPlan> plans)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<MetricPlan>(plans.Reverse());
        while (stack.Count > 0)
        {
            var plan = stack.Pop();
            if (plan.Metric.Spec is DerivedMetricSpec)
            {
                foreach (var component in plan.Components.Reverse())
                {
                    stack.Push(component);
                }
            }
            else if (seen.Add(plan.Metric.Name))
            {
                yield return plan;
            }
        }
    }
}
