using System.Collections.Immutable;
using NodaTime;

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
