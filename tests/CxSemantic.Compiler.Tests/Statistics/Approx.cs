namespace CxSemantic.Compiler.Tests.Statistics;

/// <summary>Tolerance assertions for floating-point reference values.</summary>
internal static class Approx
{
    /// <summary>|actual − expected| ≤ relative·|expected| (absolute when expected is 0).</summary>
    public static void Equal(double expected, double actual, double relative = 1e-12)
    {
        var tolerance = expected == 0.0 ? relative : relative * Math.Abs(expected);
        Assert.True(
            Math.Abs(actual - expected) <= tolerance,
            $"Expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), double.Epsilon):E2}, allowed {relative:E1}).");
    }

    /// <summary>Equal within <paramref name="absolute"/>; for values published with few decimals.</summary>
    public static void Near(double expected, double actual, double absolute)
    {
        Assert.True(Math.Abs(actual - expected) <= absolute, $"Expected {expected:R} ± {absolute:R}, got {actual:R}.");
    }

    public static void Equal(double expected, double? actual, double relative = 1e-12)
    {
        Assert.NotNull(actual);
        Equal(expected, actual.Value, relative);
    }
}
