using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Tests.Statistics;

public class AgreementTests
{
    // SAS/STAT PROC FREQ "Getting Started: Agreement Study" (skin condition, two dermatologists, n = 88):
    // published Simple Kappa 0.3449, ASE 0.0724, 95% limits 0.2030 – 0.4868, ASE under H0 0.0612.
    // Full precision: Fleiss–Cohen–Everitt formulas evaluated independently with mpmath at 40 digits.
    private static readonly long[,] SkinCondition =
    {
        { 10, 4, 1, 0 },
        { 5, 10, 12, 2 },
        { 2, 4, 12, 5 },
        { 0, 2, 6, 13 },
    };

    [Fact]
    public void Kappa_matches_SAS_skin_condition_example()
    {
        var kappa = Agreement.CohensKappa(SkinCondition);
        Assert.Equal(88, kappa.N);
        Assert.Equal(4, kappa.Categories);
        Approx.Near(0.3449, kappa.Kappa!.Value, 5e-5);
        Approx.Near(0.0724, kappa.StandardError!.Value, 5e-5);
        Approx.Near(0.2030, kappa.Interval!.Low, 5e-5);
        Approx.Near(0.4868, kappa.Interval.High, 5e-5);
        Approx.Near(0.0612, kappa.StandardErrorUnderNull!.Value, 5e-5);

        Approx.Equal(0.34487534626038781, kappa.Kappa, 1e-13);
        Approx.Equal(0.51136363636363636, kappa.ObservedAgreement, 1e-14);
        Approx.Equal(0.25413223140495868, kappa.ExpectedAgreement, 1e-14);
        Approx.Equal(0.072396687371983543, kappa.StandardError, 1e-12);
        Approx.Equal(0.061184719128105364, kappa.StandardErrorUnderNull, 1e-12);
        Approx.Equal(0.20298044641129432, kappa.Interval.Low, 1e-12);
        Approx.Equal(0.4867702461094813, kappa.Interval.High, 1e-12);
        Approx.Equal(1.7341469834268616e-8, kappa.PValue, 1e-8);
    }

    // Fleiss, Levin & Paik (2003), ch. 18: two psychiatrists diagnosing 100 patients (n = 100, pₒ = .89, pₑ = .66,
    // κ = .68); SEs from mpmath as above.
    [Fact]
    public void Kappa_matches_Fleiss_diagnosis_example()
    {
        long[,] counts = { { 75, 1, 4 }, { 5, 4, 1 }, { 0, 0, 10 } };
        var kappa = Agreement.CohensKappa(counts);
        Approx.Equal(0.89, kappa.ObservedAgreement, 1e-14);
        Approx.Equal(0.66, kappa.ExpectedAgreement, 1e-14);
        Approx.Equal(0.67647058823529412, kappa.Kappa, 1e-13);
        Approx.Equal(0.087702953475212476, kappa.StandardError, 1e-12);
        Approx.Equal(0.076187257923462462, kappa.StandardErrorUnderNull, 1e-12);
        Approx.Equal(0.50457595808608568, kappa.Interval!.Low, 1e-12);
        Approx.Equal(0.84836521838450256, kappa.Interval.High, 1e-12);
    }

    [Fact]
    public void Two_by_two_hand_derivation()
    {
        // [[20, 5], [10, 15]]: pₒ = 0.7, margins (0.5, 0.5) both ways so pₑ = 0.5, κ = 0.4.
        // Null SE = √((0.5 + 0.25 − 2·0.25)/(50·0.25)) = √0.02 = 0.141421… ; mpmath for the rest.
        var kappa = Agreement.CohensKappa(new long[,] { { 20, 5 }, { 10, 15 } });
        Approx.Equal(0.4, kappa.Kappa, 1e-14);
        Approx.Equal(0.12699606293110035, kappa.StandardError, 1e-12);
        Approx.Equal(0.13856406460551018, kappa.StandardErrorUnderNull, 1e-12);
        Approx.Equal(0.0038924171227786295, kappa.PValue, 1e-10);
    }

    [Fact]
    public void Label_rows_give_the_same_result_as_the_matrix()
    {
        var rows = new List<(string, string, long)>();
        string[] labels = ["terrible", "poor", "marginal", "clear"];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                rows.Add((labels[i], labels[j], SkinCondition[i, j]));
            }
        }

        // Split one cell in two rows and drop a zero cell: the result must not change.
        rows.Add(("poor", "marginal", 0));
        var fromRows = Agreement.CohensKappa(rows);
        Assert.Equal(Agreement.CohensKappa(SkinCondition), fromRows);
    }

    [Fact]
    public void Perfect_agreement_is_one_with_zero_standard_error()
    {
        var kappa = Agreement.CohensKappa(new long[,] { { 30, 0, 0 }, { 0, 12, 0 }, { 0, 0, 8 } });
        Assert.Equal(1.0, kappa.Kappa);
        Assert.Equal(1.0, kappa.ObservedAgreement);
        Assert.Equal(0.0, kappa.StandardError!.Value, 12);
        Assert.Equal(1.0, kappa.Interval!.High);
        Assert.True(kappa.PValue < 1e-10);
    }

    [Fact]
    public void Complete_disagreement_on_two_balanced_categories_is_minus_one()
    {
        var kappa = Agreement.CohensKappa(new long[,] { { 0, 25 }, { 25, 0 } });
        Approx.Equal(-1.0, kappa.Kappa, 1e-15);
        Assert.Equal(-1.0, kappa.Interval!.Low);
    }

    [Fact]
    public void Certain_chance_agreement_is_undefined()
    {
        // Both raters say "resolved" for every contact: pₒ = pₑ = 1, κ = 0/0.
        var kappa = Agreement.CohensKappa(new long[,] { { 40, 0 }, { 0, 0 } });
        Assert.False(kappa.IsDefined);
        Assert.Null(kappa.Kappa);
        Assert.Null(kappa.StandardError);
        Assert.Null(kappa.Interval);
        Assert.Null(kappa.PValue);
        Assert.Equal(1.0, kappa.ObservedAgreement);
        Assert.Equal(1.0, kappa.ExpectedAgreement);
        Assert.Equal(UndefinedReasons.ChanceAgreementIsCertain, kappa.UndefinedReason);

        var single = Agreement.CohensKappa(new[] { ("yes", "yes", 7L) });
        Assert.Equal(UndefinedReasons.ChanceAgreementIsCertain, single.UndefinedReason);
    }

    [Fact]
    public void Nothing_rated_is_undefined()
    {
        var kappa = Agreement.CohensKappa(new long[3, 3]);
        Assert.Equal(UndefinedReasons.NoUnits, kappa.UndefinedReason);
        Assert.Null(kappa.ObservedAgreement);
        Assert.Equal(UndefinedReasons.NoUnits, Agreement.CohensKappa(Array.Empty<(int, int, long)>()).UndefinedReason);
    }

    [Fact]
    public void Invalid_tables_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Agreement.CohensKappa(new long[2, 3]));
        Assert.StartsWith(StatisticsErrorMessages.ConfusionMatrixNotSquare, ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Agreement.CohensKappa(new long[,] { { 1, -1 }, { 0, 1 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Agreement.CohensKappa(new[] { ("a", "b", -2L) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Agreement.CohensKappa(new long[,] { { 1 } }, 2.0));
    }
}
