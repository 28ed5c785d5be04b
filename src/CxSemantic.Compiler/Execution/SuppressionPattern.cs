using System.Collections.Immutable;
using System.Text;

namespace CxSemantic.Compiler.Execution;

/// <summary>Why a cell of a table is withheld.</summary>
internal enum SuppressionKind
{
    /// <summary>Its own n is below the minimum cell size.</summary>
    Primary,

    /// <summary>Withheld so that another withheld cell cannot be derived by subtraction.</summary>
    Complementary,
}

/// <summary>A withheld cell of a table: why, and (complementary) which cell it protects.</summary>
/// <param name="Kind">Primary or complementary.</param>
/// <param name="Protects">The protected cell, described (<c>channel=email, period=2026-01</c>); the cell itself when primary.</param>
internal sealed record Suppression(SuppressionKind Kind, string Protects);

/// <summary>
/// Complementary (secondary) suppression over a joint table and every table obtained from it by
/// summing out coordinates (its margins): the tables a caller can ask for with fewer dimensions or
/// without the grain. The tables are protected from the coarsest (the total) to the finest, each
/// one knowing which cells of its margins are withheld, with deterministic rules that depend only
/// on the counts, so the same table gets the same pattern in every query that contains it:
/// <list type="number">
/// <item>primary: a cell with 0 &lt; n &lt; k is withheld;</item>
/// <item>a line (cells differing in one coordinate) whose margin is shown must hold no withheld
/// cell, or at least two whose units add up to k or more; otherwise its smallest shown non-empty
/// cell is withheld too (total − shown cells would give the withheld one, or a union of fewer
/// than k units);</item>
/// <item>a line whose margin is withheld must hold a withheld cell (else its shown cells add up to the
/// margin).</item>
/// </list>
/// A complementary cell is chosen, among the line's shown non-empty cells, as one that is not the
/// only non-empty cell of another line with a shown margin (such a cell equals that margin), then
/// the smallest, then by key. Empty cells (n = 0) are known zeros: never withheld for protection.
/// </summary>
internal sealed class SuppressionPattern
{
    private const char Separator = '\u001f';

    private readonly ImmutableArray<string> _dimensions;
    private readonly Dictionary<int, Dictionary<string, Cell>> _tables = [];
    private readonly Dictionary<int, Dictionary<string, Suppression>> _withheld = [];
    private int _requiredMask;

    private SuppressionPattern(ImmutableArray<string> dimensions) => _dimensions = dimensions;

    /// <summary>The joint table's coordinates, in key order.</summary>
    public ImmutableArray<string> Dimensions => _dimensions;

    /// <summary>The mask of every coordinate (the joint table itself).</summary>
    public int FullMask => (1 << _dimensions.Length) - 1;

    /// <summary>
    /// Protects the joint table of <paramref name="cells"/> (values in <paramref name="dimensions"/> order,
    /// counted units) and its margins under a minimum cell size.
    /// </summary>
    /// <param name="dimensions">The coordinates (at most 16).</param>
    /// <param name="cells">Cells; several rows of one key add up.</param>
    /// <param name="minCellSize">k; 1 or less withholds nothing.</param>
    /// <param name="required">
    /// Coordinates every query must group by (the metric's required segmentation): a margin that sums one
    /// of them out is never shown to anyone, so it needs no protection and constrains nothing.
    /// </param>
    public static SuppressionPattern Protect(ImmutableArray<string> dimensions, IEnumerable<(string[] Values, long N)> cells, int minCellSize, IReadOnlyCollection<string>? required = null)
    {
        if (dimensions.Length > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions.Length, "At most 16 coordinates.");
        }

        var pattern = new SuppressionPattern(dimensions);
        foreach (var name in required ?? [])
        {
            if (dimensions.IndexOf(name) is var d and >= 0)
            {
                pattern._requiredMask |= 1 << d;
            }
        }

        var full = new Dictionary<string, Cell>(StringComparer.Ordinal);
        foreach (var (values, n) in cells)
        {
            var key = pattern.Key(values, pattern.FullMask);
            full[key] = full.TryGetValue(key, out var existing) ? existing with { N = existing.N + n } : new Cell([.. values], n);
        }

