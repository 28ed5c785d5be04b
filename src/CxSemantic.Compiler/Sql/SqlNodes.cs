using System.Collections.Immutable;
using NodaTime;

namespace CxSemantic.Compiler.Sql;

/// <summary>
/// A dialect-neutral SQL expression. Dialect renderers turn it into text; nothing here is SQL text
/// except identifiers, which come from validated definitions.
/// </summary>
public abstract record SqlExpression
{
    /// <summary>Dispatches to the visitor's method for this node type.</summary>
    public abstract TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context);
}

/// <summary>A column, optionally qualified by a table alias.</summary>
public sealed record SqlColumn(string? Table, string Name) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitColumn(this, context);
}

/// <summary><c>alias.*</c> in a select list (written without an output name).</summary>
public sealed record SqlStar(string Table) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitStar(this, context);
}

/// <summary>A constant the compiler generated (never user input): number, string, boolean or NULL.</summary>
public sealed record SqlConstant(object? Value) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitConstant(this, context);
}

/// <summary>An instant computed by the compiler (period bounds), rendered as a typed timestamp literal.</summary>
public sealed record SqlInstant(Instant Value) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitInstant(this, context);
}

/// <summary>A bound parameter: user values always travel this way.</summary>
public sealed record SqlParameter(object? Value) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitParameter(this, context);
}

/// <summary>Binary operators.</summary>
public enum SqlBinaryOperator
{
#pragma warning disable CS1591 // Operator names.
    Add, Subtract, Multiply, Divide, Modulo,
    Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual,
    And, Or,
#pragma warning restore CS1591

    /// <summary>Equal, or both NULL (<c>IS NOT DISTINCT FROM</c>): matching identities whose keys may be NULL.</summary>
    NotDistinct,
}

/// <summary>A binary operation. Division is always real division (dialects cast and guard zero).</summary>
public sealed record SqlBinary(SqlBinaryOperator Operator, SqlExpression Left, SqlExpression Right) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitBinary(this, context);
}

/// <summary>NOT.</summary>
public sealed record SqlNot(SqlExpression Operand) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitNot(this, context);
}

/// <summary>Unary minus.</summary>
public sealed record SqlNegate(SqlExpression Operand) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitNegate(this, context);
}

/// <summary>
/// A true/false value used as a condition. <paramref name="AsInteger"/> marks values the compiler
/// stores as 0/1 integers (journey flags); native booleans render per dialect (T-SQL bit = 1).
/// </summary>
public sealed record SqlIsTrue(SqlExpression Operand, bool AsInteger) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitIsTrue(this, context);
}

/// <summary>IS [NOT] NULL.</summary>
public sealed record SqlIsNull(SqlExpression Operand, bool Negated) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitIsNull(this, context);
}

/// <summary>[NOT] IN (list).</summary>
public sealed record SqlIn(SqlExpression Operand, ImmutableArray<SqlExpression> Items, bool Negated) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitIn(this, context);
}

/// <summary>[NOT] BETWEEN.</summary>
public sealed record SqlBetween(SqlExpression Operand, SqlExpression Low, SqlExpression High, bool Negated) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitBetween(this, context);
}

/// <summary>[NOT] LIKE.</summary>
public sealed record SqlLike(SqlExpression Operand, SqlExpression Pattern, bool Negated) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitLike(this, context);
}

/// <summary>CASE WHEN … THEN … ELSE … END.</summary>
public sealed record SqlCase(ImmutableArray<(SqlExpression When, SqlExpression Then)> Branches, SqlExpression? Else) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitCase(this, context);
}

/// <summary>Scalar functions every dialect has (possibly under another name).</summary>
public enum SqlFunctionName
{
#pragma warning disable CS1591 // Function names.
    Coalesce, NullIf, Abs, Round, Least, Greatest, Lower, Upper, Length,
#pragma warning restore CS1591
}

/// <summary>A scalar function call.</summary>
public sealed record SqlFunction(SqlFunctionName Name, ImmutableArray<SqlExpression> Arguments) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitFunction(this, context);
}

/// <summary>Aggregate functions.</summary>
public enum SqlAggregateName
{
#pragma warning disable CS1591 // Aggregate names.
    Count, CountDistinct, Sum, Average, Min, Max, PercentileContinuous,

    /// <summary>Sample variance (divisor n − 1; NULL below two rows), computed stably by the engine.</summary>
    VarianceSample,

    /// <summary>
    /// The value of the one row the aggregate's filter lets through (NULL when none does). Callers guarantee at most
    /// one row, so any of them is the answer: engines that have <c>any_value</c> skip MAX's comparisons.
    /// </summary>
    OnlyValue,

    /// <summary>
    /// The sum of integers as a BIGINT on every engine. DuckDB widens <c>SUM</c> of integers to HUGEINT, and a stored
    /// HUGEINT column scans some 30 times slower than a BIGINT one (measured on a journeys table); the per-journey
    /// sums it serves (contacts a person took part in, turns) are far below 2^63.
    /// </summary>
    IntegerSum,
#pragma warning restore CS1591
}

