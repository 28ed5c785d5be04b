using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using NodaTime;

namespace CxSemantic.Compiler.Dialects;

/// <summary>The SQL dialects the compiler renders.</summary>
public enum SqlDialectKind
{
    /// <summary>DuckDB (embedded default).</summary>
    DuckDb,

    /// <summary>PostgreSQL 15 (and Citus).</summary>
    PostgreSql,

    /// <summary>SQL Server 2022 / Azure SQL (T-SQL).</summary>
    TSql,
}

/// <summary>
/// Renders the dialect-neutral SQL AST as text with ordered parameters. One renderer per dialect
/// overrides only what differs: quoting, placeholders, literals, booleans, casts, interval
/// arithmetic, percentiles and row limits (SqlKata's one-compiler-per-dialect).
/// </summary>
public abstract class SqlRenderer
{
    /// <summary>The renderer for a dialect.</summary>
    public static SqlRenderer For(SqlDialectKind dialect) => dialect switch
    {
        SqlDialectKind.DuckDb => DuckDbRenderer.Instance,
        SqlDialectKind.PostgreSql => PostgreSqlRenderer.Instance,
        SqlDialectKind.TSql => TSqlRenderer.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Unknown dialect."),
    };

    /// <summary>The dialect this renderer writes.</summary>
    public abstract SqlDialectKind Dialect { get; }

    /// <summary>Renders a statement.</summary>
    public SqlText Render(SqlSelect select)
    {
        ArgumentNullException.ThrowIfNull(select);
        var context = new RenderContext();
        WriteSelect(context, select, 0);
        return new SqlText(context.Sql.ToString(), [.. context.Parameters]);
    }

    /// <summary>Quotes an identifier.</summary>
    protected abstract string Quote(string identifier);

    /// <summary>The name of a common table expression where it is defined (quoted by default).</summary>
    protected virtual string CteName(string name) => Quote(name);

    /// <summary>A string constant (compiler-generated text, never user input).</summary>
    protected virtual string StringLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The placeholder of the parameter at <paramref name="ordinal"/> (0-based).</summary>
    protected abstract string Placeholder(int ordinal);

    /// <summary>A timestamp-with-zone literal of a UTC instant.</summary>
    protected abstract string InstantLiteral(Instant instant);

    /// <summary>The double-precision type name for casts.</summary>
    protected abstract string DoubleType { get; }

    /// <summary>The row-count aggregate (64-bit where the dialect's COUNT is 32-bit).</summary>
    protected virtual string CountFunction => "COUNT";

    /// <summary>The sample variance aggregate (divisor n − 1).</summary>
    protected virtual string VarianceFunction => "VAR_SAMP";

    /// <summary>
    /// Whether aggregates take a <c>FILTER (WHERE …)</c> clause (SQL:2003; DuckDB and PostgreSQL do).
    /// It is the faster form of a conditional aggregate there: the engine skips the rows instead of
    /// computing and aggregating a CASE per row. Without it, the condition moves into a CASE argument.
    /// </summary>
    protected virtual bool HasAggregateFilter => true;

    /// <summary>A boolean constant in value position.</summary>
    protected virtual string BooleanLiteral(bool value) => value ? "TRUE" : "FALSE";

    /// <summary>A native boolean used as a condition.</summary>
    protected virtual void WriteNativeCondition(RenderContext context, SqlExpression operand, int depth) => Write(context, operand, depth);

    /// <summary>instant + duration.</summary>
    protected virtual void WriteAddDuration(RenderContext context, SqlAddDuration add, int depth)
    {
        context.Sql.Append('(');
        Write(context, add.Instant, depth);
        context.Sql.Append(" + INTERVAL '").Append(Seconds(add.Duration)).Append(" seconds')");
    }

    /// <summary>Seconds from one instant to another: <c>EXTRACT(EPOCH FROM (to - from))</c> by default (PostgreSQL).</summary>
    protected virtual void WriteSecondsBetween(RenderContext context, SqlSecondsBetween between, int depth)
    {
        context.Sql.Append("EXTRACT(EPOCH FROM (");
        Write(context, between.To, depth + 1);
        context.Sql.Append(" - ");
        Write(context, between.From, depth + 1);
        context.Sql.Append("))");
    }

    /// <summary>A continuous percentile aggregate.</summary>
    protected abstract void WritePercentile(RenderContext context, SqlAggregate aggregate, int depth);

