using System.Globalization;

namespace CxSemantic.Server.Limits;

/// <summary>Error codes and messages of the limits; every message says how to get an answer.</summary>
internal static class LimitMessages
{
    /// <summary>A query (or the request's queries together) would compute more cells than allowed.</summary>
    public const string QueryTooExpensive = "QUERY_TOO_EXPENSIVE";

    /// <summary>An <c>in</c>/<c>nin</c> filter lists more values than allowed.</summary>
    public const string TooManyFilterValues = "TOO_MANY_FILTER_VALUES";

    /// <summary>The engine's statement queue is full (HTTP 503 with <c>Retry-After</c>).</summary>
    public const string ServerBusy = "SERVER_BUSY";

    /// <summary>The code of a request body over <c>CxSemantic:Limits:MaxRequestBytes</c> (HTTP 413).</summary>
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";

    /// <summary>The message of REQUEST_TOO_LARGE, with the size when known and the fix.</summary>
    public static string TooLarge(long? bytes, long max, int maxFilterValues) =>
        string.Create(CultureInfo.InvariantCulture, $"The request body {(bytes is { } b ? $"has {b:N0} bytes; this server reads" : "is longer than")} at most {max:N0} bytes (CxSemantic:Limits:MaxRequestBytes). ")
        + string.Create(CultureInfo.InvariantCulture, $"Send a shorter document and fewer filter values (an in list takes at most {maxFilterValues:N0}), or raise the limit.");

    private const string Narrow = "Use a coarser grain (e.g. DAY instead of HOUR), a shorter time window, fewer dimensions under rows, or filter them with where (eq/in)";

    public static string FieldTooExpensive(string field, CellEstimate estimate, long ceiling) =>
        string.Create(CultureInfo.InvariantCulture, $"The {field} query would compute about {estimate.Cells:N0} cells ({estimate.Describe()}), above the limit of {ceiling:N0} per metrics field. {Narrow}; or raise CxSemantic:Limits:MaxCellsPerField.");

    public static string RequestTooExpensive(long total, int fields, long ceiling) =>
        string.Create(CultureInfo.InvariantCulture, $"The request's {fields} metrics fields (aliases included) would compute about {total:N0} cells together, above the limit of {ceiling:N0} per request. Send fewer metrics fields per request (select several metrics under one rows instead of one alias per metric) or narrow them (a coarser grain, a shorter window, fewer dimensions, where filters); or raise CxSemantic:Limits:MaxCellsPerRequest.");

    public static string FilterTooLong(string field, string dimension, string op, int count, int ceiling) =>
        string.Create(CultureInfo.InvariantCulture, $"The {field} filter where.{dimension}.{op} lists {count:N0} values, more than the {ceiling:N0} allowed. Filter on a coarser dimension, split the values over several requests, or raise CxSemantic:Limits:MaxFilterValues.");

    public static string Busy(string reason, int retryAfterSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"The server is busy: {reason}. Retry after {retryAfterSeconds} s (the Retry-After header), or send fewer requests at once.");

    public static string Timeout(TimeSpan limit) =>
        string.Create(CultureInfo.InvariantCulture, $"The query ran longer than {limit.TotalSeconds:0.###} s and was cancelled in the database. Narrow the time window, group by fewer dimensions or filter, or raise CxSemantic:QueryTimeoutSeconds.");
}
