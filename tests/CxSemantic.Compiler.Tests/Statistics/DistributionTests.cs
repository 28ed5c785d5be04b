using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Tests.Statistics;

/// <summary>
/// Special functions and distributions against independent references: standard tables (t and z
/// quantiles as printed in statistics texts, e.g. Abramowitz &amp; Stegun Table 26.10) and values computed
/// once, offline, with mpmath 1.3.0 at 40 significant digits (mpmath.erf, ncdf, betainc, findroot),
/// committed here as literals rounded to 17 digits.
/// </summary>
public class DistributionTests
{
    // mpmath erf(x) at 40 digits.
    [Theory]
    [InlineData(0.1, 0.11246291601828489, 0.88753708398171511)]
    [InlineData(0.5, 0.52049987781304654, 0.47950012218695346)]
    [InlineData(1.2, 0.91031397822963538, 0.08968602177036462)]
    [InlineData(1.5, 0.96610514647531073, 0.033894853524689273)]
    [InlineData(2.0, 0.99532226501895273, 0.0046777349810472658)]
    [InlineData(3.5, 0.99999925690162766, 7.4309837234141275e-7)]
    [InlineData(-0.7, -0.67780119383741847, 1.6778011938374185)]
    public void Erf_and_erfc_match_mpmath(double x, double erf, double erfc)
    {
        Approx.Equal(erf, SpecialFunctions.Erf(x), 1e-14);
        Approx.Equal(erfc, SpecialFunctions.Erfc(x), 1e-13);
    }

    // mpmath ncdf(z) at 40 digits; the far tails check erfc's continued fraction.
    [Theory]
    [InlineData(-38.0, 2.8854283600687843e-316)]
    [InlineData(-10.0, 7.6198530241605261e-24)]
    [InlineData(-5.0, 2.8665157187919391e-7)]
    [InlineData(-1.96, 0.024997895148220434)]
    [InlineData(-1.0, 0.15865525393145705)]
    [InlineData(0.0, 0.5)]
    [InlineData(0.5, 0.6914624612740131)]
    [InlineData(1.5, 0.93319279873114193)]
    [InlineData(3.0, 0.99865010196836991)]
    [InlineData(8.0, 0.99999999999999938)]
    public void Normal_cdf_matches_mpmath(double z, double expected)
    {
        // Subnormal results keep fewer significant bits.
        Approx.Equal(expected, NormalDistribution.Cdf(z), expected < 1e-300 ? 1e-9 : 1e-13);
    }

    [Fact]
    public void Normal_upper_tail_keeps_precision_far_out()
    {
        // mpmath: 1 − Φ(10), 1 − Φ(20).
        Approx.Equal(7.6198530241605261e-24, NormalDistribution.UpperTail(10), 1e-13);
        Approx.Equal(2.7536241186062337e-89, NormalDistribution.UpperTail(20), 1e-12);
        Approx.Equal(1.0, NormalDistribution.TwoSidedPValue(0));
    }

    // z_{0.975} = 1.959963985 and z_{0.995} = 2.575829304 (standard tables); the rest mpmath.
    [Theory]
    [InlineData(0.975, 1.9599639845400542)]
    [InlineData(0.995, 2.5758293035489008)]
    [InlineData(0.9, 1.2815515655446005)]
    [InlineData(0.6, 0.2533471031357998)]
    [InlineData(0.5000001, 2.5066282746310268e-7)] // p − ½ = 1e-7 carries the ~5e-17 rounding of p
    [InlineData(1e-10, -6.3613409024040562)]
    [InlineData(1e-300, -37.047096299361199)]
    [InlineData(0.999999999, 5.9978070150076869)]
    public void Normal_quantile_matches_AS241_references(double p, double expected)
    {
        // 0.999999999 is itself rounded when stored; its quantile inherits ~1e-8 relative sensitivity.
        Approx.Equal(expected, NormalDistribution.Quantile(p), p > 0.99999 || Math.Abs(p - 0.5) < 1e-6 ? 1e-7 : 1e-14);
    }

