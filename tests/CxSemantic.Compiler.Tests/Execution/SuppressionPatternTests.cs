using System.Collections.Immutable;
using CxSemantic.Compiler.Execution;

namespace CxSemantic.Compiler.Tests.Execution;

/// <summary>Exact patterns of complementary suppression and of the filter check on hand-made tables.</summary>
public class SuppressionPatternTests
{
    private static SuppressionPattern OneDimension(int k, params (string Channel, long N)[] cells) =>
        SuppressionPattern.Protect(["channel"], cells.Select(c => (new[] { c.Channel }, c.N)), k);

    private static string[] Withheld(SuppressionPattern pattern, int mask) =>
        [.. pattern.WithheldCells(mask).Select(w => pattern.Describe(w.Values, mask)).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_lone_small_cell_takes_the_smallest_shown_sibling_with_it()
    {
        var pattern = OneDimension(100, ("email", 78), ("sms", 150), ("chat", 900), ("voice", 1200));

        Assert.Equal(["channel=email", "channel=sms"], Withheld(pattern, pattern.FullMask));
        Assert.Equal(new Suppression(SuppressionKind.Primary, "channel=email"), pattern.Withheld(pattern.FullMask, ["email"]));
        Assert.Equal(new Suppression(SuppressionKind.Complementary, "channel=email"), pattern.Withheld(pattern.FullMask, ["sms"]));
        Assert.Null(pattern.Withheld(0, [""]));
    }

    [Fact]
    public void Margins_that_sum_out_a_required_dimension_are_never_shown_and_protect_nothing()
    {
        // intent × complexity with complexity required (every query groups by it): the intent-only margin
        // (order_status = 1 602) is never shown, so the small misclassified cell needs no big sibling withheld.
        (string[] Values, long N)[] cells =
        [
            (["order_status", "simple"], 1_592), (["order_status", "moderate"], 10),
            (["password_reset", "simple"], 1_088), (["password_reset", "moderate"], 45),
        ];
        var free = SuppressionPattern.Protect(["intent", "complexity"], cells, 30);
        var governed = SuppressionPattern.Protect(["intent", "complexity"], cells, 30, ["complexity"]);

        // Without the rule: order_status total − simple = the 10 moderate contacts, so simple is withheld too.
        Assert.Equal(new Suppression(SuppressionKind.Complementary, "intent=order_status, complexity=moderate"), free.Withheld(free.FullMask, ["order_status", "simple"]));

        // With it: the simple cells stay shown. The moderate margin is shown, so the line along intent within
        // moderate still needs a second withheld cell: password_reset/moderate protects order_status/moderate.
        Assert.Equal(["complexity=moderate, intent=order_status", "complexity=moderate, intent=password_reset"], Withheld(governed, governed.FullMask).Select(Reorder).ToArray());
        Assert.Null(governed.Withheld(governed.FullMask, ["order_status", "simple"]));
        Assert.Null(governed.Withheld(governed.FullMask, ["password_reset", "simple"]));
        Assert.Empty(governed.WithheldCells(1));
    }

    private static string Reorder(string described) => string.Join(", ", described.Split(", ").Order(StringComparer.Ordinal));

    [Fact]
    public void Two_small_cells_that_reach_k_together_need_no_third()
    {
        var pattern = OneDimension(100, ("email", 78), ("sms", 40), ("chat", 900));

        Assert.Equal(["channel=email", "channel=sms"], Withheld(pattern, pattern.FullMask));
        Assert.All(pattern.WithheldCells(pattern.FullMask), w => Assert.Equal(SuppressionKind.Primary, w.Why.Kind));
    }

    [Fact]
    public void Small_cells_under_k_together_take_the_next_smallest_until_k()
    {
        var pattern = OneDimension(100, ("email", 30), ("sms", 40), ("web", 20), ("chat", 900), ("voice", 500));

        // 30 + 40 + 20 = 90 < 100: voice (500) is the smallest shown cell and joins them.
        Assert.Equal(["channel=email", "channel=sms", "channel=voice", "channel=web"], Withheld(pattern, pattern.FullMask));
        Assert.Equal(SuppressionKind.Complementary, pattern.Withheld(pattern.FullMask, ["voice"])!.Kind);
    }

    [Fact]
    public void Empty_cells_are_known_zeros_and_never_withheld()
    {
        var pattern = OneDimension(100, ("email", 78), ("sms", 0), ("chat", 900), ("voice", 1200));

        Assert.Equal(["channel=chat", "channel=email"], Withheld(pattern, pattern.FullMask));
    }

    [Fact]
    public void A_small_total_is_withheld_and_its_only_cells_with_it()
    {
        var pattern = OneDimension(100, ("email", 30), ("chat", 40));

        Assert.Equal(["the total"], Withheld(pattern, 0));
        Assert.Equal(["channel=chat", "channel=email"], Withheld(pattern, pattern.FullMask));
    }

    [Fact]
    public void A_cell_under_a_withheld_margin_is_withheld_even_when_large()
    {
        // By channel: email (78) primary, sms (250) its complement. By period × channel every sms cell
        // is 125 (≥ k) but the two add up to the withheld sms total, so one of them is withheld.
        var cells = new[]
        {
            (new[] { "2026-01", "email" }, 39L), (new[] { "2026-02", "email" }, 39L),
            (new[] { "2026-01", "sms" }, 125L), (new[] { "2026-02", "sms" }, 125L),
            (new[] { "2026-01", "chat" }, 800L), (new[] { "2026-02", "chat" }, 700L),
            (new[] { "2026-01", "voice" }, 900L), (new[] { "2026-02", "voice" }, 950L),
        };
        var pattern = SuppressionPattern.Protect(["period", "channel"], cells, 100);
        const int ChannelOnly = 0b10;

        Assert.Equal(["channel=email", "channel=sms"], Withheld(pattern, ChannelOnly));
        Assert.Contains(pattern.WithheldCells(pattern.FullMask), w => w.Values[1] == "sms");
        AssertNoLineGivesAWithheldCellAway(pattern, 100);
    }

    [Fact]
    public void Two_dimensions_every_line_with_a_withheld_cell_has_two_reaching_k()
    {
        var n = new Dictionary<(string, string), long>
        {
            [("email", "north")] = 3, [("email", "south")] = 100, [("email", "west")] = 97,
            [("chat", "north")] = 400, [("chat", "south")] = 500, [("chat", "west")] = 450,
            [("voice", "north")] = 300, [("voice", "south")] = 350, [("voice", "west")] = 380,
        };
        var pattern = SuppressionPattern.Protect(["channel", "region"], n.Select(c => (new[] { c.Key.Item1, c.Key.Item2 }, c.Value)), 100);

        Assert.Equal(SuppressionKind.Primary, pattern.Withheld(pattern.FullMask, ["email", "north"])!.Kind);
        Assert.Equal(SuppressionKind.Primary, pattern.Withheld(pattern.FullMask, ["email", "west"])!.Kind);
        AssertNoLineGivesAWithheldCellAway(pattern, 100);
    }

    [Fact]
    public void A_selection_is_safe_when_it_keeps_none_or_all_of_its_slices_withheld_cells()
    {
        var pattern = OneDimension(100, ("email", 78), ("sms", 150), ("chat", 900), ("voice", 1200));
        bool Keeps(IReadOnlyList<string> values, params string[] channels) => channels.Contains(values[0]);

        Assert.True(pattern.CheckSelection(0, [""], v => Keeps(v, "chat", "voice")).Safe);
        Assert.True(pattern.CheckSelection(0, [""], v => Keeps(v, "email", "sms", "chat")).Safe);
        var (safe, kept, dropped) = pattern.CheckSelection(0, [""], v => Keeps(v, "sms", "chat", "voice"));
        Assert.False(safe);
        Assert.Equal(["channel=sms"], kept.ToArray());
        Assert.Equal(["channel=email"], dropped.ToArray());
        Assert.Equal(
            "withheld because the filters keep channel=sms but drop channel=email, which are withheld together: include or exclude channel=sms together with channel=email so that none can be derived by subtraction",
            DisclosureControl.FilterReason(kept, dropped));
    }

    [Fact]
    public void Keeping_all_withheld_cells_of_a_slice_is_unsafe_when_the_slice_total_is_withheld()
    {
        var pattern = OneDimension(100, ("email", 30), ("chat", 40));

        Assert.False(pattern.CheckSelection(0, [""], _ => true).Safe);
    }

    [Fact]
    public void The_pattern_does_not_depend_on_the_order_of_the_cells()
    {
        var cells = new[] { ("email", 78L), ("sms", 150L), ("web", 150L), ("chat", 900L) };
        var a = OneDimension(100, cells);
        var b = OneDimension(100, [.. cells.Reverse()]);

        Assert.Equal(Withheld(a, a.FullMask), Withheld(b, b.FullMask));
        Assert.Equal(["channel=email", "channel=sms"], Withheld(a, a.FullMask));
    }

    /// <summary>
    /// In every table, every line whose margin is shown holds no withheld non-empty cell or at least
    /// two adding up to k or more, and every line whose margin is withheld holds a withheld cell.
    /// </summary>
    private static void AssertNoLineGivesAWithheldCellAway(SuppressionPattern pattern, int k)
    {
        var full = pattern.WithheldCells(pattern.FullMask).Select(w => pattern.Key(w.Values, pattern.FullMask)).ToHashSet();
        for (var mask = 1; mask <= pattern.FullMask; mask++)
        {
            for (var d = 0; d < pattern.Dimensions.Length; d++)
            {
                if ((mask & (1 << d)) == 0)
                {
                    continue;
                }

                var withheld = pattern.WithheldCells(mask).ToArray();
                foreach (var line in withheld.GroupBy(w => pattern.Key(w.Values, mask & ~(1 << d))))
                {
                    var marginWithheld = pattern.Withheld(mask & ~(1 << d), line.First().Values) is not null;
                    var hidden = line.Where(w => w.N > 0).ToArray();
                    Assert.True(marginWithheld || hidden.Length >= 2, $"line {line.Key} of mask {mask} has one withheld cell");
                    Assert.True(marginWithheld || hidden.Sum(w => w.N) >= k, $"line {line.Key} of mask {mask} hides fewer than k units");
                }
            }
        }

        Assert.NotEmpty(full);
    }
}
