using System.Collections.Immutable;

namespace CxSemantic.Compiler.Execution;

/// <summary>
/// Keeps withheld cells from coming back by subtraction (docs/metric-semantics.md §5). For every
/// leaf metric with a minimum cell size above 1:
/// <list type="bullet">
/// <item>without filters, the answer's cells (period × dimensions) are protected with their margins
/// (<see cref="SuppressionPattern"/>): complementary cells are withheld so that no withheld cell is
/// total minus shown cells;</item>
/// <item>with filters, the disclosure atoms (units per cell and per value of the filtered dimensions,
/// filters as kept/dropped flags) are protected the same way, and an answer cell is shown only when
/// it keeps none of its slice's withheld atoms, or all of them while the unfiltered cell is shown:
/// then it adds nothing to what the unfiltered tables show, and no difference of two answers is a
/// withheld set.</item>
/// </list>
/// The atoms' queries start with the answer's and run concurrently with them.
/// </summary>
internal sealed class DisclosureControl
{
    /// <summary>The coordinate name of the period in the protected tables.</summary>
    public const string PeriodCoordinate = "period";

    private readonly StatementBatch _batch;
    private readonly ImmutableArray<(CompiledFact Fact, bool Baseline, Task<IReadOnlyList<object?[]>>? Atoms)> _work;

    private DisclosureControl(StatementBatch batch, ImmutableArray<(CompiledFact, bool, Task<IReadOnlyList<object?[]>>?)> work)
    {
        _batch = batch;
        _work = work;
    }

    /// <summary>Starts the atoms' queries of <paramref name="compiled"/> in <paramref name="batch"/> (beside the answer's).</summary>
    public static DisclosureControl Start(CompiledQuery compiled, StatementBatch batch) =>
        new(batch, [.. compiled.Facts.Select(f => (f, false)).Concat(compiled.BaselineFacts.Select(f => (f, true)))
            .Where(w => w.Item1.Plan.Metric.Segmentation.MinCellSize > 1)
            .Select(w => (w.Item1, w.Item2, w.Item1.Atoms is { } atoms ? batch.Start(atoms.Sql) : null))]);

    /// <summary>Withholds, in place, the cells of <paramref name="current"/> and <paramref name="baseline"/> that would give a withheld cell away.</summary>
    public async Task ApplyAsync(
        Dictionary<string, Dictionary<string, MetricCell>> current,
        Dictionary<string, Dictionary<string, MetricCell>> baseline)
    {
        foreach (var (fact, isBaseline, atoms) in _work)
        {
            if ((isBaseline ? baseline : current).GetValueOrDefault(fact.Plan.Metric.Name) is not { } cells)
            {
                continue;
            }

            var reasons = atoms is null ? Complementary(fact, cells) : Filtered(fact, cells, await _batch.OneAsync(atoms).ConfigureAwait(false));
            foreach (var (key, reason) in reasons)
            {
                var cell = cells[key];
                cells[key] = cell with { Value = Withhold(cell.Value, reason) };
            }
        }
    }

    /// <summary>The value with everything derived from the units' outcomes withheld; n and the funnel stay (they count units, not outcomes).</summary>
    public static MetricValue Withhold(MetricValue value, string reason) => value with
    {
        Value = null,
        Numerator = null,
        Denominator = null,
        Interval = null,
        Estimate = null,
        Status = null,
        Suppressed = true,
        SuppressionReason = reason,
    };

    /// <summary>The reason of a complementary suppression.</summary>
    public static string ComplementaryReason(string protects) => $"withheld so that {protects} cannot be derived by subtraction";

    /// <summary>The reason of a cell withheld because its filters keep some withheld atoms of a slice and drop others.</summary>
    public static string FilterReason(IReadOnlyList<string> kept, IReadOnlyList<string> dropped) =>
        $"withheld because the filters keep {string.Join("; ", kept)} but drop {string.Join("; ", dropped)}, which are withheld together: " +
        $"include or exclude {string.Join("; ", kept)} together with {string.Join("; ", dropped)} so that none can be derived by subtraction";

