using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Definitions.Loading;

/// <summary>
/// Checks what a single document cannot: references between definitions, column names and types
/// against the warehouse, fan-out through joins, segmentation against the unit's dimensions, and
/// cycles among derived metrics. Collects every problem; never throws for bad definitions.
/// </summary>
internal sealed class CatalogValidator(DiagnosticBag diagnostics, PhysicalSchema schema, DefinitionIndex index)
{
    public void Validate()
    {
        foreach (var model in index.Models.Values)
        {
            ValidateModel(model);
        }

        foreach (var journey in index.Journeys.Values)
        {
            ValidateJourney(journey);
        }

        foreach (var metric in index.Metrics.Values)
        {
            ValidateMetric(metric);
        }

        FindDerivedCycles();
        foreach (var policy in index.Policies.Values)
        {
            ValidatePolicy(policy);
        }
    }

    private void ValidateModel(SemanticModel model)
    {
        var table = schema.FindTable(model.Table);
        if (table is null && !schema.Tables.IsEmpty)
        {
            Unknown($"Semantic model '{model.Name}'", "table", model.Table, schema.Tables.Keys, model.Locate("table"));
            return;
        }

        var columns = TableScope.ForModel(model, schema, index.Models);
        for (var i = 0; i < model.PrimaryKey.Length; i++)
        {
            CheckColumn(table, model.PrimaryKey[i], model.Locate($"primary_key.{i}"));
        }

        foreach (var time in new[] { model.TimeColumn, model.EndTimeColumn }.OfType<string>())
        {
            CheckColumn(table, time, model.Span);
        }

        foreach (var join in model.Joins)
        {
            if (!index.Models.TryGetValue(join.Model, out var target))
            {
                Unknown($"Join of semantic model '{model.Name}'", "semantic model", join.Model, index.Models.Keys, join.Span);
                continue;
            }

            foreach (var column in join.On)
            {
                CheckColumn(table, column, join.Span);
            }

            var targetTable = schema.FindTable(target.Table);
            foreach (var column in join.References)
            {
                CheckColumn(targetTable, column, join.Span);
            }

            if (join.Condition?.Syntax is { } condition)
            {
                var conditionScope = new TableScope(table, targetTable is null ? null : new Dictionary<string, PhysicalTable> { [join.Model] = targetTable });
                diagnostics.AddRange(ExpressionTypeChecker.CheckPredicate(condition, conditionScope).Diagnostics);
            }
        }

        foreach (var dimension in model.Dimensions)
        {
            if (dimension.Expression?.Syntax is { } syntax)
            {
                var type = Check(syntax, columns);
                CheckDimensionType(dimension, type, syntax, columns);
            }

            if (dimension.Via is { } via)
            {
                CheckVia(model, dimension, via);
            }

            if (dimension.Related is { } related)
            {
                CheckRelated(model, dimension, related);
            }
        }

        foreach (var measure in model.Measures)
        {
            var fannedOut = false;
            foreach (var reference in measure.Expression?.Syntax is { } refs ? ExpressionColumns.Referenced(refs) : [])
            {
                if (reference.Path.Length == 2 && model.Joins.FirstOrDefault(j => j.Model == reference.Path[0]) is { Relationship: Relationship.OneToMany } fanOut)
                {
                    diagnostics.Error(
                        DefinitionErrors.FanOut,
                        DefinitionErrors.Format(DefinitionErrors.FanOutMessage, $"Measure '{measure.Name}' of semantic model '{model.Name}'", fanOut.Model, fanOut.Model, model.Name),
                        reference.Span);
                    fannedOut = true;
                }
            }

            if (!fannedOut && measure.Expression?.Syntax is { } syntax)
            {
                var type = Check(syntax, columns);
                if (measure.Aggregation is Aggregation.Sum or Aggregation.Average or Aggregation.Percentile &&
                    type is not (ExpressionType.Integer or ExpressionType.Decimal or ExpressionType.Unknown or ExpressionType.Null))
                {
                    diagnostics.Error(
                        DefinitionErrors.MetricShape,
                        $"Measure '{measure.Name}' of semantic model '{model.Name}' aggregates with {DefinitionReader.AggregationNames.NameOf(measure.Aggregation)}, which needs a number; '{measure.Expression.Text}' is {type}.",
                        measure.Expression.Span);
                }
            }
        }
    }

