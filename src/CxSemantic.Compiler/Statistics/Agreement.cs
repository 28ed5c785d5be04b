namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// Cohen's kappa for two raters over k categories. Undefined parts are null and
/// <see cref="UndefinedReason"/> says why: n = 0 (nothing rated) or expected agreement 1 (both raters
/// used one and the same category for every unit, so kappa is 0/0).
/// </summary>
/// <param name="N">Units rated by both raters.</param>
/// <param name="Categories">k, the number of categories of the table.</param>
/// <param name="Kappa">κ = (pₒ − pₑ)/(1 − pₑ), or null.</param>
/// <param name="ObservedAgreement">pₒ = Σ pᵢᵢ, or null when n = 0.</param>
/// <param name="ExpectedAgreement">pₑ = Σ pᵢ. p.ᵢ, or null when n = 0.</param>
/// <param name="StandardError">Large-sample SE of κ̂ (Fleiss, Cohen &amp; Everitt 1969), used for the interval.</param>
/// <param name="StandardErrorUnderNull">SE of κ̂ when κ = 0 (Fleiss, Cohen &amp; Everitt 1969), used for the p-value.</param>
/// <param name="Interval">κ ± z·SE clamped to [−1, 1].</param>
/// <param name="PValue">Two-sided p-value of κ = 0 (z = κ/SE₀).</param>
/// <param name="UndefinedReason">Null when defined; otherwise one of <see cref="UndefinedReasons"/>.</param>
public sealed record KappaEstimate(
    long N,
    int Categories,
    double? Kappa,
    double? ObservedAgreement,
    double? ExpectedAgreement,
    double? StandardError,
    double? StandardErrorUnderNull,
    ConfidenceInterval? Interval,
    double? PValue,
    string? UndefinedReason)
{
    /// <summary>Whether kappa exists.</summary>
    public bool IsDefined => Kappa is not null;

    /// <summary>
    /// Why the interval (and the standard error comparisons use) is withheld although kappa is shown:
    /// a category too rare for the large-sample variance. Null when the interval is given or kappa undefined.
    /// </summary>
    public string? IntervalWithheld { get; init; }
}

/// <summary>Agreement between two raters (for example an AI evaluator and a human QA reviewer).</summary>
public static class Agreement
{
    /// <summary>
    /// Cohen's (1960) kappa from a k×k confusion matrix: counts[i, j] = units the first rater put in
    /// category i and the second in j.
    /// </summary>
    /// <remarks>
    /// The interval uses the large-sample variance of Fleiss, Cohen &amp; Everitt (1969, Psychological
    /// Bulletin 72:323), as given in Fleiss, Levin &amp; Paik (2003, eq. 18.13) and used by SAS PROC FREQ:
    /// Var(κ̂) = [A + B − C] / (n(1 − pₑ)²) with A = Σᵢ pᵢᵢ(1 − (pᵢ. + p.ᵢ)(1 − κ))²,
    /// B = (1 − κ)² Σ_{i≠j} pᵢⱼ(p.ᵢ + pⱼ.)², C = (κ − pₑ(1 − κ))². The p-value uses their variance under
    /// κ = 0: [pₑ + pₑ² − Σᵢ pᵢ.p.ᵢ(pᵢ. + p.ᵢ)] / (n(1 − pₑ)²). The simpler √(pₒ(1 − pₒ)/(n(1 − pₑ)²)) of
    /// Cohen (1960) is not used.
    /// </remarks>
    /// <param name="counts">Square matrix of non-negative counts.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or the level is outside (0, 1).</exception>
    public static KappaEstimate CohensKappa(long[,] counts, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var k = counts.GetLength(0);
        if (counts.GetLength(1) != k)
        {
            throw new ArgumentException(StatisticsErrorMessages.ConfusionMatrixNotSquare, nameof(counts));
        }

        Guard.Level(level);
        long n = 0;
        foreach (var count in counts)
        {
            Guard.Count(count, nameof(counts));
            n = checked(n + count);
        }

        if (n == 0)
        {
            return new KappaEstimate(0, k, null, null, null, null, null, null, null, UndefinedReasons.NoUnits);
        }

        var total = (double)n;
        var rows = new double[k];
        var columns = new double[k];
        var observed = 0.0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var p = counts[i, j] / total;
                rows[i] += p;
                columns[j] += p;
            }

