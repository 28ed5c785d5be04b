using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Execution;

/// <summary>A cell's reference for a comparison: its value (null when the reference has no such cell) and its name for messages.</summary>
/// <param name="Value">The reference cell's value, or null when there is none.</param>
/// <param name="Name">What the reference is, e.g. "period 2026-02", "group evaluator_version = v1".</param>
/// <param name="PairedDifferences">For a paired comparison: the paired differences of the cell, or null when no unit pairs.</param>
internal sealed record CellReference(MetricValue? Value, string Name, MeanEstimate? PairedDifferences);

/// <summary>
/// Finds each cell's reference for the query's comparison by key, in O(1) per cell (the cells are
/// dictionaries keyed by period and dimension values): the same dimensions one period earlier, the
/// same dimensions in the baseline window, or the reference group's row of the same period and other
/// dimensions. Also decides when a delta must be withheld, and says why.
/// </summary>
internal sealed class ComparisonReferences
{
    private readonly GroupComparison? _groups;
    private readonly int _groupIndex = -1;
    private readonly Dictionary<string, int> _periodIndex = new(StringComparer.Ordinal);
    private readonly ImmutableArray<string> _periods;
    private readonly string? _previousLabel;
    private readonly string? _baselineLabel;
    private readonly string? _baselineName;
    private readonly Dictionary<string, Dictionary<string, MetricCell>> _current;
    private readonly Dictionary<string, Dictionary<string, MetricCell>> _baseline;
    private readonly Dictionary<string, Dictionary<string, MeanEstimate>> _paired;

    // Per metric: the reference group's cells keyed by the cell key without the compared dimension.
    private readonly Dictionary<string, Dictionary<string, MetricValue>> _groupCells = new(StringComparer.Ordinal);

    private ComparisonReferences(
        MetricQuery query,
        CompiledQuery compiled,
        Dictionary<string, Dictionary<string, MetricCell>> current,
        Dictionary<string, Dictionary<string, MetricCell>> baseline,
        Dictionary<string, Dictionary<string, MeanEstimate>> paired)
    {
        _current = current;
        _baseline = baseline;
        _paired = paired;
        _periods = [.. compiled.Plan.Periods.Select(p => p.Label)];
        for (var i = 0; i < _periods.Length; i++)
        {
            _periodIndex[_periods[i]] = i;
        }

        _previousLabel = compiled.ComparisonPeriod?.Label;
        if (query.Compare is BaselineComparison b && !compiled.BaselineFacts.IsEmpty)
        {
            _baselineLabel = compiled.BaselineFacts[0].Plan.Periods.IsEmpty ? null : compiled.BaselineFacts[0].Plan.Periods[0].Label;
            _baselineName = string.Create(CultureInfo.InvariantCulture, $"baseline window [{b.From:yyyy-MM-dd}, {b.To:yyyy-MM-dd})");
        }

        if (query.Compare is GroupComparison groups)
        {
            _groups = groups;
            _groupIndex = query.GroupBy.IndexOf(groups.Dimension);
        }
    }

    /// <summary>The references of <paramref name="query"/>'s comparison, or null when it asks for none.</summary>
    public static ComparisonReferences? For(
        MetricQuery query,
        CompiledQuery compiled,
        Dictionary<string, Dictionary<string, MetricCell>> current,
        Dictionary<string, Dictionary<string, MetricCell>> baseline,
        Dictionary<string, Dictionary<string, MeanEstimate>> paired) =>
        query.Compare is null ? null : new ComparisonReferences(query, compiled, current, baseline, paired);

    /// <summary>Whether the comparison pairs units.</summary>
    public bool Paired => _groups?.Paired == true;

    /// <summary>Whether a row with these dimensions is the reference group itself (it carries no delta).</summary>
    public bool IsReferenceRow(object?[] dimensions) =>
        _groupIndex >= 0 && string.Equals(CellValues.Text(dimensions[_groupIndex]), _groups!.Reference, StringComparison.OrdinalIgnoreCase);