    private void CheckDimensionType(Dimension dimension, ExpressionType type, Expression syntax, TableScope columns)
    {
        if (type is ExpressionType.Unknown or ExpressionType.Null)
        {
            return;
        }

        var expected = dimension.Type switch
        {
            DimensionType.Number => [ExpressionType.Integer, ExpressionType.Decimal],
            DimensionType.Boolean => [ExpressionType.Boolean],
            DimensionType.Date => [ExpressionType.Date],
            DimensionType.Time => [ExpressionType.Timestamp],
            _ => (ExpressionType[])[ExpressionType.String],
        };
        if (!expected.Contains(type))
        {
            diagnostics.Error(
                DefinitionErrors.MetricShape,
                $"Dimension '{dimension.Name}' is declared {dimension.Type.ToString().ToLowerInvariant()} but '{dimension.Expression!.Text}' is {type}; fix the type or the expression.",
                dimension.Span);
            return;
        }

        // An enum dimension over a constrained column may only list values the warehouse allows.
        if (dimension.Type == DimensionType.Enum && syntax is ColumnReference { Path: [var column] } &&
            columns.Table?.Columns.GetValueOrDefault(column) is { AllowedValues.IsEmpty: false } physical)
        {
            foreach (var value in dimension.Values.Where(v => !physical.AllowedValues.Contains(v)))
            {
                diagnostics.Error(
                    DefinitionErrors.BadEnumValues,
                    DefinitionErrors.Format(DefinitionErrors.EnumValueNotInWarehouseMessage, dimension.Name, value, $"{columns.Table.Name}.{column}", string.Join(", ", physical.AllowedValues)),
                    dimension.Span);
            }
        }
    }

    private void CheckRelated(SemanticModel model, Dimension dimension, RelatedFact related)
    {
        var owner = $"Dimension '{dimension.Name}' of semantic model '{model.Name}'";
        if (dimension.Expression is not null || dimension.Via is not null)
        {
            diagnostics.Error(DefinitionErrors.MetricShape, $"{owner} reads related rows ('from: {related.Model}') and also has 'expr' or 'via'; keep one of them.", dimension.Span);
            return;
        }

        if (!index.Models.TryGetValue(related.Model, out var target))
        {
            Unknown(owner, "semantic model", related.Model, index.Models.Keys, dimension.Span);
            return;
        }

        if (!target.Joins.Any(j => j.Model == model.Name && j.Relationship != Relationship.OneToMany))
        {
            diagnostics.Error(
                DefinitionErrors.MetricShape,
                $"{owner} reads rows of '{target.Name}', but '{target.Name}' has no many-to-one join to '{model.Name}' saying which rows belong to a unit; add `joins: {{ {model.Name}: {{ on: <key>, relationship: many_to_one }} }}` to '{target.Name}'.",
                dimension.Span);
            return;
        }

        if (related.Where?.Syntax is { } where)
        {
            diagnostics.AddRange(ExpressionTypeChecker.CheckPredicate(where, UnitScope.ForModel(target, index, schema)).Diagnostics);
        }

        if (related.Within is not null && (model.TimeColumn is null || target.TimeColumn is null))
        {
            diagnostics.Error(
                DefinitionErrors.MetricShape,
                $"{owner} counts '{target.Name}' rows within {related.Within} of the unit, which needs a 'time' column on both '{model.Name}' and '{target.Name}'.",
                dimension.Span);
        }

        if (dimension.Type != (related.Aggregation == RelatedAggregation.Count ? DimensionType.Number : DimensionType.Boolean))
        {
            diagnostics.Error(
                DefinitionErrors.MetricShape,
                $"{owner} is declared {dimension.Type.ToString().ToLowerInvariant()}, but '{DefinitionReader.RelatedAggregationNames.NameOf(related.Aggregation)}' of related rows is {(related.Aggregation == RelatedAggregation.Count ? "a number" : "true/false")}; remove 'type'.",
                dimension.Span);
        }
    }

