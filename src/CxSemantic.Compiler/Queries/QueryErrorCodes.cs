namespace CxSemantic.Compiler.Queries;

/// <summary>Stable error codes of refused queries (GraphQL <c>extensions.code</c>).</summary>
public static class QueryErrorCodes
{
#pragma warning disable CS1591 // The names are the codes.
    public const string MetricNotFound = "METRIC_NOT_FOUND";

    /// <summary>The query names no metric (the server's own check uses the same code).</summary>
    public const string NoMetricSelected = "NO_METRIC_SELECTED";

    /// <summary>
    /// The catalog lacks what a metric's definition relies on (a semantic model such as the events or
    /// human labels, or a measure the compiler cannot aggregate over journeys): the catalog's owner fixes
    /// it, not the caller.
    /// </summary>
    public const string CatalogIncomplete = "CATALOG_INCOMPLETE";

    /// <summary>A derived metric whose components nest deeper than the planner follows (a definition to flatten, not a missing metric).</summary>
    public const string DerivedMetricTooDeep = "DERIVED_METRIC_TOO_DEEP";

    public const string DimensionNotFound = "DIMENSION_NOT_FOUND";
    public const string DimensionNotAllowed = "DIMENSION_NOT_ALLOWED";
    public const string RequiredSegmentMissing = "REQUIRED_SEGMENT_MISSING";
    public const string AccessDenied = "ACCESS_DENIED";
    public const string InvalidTimeRange = "INVALID_TIME_RANGE";
    public const string BaselineOverlaps = "BASELINE_OVERLAPS";
    public const string InvalidComparison = "INVALID_COMPARISON";
    public const string InvalidFilter = "INVALID_FILTER";
    public const string InvalidOrder = "INVALID_ORDER";
    public const string UnsupportedByEngine = "UNSUPPORTED_BY_ENGINE";
    public const string QueryTimeout = "QUERY_TIMEOUT";
#pragma warning restore CS1591

    /// <summary><c>explain</c> on a metric that is not an average over units (a total, derived or agreement metric).</summary>
    public const string NotDecomposable = "NOT_DECOMPOSABLE";

    /// <summary><c>explain</c> by segments one of which is suppressed in a window (its rate is withheld).</summary>
    public const string SegmentSuppressed = "SEGMENT_SUPPRESSED";

    /// <summary><c>explain</c> over a window where the metric has no units.</summary>
    public const string NothingToExplain = "NOTHING_TO_EXPLAIN";

    /// <summary>A composite name the catalog does not define.</summary>
    public const string CompositeNotFound = "COMPOSITE_NOT_FOUND";
}