    /// <summary>A scalar function call: <c>NAME(arguments)</c> by default.</summary>
    protected virtual void WriteFunction(RenderContext context, SqlFunction invocation, int depth)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(invocation);
        context.Sql.Append(FunctionName(invocation.Name)).Append('(');
        WriteList(context, invocation.Arguments);
        context.Sql.Append(')');
    }

    /// <summary>The name of a scalar function in this dialect.</summary>
    protected virtual string FunctionName(SqlFunctionName name) => name.ToString().ToUpperInvariant();

    /// <summary>Writes the row limit before the select list (T-SQL TOP) — nothing by default.</summary>
    protected virtual void WriteTop(RenderContext context, int limit)
    {
    }

    /// <summary>Writes the row limit after ORDER BY (LIMIT n by default).</summary>
    protected virtual void WriteLimit(RenderContext context, int limit) =>
        context.Sql.Append("\nLIMIT ").Append(limit.ToString(CultureInfo.InvariantCulture));

    /// <summary>Exact seconds of a duration, as text (fractions to the microsecond).</summary>
    protected static string Seconds(Duration duration) =>
        (duration.TotalTicks / NodaConstants.TicksPerSecond).ToString("0.######", CultureInfo.InvariantCulture);

    private void WriteSelect(RenderContext context, SqlSelect select, int indent)
    {
        var sql = context.Sql;
        var pad = new string(' ', indent * 2);
        if (!select.With.IsEmpty)
        {
            sql.Append("WITH ");
            for (var i = 0; i < select.With.Length; i++)
            {
                if (i > 0)
                {
                    sql.Append(",\n").Append(pad);
                }

                sql.Append(CteName(select.With[i].Name)).Append(" AS (\n").Append(pad).Append("  ");
                WriteSelect(context, select.With[i].Query, indent + 1);
                sql.Append('\n').Append(pad).Append(')');
            }

            sql.Append('\n').Append(pad);
        }

        sql.Append("SELECT ");
        if (select.Limit is { } top)
        {
            WriteTop(context, top);
        }

        if (select.Columns.IsEmpty)
        {
            sql.Append('*');
        }

        for (var i = 0; i < select.Columns.Length; i++)
        {
            if (i > 0)
            {
                sql.Append(",\n").Append(pad).Append("       ");
            }

            Write(context, select.Columns[i].Expression, 0);
            if (select.Columns[i].Expression is not SqlStar)
            {
                sql.Append(" AS ").Append(Quote(select.Columns[i].Alias));
            }
        }

        sql.Append('\n').Append(pad).Append("FROM ");
        WriteSource(context, select.From, indent);
        foreach (var join in select.Joins)
        {
            sql.Append('\n').Append(pad).Append(join.Kind == SqlJoinKind.Left ? "LEFT JOIN " : "JOIN ");
            WriteSource(context, join.Source, indent);
            sql.Append(" ON ");
            WriteCondition(context, join.On, 0);
        }

        if (!select.Where.IsEmpty)
        {
            sql.Append('\n').Append(pad).Append("WHERE ");
            for (var i = 0; i < select.Where.Length; i++)
            {
                if (i > 0)
                {
                    sql.Append('\n').Append(pad).Append("  AND ");
                }

                WriteCondition(context, select.Where[i], 1);
            }
        }

        if (!select.GroupBy.IsEmpty)
        {
            sql.Append('\n').Append(pad).Append("GROUP BY ");
            WriteList(context, select.GroupBy);
        }

        if (!select.OrderBy.IsEmpty)
        {
            sql.Append('\n').Append(pad).Append("ORDER BY ");
            for (var i = 0; i < select.OrderBy.Length; i++)
            {
                if (i > 0)
                {
                    sql.Append(", ");
                }

                Write(context, select.OrderBy[i].Expression, 0);
                sql.Append(select.OrderBy[i].Descending ? " DESC" : " ASC");
            }
        }

        if (select.Limit is { } limit)
        {
            WriteLimit(context, limit);
        }
    }

    private void WriteSource(RenderContext context, SqlSource source, int indent)
    {
        switch (source)
        {
            case SqlTable table:
                context.Sql.Append(Quote(table.Name)).Append(' ').Append(Quote(table.Alias));
                break;
            case SqlNamed named:
                context.Sql.Append(Quote(named.Name)).Append(' ').Append(Quote(named.Alias));
                break;
            case SqlValues values:
                WriteValues(context, values, indent);
                break;
            default:
                throw new InvalidOperationException($"Unknown SQL source {source.GetType().Name}.");
        }
    }

    /// <summary>A constant table: <c>(VALUES (…), (…)) AS alias(columns)</c> by default.</summary>
    protected virtual void WriteValues(RenderContext context, SqlValues values, int indent)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(values);
        context.Sql.Append("(VALUES ");
        for (var r = 0; r < values.Rows.Length; r++)
        {
            context.Sql.Append(r > 0 ? ",\n" + new string(' ', (indent * 2) + 13) : string.Empty).Append('(');
            WriteList(context, values.Rows[r]);
            context.Sql.Append(')');
        }

        context.Sql.Append(") AS ").Append(Quote(values.Alias)).Append('(')
            .AppendJoin(", ", values.Columns.Select(Quote)).Append(')');
    }

    /// <summary>Writes expressions separated by commas.</summary>
    protected void WriteList(RenderContext context, ImmutableArray<SqlExpression> expressions)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var i = 0; i < expressions.Length; i++)
        {
            if (i > 0)
            {
                context.Sql.Append(", ");
            }

            Write(context, expressions[i], 0);
        }
    }

    /// <summary>Writes an expression in condition position (WHERE, ON, CASE WHEN).</summary>
    protected void WriteCondition(RenderContext context, SqlExpression expression, int depth)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (expression)
        {
            case SqlColumn or SqlParameter or SqlConstant { Value: bool }:
                WriteNativeCondition(context, expression, depth);
                break;
            default:
                Write(context, expression, depth);
                break;
        }
    }

    /// <summary>Writes an expression.</summary>
    protected void Write(RenderContext context, SqlExpression expression, int depth)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sql = context.Sql;
        switch (expression)
        {
            case SqlColumn column:
                if (column.Table is not null)
                {
                    sql.Append(Quote(column.Table)).Append('.');
                }

                sql.Append(Quote(column.Name));
                break;
            case SqlStar star:
                sql.Append(Quote(star.Table)).Append(".*");
                break;
            case SqlConstant constant:
                sql.Append(constant.Value switch
                {
                    null => "NULL",
                    string s => StringLiteral(s),
                    bool b => BooleanLiteral(b),
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => throw new InvalidOperationException($"Cannot render a constant of type {constant.Value.GetType().Name}."),
                });
                break;
            case SqlInstant instant:
                sql.Append(InstantLiteral(instant.Value));
                break;
            case SqlParameter parameter:
                sql.Append(Placeholder(context.Parameters.Count));
                context.Parameters.Add(parameter.Value);
                break;
            case SqlBinary binary:
                WriteBinary(context, binary, depth);
                break;
            case SqlNot not:
                sql.Append("NOT (");
                WriteCondition(context, not.Operand, depth + 1);
                sql.Append(')');
                break;
            case SqlNegate negate:
                sql.Append("-(");
                Write(context, negate.Operand, depth + 1);
                sql.Append(')');
                break;
            case SqlIsTrue isTrue:
                if (isTrue.AsInteger)
                {
                    sql.Append('(');
                    Write(context, isTrue.Operand, depth + 1);
                    sql.Append(" = 1)");
                }
                else
                {
                    WriteNativeCondition(context, isTrue.Operand, depth);
                }

                break;
            case SqlIsNull isNull:
                sql.Append('(');
                Write(context, isNull.Operand, depth + 1);
                sql.Append(isNull.Negated ? " IS NOT NULL)" : " IS NULL)");
                break;
            case SqlIn @in:
                sql.Append('(');
                Write(context, @in.Operand, depth + 1);
                sql.Append(@in.Negated ? " NOT IN (" : " IN (");
                WriteList(context, @in.Items);
                sql.Append("))");
                break;
            case SqlBetween between:
                sql.Append('(');
                Write(context, between.Operand, depth + 1);
                sql.Append(between.Negated ? " NOT BETWEEN " : " BETWEEN ");
                Write(context, between.Low, depth + 1);
                sql.Append(" AND ");
                Write(context, between.High, depth + 1);
                sql.Append(')');
                break;
            case SqlLike like:
                sql.Append('(');
                Write(context, like.Operand, depth + 1);
                sql.Append(like.Negated ? " NOT LIKE " : " LIKE ");
                Write(context, like.Pattern, depth + 1);
                sql.Append(')');
                break;
            case SqlCase @case:
                sql.Append("CASE");
                foreach (var (when, then) in @case.Branches)
                {
                    sql.Append(" WHEN ");
                    WriteCondition(context, when, depth + 1);
                    sql.Append(" THEN ");
                    Write(context, then, depth + 1);
                }

                if (@case.Else is { } otherwise)
                {
                    sql.Append(" ELSE ");
                    Write(context, otherwise, depth + 1);
                }

                sql.Append(" END");
                break;
            case SqlFunction function:
                WriteFunction(context, function, depth);
                break;
            case SqlAggregate aggregate:
                WriteAggregate(context, aggregate, depth);
                break;
            case SqlWindow window:
                WriteWindow(context, window, depth);
                break;
            case SqlAddDuration add:
                WriteAddDuration(context, add, depth);
                break;
            case SqlSecondsBetween between:
                WriteSecondsBetween(context, between, depth);
                break;
            case SqlScalarSubquery scalar:
                sql.Append('(');
                WriteSelect(context, scalar.Query, 2);
                sql.Append(')');
                break;
            case SqlExists exists:
                sql.Append("EXISTS (");
                WriteSelect(context, exists.Query, 2);
                sql.Append(')');
                break;
            case SqlToDouble toDouble:
                sql.Append("CAST(");
                Write(context, toDouble.Operand, depth + 1);
                sql.Append(" AS ").Append(DoubleType).Append(')');
                break;
            default:
                throw new InvalidOperationException($"Unknown SQL expression {expression.GetType().Name}.");
        }
    }

    private void WriteBinary(RenderContext context, SqlBinary binary, int depth)
    {
        var sql = context.Sql;
        if (binary.Operator == SqlBinaryOperator.Divide)
        {
            // Real division everywhere (PostgreSQL and SQL Server truncate integers), NULL on zero.
            sql.Append("(CAST(");
            Write(context, binary.Left, depth + 1);
            sql.Append(" AS ").Append(DoubleType).Append(") / NULLIF(");
            Write(context, binary.Right, depth + 1);
            sql.Append(", 0))");
            return;
        }

        var logical = binary.Operator is SqlBinaryOperator.And or SqlBinaryOperator.Or;
        sql.Append('(');
        if (logical)
        {
            WriteCondition(context, binary.Left, depth + 1);
        }
        else
        {
            Write(context, binary.Left, depth + 1);
        }

        sql.Append(binary.Operator switch
        {
            SqlBinaryOperator.Add => " + ",
            SqlBinaryOperator.Subtract => " - ",
            SqlBinaryOperator.Multiply => " * ",
            SqlBinaryOperator.Modulo => " % ",
            SqlBinaryOperator.Equal => " = ",
            SqlBinaryOperator.NotEqual => " <> ",
            SqlBinaryOperator.Less => " < ",
            SqlBinaryOperator.LessOrEqual => " <= ",
            SqlBinaryOperator.Greater => " > ",
            SqlBinaryOperator.GreaterOrEqual => " >= ",
            SqlBinaryOperator.And => " AND ",
            SqlBinaryOperator.Or => " OR ",
            _ => throw new InvalidOperationException($"Unknown operator {binary.Operator}."),
        });
        if (logical)
        {
            WriteCondition(context, binary.Right, depth + 1);
        }
        else
        {
            Write(context, binary.Right, depth + 1);
        }

        sql.Append(')');
    }

    private void WriteAggregate(RenderContext context, SqlAggregate aggregate, int depth)
    {
        var sql = context.Sql;
        if (aggregate.Filter is { } filter)
        {
            if (!HasAggregateFilter)
            {
                // AGG(x) FILTER (WHERE c) = AGG(CASE WHEN c THEN x END): the aggregates skip NULLs, and COUNT(*) counts the 1s.
                WriteAggregate(context, aggregate with { Argument = new SqlCase([(filter, aggregate.Argument ?? new SqlConstant(1))], null), Filter = null }, depth);
                return;
            }

            WriteAggregate(context, aggregate with { Filter = null }, depth);
            sql.Append(" FILTER (WHERE ");
            WriteCondition(context, filter, depth + 1);
            sql.Append(')');
            return;
        }

        switch (aggregate.Name)
        {
            case SqlAggregateName.Count when aggregate.Argument is null:
                sql.Append(CountFunction).Append("(*)");
                return;
            case SqlAggregateName.PercentileContinuous:
                WritePercentile(context, aggregate, depth);
                return;
            case SqlAggregateName.Average:
                // AVG of integers truncates in SQL Server: always average doubles.
                sql.Append("AVG(CAST(");
                Write(context, aggregate.Argument!, depth + 1);
                sql.Append(" AS ").Append(DoubleType).Append("))");
                return;
        }

        sql.Append(aggregate.Name switch
        {
            SqlAggregateName.Count => CountFunction + "(",
            SqlAggregateName.CountDistinct => CountFunction + "(DISTINCT ",
            SqlAggregateName.Sum => "SUM(",
            SqlAggregateName.Min => "MIN(",
            SqlAggregateName.VarianceSample => VarianceFunction + "(",
            _ => "MAX(",
        });
        Write(context, aggregate.Argument!, depth + 1);
        sql.Append(')');
    }

    private void WriteWindow(RenderContext context, SqlWindow window, int depth)
    {
        var sql = context.Sql;
        sql.Append(window.Name switch
        {
            SqlWindowName.Lag => "LAG(",
            SqlWindowName.Lead => "LEAD(",
            SqlWindowName.RowNumber => "ROW_NUMBER(",
            SqlWindowName.RunningMax => "MAX(",
            _ => "SUM(",
        });
        if (window.Argument is not null)
        {
            Write(context, window.Argument, depth + 1);
        }

        sql.Append(") OVER (PARTITION BY ");
        WriteList(context, window.PartitionBy);
        if (window.OrderBy.IsEmpty)
        {
            sql.Append(')');
            return;
        }

        sql.Append(" ORDER BY ");
        for (var i = 0; i < window.OrderBy.Length; i++)
        {
            if (i > 0)
            {
                sql.Append(", ");
            }

            Write(context, window.OrderBy[i].Expression, depth + 1);
            sql.Append(window.OrderBy[i].Descending ? " DESC" : " ASC");
        }

        if (window.Name is SqlWindowName.RunningSum or SqlWindowName.RunningMax)
        {
            sql.Append(" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW");
        }

        sql.Append(')');
    }

    /// <summary>Mutable state of one rendering.</summary>
    protected sealed class RenderContext
    {
        /// <summary>The text so far.</summary>
        public StringBuilder Sql { get; } = new();

        /// <summary>Parameter values in placeholder order.</summary>
        public List<object?> Parameters { get; } = [];
    }
}