    /// <summary>The reference of the cell (<paramref name="period"/>, <paramref name="dimensions"/>) of <paramref name="metric"/>.</summary>
    public CellReference Find(string metric, string? period, object?[] dimensions)
    {
        if (_groups is { } groups)
        {
            var name = $"group {groups.Dimension} = {groups.Reference}";
            var cells = GroupCells(metric);
            var key = GroupKey(period, dimensions);
            var differences = Paired ? _paired.GetValueOrDefault(metric)?.GetValueOrDefault(CellKey(period, dimensions)) : null;
            return new CellReference(cells.GetValueOrDefault(key), name, differences);
        }

        if (_baselineName is { } baselineName)
        {
            var found = _baseline.GetValueOrDefault(metric)?.GetValueOrDefault(CellKey(_baselineLabel, dimensions));
            return new CellReference(found?.Value, baselineName, null);
        }

        var index = period is null ? -1 : _periodIndex.GetValueOrDefault(period, -1);
        var previous = index > 0 ? _periods[index - 1] : _previousLabel;
        var cell = previous is null ? null : _current.GetValueOrDefault(metric)?.GetValueOrDefault(CellKey(previous, dimensions));
        return new CellReference(cell?.Value, $"period {previous}", null);
    }

    /// <summary>
    /// Why no delta may be shown between <paramref name="value"/> and its reference, or null when one may.
    /// A delta needs both cells mature: a cell with units whose confirmation window is still open at the
    /// watermark counts only the units whose outcome is already known, a sample that leans towards quick
    /// outcomes, so a difference with it is biased however large n is.
    /// </summary>
    public string? Withheld(MetricValue value, CellReference reference)
    {
        if (reference.Value is not { } other)
        {
            return $"no reference: the {reference.Name} has no units in this cell";
        }

        var immature = new List<string>(2);
        if (value.Immature > 0)
        {
            immature.Add(string.Create(CultureInfo.InvariantCulture, $"this cell still has {value.Immature} immature unit{(value.Immature == 1 ? string.Empty : "s")}"));
        }

        if (other.Immature > 0)
        {
            immature.Add(string.Create(CultureInfo.InvariantCulture, $"the reference {reference.Name} still has {other.Immature} immature unit{(other.Immature == 1 ? string.Empty : "s")}"));
        }

        if (immature.Count > 0)
        {
            return string.Join(" and ", immature) + "; compare once their confirmation windows have closed before the data's watermark (until then only quick outcomes are counted)";
        }

        if (other.Value is null)
        {
            return other.Suppressed
                ? string.Create(CultureInfo.InvariantCulture, $"the reference {reference.Name} is suppressed (n = {other.N}, below the metric's minimum cell size)")
                : $"the reference {reference.Name} has no value";
        }

        if (Paired && reference.PairedDifferences is not { N: >= 2 })
        {
            return string.Create(CultureInfo.InvariantCulture, $"fewer than two units of this cell are also in the {reference.Name} ({reference.PairedDifferences?.N ?? 0} pairs); a paired comparison needs at least two pairs");
        }

        return null;
    }

    /// <summary>The paired differences per cell key of one metric's paired fact query.</summary>
    public static Dictionary<string, MeanEstimate> PairedDifferences(CompiledFact fact, IReadOnlyList<object?[]> rows)
    {
        var layout = fact.Fact.Layout;
        var cells = new Dictionary<string, MeanEstimate>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var v = layout.FirstValue;
            cells[CellValues.Key(row, layout.GroupCount)] = MeanEstimate.FromMoments(CellValues.ToLong(row[v]), CellValues.ToDouble(row[v + 1]) ?? 0, CellValues.ToDouble(row[v + 2]) ?? 0);
        }

        return cells;
    }

    private Dictionary<string, MetricValue> GroupCells(string metric)
    {
        if (!_groupCells.TryGetValue(metric, out var cells))
        {
            cells = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
            foreach (var (_, cell) in _current.GetValueOrDefault(metric) ?? [])
            {
                if (IsReferenceRow(cell.Dimensions))
                {
                    cells[GroupKey(cell.Period, cell.Dimensions)] = cell.Value;
                }
            }

            _groupCells[metric] = cells;
        }

        return cells;
    }

    /// <summary>The key of a cell without the compared dimension (its reference shares it).</summary>
    private string GroupKey(string? period, object?[] dimensions)
    {
        var others = (object?[])dimensions.Clone();
        others[_groupIndex] = null;
        return CellKey(period, others);
    }

    /// <summary>The key <see cref="CellValues.FromFacts"/> gives the cell (period, dimensions).</summary>
    private static string CellKey(string? period, object?[] dimensions)
    {
        var row = new object?[dimensions.Length + 1];
        row[0] = period;
        dimensions.CopyTo(row, 1);
        return CellValues.Key(row, dimensions.Length);
    }
}