            observed += counts[i, i] / total;
        }

        var expected = 0.0;
        for (var i = 0; i < k; i++)
        {
            expected += rows[i] * columns[i];
        }

        // pₑ = 1 exactly when both raters used one and the same category throughout; near-1 values from
        // rounding are treated the same (the denominator would be noise).
        var disagreementByChance = 1.0 - expected;
        if (disagreementByChance <= 1e-12)
        {
            return new KappaEstimate(n, k, null, observed, expected, null, null, null, null, UndefinedReasons.ChanceAgreementIsCertain);
        }

        var kappa = Math.Clamp((observed - expected) / disagreementByChance, -1.0, 1.0);
        var oneMinusKappa = 1.0 - kappa;
        double a = 0.0, b = 0.0, nullSum = 0.0;
        for (var i = 0; i < k; i++)
        {
            var term = 1.0 - ((rows[i] + columns[i]) * oneMinusKappa);
            a += counts[i, i] / total * term * term;
            nullSum += rows[i] * columns[i] * (rows[i] + columns[i]);
            for (var j = 0; j < k; j++)
            {
                if (i != j && counts[i, j] != 0)
                {
                    var margins = columns[i] + rows[j];
                    b += counts[i, j] / total * margins * margins;
                }
            }
        }

        b *= oneMinusKappa * oneMinusKappa;
        var c = kappa - (expected * oneMinusKappa);
        c *= c;
        var scale = total * disagreementByChance * disagreementByChance;
        var standardError = Math.Sqrt(Math.Max(0.0, a + b - c) / scale);
        var nullStandardError = Math.Sqrt(Math.Max(0.0, expected + (expected * expected) - nullSum) / scale);

        var z = NormalDistribution.TwoSidedMultiplier(level);
        var interval = ConfidenceInterval.Symmetric(kappa, z * standardError, level, -1.0, 1.0);
        double? pValue = nullStandardError > 0.0 ? NormalDistribution.TwoSidedPValue(kappa / nullStandardError) : null;
        return new KappaEstimate(n, k, kappa, observed, expected, standardError, nullStandardError, interval, pValue, null);
    }

    /// <summary>
    /// Cohen's kappa from (first rater's label, second rater's label, count) rows, as a GROUP BY over both
    /// labels returns them. Categories are the union of labels seen (in order of first appearance); rows
    /// with the same pair are added.
    /// </summary>
    /// <typeparam name="TLabel">Label type, compared with its default equality.</typeparam>
    /// <param name="ratings">The rows.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <param name="minimumCategoryCount">
    /// When the rarest category of either rater's labels (its marginal count; a category only the other
    /// rater used counts 0) has fewer labels than this, kappa is still given but its interval and standard
    /// error are withheld, with <see cref="KappaEstimate.IntervalWithheld"/> saying why: the large-sample
    /// interval under-covers there (87 % instead of 95 % with ~5 labels of a category). 0 never withholds.
    /// </param>
    public static KappaEstimate CohensKappa<TLabel>(IEnumerable<(TLabel First, TLabel Second, long Count)> ratings, double level = 0.95, int minimumCategoryCount = 0)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var rows = ratings.ToList();
        var index = new Dictionary<TLabel, int>();
        foreach (var (first, second, count) in rows)
        {
            Guard.Count(count, nameof(ratings));
            index.TryAdd(first, index.Count);
            index.TryAdd(second, index.Count);
        }

        var counts = new long[index.Count, index.Count];
        foreach (var (first, second, count) in rows)
        {
            counts[index[first], index[second]] = checked(counts[index[first], index[second]] + count);
        }

        var estimate = CohensKappa(counts, level);
        if (minimumCategoryCount <= 0 || estimate.Interval is null)
        {
            return estimate;
        }

        // The rarest category over both raters' margins; ties go to the label first in ordinal order, so
        // the message does not depend on the order the rows arrived in.
        var rarest = index.Keys
            .Select(label => (Label: label, Count: Math.Min(Margin(counts, label, index, byRow: true), Margin(counts, label, index, byRow: false))))
            .OrderBy(c => c.Count)
            .ThenBy(c => c.Label.ToString(), StringComparer.Ordinal)
            .First();
        return rarest.Count >= minimumCategoryCount
            ? estimate
            : estimate with
            {
                Interval = null,
                StandardError = null,
                IntervalWithheld = RareCategoryReason(rarest.Label.ToString() ?? string.Empty, rarest.Count, minimumCategoryCount),
            };
    }

    /// <summary>The reason given when a rare category withholds kappa's interval.</summary>
    /// <param name="label">The rarest label.</param>
    /// <param name="count">Its labels (the smaller of the two raters' margins).</param>
    /// <param name="minimum">The labels required.</param>
    public static string RareCategoryReason(string label, long count, int minimum) =>
        $"the rarest label ({label}) has {count} label{(count == 1 ? string.Empty : "s")}; at least {minimum} are needed for a reliable interval";

    private static long Margin<TLabel>(long[,] counts, TLabel label, Dictionary<TLabel, int> index, bool byRow)
        where TLabel : notnull
    {
        var i = index[label];
        long sum = 0;
        for (var j = 0; j < index.Count; j++)
        {
            sum += byRow ? counts[i, j] : counts[j, i];
        }

        return sum;
    }

    /// <summary>
    /// Raw agreement (accuracy against a reference rater) as a proportion with its Wilson interval; see
    /// <see cref="Proportion.Wilson"/>.
    /// </summary>
    /// <param name="agree">Units on which the raters agree, in [0, n].</param>
    /// <param name="n">Units rated by both.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    public static ProportionEstimate Accuracy(long agree, long n, double level = 0.95) => Proportion.Wilson(agree, n, level);
}
