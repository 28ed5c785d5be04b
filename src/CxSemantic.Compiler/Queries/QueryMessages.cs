using System.Globalization;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler.Queries;

/// <summary>
/// The compiler's refusals in one place: each factory pairs a message (what is wrong and how to fix it)
/// with its <see cref="QueryErrorCodes">code</see>. Messages without values are constants; tests assert
/// both the code and the exact text.
/// </summary>
public static class QueryMessages
{
    /// <summary>A query that names no metric.</summary>
    public const string NoMetricText = "The query names no metric; select at least one metric.";

    /// <summary>A previous-period comparison without a time window.</summary>
    public const string PreviousPeriodWithoutWindowText = "A previous-period comparison needs a time window; add 'time'.";

    /// <summary>A percentile aggregate on SQL Server.</summary>
    public const string PercentileOnSqlServerText =
        "SQL Server has no percentile aggregate (PERCENTILE_CONT is a window function only); run percentile metrics on DuckDB or PostgreSQL.";

    /// <summary>The query names no metric.</summary>
    public static QueryException NoMetric() => new(QueryErrorCodes.NoMetricSelected, NoMetricText);

    /// <summary>A metric the catalog does not define; <paramref name="hint"/> is a "Did you mean" sentence or empty.</summary>
    public static QueryException UnknownMetric(string name, string hint) =>
        new(QueryErrorCodes.MetricNotFound, $"Unknown metric '{name}'.{hint} See metricDefinitions for the catalog.");

    /// <summary>
    /// A role the catalog defines no access policy for. The roles that exist are not listed (a caller probing roles learns
    /// nothing), and a long name is cut (it may come from a header).
    /// </summary>
    public static QueryException UnknownRole(string role) =>
        new(QueryErrorCodes.AccessDenied, $"Unknown role '{Shorten(role)}': the catalog defines no access policy for it. Use the role you were given, or ask the catalog's owners for one.");

    /// <summary>A metric the caller's role may not query.</summary>
    public static QueryException MetricNotAllowedForRole(string role, Metric metric) =>
        new(QueryErrorCodes.AccessDenied, $"Role '{role}' may not query metric '{metric.Name}'; ask its owner ({metric.Owner}) for access or remove it from the query.");

    /// <summary>A dimension the caller's role may not split or filter by.</summary>
    public static QueryException DimensionNotAllowedForRole(string role, string dimension) =>
        new(QueryErrorCodes.AccessDenied, $"Role '{role}' may not split or filter by '{dimension}'.");

    /// <summary>A personal-data dimension for a role without access to personal data.</summary>
    public static QueryException PersonalData(string role, string dimension) =>
        new(QueryErrorCodes.AccessDenied, $"'{dimension}' is personal data and role '{role}' may not see personal data.");

    /// <summary>A row filter whose claim the caller lacks.</summary>
    public static QueryException MissingClaim(string role, RowFilter filter) =>
        new(QueryErrorCodes.AccessDenied, $"Role '{role}' sees only rows whose {filter.Dimension} matches the caller's '{filter.Claim}' claim, and the caller has no such claim.");

    /// <summary>A dimension the metric's unit of analysis does not have.</summary>
    public static QueryException DimensionNotOnUnit(Metric metric, string dimension) =>
        new(QueryErrorCodes.DimensionNotAllowed, $"Metric '{metric.Name}' counts {metric.UnitOfAnalysis} units, which have no dimension '{dimension}'; remove it from the query or query the metric separately.");

    /// <summary>A dimension outside the metric's allowed segmentation.</summary>
    public static QueryException DimensionNotInSegmentation(Metric metric, string dimension) =>
        new(QueryErrorCodes.DimensionNotAllowed, $"Metric '{metric.Name}' may not be split or filtered by '{dimension}'; its definition allows: {string.Join(", ", metric.Segmentation.Allowed)}.");