/// <summary>
/// DuckDB: double-quoted identifiers, <c>$n</c> placeholders, <c>quantile_cont</c>, and instant
/// arithmetic in epoch microseconds.
/// </summary>
public sealed class DuckDbRenderer : SqlRenderer
{
    /// <summary>The shared instance (renderers are stateless).</summary>
    public static DuckDbRenderer Instance { get; } = new();

    /// <inheritdoc />
    public override SqlDialectKind Dialect => SqlDialectKind.DuckDb;

    /// <inheritdoc />
    protected override string DoubleType => "DOUBLE";

    /// <inheritdoc />
    protected override string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <inheritdoc />
    protected override string Placeholder(int ordinal) => "$" + (ordinal + 1).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    protected override string InstantLiteral(Instant instant) =>
        "TIMESTAMPTZ '" + InstantText(instant) + "'";

    /// <inheritdoc />
    protected override void WriteAddDuration(RenderContext context, SqlAddDuration add, int depth)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(add);

        // TIMESTAMPTZ + INTERVAL goes through ICU's calendar per row (about 8x the cost of the
        // comparison it feeds, and journeys do it per contact); an exact duration is a plain
        // number of microseconds on the instant's epoch value instead (DuckDB's resolution).
        var micros = decimal.Round(add.Duration.BclCompatibleTicks / (decimal)TimeSpan.TicksPerMicrosecond, MidpointRounding.AwayFromZero);
        context.Sql.Append("make_timestamptz(epoch_us(");
        Write(context, add.Instant, depth + 1);
        context.Sql.Append(micros < 0 ? ") - " : ") + ").Append(Math.Abs(micros).ToString(CultureInfo.InvariantCulture)).Append(')');
    }

    /// <inheritdoc/>
    protected override void WriteSecondsBetween(RenderContext context, SqlSecondsBetween between, int depth)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(between);

        // Epoch microseconds, like instant arithmetic above: exact, and no calendar per row.
        context.Sql.Append("((epoch_us(");
        Write(context, between.To, depth + 1);
        context.Sql.Append(") - epoch_us(");
        Write(context, between.From, depth + 1);
        context.Sql.Append(")) / 1000000.0)");
    }

    /// <inheritdoc />
    protected override void WritePercentile(RenderContext context, SqlAggregate aggregate, int depth)
    {
        context.Sql.Append("quantile_cont(");
        Write(context, aggregate.Argument!, depth + 1);
        context.Sql.Append(", ").Append(aggregate.Fraction!.Value.ToString("R", CultureInfo.InvariantCulture)).Append(')');
    }

    internal static string InstantText(Instant instant) =>
        NodaTime.Text.InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss.FFFFFF").Format(instant) + "+00";
}