        foreach (var mask in Enumerable.Range(0, pattern.FullMask + 1).OrderBy(m => System.Numerics.BitOperations.PopCount((uint)m)).ThenBy(m => m))
        {
            var table = mask == pattern.FullMask ? full : Project(pattern, full, mask);
            pattern._tables[mask] = table;
            pattern._withheld[mask] = pattern.Shown(mask) ? pattern.ProtectTable(mask, table, minCellSize) : [];
        }

        return pattern;
    }

    /// <summary>The key of <paramref name="values"/> (joint-table order) in the table of <paramref name="mask"/>.</summary>
    public string Key(IReadOnlyList<string> values, int mask)
    {
        var key = new StringBuilder();
        for (var d = 0; d < _dimensions.Length; d++)
        {
            if ((mask & (1 << d)) != 0)
            {
                key.Append(values[d]).Append(Separator);
            }
        }

        return key.ToString();
    }

    /// <summary>Whether and why the cell of <paramref name="values"/> in the table of <paramref name="mask"/> is withheld.</summary>
    public Suppression? Withheld(int mask, IReadOnlyList<string> values) =>
        _withheld[mask].GetValueOrDefault(Key(values, mask));

    /// <summary>Units in the cell of <paramref name="values"/> in the table of <paramref name="mask"/> (0 when absent).</summary>
    public long Units(int mask, IReadOnlyList<string> values) =>
        _tables[mask].GetValueOrDefault(Key(values, mask))?.N ?? 0;

    /// <summary>The cells withheld in the table of <paramref name="mask"/>, with their values (joint-table order; summed-out coordinates empty).</summary>
    public IEnumerable<(IReadOnlyList<string> Values, long N, Suppression Why)> WithheldCells(int mask) =>
        _withheld[mask].Select(w => ((IReadOnlyList<string>)_tables[mask][w.Key].Values, _tables[mask][w.Key].N, w.Value));

    /// <summary>
    /// Whether an answer cell that sums the joint cells of one slice (the joint cells whose coordinates
    /// in <paramref name="sliceMask"/> equal <paramref name="slice"/>) selected by <paramref name="inBox"/>
    /// adds nothing to what the protected tables show: it holds no withheld cell of the slice, or all of
    /// them while the slice's own total is shown (then it is shown cells plus total minus shown cells).
    /// Otherwise the withheld cells it keeps and those it drops are returned.
    /// </summary>
    public (bool Safe, ImmutableArray<string> Kept, ImmutableArray<string> Dropped) CheckSelection(int sliceMask, IReadOnlyList<string> slice, Func<IReadOnlyList<string>, bool> inBox)
    {
        var sliceKey = Key(slice, sliceMask);
        var kept = new List<string>();
        var dropped = new List<string>();
        foreach (var (values, n, _) in WithheldCells(FullMask).OrderBy(w => Key(w.Values, FullMask), StringComparer.Ordinal))
        {
            if (n > 0 && Key(values, sliceMask) == sliceKey)
            {
                (inBox(values) ? kept : dropped).Add(Describe(values, FullMask & ~sliceMask));
            }
        }

        var safe = kept.Count == 0 || (dropped.Count == 0 && !_withheld[sliceMask].ContainsKey(sliceKey));
        return (safe, [.. kept], [.. dropped]);
    }

    /// <summary>A cell described by its coordinates in <paramref name="mask"/> (<c>channel=email, segment=smb</c>), or "the total".</summary>
    public string Describe(IReadOnlyList<string> values, int mask)
    {
        var parts = Enumerable.Range(0, _dimensions.Length).Where(d => (mask & (1 << d)) != 0).Select(d => $"{_dimensions[d]}={values[d]}").ToArray();
        return parts.Length == 0 ? "the total" : string.Join(", ", parts);
    }

    private static Dictionary<string, Cell> Project(SuppressionPattern pattern, Dictionary<string, Cell> full, int mask)
    {
        var table = new Dictionary<string, Cell>(StringComparer.Ordinal);
        foreach (var cell in full.Values)
        {
            var key = pattern.Key(cell.Values, mask);
            if (table.TryGetValue(key, out var existing))
            {
                table[key] = existing with { N = existing.N + cell.N };
            }
            else
            {
                var values = cell.Values.Select((v, d) => (mask & (1 << d)) != 0 ? v : string.Empty).ToArray();
                table[key] = new Cell(values, cell.N);
            }
        }

        return table;
    }

    /// <summary>Whether some query can show the table of <paramref name="mask"/>: it keeps every required coordinate.</summary>
    private bool Shown(int mask) => (mask & _requiredMask) == _requiredMask;

    private Dictionary<string, Suppression> ProtectTable(int mask, Dictionary<string, Cell> table, int k)
    {
        var withheld = new Dictionary<string, Suppression>(StringComparer.Ordinal);
        foreach (var (key, cell) in table)
        {
            if (cell.N > 0 && cell.N < k)
            {
                withheld[key] = new Suppression(SuppressionKind.Primary, Describe(cell.Values, mask));
            }
        }

        if (withheld.Count == 0 && mask != 0)
        {
            // Nothing withheld here: only a withheld margin can call for more.
            var anyMarginWithheld = Bits(mask).Any(d => _withheld[mask & ~(1 << d)].Count > 0);
            if (!anyMarginWithheld)
            {
                return withheld;
            }
        }

        // Lines along each coordinate, keyed by their margin (the cell of the table without that coordinate).
        var lines = Bits(mask).ToDictionary(
            d => d,
            d => table.Values
                .GroupBy(c => Key(c.Values, mask & ~(1 << d)), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Margin: g.Key, Cells: g.Where(c => c.N > 0).OrderBy(c => Key(c.Values, mask), StringComparer.Ordinal).ToArray()))
                .ToArray());

        bool MarginShown(int d, string margin) => !_withheld[mask & ~(1 << d)].ContainsKey(margin);

        // Lines whose margin no query can show (it sums out a required coordinate) constrain nothing.
        bool MarginExists(int d) => Shown(mask & ~(1 << d));
        var lineSizes = lines.ToDictionary(l => l.Key, l => l.Value.ToDictionary(x => x.Margin, x => x.Cells.Length, StringComparer.Ordinal));

        // A cell that is the only non-empty one of a line with a shown margin equals that margin: withholding it protects nothing.
        bool Pinned(Cell cell)
        {
            foreach (var d in Bits(mask))
            {
                var margin = Key(cell.Values, mask & ~(1 << d));
                if (MarginExists(d) && MarginShown(d, margin) && lineSizes[d][margin] == 1)
                {
                    return true;
                }
            }

            return false;
        }

        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (d, dimensionLines) in lines)
            {
                if (!MarginExists(d))
                {
                    continue;
                }

                foreach (var (margin, cells) in dimensionLines)
                {
                    var hidden = cells.Where(c => withheld.ContainsKey(Key(c.Values, mask))).ToArray();
                    var shown = MarginShown(d, margin);
                    var need = shown
                        ? hidden.Length == 1 || (hidden.Length > 0 && hidden.Sum(c => c.N) < k)
                        : hidden.Length == 0 && cells.Length > 0;
                    if (!need)
                    {
                        continue;
                    }

                    var candidate = cells
                        .Where(c => !withheld.ContainsKey(Key(c.Values, mask)))
                        .OrderBy(c => Pinned(c) ? 1 : 0)
                        .ThenBy(c => c.N)
                        .ThenBy(c => Key(c.Values, mask), StringComparer.Ordinal)
                        .FirstOrDefault();
                    if (candidate is null)
                    {
                        continue;
                    }

                    var protects = hidden.Length > 0
                        ? withheld[Key(hidden.OrderBy(c => c.N).ThenBy(c => Key(c.Values, mask), StringComparer.Ordinal).First().Values, mask)].Protects
                        : Describe(cells[0].Values, mask & ~(1 << d));
                    withheld[Key(candidate.Values, mask)] = new Suppression(SuppressionKind.Complementary, protects);
                    changed = true;
                }
            }
        }

        return withheld;
    }

    private IEnumerable<int> Bits(int mask) => Enumerable.Range(0, _dimensions.Length).Where(d => (mask & (1 << d)) != 0);

    private sealed record Cell(string[] Values, long N);
}
