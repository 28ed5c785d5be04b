namespace CxSemantic.Compiler.Statistics;

/// <summary>The standard normal distribution: CDF via erfc, quantile via Wichura's AS241.</summary>
public static class NormalDistribution
{
    private const double InverseSqrtTwo = 0.70710678118654752440084436210484903928483593768847;

    /// <summary>Φ(z) = ½·erfc(−z/√2); accurate to near double precision in both tails.</summary>
    /// <param name="z">Any finite or infinite value.</param>
    public static double Cdf(double z) => 0.5 * SpecialFunctions.Erfc(-z * InverseSqrtTwo);

    /// <summary>The upper tail 1 − Φ(z), computed directly (no cancellation for large z).</summary>
    /// <param name="z">Any finite or infinite value.</param>
    public static double UpperTail(double z) => 0.5 * SpecialFunctions.Erfc(z * InverseSqrtTwo);

    /// <summary>Two-sided p-value 2·(1 − Φ(|z|)) of a z statistic.</summary>
    /// <param name="z">The statistic.</param>
    public static double TwoSidedPValue(double z) => Math.Min(1.0, 2.0 * UpperTail(Math.Abs(z)));

    /// <summary>
    /// Φ⁻¹(p) by Wichura (1988), Algorithm AS241 PPND16, Applied Statistics 37(3):477–484; relative error
    /// about 1e-16. p = 0 and p = 1 give −∞ and +∞.
    /// </summary>
    /// <param name="p">A probability in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1] or NaN.</exception>
    public static double Quantile(double p)
    {
        if (!(p >= 0.0 && p <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, StatisticsErrorMessages.ProbabilityOutOfRange);
        }

        if (p == 0.0)
        {
            return double.NegativeInfinity;
        }

        if (p == 1.0)
        {
            return double.PositiveInfinity;
        }

        var q = p - 0.5;
        double r;
        if (Math.Abs(q) <= 0.425)
        {
            r = 0.180625 - (q * q);
            var num = (((((((((((((2.5090809287301226727e+3 * r) + 3.3430575583588128105e+4) * r) + 6.7265770927008700853e+4) * r) + 4.5921953931549871457e+4) * r) + 1.3731693765509461125e+4) * r) + 1.9715909503065514427e+3) * r) + 1.3314166789178437745e+2) * r) + 3.3871328727963666080e+0;
            var den = (((((((((((((5.2264952788528545610e+3 * r) + 2.8729085735721942674e+4) * r) + 3.9307895800092710610e+4) * r) + 2.1213794301586595867e+4) * r) + 5.3941960214247511077e+3) * r) + 6.8718700749205790830e+2) * r) + 4.2313330701600911252e+1) * r) + 1.0;
            return q * num / den;
        }

        r = q < 0.0 ? p : 1.0 - p;
        return UpperOrLowerTail(r, q < 0.0);
    }

    /// <summary>
    /// z with 1 − Φ(z) = <paramref name="upperTail"/> for a small tail probability, without forming 1 − p
    /// (so tails below 1e-16 keep their precision). Used for confidence multipliers z_{1−α/2}.
    /// </summary>
    /// <param name="upperTail">A probability in (0, 1).</param>
    public static double UpperQuantile(double upperTail)
    {
        if (!(upperTail > 0.0 && upperTail < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(upperTail), upperTail, StatisticsErrorMessages.ProbabilityOutOfRange);
        }

        return upperTail >= 0.075 ? -Quantile(upperTail) : UpperOrLowerTail(upperTail, lower: false);
    }

    /// <summary>The z multiplier of a two-sided interval at <paramref name="level"/>: Φ⁻¹(1 − (1 − level)/2).</summary>
    /// <param name="level">Confidence level in (0, 1).</param>
    public static double TwoSidedMultiplier(double level)
    {
        Guard.Level(level);
        return UpperQuantile((1.0 - level) / 2.0);
    }

    /// <summary>The tail branch of AS241 for a tail probability r = min(p, 1 − p) below 0.075.</summary>
    private static double UpperOrLowerTail(double r, bool lower)
    {
        double value;
        r = Math.Sqrt(-Math.Log(r));
        if (r <= 5.0)
        {
            r -= 1.6;
            var num = (((((((((((((7.74545014278341407640e-4 * r) + 2.27238449892691845833e-2) * r) + 2.41780725177450611770e-1) * r) + 1.27045825245236838258e+0) * r) + 3.64784832476320460504e+0) * r) + 5.76949722146069140550e+0) * r) + 4.63033784615654529590e+0) * r) + 1.42343711074968357734e+0;
            var den = (((((((((((((1.05075007164441684324e-9 * r) + 5.47593808499534494600e-4) * r) + 1.51986665636164571966e-2) * r) + 1.48103976427480074590e-1) * r) + 6.89767334985100004550e-1) * r) + 1.67638483018380384940e+0) * r) + 2.05319162663775882187e+0) * r) + 1.0;
            value = num / den;
        }
        else
        {
            r -= 5.0;
            var num = (((((((((((((2.01033439929228813265e-7 * r) + 2.71155556874348757815e-5) * r) + 1.24266094738807843860e-3) * r) + 2.65321895265761230930e-2) * r) + 2.96560571828504891230e-1) * r) + 1.78482653991729133580e+0) * r) + 5.46378491116411436990e+0) * r) + 6.65790464350110377720e+0;
            var den = (((((((((((((2.04426310338993978564e-15 * r) + 1.42151175831644588870e-7) * r) + 1.84631831751005468180e-5) * r) + 7.86869131145613259100e-4) * r) + 1.48753612908506148525e-2) * r) + 1.36929880922735805310e-1) * r) + 5.99832206555887937690e-1) * r) + 1.0;
            value = num / den;
        }

        return lower ? -value : value;
    }
}