/// <summary>
/// PostgreSQL 15: like DuckDB, with <c>percentile_cont … WITHIN GROUP</c>, <c>DOUBLE PRECISION</c>,
/// instants as <c>CAST('…' AS TIMESTAMPTZ)</c>, constant tables as <c>UNION ALL</c> of one-row SELECTs
/// (the same type resolution as VALUES, and parseable by common SQL tooling, which rejects
/// <c>AS "p"("a", …)</c> and <c>TIMESTAMPTZ '…'</c>), and <c>ROUND</c> with digits on NUMERIC
/// (PostgreSQL has no <c>round(double precision, integer)</c>).
/// </summary>
public sealed class PostgreSqlRenderer : SqlRenderer
{
    /// <summary>The shared instance.</summary>
    public static PostgreSqlRenderer Instance { get; } = new();

    /// <inheritdoc />
    public override SqlDialectKind Dialect => SqlDialectKind.PostgreSql;

    /// <inheritdoc />
    protected override string DoubleType => "DOUBLE PRECISION";

    /// <inheritdoc />
    protected override string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <inheritdoc />
    protected override string Placeholder(int ordinal) => "$" + (ordinal + 1).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    protected override string InstantLiteral(Instant instant) => "CAST('" + DuckDbRenderer.InstantText(instant) + "' AS TIMESTAMPTZ)";