    /// <summary>Required segments the query does not group by.</summary>
    public static QueryException RequiredSegmentMissing(Metric metric, IReadOnlyList<string> missing) =>
        new(
            QueryErrorCodes.RequiredSegmentMissing,
            $"Metric '{metric.Name}' must be split by {string.Join(" and ", missing.Select(m => $"'{m}'"))}: unsplit values mislead (see its definition). Add {(missing.Count == 1 ? "it" : "them")} to the query's dimensions.");

    /// <summary>A derived metric nesting deeper than the planner follows.</summary>
    public static QueryException DerivedMetricTooDeep(string metric) =>
        new(QueryErrorCodes.DerivedMetricTooDeep, $"Derived metric '{metric}' nests too deeply.");

    /// <summary>A metric that needs a semantic model the catalog lacks (a catalog fault, not the query's).</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="needs">What the metric needs the model for, e.g. "is confirmed by system events".</param>
    /// <param name="model">The missing model.</param>
    public static QueryException ModelMissing(string metric, string needs, string model) =>
        new(QueryErrorCodes.CatalogIncomplete, $"Metric '{metric}' {needs}, but the catalog has no '{model}' semantic model.");

    /// <summary>A metric aggregating a model's measure over journeys (a definition the compiler cannot compile).</summary>
    public static QueryException MeasureOverJourneys(string metric, string model) =>
        new(QueryErrorCodes.CatalogIncomplete, $"Metric '{metric}' aggregates a measure of '{model}' over journeys; define it over {model} instead.");

    /// <summary>A time window on a model without a time column.</summary>
    public static QueryException NoTimeColumn(string metric, string model) =>
        new(QueryErrorCodes.InvalidTimeRange, $"Metric '{metric}' counts {model} rows, which have no time column; query it without a time window.");

    /// <summary>A previous-period comparison without a time window.</summary>
    public static QueryException PreviousPeriodWithoutWindow() => new(QueryErrorCodes.InvalidTimeRange, PreviousPeriodWithoutWindowText);

    /// <summary>A time zone id that is not an IANA zone.</summary>
    public static QueryException UnknownTimeZone(string zone) =>
        new(QueryErrorCodes.InvalidTimeRange, $"Unknown time zone '{zone}'; use an IANA zone id such as Europe/Berlin or America/New_York.");

    /// <summary>The longest time zone id looked up; IANA ids are at most 32 characters (America/Argentina/ComodRivadavia).</summary>
    public const int MaxTimeZoneLength = 64;

    /// <summary>A time zone id longer than <see cref="MaxTimeZoneLength"/> (not echoed: it may be megabytes).</summary>
    public static QueryException TimeZoneTooLong(int length) =>
        new(QueryErrorCodes.InvalidTimeRange, string.Create(CultureInfo.InvariantCulture, $"The time zone id has {length} characters; IANA zone ids have at most {MaxTimeZoneLength}. Use one such as Europe/Berlin or America/New_York."));

    /// <summary>A window (<paramref name="what"/>: "time window" or "baseline window") whose end is not after its start.</summary>
    public static QueryException ReversedWindow(string what, LocalDate from, LocalDate to) =>
        new(QueryErrorCodes.InvalidTimeRange, $"The {what} ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}); 'to' is the first day not included, so it must be after 'from'.");

    /// <summary>A window outside the dates the compiler supports.</summary>
    public static QueryException WindowOutOfRange(LocalDate from, LocalDate to, LocalDate earliest, LocalDate latest) =>
        new(QueryErrorCodes.InvalidTimeRange, $"The time window [{from:yyyy-MM-dd}, {to:yyyy-MM-dd}) is outside the supported dates {earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd}; give 'from' and 'to' within them.");

    /// <summary>A window with more periods than one query may have.</summary>
    public static QueryException TooManyPeriods(LocalDate from, LocalDate to, TimeGrain? grain, int maxPeriods) =>
        new(
            QueryErrorCodes.InvalidTimeRange,
            string.Create(CultureInfo.InvariantCulture, $"The window {from:yyyy-MM-dd}..{to:yyyy-MM-dd} at grain {grain} has more than {maxPeriods} periods; use a coarser grain or a shorter window."));