    [Fact]
    public void Normal_quantile_table_values_and_edges()
    {
        Approx.Near(1.959963985, NormalDistribution.TwoSidedMultiplier(0.95), 5e-10);
        Approx.Near(2.575829304, NormalDistribution.TwoSidedMultiplier(0.99), 5e-10);
        Approx.Equal(1.9599639845400542, NormalDistribution.UpperQuantile(0.025), 1e-15);
        Approx.Equal(37.047096299361199, NormalDistribution.UpperQuantile(1e-300), 1e-14);
        Assert.Equal(0.0, NormalDistribution.Quantile(0.5));
        Assert.Equal(double.NegativeInfinity, NormalDistribution.Quantile(0));
        Assert.Equal(double.PositiveInfinity, NormalDistribution.Quantile(1));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.Quantile(1.5));
        Assert.StartsWith(StatisticsErrorMessages.ProbabilityOutOfRange, ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.Quantile(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.TwoSidedMultiplier(1.0));
    }

    // mpmath: 1 − ½·betainc(ν/2, ½, 0, ν/(ν+t²)) (regularized), fractional ν included for Welch.
    [Theory]
    [InlineData(1.0, 2.0, 0.85241638234956673)]
    [InlineData(3.0, 1.5, 0.88470806737758847)]
    [InlineData(10.0, 2.228138852, 0.97500000000058174)]
    [InlineData(4.7, -3.1, 0.014582807110575371)]
    [InlineData(30.0, 0.3, 0.6168769473578236)]
    [InlineData(1000.0, 2.5, 0.9937107160994546)]
    [InlineData(100000.0, 1.96, 0.97500071840284918)]
    [InlineData(2.5, 50.0, 0.99995934752457521)]
    [InlineData(1e7, -2.5, 0.0062096732682892351)]
    [InlineData(0.5, 3.0, 0.81634592200702828)]
    public void Student_t_cdf_matches_mpmath(double nu, double t, double expected)
    {
        Approx.Equal(expected, StudentTDistribution.Cdf(t, nu), 1e-12);
    }

    [Fact]
    public void Student_t_two_sided_p_values_keep_precision_in_the_tail()
    {
        // mpmath: betainc(ν/2, ½, 0, ν/(ν+t²)).
        Approx.Equal(3.4380680789158528e-5, StudentTDistribution.TwoSidedPValue(40, 3), 1e-12);
        Approx.Equal(4.9218457814667585e-12, StudentTDistribution.TwoSidedPValue(-9, 50), 1e-11);
        Assert.Equal(1.0, StudentTDistribution.TwoSidedPValue(0, 7));
        Assert.Equal(0.5, StudentTDistribution.Cdf(0, 3));
    }

    // Standard t tables (e.g. A&S Table 26.10): t(0.975, 1) = 12.706204736, t(0.975, 10) = 2.228138852,
    // t(0.975, 30) = 2.042272456; the full-precision values are mpmath's.
    [Theory]
    [InlineData(0.975, 1.0, 12.706204736174705)]
    [InlineData(0.975, 2.0, 4.3026527297494639)]
    [InlineData(0.975, 3.0, 3.1824463052837096)]
    [InlineData(0.975, 5.0, 2.5705818356363155)]
    [InlineData(0.975, 10.0, 2.2281388519862747)]
    [InlineData(0.975, 30.0, 2.0422724563012383)]
    [InlineData(0.975, 100.0, 1.9839715185235523)]
    [InlineData(0.975, 1000.0, 1.9623390808264085)]
    [InlineData(0.975, 100000.0, 1.9599877075346096)]
    [InlineData(0.975, 10000000.0, 1.9599642217672055)]
    [InlineData(0.995, 4.0, 4.6040948713499932)]
    [InlineData(0.9, 7.3, 1.408922317748042)]
    [InlineData(0.999999, 3.0, 103.29946778041934)]
    [InlineData(0.975, 1.5, 6.0166631044279319)]
    [InlineData(0.6, 25.0, 0.25605968482715148)]
    [InlineData(0.025, 12.0, -2.1788128296672289)]
    public void Student_t_quantile_matches_tables_and_mpmath(double p, double nu, double expected)
    {
        // 0.999999 is rounded when stored; the quantile amplifies that by about 1e-6·ν.
        Approx.Equal(expected, StudentTDistribution.Quantile(p, nu), p > 0.9999 ? 1e-9 : 1e-12);
    }