/// <summary>
/// An aggregate; <paramref name="Argument"/> null means COUNT(*). <paramref name="Filter"/>, when
/// given, restricts the rows it aggregates (<c>FILTER (WHERE …)</c>, or the argument under a CASE
/// where the dialect has no FILTER clause: the same value, since every aggregate here skips NULLs).
/// </summary>
public sealed record SqlAggregate(SqlAggregateName Name, SqlExpression? Argument, double? Fraction = null, SqlExpression? Filter = null) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitAggregate(this, context);
}

/// <summary>Window functions used for journey stitching.</summary>
public enum SqlWindowName
{
#pragma warning disable CS1591 // Window function names.
    Lag, Lead, RowNumber, RunningSum, RunningMax,

    /// <summary>The sum over the whole partition (no order, no frame).</summary>
    PartitionSum,
#pragma warning restore CS1591
}

/// <summary>A window function over a partition in an order (frames are implied by the function).</summary>
public sealed record SqlWindow(
    SqlWindowName Name,
    SqlExpression? Argument,
    ImmutableArray<SqlExpression> PartitionBy,
    ImmutableArray<(SqlExpression Expression, bool Descending)> OrderBy) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitWindow(this, context);
}

/// <summary>An instant plus an exact duration (interval arithmetic differs per dialect).</summary>
public sealed record SqlAddDuration(SqlExpression Instant, Duration Duration) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitAddDuration(this, context);
}

/// <summary>Seconds from one instant to another, exactly (date arithmetic differs per dialect).</summary>
public sealed record SqlSecondsBetween(SqlExpression From, SqlExpression To) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitSecondsBetween(this, context);
}

/// <summary>A scalar subquery (the watermark).</summary>
public sealed record SqlScalarSubquery(SqlSelect Query) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitScalarSubquery(this, context);
}

/// <summary>EXISTS (subquery).</summary>
public sealed record SqlExists(SqlSelect Query) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitExists(this, context);
}

/// <summary>A cast to double precision (for exact real division and averages across dialects).</summary>
public sealed record SqlToDouble(SqlExpression Operand) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitToDouble(this, context);
}

/// <summary>
/// Which of <paramref name="Buckets"/> buckets (0 … Buckets − 1, or NULL for some NULL keys in some dialects) a
/// tuple of keys hashes to. Equal tuples land in the same bucket on one engine; how evenly they spread, and which
/// bucket a given tuple gets, is the engine's hash function's business. Used to split work by identity.
/// </summary>
public sealed record SqlHashBucket(ImmutableArray<SqlExpression> Keys, int Buckets) : SqlExpression
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitHashBucket(this, context);
}

/// <summary>Something a SELECT reads from.</summary>
public abstract record SqlSource(string Alias)
{
    /// <summary>Dispatches to the visitor's method for this source type.</summary>
    public abstract TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context);
}

/// <summary>A table.</summary>
public sealed record SqlTable(string Name, string Alias) : SqlSource(Alias)
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitTable(this, context);
}

/// <summary>A common table expression or derived table referenced by name.</summary>
public sealed record SqlNamed(string Name, string Alias) : SqlSource(Alias)
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitNamed(this, context);
}

/// <summary>A constant table of rows (period bounds).</summary>
public sealed record SqlValues(ImmutableArray<string> Columns, ImmutableArray<ImmutableArray<SqlExpression>> Rows, string Alias) : SqlSource(Alias)
{
    /// <inheritdoc />
    public override TResult Accept<TContext, TResult>(SqlVisitor<TContext, TResult> visitor, TContext context) =>
        visitor.VisitValues(this, context);
}

/// <summary>Join kinds.</summary>
public enum SqlJoinKind
{
    /// <summary>INNER JOIN.</summary>
    Inner,

    /// <summary>LEFT JOIN.</summary>
    Left,
}

/// <summary>A join.</summary>
public sealed record SqlJoin(SqlJoinKind Kind, SqlSource Source, SqlExpression On);

/// <summary>A selected expression with its output name.</summary>
public sealed record SqlSelectItem(SqlExpression Expression, string Alias);

/// <summary>A CTE.</summary>
public sealed record SqlCte(string Name, SqlSelect Query);

/// <summary>A SELECT statement.</summary>
public sealed record SqlSelect
{
    /// <summary>Common table expressions.</summary>
    public ImmutableArray<SqlCte> With { get; init; } = [];

    /// <summary>SELECT list; empty means <c>*</c>.</summary>
    public ImmutableArray<SqlSelectItem> Columns { get; init; } = [];

    /// <summary>FROM.</summary>
    public required SqlSource From { get; init; }

    /// <summary>JOINs.</summary>
    public ImmutableArray<SqlJoin> Joins { get; init; } = [];

    /// <summary>WHERE (conditions and-ed).</summary>
    public ImmutableArray<SqlExpression> Where { get; init; } = [];

    /// <summary>GROUP BY.</summary>
    public ImmutableArray<SqlExpression> GroupBy { get; init; } = [];

    /// <summary>ORDER BY.</summary>
    public ImmutableArray<(SqlExpression Expression, bool Descending)> OrderBy { get; init; } = [];

    /// <summary>Row limit.</summary>
    public int? Limit { get; init; }
}

/// <summary>Rendered SQL and its parameters in placeholder order.</summary>
/// <param name="Text">The SQL text.</param>
/// <param name="Parameters">Values for the placeholders, in order.</param>
public sealed record SqlText(string Text, ImmutableArray<object?> Parameters)
{
    /// <inheritdoc />
    public override string ToString() => Text;
}