    /// <summary>A baseline comparison on a query without a time window.</summary>
    public static QueryException BaselineWithoutWindow(LocalDate from, LocalDate to) =>
        new(QueryErrorCodes.BaselineOverlaps, $"The query has no time window, so it covers all data, including the baseline window [{from:yyyy-MM-dd}, {to:yyyy-MM-dd}): the same units would be in both samples. Add a time window that does not overlap the baseline.");

    /// <summary>A baseline window sharing days with the current one; the suggestion is a baseline of the same length just before.</summary>
    public static QueryException BaselineOverlaps(LocalDate baselineFrom, LocalDate baselineTo, LocalDate from, LocalDate to, int days) =>
        new(
            QueryErrorCodes.BaselineOverlaps,
            $"The baseline window [{baselineFrom:yyyy-MM-dd}, {baselineTo:yyyy-MM-dd}) overlaps the current window [{from:yyyy-MM-dd}, {to:yyyy-MM-dd}): " +
            $"units in both would be compared with themselves. Choose a baseline that ends on or before {from:yyyy-MM-dd} " +
            $"(e.g. [{from.PlusDays(-days):yyyy-MM-dd}, {from:yyyy-MM-dd}), or use previousPeriod) or starts on or after {to:yyyy-MM-dd}.");

    /// <summary>A group comparison on a dimension the query does not group by.</summary>
    public static QueryException GroupsNotSelected(string dimension) =>
        new(QueryErrorCodes.InvalidComparison, $"A comparison of '{dimension}' groups needs the query to group by '{dimension}' (each group is a row); add it to the query's dimensions.");

    /// <summary>A group comparison without a reference group.</summary>
    public static QueryException NoReferenceGroup(string dimension) =>
        new(QueryErrorCodes.InvalidComparison, $"A comparison of '{dimension}' groups needs a reference group: the value of '{dimension}' the other groups are compared with.");

    /// <summary>A paired comparison of a derived metric.</summary>
    public static QueryException PairedDerived(string metric) =>
        new(QueryErrorCodes.InvalidComparison, $"Metric '{metric}' is derived; a paired comparison needs a mean or a share of units. Compare it unpaired (paired: false) or query its components.");

    /// <summary>A paired comparison of units that are not rows of one interaction.</summary>
    public static QueryException NothingToPair(string metric, string unit) =>
        new(
            QueryErrorCodes.InvalidComparison,
            $"Metric '{metric}' counts {unit} units, which are not rows of one interaction in several groups: there is nothing to pair. " +
            "Compare it unpaired (paired: false); paired comparisons are for rows such as evaluations, where the same interaction appears under each group.");

    /// <summary>A paired comparison of a metric type without one value per unit.</summary>
    public static QueryException PairedType(string metric, MetricType type) =>
        new(QueryErrorCodes.InvalidComparison, $"Metric '{metric}' has type {type.ToString().ToLowerInvariant()}; a paired comparison needs a mean or a share of units (one value per unit to difference). Compare it unpaired (paired: false).");

    /// <summary>A comparison filter given other than one value.</summary>
    public static QueryException FilterNeedsOneValue(string dimension, FilterOperator op, int count) =>
        new(QueryErrorCodes.InvalidFilter, $"The filter on '{dimension}' ({op}) takes exactly one value; {count} were given.");

    /// <summary>An <c>in</c>/<c>notIn</c> filter without values.</summary>
    public static QueryException EmptyInFilter(string dimension, FilterOperator op) =>
        new(QueryErrorCodes.InvalidFilter, $"The '{(op == FilterOperator.In ? "in" : "notIn")}' filter on '{dimension}' has no values; give at least one.");

    /// <summary>A percentile aggregate on SQL Server.</summary>
    public static QueryException PercentileOnSqlServer() => new(QueryErrorCodes.UnsupportedByEngine, PercentileOnSqlServerText);

    /// <summary>A caller-supplied name cut to 64 characters for a message.</summary>
    private static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