    /// <inheritdoc />
    protected override void WriteValues(RenderContext context, SqlValues values, int indent)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Rows.IsEmpty)
        {
            throw new InvalidOperationException("A constant table needs at least one row.");
        }

        context.Sql.Append('(');
        for (var r = 0; r < values.Rows.Length; r++)
        {
            context.Sql.Append(r > 0 ? "\n" + new string(' ', (indent * 2) + 6) + "UNION ALL SELECT " : "SELECT ");
            for (var c = 0; c < values.Rows[r].Length; c++)
            {
                if (c > 0)
                {
                    context.Sql.Append(", ");
                }

                Write(context, values.Rows[r][c], 0);
                if (r == 0)
                {
                    context.Sql.Append(" AS ").Append(Quote(values.Columns[c]));
                }
            }
        }

        context.Sql.Append(") AS ").Append(Quote(values.Alias));
    }

    /// <inheritdoc />
    protected override void WriteFunction(RenderContext context, SqlFunction invocation, int depth)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.Name == SqlFunctionName.Round && invocation.Arguments.Length == 2)
        {
            // round(double precision, integer) does not exist; round(numeric, integer) does.
            context.Sql.Append("ROUND(CAST(");
            Write(context, invocation.Arguments[0], depth + 1);
            context.Sql.Append(" AS NUMERIC), ");
            Write(context, invocation.Arguments[1], depth + 1);
            context.Sql.Append(')');
            return;
        }

        base.WriteFunction(context, invocation, depth);
    }

    /// <inheritdoc />
    protected override void WritePercentile(RenderContext context, SqlAggregate aggregate, int depth)
    {
        context.Sql.Append("percentile_cont(").Append(aggregate.Fraction!.Value.ToString("R", CultureInfo.InvariantCulture)).Append(") WITHIN GROUP (ORDER BY ");
        Write(context, aggregate.Argument!, depth + 1);
        context.Sql.Append(')');
    }
}

