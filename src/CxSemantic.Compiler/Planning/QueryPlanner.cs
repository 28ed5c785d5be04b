using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Planning;

/// <summary>The plan of a whole query: one plan per metric, sharing cells.</summary>
/// <param name="Query">The query.</param>
/// <param name="Metrics">One plan per requested metric, in request order.</param>
/// <param name="Periods">The periods of the window (empty without one).</param>
/// <param name="Policy">The caller's access policy.</param>
public sealed record QueryPlan(MetricQuery Query, ImmutableArray<MetricPlan> Metrics, ImmutableArray<ReportingPeriod> Periods, AccessPolicy Policy);

/// <summary>
/// Checks a query against the catalog and the caller's access policy, and plans each metric.
/// Refusals are <see cref="QueryException"/>s whose message names the fix.
/// </summary>
public sealed class QueryPlanner(MetricCatalog catalog)
{
    /// <summary>How many levels of derived metrics under a queried one the planner follows.</summary>
    public const int MaxDerivedDepth = 8;

    /// <summary>Plans <paramref name="query"/>.</summary>
    /// <exception cref="QueryException">The query is refused.</exception>
    public QueryPlan Plan(MetricQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Metrics.IsDefaultOrEmpty)
        {
            throw QueryMessages.NoMetric();
        }

        var policy = catalog.AccessPolicies.GetValueOrDefault(query.Caller.Role)
            ?? throw QueryMessages.UnknownRole(query.Caller.Role);
        var periods = query.Time is { } window ? PeriodCalendar.Periods(window) : [];
        var rowFilters = RowFilters(policy, query.Caller);
        CheckDimensionAccess(policy, query);
        var plans = query.Metrics.Select(name =>
        {
            var metric = FindMetric(name);
            if (!policy.AllowsMetric(metric.Name))
            {
                throw QueryMessages.MetricNotAllowedForRole(policy.Role, metric);
            }

            CheckSegmentation(metric, query);
            return PlanMetric(metric, query, periods, rowFilters, depth: 0);
        }).ToImmutableArray();
        return new QueryPlan(query, plans, periods, policy);
    }

    private Metric FindMetric(string name) =>
        catalog.Metrics.GetValueOrDefault(name)
        ?? throw QueryMessages.UnknownMetric(name, NameSuggester.Hint(name, catalog.Metrics.Keys));

    private MetricPlan PlanMetric(Metric metric, MetricQuery query, ImmutableArray<ReportingPeriod> periods, ImmutableArray<(string, ImmutableArray<string>)> rowFilters, int depth)
    {
        var (model, journey) = Unit(metric.UnitOfAnalysis);
        foreach (var dimension in query.GroupBy.Concat(query.Filters.Select(f => f.Dimension)).Concat(rowFilters.Select(r => r.Item1)).Distinct())
        {
            if (!UnitHas(model, journey, dimension))
            {
                throw QueryMessages.DimensionNotOnUnit(metric, dimension);
            }
        }

        var components = ImmutableArray<MetricPlan>.Empty;
        if (metric.Spec is DerivedMetricSpec derived)
        {
            if (depth > MaxDerivedDepth)
            {
                throw QueryMessages.DerivedMetricTooDeep(metric.Name);
            }

            components = [.. derived.Metrics.Select(name => PlanMetric(FindMetric(name), query, periods, rowFilters, depth + 1))];
        }

        return new MetricPlan
        {
            Metric = metric,
            Model = model,
            Journey = journey,
            GroupBy = query.GroupBy,
            Filters = query.Filters,
            RowFilters = rowFilters,
            Periods = periods,
            Components = components,
        };
    }

    private (SemanticModel Model, Journey? Journey) Unit(string unit) =>
        catalog.Journeys.TryGetValue(unit, out var journey)
            ? (catalog.Models[journey.From], journey)
            : (catalog.Models[unit], null);

    private static bool UnitHas(SemanticModel model, Journey? journey, string name)
    {
        if (journey is not null && journey.Attributes.Any(a => a.Name == name))
        {
            return true;
        }

        return model.FindDimension(name) is not null;
    }

    private static void CheckSegmentation(Metric metric, MetricQuery query)
    {
        foreach (var dimension in query.GroupBy.Concat(query.Filters.Select(f => f.Dimension)).Distinct())
        {
            if (!metric.Segmentation.Allowed.Contains(dimension))
            {
                throw QueryMessages.DimensionNotInSegmentation(metric, dimension);
            }
        }

        var missing = metric.Segmentation.Required.Where(r => !query.GroupBy.Contains(r)).ToArray();
        if (missing.Length > 0)
        {
            throw QueryMessages.RequiredSegmentMissing(metric, missing);
        }
    }

    private void CheckDimensionAccess(AccessPolicy policy, MetricQuery query)
    {
        foreach (var dimension in query.GroupBy.Concat(query.Filters.Select(f => f.Dimension)).Distinct())
        {
            if (!policy.AllowsDimension(dimension))
            {
                throw QueryMessages.DimensionNotAllowedForRole(policy.Role, dimension);
            }

            var pii = catalog.Models.Values.Any(m => m.FindDimension(dimension) is { Pii: true });
            if (pii && !policy.Pii)
            {
                throw QueryMessages.PersonalData(policy.Role, dimension);
            }
        }
    }

    private static ImmutableArray<(string, ImmutableArray<string>)> RowFilters(AccessPolicy policy, Caller caller) =>
        [.. policy.RowFilters.Select(filter =>
        {
            if (!caller.Claims.TryGetValue(filter.Claim, out var values) || values.IsDefaultOrEmpty)
            {
                throw QueryMessages.MissingClaim(policy.Role, filter);
            }

            return (filter.Dimension, values);
        })];
}
