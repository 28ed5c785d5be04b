namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// Student's t distribution with ν &gt; 0 (possibly fractional, as Welch–Satterthwaite gives) degrees of
/// freedom. Tails come from the regularized incomplete beta function, P(|T| &gt; t) = I_{ν/(ν+t²)}(ν/2, ½)
/// (Abramowitz &amp; Stegun 26.7.1 / 26.5.27); quantiles invert that with a bracketed Newton iteration.
/// </summary>
public static class StudentTDistribution
{
    /// <summary>
    /// Above this many degrees of freedom the quantile comes from the Cornish–Fisher expansion in 1/ν
    /// (A&amp;S 26.7.5), whose first omitted term is of order z¹¹/ν⁵ ≤ 1e-16·z there even for z = 37 (p = 1e-300).
    /// </summary>
    private const double ExpansionDegreesOfFreedom = 1e6;

    /// <summary>
    /// Tails with t²/ν below this (and ν ≥ 1000) come from the same expansion: there the omitted terms are
    /// about 1e-17 relative or less (they shrink like ν⁻⁵; at ν = 100 they would already reach 1e-12), while the incomplete-beta continued fraction would lose about ε·ν/t².
    /// </summary>
    private const double ExpansionRatioLimit = 1e-3;

    /// <summary>P(T ≤ t).</summary>
    /// <param name="t">The statistic.</param>
    /// <param name="degreesOfFreedom">ν &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">ν is not positive, or t is NaN.</exception>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        CheckDegreesOfFreedom(degreesOfFreedom);
        if (double.IsNaN(t))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, StatisticsErrorMessages.NotFinite);
        }

        var tail = UpperTailUnchecked(Math.Abs(t), degreesOfFreedom);
        return t < 0 ? tail : 1.0 - tail;
    }

    /// <summary>P(T &gt; t), computed directly so small tails keep their precision.</summary>
    /// <param name="t">The statistic.</param>
    /// <param name="degreesOfFreedom">ν &gt; 0.</param>
    public static double UpperTail(double t, double degreesOfFreedom) => Cdf(-t, degreesOfFreedom);

    /// <summary>Two-sided p-value P(|T| ≥ |t|).</summary>
    /// <param name="t">The statistic.</param>
    /// <param name="degreesOfFreedom">ν &gt; 0.</param>
    public static double TwoSidedPValue(double t, double degreesOfFreedom)
    {
        CheckDegreesOfFreedom(degreesOfFreedom);
        if (double.IsNaN(t))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, StatisticsErrorMessages.NotFinite);
        }

        return Math.Min(1.0, 2.0 * UpperTailUnchecked(Math.Abs(t), degreesOfFreedom));
    }

    /// <summary>The density of T at t.</summary>
    /// <param name="t">The point.</param>
    /// <param name="degreesOfFreedom">ν &gt; 0.</param>
    public static double Density(double t, double degreesOfFreedom)
    {
        CheckDegreesOfFreedom(degreesOfFreedom);
        return DensityUnchecked(t, degreesOfFreedom);
    }

    /// <summary>The quantile t_p with P(T ≤ t_p) = p; p = 0 and 1 give ∓∞.</summary>
    /// <param name="p">A probability in [0, 1].</param>
    /// <param name="degreesOfFreedom">ν &gt; 0.</param>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        CheckDegreesOfFreedom(degreesOfFreedom);
        if (!(p >= 0.0 && p <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, StatisticsErrorMessages.ProbabilityOutOfRange);
        }

        if (p == 0.5)
        {
            return 0.0;
        }

        return p < 0.5 ? -UpperQuantileUnchecked(p, degreesOfFreedom) : UpperQuantileUnchecked(1.0 - p, degreesOfFreedom);
    }

    /// <summary>t with P(T &gt; t) = <paramref name="upperTail"/>, without forming 1 − p.</summary>
    /// <param name="upperTail">A probability in (0, 1).</param>
    /// <param name="degreesOfFreedom">ν &gt; 0.</param>
    public static double UpperQuantile(double upperTail, double degreesOfFreedom)
    {
        CheckDegreesOfFreedom(degreesOfFreedom);
        if (!(upperTail > 0.0 && upperTail < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(upperTail), upperTail, StatisticsErrorMessages.ProbabilityOutOfRange);
        }

        return upperTail > 0.5 ? -UpperQuantileUnchecked(1.0 - upperTail, degreesOfFreedom) : UpperQuantileUnchecked(upperTail, degreesOfFreedom);
    }

    /// <summary>The t multiplier of a two-sided interval: t_{1−(1−level)/2, ν}.</summary>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <param name="degreesOfFreedom">ν &gt; 0.</param>
    public static double TwoSidedMultiplier(double level, double degreesOfFreedom)
    {
        Guard.Level(level);
        return UpperQuantile((1.0 - level) / 2.0, degreesOfFreedom);
    }

    private static void CheckDegreesOfFreedom(double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0.0) || double.IsPositiveInfinity(degreesOfFreedom))
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, StatisticsErrorMessages.DegreesOfFreedomNotPositive);
        }
    }

    /// <summary>P(T &gt; t) for t ≥ 0: ½·I_x(ν/2, ½) with x = ν/(ν+t²), y = 1 − x = t²/(ν+t²).</summary>
    private static double UpperTailUnchecked(double t, double nu)
    {
        if (t == 0.0)
        {
            return 0.5;
        }

        if (double.IsPositiveInfinity(t))
        {
            return 0.0;
        }

        double x, y, logX, logY;
        var ratio = t / Math.Sqrt(nu);
        if (nu >= 1000.0 && ratio * ratio < ExpansionRatioLimit)
        {
            // Here the continued fraction would cancel (its first denominators are ~ t²/ν), so invert
            // the quantile expansion instead: find z with CornishFisher(z) = t, then P(T > t) = 1 − Φ(z).
            return NormalDistribution.UpperTail(InverseCornishFisher(t, nu));
        }

        if (ratio < 1e150)
        {
            var r2 = ratio * ratio;                         // t²/ν
            x = 1.0 / (1.0 + r2);
            y = r2 / (1.0 + r2);
            logX = -SpecialFunctions.Log1P(r2);
            logY = (2.0 * Math.Log(ratio)) - SpecialFunctions.Log1P(r2);
        }
        else
        {
            // t²/ν overflows: x ≈ ν/t², y ≈ 1.
            logX = -2.0 * Math.Log(ratio);
            x = Math.Exp(logX);
            y = 1.0;
            logY = -x;
        }

        return 0.5 * SpecialFunctions.RegularizedBeta(nu / 2.0, 0.5, x, y, logX, logY);
    }

    /// <summary>f(t) = (1 + t²/ν)^(−(ν+1)/2) / (√ν · B(ν/2, ½)).</summary>
    private static double DensityUnchecked(double t, double nu)
    {
        var ratio = t / Math.Sqrt(nu);
        return Math.Exp((-(nu + 1.0) / 2.0 * SpecialFunctions.Log1P(ratio * ratio)) - (0.5 * Math.Log(nu)) - SpecialFunctions.LogBeta(nu / 2.0, 0.5));
    }

    /// <summary>t &gt; 0 with P(T &gt; t) = q, for 0 &lt; q ≤ ½.</summary>
    private static double UpperQuantileUnchecked(double q, double nu)
    {
        if (q == 0.0)
        {
            return double.PositiveInfinity;
        }

        if (q == 0.5)
        {
            return 0.0;
        }

        if (nu == 1.0)
        {
            // Cauchy: P(T > t) = ½ − atan(t)/π, so t = cot(πq) = 1/tan(πq).
            return 1.0 / Math.Tan(Math.PI * q);
        }

        if (nu == 2.0)
        {
            // P(T > t) = ½(1 − t/√(2 + t²)) inverts in closed form.
            return (1.0 - (2.0 * q)) / Math.Sqrt(2.0 * q * (1.0 - q));
        }

        var z = NormalDistribution.UpperQuantile(q);
        var guess = CornishFisher(z, nu);
        if (nu > ExpansionDegreesOfFreedom)
        {
            return guess;
        }

        return Solve(q, nu, guess);
    }

    /// <summary>
    /// z with <see cref="CornishFisher"/>(z, ν) = t, by Newton's method from z₀ = t(1 − (t² + 1)/(4ν)); the
    /// map is increasing and nearly the identity where it is used (ν ≥ 1000, t² &lt; ν/1000).
    /// </summary>
    private static double InverseCornishFisher(double t, double nu)
    {
        var z = t * (1.0 - (((t * t) + 1.0) / (4.0 * nu)));
        for (var i = 0; i < 20; i++)
        {
            var z2 = z * z;
            // d/dz of the series term by term.
            var d1 = ((3.0 * z2) + 1.0) / 4.0;
            var d2 = ((((25.0 * z2) + 48.0) * z2) + 3.0) / 96.0;
            var d3 = ((((((21.0 * z2) + 95.0) * z2) + 51.0) * z2) - 15.0) / 384.0;
            var d4 = ((((((((711.0 * z2) + 5432.0) * z2) + 7410.0) * z2) - 5760.0) * z2) - 945.0) / 92160.0;
            var derivative = 1.0 + ((d1 + ((d2 + ((d3 + (d4 / nu)) / nu)) / nu)) / nu);
            var step = (CornishFisher(z, nu) - t) / derivative;
            z -= step;
            if (Math.Abs(step) <= 1e-16 * Math.Abs(z))
            {
                break;
            }
        }

        return z;
    }

    /// <summary>t ≈ z + g₁/ν + g₂/ν² + g₃/ν³ + g₄/ν⁴ (Abramowitz &amp; Stegun 26.7.5, Fisher–Cornish 1960).</summary>
    private static double CornishFisher(double z, double nu)
    {
        var z2 = z * z;
        var g1 = ((z2 + 1.0) * z) / 4.0;
        var g2 = ((((5.0 * z2) + 16.0) * z2) + 3.0) * z / 96.0;
        var g3 = ((((((3.0 * z2) + 19.0) * z2) + 17.0) * z2) - 15.0) * z / 384.0;
        var g4 = ((((((((79.0 * z2) + 776.0) * z2) + 1482.0) * z2) - 1920.0) * z2) - 945.0) * z / 92160.0;
        return z + ((g1 + ((g2 + ((g3 + (g4 / nu)) / nu)) / nu)) / nu);
    }

    /// <summary>
    /// Newton's method on P(T &gt; t) − q inside a bracket [lo, hi] that always holds the root; a step that
    /// leaves the bracket is replaced by bisection (geometric when the bracket spans decades), so the
    /// iteration cannot diverge even where the expansion guess is poor (small ν, tiny q).
    /// </summary>
    private static double Solve(double q, double nu, double guess)
    {
        double lo = 0.0, hi;
        var t = guess > 0.0 && double.IsFinite(guess) ? guess : 1.0;
        var tail = UpperTailUnchecked(t, nu);
        if (tail > q)
        {
            lo = t;
            hi = t * 2.0;
            while (UpperTailUnchecked(hi, nu) > q)
            {
                lo = hi;
                hi *= 2.0;
                if (double.IsInfinity(hi))
                {
                    return double.MaxValue;
                }
            }
        }
        else
        {
            hi = t;
        }

        for (var i = 0; i < 200; i++)
        {
            tail = UpperTailUnchecked(t, nu);
            var f = tail - q;
            if (f == 0.0)
            {
                return t;
            }

            if (f > 0.0)
            {
                lo = Math.Max(lo, t);
            }
            else
            {
                hi = Math.Min(hi, t);
            }

            // d/dt P(T > t) = −f(t).
            var next = t + (f / DensityUnchecked(t, nu));
            if (!(next > lo && next < hi))
            {
                next = lo > 0.0 && hi / lo > 4.0 ? Math.Sqrt(lo * hi) : 0.5 * (lo + hi);
            }

            if (Math.Abs(next - t) <= 1e-15 * Math.Abs(next) || next == lo || next == hi)
            {
                return next;
            }

            t = next;
        }

        return t;
    }
}
