namespace CxSemantic.Compiler.Queries;

/// <summary>Stable error codes of refused queries (GraphQL <c>extensions.code</c>).</summary>
public static class QueryErrorCodes
{
#pragma warning disable CS1591 // The names are the codes.
    public const string MetricNotFound = "METRIC_NOT_FOUND";
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
}

/// <summary>A query the compiler refuses, with a code and a message that says how to fix it.</summary>
public sealed class QueryException : Exception
{
    /// <summary>Creates a refusal.</summary>
    public QueryException(string code, string message)
        : base(message) => Code = code;

    /// <summary>Creates a refusal with no code.</summary>
    public QueryException()
        : this(QueryErrorCodes.InvalidFilter, "The query was refused.")
    {
    }

    /// <summary>Creates a refusal wrapping another error.</summary>
    public QueryException(string message, Exception innerException)
        : base(message, innerException) => Code = QueryErrorCodes.InvalidFilter;

    /// <summary>The stable code (see <see cref="QueryErrorCodes"/>).</summary>
    public string Code { get; }
}