/// <summary>
/// T-SQL (SQL Server 2022): bracket quoting, <c>@pN</c> parameters, bit booleans compared with 1,
/// <c>DATEADD</c> for intervals, <c>TOP</c> for limits, <c>LEN</c> for length, <c>N'…'</c> for
/// non-ASCII text, <c>ROUND</c> always with digits, and CTE names written bare where they are
/// regular, unreserved identifiers (common SQL tooling rejects <c>WITH [name] AS</c>).
/// </summary>
public sealed class TSqlRenderer : SqlRenderer
{
    /// <summary>The shared instance.</summary>
    public static TSqlRenderer Instance { get; } = new();

    /// <inheritdoc />
    public override SqlDialectKind Dialect => SqlDialectKind.TSql;

    /// <inheritdoc />
    protected override string DoubleType => "FLOAT";

    /// <inheritdoc />
    protected override string VarianceFunction => "VAR";

    /// <inheritdoc />
    protected override bool HasAggregateFilter => false;

    /// <inheritdoc />
    protected override string Quote(string identifier) => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";

    /// <inheritdoc />
    protected override string Placeholder(int ordinal) => "@p" + ordinal.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    protected override string CteName(string name) =>
        IsRegularIdentifier(name) && !ReservedWords.Contains(name) ? name : Quote(name);

