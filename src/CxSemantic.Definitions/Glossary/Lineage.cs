using System.Collections.Immutable;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Definitions.Glossary;

/// <summary>The warehouse tables and columns a metric reads, for the glossary's lineage section.</summary>
public static class Lineage
{
    /// <summary>
    /// Every <c>table.column</c> the metric's definition reads — through its unit (and journey
    /// stitching), filters, measures, dimensions and joins — sorted. Derived metrics include the
    /// lineage of the metrics they combine.
    /// </summary>
    public static ImmutableArray<string> Of(MetricCatalog catalog, Metric metric)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(metric);
        var columns = new SortedSet<string>(StringComparer.Ordinal);
        Collect(catalog, metric, columns, new HashSet<string>(StringComparer.Ordinal));
        return [.. columns];
    }

    private static void Collect(MetricCatalog catalog, Metric metric, SortedSet<string> columns, HashSet<string> visited)
    {
        if (!visited.Add(metric.Name))
        {
            return;
        }

        var resolver = UnitResolver.For(catalog, metric.UnitOfAnalysis);
        if (resolver is null)
        {
            return;
        }

        resolver.AddUnitColumns(columns);
        foreach (var expression in metric.UnitExpressions())
        {
            resolver.AddExpression(expression, columns);
        }

        foreach (var measure in new[] { (metric.Spec as SimpleMetricSpec)?.Measure, (metric.Spec as RatioMetricSpec)?.Numerator.Measure, (metric.Spec as RatioMetricSpec)?.Denominator.Measure })
        {
            if (measure is not null && resolver.Model.FindMeasure(measure) is { } found)
            {
                resolver.AddModelExpression(resolver.Model, found.Expression, columns);
            }
        }

        switch (metric.Spec)
        {
            case DerivedMetricSpec derived:
                foreach (var name in derived.Metrics)
                {
                    if (catalog.Metrics.TryGetValue(name, out var part))
                    {
                        Collect(catalog, part, columns, visited);
                    }
                }

                break;
            case AgreementMetricSpec:
                columns.UnionWith(["human_labels.interaction_id", "human_labels.dimension", "human_labels.label"]);
                break;
        }

        if (metric.Confirmation.Method == ConfirmationMethod.SystemEvent)
        {
            columns.UnionWith(["system_events.customer_id", "system_events.event_type", "system_events.occurred_at"]);
        }
        else if (metric.Confirmation.Method == ConfirmationMethod.Survey)
        {
            columns.UnionWith(["surveys.kind", "surveys.score"]);
        }
    }

    /// <summary>Resolves names visible to a metric's filters to the columns behind them.</summary>
    private sealed class UnitResolver
    {
        private readonly MetricCatalog _catalog;
        private readonly Journey? _journey;

        private UnitResolver(MetricCatalog catalog, SemanticModel model, Journey? journey)
        {
            _catalog = catalog;
            Model = model;
            _journey = journey;
        }

        public SemanticModel Model { get; }

        public static UnitResolver? For(MetricCatalog catalog, string unit)
        {
            if (catalog.Journeys.TryGetValue(unit, out var journey) && catalog.Models.TryGetValue(journey.From, out var from))
            {
                return new UnitResolver(catalog, from, journey);
            }

            return catalog.Models.TryGetValue(unit, out var model) ? new UnitResolver(catalog, model, null) : null;
        }

        public void AddUnitColumns(SortedSet<string> columns)
        {
            columns.UnionWith(Model.PrimaryKey.Select(k => $"{Model.Table}.{k}"));
            if (Model.TimeColumn is { } time)
            {
                columns.Add($"{Model.Table}.{time}");
            }

            if (_journey is not null)
            {
                foreach (var key in _journey.Identity)
                {
                    AddName(Model, key, columns, 0);
                }
            }
        }

        public void AddExpression(DefinitionExpression? expression, SortedSet<string> columns)
        {
            if (expression?.Syntax is null)
            {
                return;
            }

            foreach (var reference in ExpressionColumns.Referenced(expression.Syntax))
            {
                if (_journey?.Attributes.FirstOrDefault(a => a.Name == reference.Name) is { } attribute)
                {
                    // Attribute expressions see the source model's dimensions, like a filter does.
                    foreach (var inner in attribute.Expression?.Syntax is { } syntax ? ExpressionColumns.Referenced(syntax) : [])
                    {
                        AddName(Model, inner.Name, columns, 0);
                    }
                }
                else if (reference.Path.Length == 2 && Model.Joins.FirstOrDefault(j => j.Model == reference.Path[0]) is { } join &&
                         _catalog.Models.TryGetValue(join.Model, out var target))
                {
                    AddJoin(Model, join, columns);
                    AddName(target, reference.Path[1], columns, 1);
                }
                else
                {
                    AddName(Model, reference.Name, columns, 0);
                }
            }
        }

        /// <summary>Dimension, measure and join expressions name physical columns (of the table or a joined one).</summary>
        public void AddModelExpression(SemanticModel model, DefinitionExpression? expression, SortedSet<string> columns)
        {
            if (expression?.Syntax is null)
            {
                return;
            }

            foreach (var reference in ExpressionColumns.Referenced(expression.Syntax))
            {
                if (reference.Path.Length == 2 && model.Joins.FirstOrDefault(j => j.Model == reference.Path[0]) is { } join &&
                    _catalog.Models.TryGetValue(join.Model, out var target))
                {
                    AddJoin(model, join, columns);
                    columns.Add($"{target.Table}.{reference.Path[1]}");
                }
                else
                {
                    columns.Add($"{model.Table}.{reference.Name}");
                }
            }
        }

        private void AddName(SemanticModel model, string name, SortedSet<string> columns, int depth)
        {
            var dimension = model.FindDimension(name);
            if (dimension is null)
            {
                columns.Add($"{model.Table}.{name}");
                return;
            }

            if (dimension.Via is { } via && depth < 4 && model.Joins.FirstOrDefault(j => j.Model == via.Join) is { } join &&
                _catalog.Models.TryGetValue(join.Model, out var target))
            {
                AddJoin(model, join, columns);
                AddName(target, via.Dimension, columns, depth + 1);
                return;
            }

            if (dimension.Related is { } related && depth < 4 && _catalog.Models.TryGetValue(related.Model, out var relatedModel))
            {
                // The related rows that point at the unit: their join back, their filter and their time.
                if (relatedModel.Joins.FirstOrDefault(j => j.Model == model.Name) is { } back)
                {
                    AddJoin(relatedModel, back, columns);
                }

                foreach (var reference in related.Where?.Syntax is { } where ? ExpressionColumns.Referenced(where) : [])
                {
                    AddName(relatedModel, reference.Name, columns, depth + 1);
                }

                if (related.Within is not null && relatedModel.TimeColumn is { } relatedTime)
                {
                    columns.Add($"{relatedModel.Table}.{relatedTime}");
                }

                return;
            }

            AddModelExpression(model, dimension.Expression, columns);
        }

        private void AddJoin(SemanticModel model, ModelJoin join, SortedSet<string> columns)
        {
            columns.UnionWith(join.On.Select(c => $"{model.Table}.{c}"));
            if (_catalog.Models.TryGetValue(join.Model, out var target))
            {
                columns.UnionWith(join.References.Select(c => $"{target.Table}.{c}"));
                if (join.Condition?.Syntax is { } condition)
                {
                    foreach (var reference in ExpressionColumns.Referenced(condition))
                    {
                        columns.Add(reference.Path.Length == 2 ? $"{target.Table}.{reference.Path[1]}" : $"{model.Table}.{reference.Name}");
                    }
                }
            }
        }
    }
}