    [Fact]
    public void Student_t_table_values_to_nine_digits()
    {
        Approx.Near(12.706204736, StudentTDistribution.TwoSidedMultiplier(0.95, 1), 5e-10);
        Approx.Near(2.228138852, StudentTDistribution.TwoSidedMultiplier(0.95, 10), 5e-10);
        Approx.Near(2.042272456, StudentTDistribution.TwoSidedMultiplier(0.95, 30), 5e-10);
    }

    [Fact]
    public void Student_t_rejects_bad_degrees_of_freedom()
    {
        foreach (var nu in new[] { 0.0, -1.0, double.NaN, double.PositiveInfinity })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => StudentTDistribution.Cdf(1.0, nu));
            Assert.StartsWith(StatisticsErrorMessages.DegreesOfFreedomNotPositive, ex.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => StudentTDistribution.Quantile(-0.1, 3));
        Assert.Equal(double.PositiveInfinity, StudentTDistribution.Quantile(1, 3));
    }

    [Fact]
    public void Log_gamma_and_log_beta_match_known_values()
    {
        // ln Γ(½) = ln √π; ln Γ(10) = ln 362880; ln Γ(100.5) (mpmath) exercises the Stirling branch.
        Approx.Equal(0.57236494292470008707, SpecialFunctions.LogGamma(0.5), 1e-14);
        Approx.Equal(Math.Log(362880.0), SpecialFunctions.LogGamma(10), 1e-14);
        Approx.Equal(Math.Log(6.0), SpecialFunctions.LogGamma(4), 1e-13);
        // B(a, b) = Γ(a)Γ(b)/Γ(a+b): B(2, 3) = 1/12; B(½, ½) = π.
        Approx.Equal(Math.Log(1.0 / 12), SpecialFunctions.LogBeta(2, 3), 1e-13);
        Approx.Equal(Math.Log(Math.PI), SpecialFunctions.LogBeta(0.5, 0.5), 1e-13);
        // Large arguments must not lose the difference to cancellation: ln B(5e6, ½) = ln Γ(½) + ln Γ(5e6) − ln Γ(5e6 + ½).
        Approx.Equal(0.57236494292470008707 - (0.5 * Math.Log(5e6)) + (1.0 / (8 * 5e6)), SpecialFunctions.LogBeta(5e6, 0.5), 1e-12);
    }

    [Fact]
    public void Log1p_is_accurate_for_tiny_arguments()
    {
        Assert.Equal(1e-20, SpecialFunctions.Log1P(1e-20));
        Approx.Equal(9.9999999995000000000333e-11, SpecialFunctions.Log1P(1e-10), 1e-15);
        Approx.Equal(Math.Log(3.0), SpecialFunctions.Log1P(2.0), 1e-15);
    }

    [Fact]
    public void Incomplete_beta_matches_closed_forms()
    {
        // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b.
        Approx.Equal(0.3, SpecialFunctions.RegularizedBeta(1, 1, 0.3), 1e-14);
        Approx.Equal(Math.Pow(0.7, 3.5), SpecialFunctions.RegularizedBeta(3.5, 1, 0.7), 1e-13);
        Approx.Equal(1 - Math.Pow(0.6, 2.5), SpecialFunctions.RegularizedBeta(1, 2.5, 0.4), 1e-13);
        Assert.Equal(0.0, SpecialFunctions.RegularizedBeta(2, 3, 0));
        Assert.Equal(1.0, SpecialFunctions.RegularizedBeta(2, 3, 1));
    }

    [Theory]
    // Grid of P(T > t) from mpmath betainc at 40 digits, across the regimes of the implementation
    // (small ν, large ν with t² small and large relative to ν).
    [InlineData(3.0, 0.01, 0.49632455570642599)]
    [InlineData(3.0, 0.5, 0.3257239824240755)]
    [InlineData(3.0, 1.0, 0.19550110947788532)]
    [InlineData(3.0, 1.7, 0.09384532077670504)]
    [InlineData(3.0, 2.0, 0.069662984279421588)]
    [InlineData(3.0, 2.5, 0.043853323504032774)]
    [InlineData(3.0, 4.0, 0.014004228005073083)]
    [InlineData(3.0, 8.0, 0.0020382887938927341)]
    [InlineData(3.0, 30.0, 4.0676402135819797e-5)]
    [InlineData(50.0, 0.01, 0.49603054068357146)]
    [InlineData(50.0, 0.5, 0.30963428375588563)]
    [InlineData(50.0, 1.0, 0.16106282255012225)]
    [InlineData(50.0, 1.7, 0.047672214681702076)]
    [InlineData(50.0, 2.0, 0.025473534368846624)]
    [InlineData(50.0, 2.5, 0.0078724791365600016)]
    [InlineData(50.0, 4.0, 0.0001045951231820168)]
    [InlineData(50.0, 8.0, 8.3164830141606918e-11)]
    [InlineData(50.0, 30.0, 6.190011397993633e-34)]
    [InlineData(1000.0, 0.01, 0.49601164096609364)]
    [InlineData(1000.0, 0.5, 0.30859254041693741)]
    [InlineData(1000.0, 1.0, 0.15877620904233615)]
    [InlineData(1000.0, 1.7, 0.044720943479620017)]
    [InlineData(1000.0, 2.0, 0.02288517324662582)]
    [InlineData(1000.0, 2.5, 0.0062892839005453984)]
    [InlineData(1000.0, 4.0, 3.4004959604390789e-5)]
    [InlineData(1000.0, 8.0, 1.7133307411957372e-15)]
    [InlineData(1000.0, 30.0, 7.6873437220217411e-142)]
    [InlineData(20000.0, 0.01, 0.49601069355533492)]
    [InlineData(20000.0, 0.5, 0.30854028921507789)]
    [InlineData(20000.0, 1.0, 0.15866130312395355)]
    [InlineData(20000.0, 1.7, 0.04457323707581022)]
    [InlineData(20000.0, 2.0, 0.022756880979249971)]
    [InlineData(20000.0, 2.5, 0.0062136370659971128)]
    [InlineData(20000.0, 4.0, 3.1785142756340553e-5)]
    [InlineData(20000.0, 8.0, 6.5574492982502464e-16)]
    [InlineData(20000.0, 30.0, 9.3315951439833617e-194)]
    [InlineData(300000.0, 0.01, 0.49601064701005223)]
    [InlineData(300000.0, 0.5, 0.30853772209325004)]
    [InlineData(300000.0, 1.0, 0.15865565721566185)]
    [InlineData(300000.0, 1.7, 0.04456598104726881)]
    [InlineData(300000.0, 2.0, 0.022750581873612523)]
    [InlineData(300000.0, 2.5, 0.0062099300783023455)]
    [InlineData(300000.0, 4.0, 3.1678826191106434e-5)]
    [InlineData(300000.0, 8.0, 6.2428892169189392e-16)]
    [InlineData(300000.0, 30.0, 9.6383932093784469e-198)]
    [InlineData(5000000.0, 0.01, 0.4960106438848495)]
    [InlineData(5000000.0, 0.5, 0.30853754972802802)]
    [InlineData(5000000.0, 1.0, 0.15865527812852829)]
    [InlineData(5000000.0, 1.7, 0.044565493855870241)]
    [InlineData(5000000.0, 2.0, 0.022750158943665028)]
    [InlineData(5000000.0, 2.5, 0.0062096812108062125)]
    [InlineData(5000000.0, 4.0, 3.167169685821015e-5)]
    [InlineData(5000000.0, 8.0, 6.2222742923202576e-16)]
    [InlineData(5000000.0, 30.0, 5.1099495914259521e-198)]
    [InlineData(100000000.0, 0.01, 0.49601064369534245)]
    [InlineData(100000000.0, 0.5, 0.30853753927608897)]
    [InlineData(100000000.0, 1.0, 0.15865525514131067)]
    [InlineData(100000000.0, 1.7, 0.044565464313409411)]
    [InlineData(100000000.0, 2.0, 0.022750133297953376)]
    [InlineData(100000000.0, 2.5, 0.0062096661200272707)]
    [InlineData(100000000.0, 4.0, 3.1671264584264108e-5)]
    [InlineData(100000000.0, 8.0, 6.2210262541147691e-16)]
    [InlineData(100000000.0, 30.0, 4.9166821429416325e-198)]
    [InlineData(10000000000.0, 0.01, 0.49601064368546814)]
    [InlineData(10000000000.0, 0.5, 0.30853753873148792)]
    [InlineData(10000000000.0, 1.0, 0.15865525394355559)]
    [InlineData(10000000000.0, 1.7, 0.044565462774091703)]
    [InlineData(10000000000.0, 2.0, 0.022750131961676949)]
    [InlineData(10000000000.0, 2.5, 0.0062096653337186463)]
    [InlineData(10000000000.0, 4.0, 3.1671242060631306e-5)]
    [InlineData(10000000000.0, 8.0, 6.2209612310670569e-16)]
    [InlineData(10000000000.0, 30.0, 4.90681350979029e-198)]
    // Either side of the switch between continued fraction and expansion (t²/ν = 1e-3, ν = 1000).
    [InlineData(100.0, 0.3162, 0.3762548826532694)]
    [InlineData(100.0, 0.3163, 0.37621704707693833)]
    [InlineData(150.0, 0.38, 0.35224146132946414)]
    [InlineData(10000.0, 3.16, 0.00079119740375850003)]
    [InlineData(10000.0, 3.17, 0.00076449354220793354)]
    [InlineData(1000000.0, 31.6, 2.3694414268375387e-219)]
    [InlineData(1000000.0, 31.7, 1.0002565338013457e-220)]
    [InlineData(1000000.0, 5.0, 2.8669989354453708e-7)]
    [InlineData(99.5, 0.2, 0.42094438723921289)]
    [InlineData(99.5, 3.0, 0.0017058457312811326)]
    [InlineData(7.0, 0.001, 0.49961500862249942)]
    [InlineData(0.3, 1000000.0, 0.0055392131725129384)]
    [InlineData(250000.0, 15.8, 1.6563676569678976e-56)]
    [InlineData(250000.0, 15.9, 3.3788983628264527e-57)]
    [InlineData(40000.0, 0.05, 0.48006131898624426)]
    [InlineData(999.0, 0.05, 0.48006619153271966)]
    [InlineData(999.0, 0.9, 0.18416857191356379)]
    [InlineData(1000.0, 0.99, 0.16120679930592784)]
    [InlineData(1000.0, 0.001, 0.49960115750922637)]
    [InlineData(5000.0, 2.2, 0.01392624123316329)]
    [InlineData(500.0, 0.01, 0.49601263799651646)]
    public void Student_t_upper_tail_grid_matches_mpmath(double nu, double t, double expected)
    {
        Approx.Equal(expected, StudentTDistribution.UpperTail(t, nu), 1e-12);
    }
}

