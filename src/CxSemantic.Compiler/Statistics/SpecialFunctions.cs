namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// The few special functions the statistics need, written out so the compiler carries no math package:
/// erf/erfc, log-gamma, log-beta and the regularized incomplete beta function. Accuracy targets are
/// close to double precision (checked against mpmath in the tests); inputs are validated by callers.
/// </summary>
internal static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955125738961589031215451716881012586580;
    private const double OneOverSqrtPi = 0.56418958354775628694807945156077258584405062932900;
    private const double HalfLogTwoPi = 0.91893853320467274178032973640561763986139747363778;

    /// <summary>Below this |x| erf comes from its power series; above, erfc from its continued fraction.</summary>
    private const double ErfSeriesLimit = 1.5;

    private const double Epsilon = 1e-16;
    private const double Tiny = 1e-300;

    /// <summary>
    /// ln(1 + x) accurate for small x (Goldberg 1991, "What every computer scientist should know about
    /// floating-point arithmetic", Theorem 4); .NET's double.LogP1 is a plain Log(x + 1).
    /// </summary>
    public static double Log1P(double x)
    {
        var u = 1.0 + x;
        if (u == 1.0 || double.IsPositiveInfinity(u))
        {
            return u == 1.0 ? x : u;
        }

        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>The error function.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        var ax = Math.Abs(x);
        if (ax < ErfSeriesLimit)
        {
            return ErfSeries(x);
        }

        var value = 1.0 - ErfcContinuedFraction(ax);
        return x < 0 ? -value : value;
    }

    /// <summary>The complementary error function 1 − erf(x), accurate in the upper tail.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (Math.Abs(x) < ErfSeriesLimit)
        {
            return 1.0 - ErfSeries(x);
        }

        return x > 0 ? ErfcContinuedFraction(x) : 2.0 - ErfcContinuedFraction(-x);
    }

    /// <summary>
    /// erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) (Abramowitz &amp; Stegun 7.1.6): every term
    /// is positive, so there is no cancellation for the moderate |x| it is used on.
    /// </summary>
    private static double ErfSeries(double x)
    {
        var x2 = x * x;
        var term = x;
        var sum = x;
        for (var n = 1; n < 200; n++)
        {
            term *= 2.0 * x2 / ((2 * n) + 1);
            sum += term;
            if (Math.Abs(term) <= Math.Abs(sum) * Epsilon)
            {
                break;
            }
        }

        return TwoOverSqrtPi * Math.Exp(-x2) * sum;
    }

    /// <summary>
    /// erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) for x &gt; 0 (A&amp;S 7.1.14),
    /// evaluated with the modified Lentz method (Numerical Recipes §5.2).
    /// </summary>
    private static double ErfcContinuedFraction(double x)
    {
        var f = x;
        var c = x;
        var d = 0.0;
        for (var j = 1; j < 5000; j++)
        {
            var a = j * 0.5;
            d = x + (a * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = x + (a / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1.0 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < Epsilon)
            {
                break;
            }
        }

        return OneOverSqrtPi * Math.Exp(-x * x) / f;
    }

    // Lanczos coefficients for g = 7, n = 9 (Godfrey's set, as in Numerical Recipes 3rd ed. and many libms);
    // relative error of Γ about 1e-15 for positive arguments.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1.0 - x);
        }

        if (x >= 10.0)
        {
            // Stirling with its correction series is both faster and more accurate for large x.
            return ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + StirlingCorrection(x);
        }

        x -= 1.0;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++)
        {
            sum += Lanczos[i] / (x + i);
        }

        var t = x + 7.5;
        return HalfLogTwoPi + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>
    /// ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π] for x ≥ 10: the Stirling series Σ B₂ₖ / (2k(2k−1) x^(2k−1))
    /// (A&amp;S 6.1.41), truncated where the next term is below 1e-17 at x = 10.
    /// </summary>
    private static double StirlingCorrection(double x)
    {
        var r = 1.0 / x;
        var r2 = r * r;
        var series = -691.0 / 360360 + (r2 * (1.0 / 156));
        series = (1.0 / 1188) + (r2 * series);
        series = (-1.0 / 1680) + (r2 * series);
        series = (1.0 / 1260) + (r2 * series);
        series = (-1.0 / 360) + (r2 * series);
        series = (1.0 / 12) + (r2 * series);
        return r * series;
    }

    /// <summary>
    /// ln B(a, b) for a, b &gt; 0. When an argument is large the Stirling parts are combined analytically (as
    /// R's lbeta does) so that the huge ln Γ terms do not cancel: this keeps Student t accurate for
    /// millions of degrees of freedom.
    /// </summary>
    public static double LogBeta(double a, double b)
    {
        var p = Math.Min(a, b);
        var q = Math.Max(a, b);
        if (p >= 10.0)
        {
            var correction = StirlingCorrection(p) + StirlingCorrection(q) - StirlingCorrection(p + q);
            return (-0.5 * Math.Log(q)) + HalfLogTwoPi + correction + ((p - 0.5) * Math.Log(p / (p + q))) + (q * Log1P(-p / (p + q)));
        }

        if (q >= 10.0)
        {
            var correction = StirlingCorrection(q) - StirlingCorrection(p + q);
            return LogGamma(p) + correction + p - (p * Math.Log(p + q)) + ((q - 0.5) * Log1P(-p / (p + q)));
        }

        return LogGamma(p) + LogGamma(q) - LogGamma(p + q);
    }

    /// <summary>
    /// The regularized incomplete beta function I_x(a, b), with y = 1 − x and both logarithms supplied by
    /// the caller so that neither is formed by cancellation (Student t passes ln x = −ln(1 + t²/ν)).
    /// Continued fraction of Numerical Recipes §6.4 (eq. 6.4.5) by modified Lentz, using the symmetry
    /// I_x(a, b) = 1 − I_y(b, a) on the side where the fraction converges fast.
    /// </summary>
    public static double RegularizedBeta(double a, double b, double x, double y, double logX, double logY)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }

        if (y <= 0.0)
        {
            return 1.0;
        }

        var logFront = (a * logX) + (b * logY) - LogBeta(a, b);
        if (x < (a + 1.0) / (a + b + 2.0))
        {
            return Math.Exp(logFront) * BetaContinuedFraction(a, b, x) / a;
        }

        return 1.0 - (Math.Exp(logFront) * BetaContinuedFraction(b, a, y) / b);
    }

    /// <summary>I_x(a, b) for 0 ≤ x ≤ 1.</summary>
    public static double RegularizedBeta(double a, double b, double x) =>
        RegularizedBeta(a, b, x, 1.0 - x, Math.Log(x), Log1P(-x));

    private static double BetaContinuedFraction(double a, double b, double x)
    {
        var qab = a + b;
        var qap = a + 1.0;
        var qam = a - 1.0;
        var c = 1.0;
        var d = 1.0 - (qab * x / qap);
        d = Math.Abs(d) < Tiny ? Tiny : d;
        d = 1.0 / d;
        var h = d;
        var maxIterations = 1000 + (int)Math.Min(50_000_000, 20 * Math.Sqrt(Math.Max(a, b)));
        for (var m = 1; m <= maxIterations; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1.0 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1.0 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1.0 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1.0 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1.0 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1.0 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1.0) < 4 * Epsilon)
            {
                break;
            }
        }

        return h;
    }
}
