using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler;

/// <summary>A fact query of one metric, rendered for a dialect.</summary>
/// <param name="Plan">The metric's plan.</param>
/// <param name="Fact">The fact query (AST and layout).</param>
/// <param name="Sql">Its text and parameters.</param>
public sealed record CompiledFact(MetricPlan Plan, FactQuery Fact, SqlText Sql)
{
    /// <summary>Its disclosure atoms (units per value of the filtered dimensions), when the metric suppresses small cells and the query filters.</summary>
    public CompiledFact? Atoms { get; init; }
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
    ReportingPeriod? ComparisonPeriod);

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
            var window = query.Time ?? throw new QueryException(QueryErrorCodes.InvalidTimeRange, "A previous-period comparison needs a time window; add 'time'.");
            comparisonPeriod = PeriodCalendar.Periods(PeriodCalendar.Previous(window))[^1];
            periods = periods.Insert(0, comparisonPeriod);
        }

        var leaves = Leaves(plan.Metrics).ToArray();
        var facts = leaves.Select(p => Render(p with { Periods = periods }, renderer)).ToImmutableArray();
        var baseline = ImmutableArray<CompiledFact>.Empty;
        if (query.Compare is BaselineComparison b)
        {
            var window = new TimeWindow(b.From, b.To, query.Time?.Zone);
            var baselinePeriods = PeriodCalendar.Periods(window);
            baseline = [.. leaves.Select(p => Render(p with { Periods = baselinePeriods }, renderer))];
        }

        return new CompiledQuery(plan, dialect, facts, baseline, comparisonPeriod);
    }

    /// <summary>The SQL of every fact query, for display (<c>cxsem compile</c>, the GraphQL <c>sql</c> field).</summary>
    public string CompileToText(MetricQuery query, SqlDialectKind dialect) =>
        string.Join("\n\n", Compile(query, dialect).Facts.Select(f => $"-- {f.Plan.Describe()}\n{f.Sql.Text};"));

    private CompiledFact Render(MetricPlan plan, SqlRenderer renderer)
    {
        var fact = FactQueryBuilder.Build(catalog, _options, plan);
        return new CompiledFact(plan, fact, renderer.Render(fact.Select)) { Atoms = DisclosureAtoms.PlanFor(plan) is { } atoms ? Render(atoms, renderer) : null };
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
