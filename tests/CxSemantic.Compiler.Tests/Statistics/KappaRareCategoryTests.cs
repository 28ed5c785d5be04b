using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Tests.Statistics;

/// <summary>Kappa's interval is withheld when a category has fewer than the minimum labels (marginal count).</summary>
public class KappaRareCategoryTests
{
    private static (string First, string Second, long Count)[] Table(long rareByHuman, long rareByEvaluator, long both) =>
    [
        ("compliant", "compliant", 120),
        ("non_compliant", "non_compliant", both),
        ("non_compliant", "compliant", rareByEvaluator - both),
        ("compliant", "non_compliant", rareByHuman - both),
    ];

    [Fact]
    public void Seven_labels_of_a_category_withhold_the_interval_but_keep_kappa()
    {
        // Evaluator (first) says non_compliant 9 times, the human (second) 7 times; 5 agree.
        var rows = Table(rareByHuman: 7, rareByEvaluator: 9, both: 5);
        var withheld = Agreement.CohensKappa(rows, minimumCategoryCount: 10);
        var plain = Agreement.CohensKappa(rows);

        Assert.Equal(plain.Kappa, withheld.Kappa);
        Assert.NotNull(plain.Interval);
        Assert.Null(withheld.Interval);
        Assert.Null(withheld.StandardError);
        Assert.Equal("the rarest label (non_compliant) has 7 labels; at least 10 are needed for a reliable interval", withheld.IntervalWithheld);

        // A delta of kappa needs both intervals.
        Assert.Null(DeltaTests.Kappas(withheld, plain));
        Assert.NotNull(DeltaTests.Kappas(plain, plain));
    }

    [Fact]
    public void Ten_labels_in_both_margins_keep_the_interval()
    {
        var estimate = Agreement.CohensKappa(Table(rareByHuman: 10, rareByEvaluator: 12, both: 8), minimumCategoryCount: 10);
        Assert.NotNull(estimate.Interval);
        Assert.Null(estimate.IntervalWithheld);
    }

    [Fact]
    public void A_category_only_one_rater_used_counts_zero_for_the_other()
    {
        // The human never says non_compliant: its margin is 0 although the evaluator used it 12 times.
        var estimate = Agreement.CohensKappa([("compliant", "compliant", 100L), ("non_compliant", "compliant", 12L), ("compliant", "partial", 15L), ("partial", "partial", 20L)], minimumCategoryCount: 10);
        Assert.NotNull(estimate.Kappa);
        Assert.Equal("the rarest label (non_compliant) has 0 labels; at least 10 are needed for a reliable interval", estimate.IntervalWithheld);
    }

    [Fact]
    public void Ties_name_the_label_first_in_ordinal_order_whatever_the_row_order()
    {
        (string, string, long)[] rows = [("b", "b", 4), ("a", "a", 4), ("c", "c", 50)];
        var forward = Agreement.CohensKappa(rows, minimumCategoryCount: 10);
        var backward = Agreement.CohensKappa(rows.Reverse(), minimumCategoryCount: 10);
        Assert.Equal("the rarest label (a) has 4 labels; at least 10 are needed for a reliable interval", forward.IntervalWithheld);
        Assert.Equal(forward.IntervalWithheld, backward.IntervalWithheld);
        Assert.Equal("the rarest label (x) has 1 label; at least 10 are needed for a reliable interval", Agreement.RareCategoryReason("x", 1, 10));
    }
}
