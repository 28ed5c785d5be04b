namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// Why an estimate (or part of it) is undefined. Estimates never carry NaN: an undefined part is null and
/// the estimate's <c>UndefinedReason</c> holds one of these.
/// </summary>
public static class UndefinedReasons
{
    /// <summary>n = 0.</summary>
    public const string NoUnits = "No units: the value is undefined.";

    /// <summary>n = 1 for a mean.</summary>
    public const string SingleUnit =
        "Only one unit: the mean is its value, but its spread and interval need at least two units.";

    /// <summary>One cluster (customer) for a cluster-robust interval.</summary>
    public const string SingleCluster =
        "All units come from one customer: the mean is defined, but its interval needs units of at least two customers.";

    /// <summary>Expected agreement of 1.</summary>
    public const string ChanceAgreementIsCertain =
        "Both raters put every unit in the same single category, so chance agreement is 1 and kappa is 0/0.";
}
