using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace CxSemantic.Compiler.Queries;

/// <summary>
/// A governed metric query, independent of GraphQL: which metrics, split by which dimensions,
/// over which time window and grain, filtered how, compared with what, for whom.
/// </summary>
public sealed record MetricQuery
{
    /// <summary>Metric names (snake_case).</summary>
    public required ImmutableArray<string> Metrics { get; init; }

    /// <summary>Dimensions to group by, in output order.</summary>
    public ImmutableArray<string> GroupBy { get; init; } = [];

    /// <summary>The time window and grain; null means all data, no periods.</summary>
    public TimeWindow? Time { get; init; }

    /// <summary>Filters on dimensions (all must hold).</summary>
    public ImmutableArray<DimensionFilter> Filters { get; init; } = [];

    /// <summary>What to compare each row with, if anything.</summary>
    public Comparison? Compare { get; init; }

    /// <summary>Row order: by dimension, period or metric value.</summary>
    public ImmutableArray<OrderTerm> Order { get; init; } = [];

    /// <summary>At most this many rows (after ordering).</summary>
    public int? Limit { get; init; }

    /// <summary>Who asks: decides allowed metrics, dimensions and row filters.</summary>
    public required Caller Caller { get; init; }

    /// <summary>
    /// A text naming the answer of this query (for result caches): equal for queries that differ only where order or
    /// repetition cannot change the answer (metric order, filter order, values of <c>in</c>/<c>nin</c>, claims), different
    /// for any other difference. Culture-invariant; every string is quoted so no value can pose as a separator.
    /// The catalog and the data are not part of it: a cache adds their versions.
    /// </summary>
    /// <remarks>
    /// Metrics are a set here: their order decides only the order of the compiled statements, not a value.
    /// Group-by and order terms keep their order (it orders the dimensions and the rows).
    /// </remarks>
    public string CanonicalKey
    {
        get
        {
            var key = new StringBuilder(256);
            key.Append("role:").Append(CanonicalText.Quote(Caller.Role));
            key.Append("|claims:").AppendJoin(',', Caller.Claims
                .Select(c => CanonicalText.Quote(c.Key) + "=" + CanonicalText.Set(c.Value.Select(CanonicalText.Quote)))
                .Order(StringComparer.Ordinal));
            key.Append("|metrics:").Append(CanonicalText.Set(Metrics.Select(CanonicalText.Quote)));
            key.Append("|groupBy:").AppendJoin(',', GroupBy.Select(CanonicalText.Quote));
            key.Append("|time:").Append(Time is { } t
                ? $"{CanonicalText.Value(t.From)},{CanonicalText.Value(t.To)},{(t.Zone is null ? "null" : CanonicalText.Quote(t.Zone))},{t.Grain?.ToString() ?? "null"}"
                : "null");
            key.Append("|filters:").Append(CanonicalText.Set(Filters.Select(CanonicalText.Filter)));
            key.Append("|compare:").Append(CanonicalText.Comparison(Compare));
            key.Append("|order:").AppendJoin(',', Order.Select(o => CanonicalText.Quote(o.Field) + " " + o.Direction));
            key.Append("|limit:").Append(Limit?.ToString(CultureInfo.InvariantCulture) ?? "null");
            return key.ToString();
        }
    }

    /// <summary>The culture-invariant, unambiguous texts <see cref="CanonicalKey"/> is made of.</summary>
    private static class CanonicalText
    {
        public static string Quote(string text) =>
            "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

        /// <summary>Sorted and without repeats: for parts whose order and repetition cannot change the answer.</summary>
        public static string Set(IEnumerable<string> items) => "[" + string.Join(',', items.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) + "]";

        public static string Filter(DimensionFilter filter)
        {
            var values = filter.Operator switch
            {
                FilterOperator.IsNull or FilterOperator.IsNotNull => "",
                FilterOperator.In or FilterOperator.NotIn => Set(filter.Values.Select(Value)),
                _ => "[" + string.Join(',', filter.Values.Select(Value)) + "]",
            };
            return Quote(filter.Dimension) + " " + filter.Operator + " " + values;
        }

        public static string Comparison(Comparison? comparison) => comparison switch
        {
            null => "null",
            PreviousPeriodComparison => "previousPeriod",
            BaselineComparison b => $"baseline {Value(b.From)},{Value(b.To)}",
            GroupComparison g => $"groups {Quote(g.Dimension)} {Quote(g.Reference)} {(g.Paired ? "paired" : "unpaired")}",
            _ => Quote(comparison.ToString()),
        };

        /// <summary>A filter value with its type: the string "1" and the number 1 filter differently.</summary>
        public static string Value(object value) => value.GetType().Name + ":" + Quote(value switch
        {
            LocalDate d => LocalDatePattern.Iso.Format(d),
            LocalDateTime d => LocalDateTimePattern.ExtendedIso.Format(d),
            Instant i => InstantPattern.ExtendedIso.Format(i),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        });
    }
}