    /// <inheritdoc />
    protected override string StringLiteral(string value) =>
        (value.Any(c => c > '\u007f') ? "N" : string.Empty) + base.StringLiteral(value);

    /// <inheritdoc />
    protected override void WriteFunction(RenderContext context, SqlFunction invocation, int depth)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.Name == SqlFunctionName.Round && invocation.Arguments.Length == 1)
        {
            // SQL Server's ROUND requires the digits argument.
            invocation = invocation with { Arguments = invocation.Arguments.Add(new SqlConstant(0)) };
        }

        base.WriteFunction(context, invocation, depth);
    }

    /// <inheritdoc />
    protected override string InstantLiteral(Instant instant) =>
        "CAST('" + NodaTime.Text.InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF").Format(instant) + "+00:00' AS DATETIMEOFFSET)";

    /// <inheritdoc />
    protected override void WriteSecondsBetween(RenderContext context, SqlSecondsBetween between, int depth)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(between);

        // DATEDIFF counts boundaries crossed: in microseconds that is the exact difference (BIG: no int overflow).
        context.Sql.Append("(DATEDIFF_BIG(microsecond, ");
        Write(context, between.From, depth + 1);
        context.Sql.Append(", ");
        Write(context, between.To, depth + 1);
        context.Sql.Append(") / 1000000.0)");
    }

    /// <inheritdoc />
    protected override string BooleanLiteral(bool value) => value ? "1" : "0";

    /// <inheritdoc />
    protected override void WriteNativeCondition(RenderContext context, SqlExpression operand, int depth)
    {
        // bit columns are not conditions in T-SQL.
        context.Sql.Append('(');
        Write(context, operand, depth + 1);
        context.Sql.Append(" = 1)");
    }

    /// <inheritdoc />
    protected override void WriteAddDuration(RenderContext context, SqlAddDuration add, int depth)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(add);

        // DATEADD takes an int: split the duration into days, seconds and sub-second parts (each
        // fits an int and all have the duration's sign), innermost first, exactly.
        var ticks = add.Duration.BclCompatibleTicks;
        var seconds = ticks / NodaConstants.TicksPerSecond;
        var fraction = ticks % NodaConstants.TicksPerSecond;
        var days = seconds > int.MaxValue || seconds < int.MinValue ? seconds / NodaConstants.SecondsPerDay : 0;
        seconds -= days * NodaConstants.SecondsPerDay;
        var parts = new List<(string Unit, long Amount)>();
        if (days != 0)
        {
            parts.Add(("day", days));
        }

        if (seconds != 0 || (days == 0 && fraction == 0))
        {
            parts.Add(("second", seconds));
        }

        if (fraction != 0)
        {
            parts.Add(fraction % NodaConstants.TicksPerMillisecond == 0
                ? ("millisecond", fraction / NodaConstants.TicksPerMillisecond)
                : fraction % 10 == 0 ? ("microsecond", fraction / 10) : ("nanosecond", fraction * 100));
        }

        for (var i = parts.Count - 1; i >= 0; i--)
        {
            context.Sql.Append("DATEADD(").Append(parts[i].Unit).Append(", ").Append(parts[i].Amount.ToString(CultureInfo.InvariantCulture)).Append(", ");
        }

        Write(context, add.Instant, depth + 1);
        context.Sql.Append(')', parts.Count);
    }

    /// <inheritdoc />
    protected override string FunctionName(SqlFunctionName name) => name == SqlFunctionName.Length ? "LEN" : base.FunctionName(name);

    /// <inheritdoc />
    protected override void WritePercentile(RenderContext context, SqlAggregate aggregate, int depth) =>
        throw new QueryException(
            QueryErrorCodes.UnsupportedByEngine,
            "SQL Server has no percentile aggregate (PERCENTILE_CONT is a window function only); run percentile metrics on DuckDB or PostgreSQL.");

    /// <inheritdoc />
    protected override void WriteTop(RenderContext context, int limit) =>
        context.Sql.Append("TOP (").Append(limit.ToString(CultureInfo.InvariantCulture)).Append(") ");

    /// <inheritdoc />
    protected override void WriteLimit(RenderContext context, int limit)
    {
    }

    private static bool IsRegularIdentifier(string name) =>
        name.Length is > 0 and <= 128
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>SQL Server's reserved keywords (Transact-SQL reference, "Reserved keywords").</summary>
    private static readonly FrozenSet<string> ReservedWords = new[]
    {
        "ADD", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "AUTHORIZATION", "BACKUP", "BEGIN", "BETWEEN", "BREAK", "BROWSE", "BULK", "BY",
        "CASCADE", "CASE", "CHECK", "CHECKPOINT", "CLOSE", "CLUSTERED", "COALESCE", "COLLATE", "COLUMN", "COMMIT", "COMPUTE", "CONSTRAINT",
        "CONTAINS", "CONTAINSTABLE", "CONTINUE", "CONVERT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
        "CURRENT_USER", "CURSOR", "DATABASE", "DBCC", "DEALLOCATE", "DECLARE", "DEFAULT", "DELETE", "DENY", "DESC", "DISK", "DISTINCT",
        "DISTRIBUTED", "DOUBLE", "DROP", "DUMP", "ELSE", "END", "ERRLVL", "ESCAPE", "EXCEPT", "EXEC", "EXECUTE", "EXISTS", "EXIT", "EXTERNAL",
        "FETCH", "FILE", "FILLFACTOR", "FOR", "FOREIGN", "FREETEXT", "FREETEXTTABLE", "FROM", "FULL", "FUNCTION", "GOTO", "GRANT", "GROUP",
        "HAVING", "HOLDLOCK", "IDENTITY", "IDENTITY_INSERT", "IDENTITYCOL", "IF", "IN", "INDEX", "INNER", "INSERT", "INTERSECT", "INTO", "IS",
        "JOIN", "KEY", "KILL", "LEFT", "LIKE", "LINENO", "LOAD", "MERGE", "NATIONAL", "NOCHECK", "NONCLUSTERED", "NOT", "NULL", "NULLIF", "OF",
        "OFF", "OFFSETS", "ON", "OPEN", "OPENDATASOURCE", "OPENQUERY", "OPENROWSET", "OPENXML", "OPTION", "OR", "ORDER", "OUTER", "OVER",
        "PERCENT", "PIVOT", "PLAN", "PRECISION", "PRIMARY", "PRINT", "PROC", "PROCEDURE", "PUBLIC", "RAISERROR", "READ", "READTEXT",
        "RECONFIGURE", "REFERENCES", "REPLICATION", "RESTORE", "RESTRICT", "RETURN", "REVERT", "REVOKE", "RIGHT", "ROLLBACK", "ROWCOUNT",
        "ROWGUIDCOL", "RULE", "SAVE", "SCHEMA", "SECURITYAUDIT", "SELECT", "SEMANTICKEYPHRASETABLE", "SEMANTICSIMILARITYDETAILSTABLE",
        "SEMANTICSIMILARITYTABLE", "SESSION_USER", "SET", "SETUSER", "SHUTDOWN", "SOME", "STATISTICS", "SYSTEM_USER", "TABLE", "TABLESAMPLE",
        "TEXTSIZE", "THEN", "TO", "TOP", "TRAN", "TRANSACTION", "TRIGGER", "TRUNCATE", "TRY_CONVERT", "TSEQUAL", "UNION", "UNIQUE", "UNPIVOT",
        "UPDATE", "UPDATETEXT", "USE", "USER", "VALUES", "VARYING", "VIEW", "WAITFOR", "WHEN", "WHERE", "WHILE", "WITH", "WITHIN", "WRITETEXT",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