    private void CheckVia(SemanticModel model, Dimension dimension, DimensionPath via)
    {
        var join = model.Joins.FirstOrDefault(j => j.Model == via.Join);
        if (join is null)
        {
            Unknown($"Dimension '{dimension.Name}' of semantic model '{model.Name}'", "join", via.Join, model.Joins.Select(j => j.Model), dimension.Span);
            return;
        }

        if (join.Relationship == Relationship.OneToMany)
        {
            diagnostics.Error(
                DefinitionErrors.FanOut,
                DefinitionErrors.Format(DefinitionErrors.FanOutMessage, $"Dimension '{dimension.Name}' of semantic model '{model.Name}'", via.Join, via.Join, model.Name),
                dimension.Span);
            return;
        }

        if (index.Models.TryGetValue(via.Join, out var target) && target.FindDimension(via.Dimension) is null)
        {
            Unknown($"Dimension '{dimension.Name}' of semantic model '{model.Name}'", $"dimension of '{target.Name}'", via.Dimension, target.Dimensions.Select(d => d.Name), dimension.Span);
        }
    }

    private void ValidateJourney(Journey journey)
    {
        if (!index.Models.TryGetValue(journey.From, out var from))
        {
            Unknown($"Journey '{journey.Name}'", "semantic model", journey.From, index.Models.Keys, journey.Locate("from"));
            return;
        }

        if (from.TimeColumn is null)
        {
            diagnostics.Error(DefinitionErrors.MetricShape, $"Journey '{journey.Name}' stitches '{from.Name}', which has no 'time' column to order contacts by; add 'time:' to the semantic model.", journey.Span);
        }

        if (journey.Horizon.Duration < journey.Window.Duration)
        {
            diagnostics.Error(
                DefinitionErrors.MetricShape,
                $"Journey '{journey.Name}' has horizon {journey.Horizon} shorter than its window {journey.Window}; a journey must be read at least as long as the gap that continues it. Set 'horizon' to {journey.Window} or more (e.g. twice the window).",
                journey.Locate("horizon"));
        }

        for (var i = 0; i < journey.Identity.Length; i++)
        {
            if (from.FindDimension(journey.Identity[i]) is null)
            {
                Unknown($"The identity of journey '{journey.Name}'", $"dimension of '{from.Name}'", journey.Identity[i], from.Dimensions.Select(d => d.Name), journey.Locate($"identity.{i}"));
            }
        }

        var scope = UnitScope.ForModel(from, index, schema);
        foreach (var attribute in journey.Attributes)
        {
            if (attribute.Expression?.Syntax is { } syntax)
            {
                var type = Check(syntax, scope);
                if (attribute.Aggregation is JourneyAggregation.Any or JourneyAggregation.All && type is not (ExpressionType.Boolean or ExpressionType.Unknown))
                {
                    diagnostics.Error(DefinitionErrors.MetricShape, $"Attribute '{attribute.Name}' of journey '{journey.Name}' uses '{DefinitionReader.JourneyAggregationNames.NameOf(attribute.Aggregation)}', which needs a true/false condition; '{attribute.Expression.Text}' is {type}.", attribute.Span);
                }
            }
        }
    }