/// <summary>Calendar grains, computed in the query's zone.</summary>
public enum TimeGrain
{
    /// <summary>Clock hours (a DST day has 23 or 25).</summary>
    Hour,

    /// <summary>Local days.</summary>
    Day,

    /// <summary>ISO weeks, Monday to Sunday.</summary>
    Week,

    /// <summary>Calendar months.</summary>
    Month,

    /// <summary>Calendar quarters.</summary>
    Quarter,

    /// <summary>Calendar years.</summary>
    Year,
}

/// <summary>
/// A half-open window of local dates <c>[From, To)</c> in an IANA zone, optionally cut into
/// periods of <see cref="Grain"/>.
/// </summary>
/// <param name="From">First local date included.</param>
/// <param name="To">First local date excluded.</param>
/// <param name="Zone">IANA zone id (e.g. Europe/Berlin); UTC when null.</param>
/// <param name="Grain">The period grain; null for one period spanning the window.</param>
public sealed record TimeWindow(LocalDate From, LocalDate To, string? Zone = null, TimeGrain? Grain = null);

/// <summary>Filter operators on a dimension.</summary>
public enum FilterOperator
{
    /// <summary>Equal to the single value.</summary>
    Equal,

    /// <summary>Not equal to the single value (NULL never matches).</summary>
    NotEqual,

    /// <summary>One of the values.</summary>
    In,

    /// <summary>None of the values (NULL never matches).</summary>
    NotIn,

    /// <summary>Greater than.</summary>
    GreaterThan,

    /// <summary>Greater than or equal.</summary>
    GreaterThanOrEqual,

    /// <summary>Less than.</summary>
    LessThan,

    /// <summary>Less than or equal.</summary>
    LessThanOrEqual,

    /// <summary>IS NULL (values ignored).</summary>
    IsNull,

    /// <summary>IS NOT NULL (values ignored).</summary>
    IsNotNull,
}

/// <summary>A filter on a dimension; values become SQL parameters, never SQL text.</summary>
/// <param name="Dimension">The dimension.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Values">The value(s): strings, numbers, booleans, dates or instants.</param>
public sealed record DimensionFilter(string Dimension, FilterOperator Operator, ImmutableArray<object> Values);

/// <summary>What rows are compared with.</summary>
public abstract record Comparison;

/// <summary>Each row against the same cell one period earlier (or the previous window of equal length).</summary>
public sealed record PreviousPeriodComparison : Comparison;

/// <summary>Each row against the same cell over a fixed baseline window.</summary>
/// <param name="From">Baseline start (local date, inclusive).</param>
/// <param name="To">Baseline end (local date, exclusive).</param>
public sealed record BaselineComparison(LocalDate From, LocalDate To) : Comparison;

/// <summary>
/// Each row against the row of the reference group in the same cell: same period, same values of the
/// other dimensions, <see cref="Dimension"/> = <see cref="Reference"/> (e.g. evaluator v2 against v1,
/// renewal against support). The query must group by <see cref="Dimension"/>; the reference rows carry
/// no delta.
/// </summary>
/// <param name="Dimension">The dimension whose groups are compared (one of the query's dimensions).</param>
/// <param name="Reference">The reference group's value of that dimension (compared as text, ignoring case).</param>
/// <param name="Paired">
/// Compare on the same units only: units are paired by their interaction (e.g. the same interactions scored by
/// evaluator v1 and v2 during shadow scoring) and the delta is the mean of the paired differences with a paired
/// t interval. Only for mean and proportion metrics over rows that carry the interaction.
/// </param>
public sealed record GroupComparison(string Dimension, string Reference, bool Paired = false) : Comparison;

/// <summary>Sort direction.</summary>
public enum SortDirection
{
    /// <summary>Ascending.</summary>
    Ascending,

    /// <summary>Descending.</summary>
    Descending,
}

/// <summary>An ordering term: <c>period</c>, a grouped dimension, or a metric's value.</summary>
/// <param name="Field">The field name.</param>
/// <param name="Direction">The direction.</param>
public sealed record OrderTerm(string Field, SortDirection Direction = SortDirection.Ascending);

/// <summary>The caller: a role and its claims (claim type → values).</summary>
/// <param name="Role">The role (an access policy).</param>
/// <param name="Claims">Claims, e.g. tenant → [acme].</param>
public sealed record Caller(string Role, ImmutableDictionary<string, ImmutableArray<string>> Claims)
{
    /// <summary>A caller with a role and no claims.</summary>
    public static Caller WithRole(string role) => new(role, ImmutableDictionary<string, ImmutableArray<string>>.Empty);
}