    /// <summary>The coordinates of a table over <paramref name="dimensions"/>: the period first (when there are several), then the dimensions by name.</summary>
    public static ImmutableArray<string> Coordinates(bool withPeriod, IEnumerable<string> dimensions) =>
        [.. (withPeriod ? [PeriodCoordinate] : Array.Empty<string>()).Concat(dimensions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))];

    private static List<(string Key, string Reason)> Complementary(CompiledFact fact, Dictionary<string, MetricCell> cells)
    {
        var plan = fact.Plan;
        var coordinates = Coordinates(plan.Periods.Length > 1, plan.GroupBy);
        var values = cells.ToDictionary(c => c.Key, c => Values(coordinates, c.Value.Period, plan.GroupBy, c.Value.Dimensions), StringComparer.Ordinal);
        var pattern = SuppressionPattern.Protect(coordinates, cells.Select(c => (values[c.Key], c.Value.Value.N)), plan.Metric.Segmentation.MinCellSize, plan.Metric.Segmentation.Required);
        return [.. cells
            .Where(c => !c.Value.Value.Suppressed && pattern.Withheld(pattern.FullMask, values[c.Key]) is { Kind: SuppressionKind.Complementary })
            .Select(c => (c.Key, ComplementaryReason(pattern.Withheld(pattern.FullMask, values[c.Key])!.Protects)))];
    }

    private static List<(string Key, string Reason)> Filtered(
        CompiledFact fact,
        Dictionary<string, MetricCell> cells,
        IReadOnlyList<object?[]> atomRows)
    {
        var plan = fact.Plan;
        var atoms = fact.Atoms!;
        var grouped = atoms.Plan.GroupBy;
        var coordinates = Coordinates(plan.Periods.Length > 1, grouped);
        var atomCells = CellValues.FromFacts(atoms, atomRows).Values
            .Select(a => (Values: Values(coordinates, a.Period, grouped, a.Dimensions), a.Value.N, Kept: a.Dimensions[grouped.Length..].All(f => CellValues.ToLong(f) == 1)))
            .ToArray();
        var pattern = SuppressionPattern.Protect(coordinates, atomCells.Select(a => (a.Values, a.N)), plan.Metric.Segmentation.MinCellSize, plan.Metric.Segmentation.Required);
        var kept = atomCells.Where(a => a.Kept).Select(a => pattern.Key(a.Values, pattern.FullMask)).ToHashSet(StringComparer.Ordinal);
        var sliceMask = 0;
        for (var d = 0; d < coordinates.Length; d++)
        {
            if (coordinates[d] == PeriodCoordinate || plan.GroupBy.Contains(coordinates[d]))
            {
                sliceMask |= 1 << d;
            }
        }

        var reasons = new List<(string, string)>();
        foreach (var (key, cell) in cells)
        {
            if (cell.Value.Suppressed)
            {
                continue;
            }

            var slice = Values(coordinates, cell.Period, plan.GroupBy, cell.Dimensions);
            var (safe, keptWithheld, droppedWithheld) = pattern.CheckSelection(sliceMask, slice, v => kept.Contains(pattern.Key(v, pattern.FullMask)));
            if (safe)
            {
                continue;
            }

            reasons.Add((key, droppedWithheld.IsEmpty
                ? ComplementaryReason(pattern.Withheld(sliceMask, slice)?.Protects ?? pattern.Describe(slice, sliceMask))
                : FilterReason(keptWithheld, droppedWithheld)));
        }

        return reasons;
    }

    /// <summary>A cell's values in coordinate order (coordinates it lacks are empty).</summary>
    private static string[] Values(ImmutableArray<string> coordinates, string? period, ImmutableArray<string> dimensions, object?[] dimensionValues)
    {
        var values = new string[coordinates.Length];
        for (var d = 0; d < coordinates.Length; d++)
        {
            var index = dimensions.IndexOf(coordinates[d]);
            values[d] = coordinates[d] == PeriodCoordinate && index < 0
                ? period ?? string.Empty
                : index >= 0 ? CellValues.Text(dimensionValues[index]) : string.Empty;
        }

        return values;
    }
}