    private void ValidateMetric(Metric metric)
    {
        if (metric.UnitOfAnalysis.Length == 0)
        {
            return; // already reported as missing
        }

        var unit = UnitScope.For(metric.UnitOfAnalysis, index, schema);
        if (unit is null)
        {
            Unknown($"Metric '{metric.Name}'", "journey or semantic model", metric.UnitOfAnalysis, index.Journeys.Keys.Concat(index.Models.Keys), metric.Locate("unit_of_analysis"));
            return;
        }

        foreach (var filter in metric.Inclusion.Concat(metric.Exclusions))
        {
            CheckPredicate(filter.Where, unit);
        }

        switch (metric.Spec)
        {
            case SimpleMetricSpec simple:
                CheckMeasure(metric, unit, simple.Measure, "measure");
                CheckValue(simple.Expression, unit);
                break;
            case RatioMetricSpec ratio:
                foreach (var (part, key) in (ReadOnlySpan<(RatioPart, string)>)[(ratio.Numerator, "numerator"), (ratio.Denominator, "denominator")])
                {
                    CheckPredicate(part.Where, unit);
                    CheckMeasure(metric, unit, part.Measure, key + ".measure");
                    CheckValue(part.Expression, unit);
                }

                break;
            case MeanMetricSpec mean:
                CheckValue(mean.Expression, unit);
                break;
            case DistributionMetricSpec distribution:
                CheckPredicate(distribution.Positive, unit);
                CheckPredicate(distribution.Negative, unit);
                break;
            case AgreementMetricSpec agreement:
                if (!unit.HasDimension("evaluator") || !unit.HasDimension("label"))
                {
                    diagnostics.Error(DefinitionErrors.WrongUnit, $"Agreement metric '{metric.Name}' compares evaluator labels with human labels, so its unit must have 'evaluator' and 'label' dimensions (e.g. the evaluations model); '{metric.UnitOfAnalysis}' has not.", metric.Span);
                }
                else if (agreement.Evaluator is null && !metric.Segmentation.Required.Contains("evaluator"))
                {
                    diagnostics.Error(DefinitionErrors.MetricShape, DefinitionErrors.Format(DefinitionErrors.MetricShapeMessage, metric.Name, "agreement", "names no evaluator, so it must be split by one: add 'evaluator' to segmentation.required, or set 'evaluator:'."), metric.Span);
                }

                break;
            case DerivedMetricSpec derived:
                foreach (var reference in derived.Expression.Syntax is { } syntax ? ExpressionColumns.Referenced(syntax) : [])
                {
                    if (!index.Metrics.ContainsKey(reference.Name))
                    {
                        Unknown($"Derived metric '{metric.Name}'", "metric", reference.Name, index.Metrics.Keys, reference.Span);
                    }
                }

                break;
        }

        for (var i = 0; i < metric.Segmentation.Allowed.Length; i++)
        {
            var name = metric.Segmentation.Allowed[i];
            if (!unit.HasDimension(name))
            {
                Unknown($"Segmentation of metric '{metric.Name}'", $"dimension of its unit '{metric.UnitOfAnalysis}'", name, unit.DimensionNames, metric.Locate($"segmentation.allowed.{i}"));
            }
        }

        if (metric.Confirmation.Method == ConfirmationMethod.NoRecontact && !index.Journeys.ContainsKey(metric.UnitOfAnalysis))
        {
            diagnostics.Error(
                DefinitionErrors.WrongUnit,
                $"Metric '{metric.Name}' is confirmed by no_recontact, which needs a journey as unit of analysis (recontact is a later contact of the same identity); '{metric.UnitOfAnalysis}' is a semantic model.",
                metric.Span);
        }
    }

    private void CheckMeasure(Metric metric, UnitScope unit, string? measure, string path)
    {
        if (measure is not null && unit.Model.FindMeasure(measure) is null)
        {
            Unknown($"Metric '{metric.Name}'", $"measure of '{unit.Model.Name}'", measure, unit.Model.Measures.Select(m => m.Name), metric.Locate(path));
        }
    }

