using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Tests.Statistics;

public class BenjaminiHochbergTests
{
    // Benjamini & Hochberg (1995), JRSS B 57:289, §4 example: 15 p-values; at q = 0.05 the procedure
    // rejects the four smallest (p₍₄₎ = 0.0095 ≤ 4·0.05/15 = 0.0133, while no larger p₍ᵢ₎ ≤ i·0.05/15).
    private static readonly double?[] Paper =
        [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000];

    // q₍ᵢ₎ = min_{j≥i} min(1, 15·p₍ⱼ₎/j), computed in exact decimal arithmetic (mpmath).
    private static readonly double[] PaperAdjusted =
        [0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.063857142857142857, 0.063857142857142857, 0.0645, 0.0765, 0.486, 0.58118181818181818, 0.714875, 0.75323076923076923, 0.81321428571428571, 1.0];

    [Fact]
    public void Adjusted_values_match_the_paper_example()
    {
        var adjusted = BenjaminiHochberg.Adjust(Paper);
        Assert.Equal(15, adjusted.Count);
        for (var i = 0; i < 15; i++)
        {
            Approx.Equal(PaperAdjusted[i], adjusted[i], 1e-14);
        }
    }

    [Fact]
    public void Four_hypotheses_are_rejected_at_five_percent_as_in_the_paper()
    {
        var significant = BenjaminiHochberg.Significant(Paper, 0.05);
        Assert.Equal([true, true, true, true, false, false, false, false, false, false, false, false, false, false, false], significant);
    }

    [Fact]
    public void Order_is_preserved_and_nulls_stay_null()
    {
        // The paper's values shuffled, with rows that have no comparison interleaved.
        double?[] shuffled = [0.0459, null, 0.0001, 1.000, 0.0095, null, 0.0278, 0.0004, 0.3240, 0.0019, 0.7590, 0.0201, 0.0298, 0.4262, 0.0344, 0.5719, 0.6528];
        var adjusted = BenjaminiHochberg.Adjust(shuffled);
        var significant = BenjaminiHochberg.Significant(shuffled);
        Assert.Null(adjusted[1]);
        Assert.Null(adjusted[5]);
        Assert.False(significant[1]);
        Approx.Equal(0.0765, adjusted[0], 1e-14);
        Approx.Equal(0.0015, adjusted[2], 1e-14);
        Approx.Equal(0.035625, adjusted[4], 1e-14);
        Assert.Equal(4, significant.Count(s => s));
        Assert.True(significant[2] && significant[4] && significant[7] && significant[9]);
    }

    [Fact]
    public void Ties_share_the_adjusted_value()
    {
        var adjusted = BenjaminiHochberg.Adjust([0.01, 0.01, 0.01, 0.5]);
        // m·p/i at the largest tied rank: 4·0.01/3.
        Approx.Equal(4 * 0.01 / 3, adjusted[0], 1e-15);
        Assert.Equal(adjusted[0], adjusted[1]);
        Assert.Equal(adjusted[0], adjusted[2]);
        Approx.Equal(0.5, adjusted[3], 1e-15);
    }

    [Fact]
    public void Edge_cases()
    {
        Assert.Empty(BenjaminiHochberg.Adjust([]));
        Assert.Equal([null, null], BenjaminiHochberg.Adjust([null, null]));
        Assert.Equal([false, false], BenjaminiHochberg.Significant([null, null]));
        Assert.Equal([0.03], BenjaminiHochberg.Adjust([0.03]));
        Assert.Equal([0.9, 0.9], BenjaminiHochberg.Adjust([0.9, 0.8]));
        Assert.Equal([1.0, 1.0], BenjaminiHochberg.Adjust([1.0, 0.8]).Select(q => Math.Round(q!.Value, 15)));
        Assert.Equal([true], BenjaminiHochberg.Significant([0.0]));

        Assert.StartsWith(StatisticsErrorMessages.PValueOutOfRange, Assert.Throws<ArgumentOutOfRangeException>(() => BenjaminiHochberg.Adjust([0.5, 1.5])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => BenjaminiHochberg.Adjust([double.NaN]));
        Assert.StartsWith(StatisticsErrorMessages.FdrOutOfRange, Assert.Throws<ArgumentOutOfRangeException>(() => BenjaminiHochberg.Significant([0.5], 0)).Message, StringComparison.Ordinal);
    }
}
