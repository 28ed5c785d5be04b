namespace CxSemantic.Compiler.Statistics;

/// <summary>
/// Messages of the <see cref="ArgumentOutOfRangeException"/>s and <see cref="ArgumentException"/>s the
/// statistics throw. Each says what is wrong and what is allowed; the parameter name and the offending
/// value travel on the exception itself. Tests assert these constants.
/// </summary>
public static class StatisticsErrorMessages
{
    /// <summary>A confidence level outside (0, 1).</summary>
    public const string LevelOutOfRange =
        "The confidence level must be strictly between 0 and 1 (for example 0.95).";

    /// <summary>A probability outside [0, 1] or NaN.</summary>
    public const string ProbabilityOutOfRange =
        "A probability must be between 0 and 1.";

    /// <summary>A count below zero.</summary>
    public const string NegativeCount =
        "A count of units cannot be negative.";

    /// <summary>Successes outside [0, n].</summary>
    public const string SuccessesExceedTotal =
        "The number of successes must be between 0 and the number of units n.";

    /// <summary>Cluster sums whose total is not the net count they should add up to.</summary>
    public const string ClusterTotalMismatch =
        "The clusters' totals must add up to positives minus negatives.";

    /// <summary>Positives plus negatives above n.</summary>
    public const string NetShareCountsExceedTotal =
        "Positives and negatives together cannot exceed the number of responses n.";

    /// <summary>A scale that is not a positive finite number.</summary>
    public const string ScaleNotPositive =
        "The scale of a net share must be a positive finite number (100 for NPS).";

    /// <summary>A value that must be finite but is NaN or infinite.</summary>
    public const string NotFinite =
        "The value must be a finite number (not NaN or infinity).";

    /// <summary>A variance or sum of squares below zero.</summary>
    public const string NegativeVariance =
        "A variance or sum of squares cannot be negative.";

    /// <summary>A standard error below zero or not finite.</summary>
    public const string InvalidStandardError =
        "A standard error must be a finite number of at least 0.";

    /// <summary>A mean missing although n ≥ 1.</summary>
    public const string MeanRequired =
        "A mean is required when there is at least one unit.";

    /// <summary>A sample variance missing although n ≥ 2.</summary>
    public const string VarianceRequired =
        "A sample variance is required when there are at least two units.";

    /// <summary>Degrees of freedom not positive or NaN.</summary>
    public const string DegreesOfFreedomNotPositive =
        "Degrees of freedom must be a positive number.";

    /// <summary>A confusion matrix that is not square.</summary>
    public const string ConfusionMatrixNotSquare =
        "A confusion matrix of two raters must be square: both raters use the same k categories, in the same order.";

    /// <summary>A p-value outside [0, 1] or NaN.</summary>
    public const string PValueOutOfRange =
        "A p-value must be between 0 and 1 (use null for rows without a comparison).";

    /// <summary>A false discovery rate outside (0, 1].</summary>
    public const string FdrOutOfRange =
        "The false discovery rate must be greater than 0 and at most 1 (for example 0.05).";

    /// <summary>A minimum cell size below zero.</summary>
    public const string MinCellSizeNegative =
        "The minimum cell size cannot be negative (0 disables suppression).";
}