    private void FindDerivedCycles()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string name)
        {
            state[name] = 1;
            stack.Add(name);
            if (index.Metrics.TryGetValue(name, out var metric) && metric.Spec is DerivedMetricSpec derived)
            {
                foreach (var next in derived.Metrics.Where(index.Metrics.ContainsKey))
                {
                    if (state.GetValueOrDefault(next) == 1)
                    {
                        var cycle = stack.Skip(stack.IndexOf(next)).Append(next).ToArray();
                        if (reported.Add(string.Join(",", cycle.Order(StringComparer.Ordinal))))
                        {
                            diagnostics.Error(DefinitionErrors.DerivedCycle, DefinitionErrors.Format(DefinitionErrors.DerivedCycleMessage, string.Join(" → ", cycle)), index.Metrics[next].Span);
                        }
                    }
                    else if (state.GetValueOrDefault(next) == 0)
                    {
                        Visit(next);
                    }
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[name] = 2;
        }

        foreach (var name in index.Metrics.Keys.Where(n => state.GetValueOrDefault(n) == 0))
        {
            Visit(name);
        }
    }

    private void ValidatePolicy(AccessPolicy policy)
    {
        for (var i = 0; i < policy.Metrics.Length; i++)
        {
            if (policy.Metrics[i] != "*" && !index.Metrics.ContainsKey(policy.Metrics[i]))
            {
                Unknown($"Access policy '{policy.Role}'", "metric", policy.Metrics[i], index.Metrics.Keys, policy.Locate($"metrics.{i}"));
            }
        }

        var dimensions = index.Models.Values.SelectMany(m => m.Dimensions.Select(d => d.Name))
            .Concat(index.Journeys.Values.SelectMany(j => j.Attributes.Select(a => a.Name)))
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < policy.Dimensions.Length; i++)
        {
            if (policy.Dimensions[i] != "*" && !dimensions.Contains(policy.Dimensions[i]))
            {
                Unknown($"Access policy '{policy.Role}'", "dimension", policy.Dimensions[i], dimensions, policy.Locate($"dimensions.{i}"));
            }
        }

        for (var i = 0; i < policy.RowFilters.Length; i++)
        {
            if (!dimensions.Contains(policy.RowFilters[i].Dimension))
            {
                Unknown($"A row filter of access policy '{policy.Role}'", "dimension", policy.RowFilters[i].Dimension, dimensions, policy.Locate($"row_filters.{i}"));
            }
        }
    }

    private void CheckPredicate(DefinitionExpression? expression, IExpressionScope scope)
    {
        if (expression?.Syntax is { } syntax)
        {
            diagnostics.AddRange(ExpressionTypeChecker.CheckPredicate(syntax, scope).Diagnostics);
        }
    }

    private void CheckValue(DefinitionExpression? expression, IExpressionScope scope)
    {
        if (expression?.Syntax is { } syntax)
        {
            Check(syntax, scope);
        }
    }

    private ExpressionType Check(Expression syntax, IExpressionScope scope)
    {
        var result = ExpressionTypeChecker.Check(syntax, scope);
        diagnostics.AddRange(result.Diagnostics);
        return result.Type;
    }

    private void CheckColumn(PhysicalTable? table, string column, SourceSpan span)
    {
        if (table is not null && !table.Columns.ContainsKey(column))
        {
            diagnostics.Error(
                DefinitionErrors.UnknownColumn,
                DefinitionErrors.Format(DefinitionErrors.UnknownColumnMessage, table.Name, column, NameSuggester.Hint(column, table.Columns.Keys)),
                span);
        }
    }

    private void Unknown(string who, string what, string name, IEnumerable<string> candidates, SourceSpan span) =>
        diagnostics.Error(
            DefinitionErrors.UnknownReference,
            DefinitionErrors.Format(DefinitionErrors.UnknownReferenceMessage, who, what, name, NameSuggester.Hint(name, candidates.ToArray())),
            span);
}

/// <summary>Definitions by name, after duplicates were reported.</summary>
internal sealed record DefinitionIndex(
    ImmutableSortedDictionary<string, SemanticModel> Models,
    ImmutableSortedDictionary<string, Journey> Journeys,
    ImmutableSortedDictionary<string, Metric> Metrics,
    ImmutableSortedDictionary<string, AccessPolicy> Policies);
