using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CxSemantic.Compiler.Sql;
using NodaTime;
using NodaTime.Text;

namespace CxSemantic.Compiler.Dialects;

/// <summary>
/// Renders the dialect-neutral SQL AST as text with ordered parameters. This base writes standard SQL
/// (double-quoted identifiers, <c>FILTER (WHERE …)</c>, <c>PERCENTILE_CONT … WITHIN GROUP</c>, interval
/// arithmetic, <c>LIMIT</c>); one renderer per dialect overrides only what differs (SqlKata's
/// one-compiler-per-dialect). The walk is a <see cref="SqlVisitor{TContext, TResult}"/>, so a new
/// node does not compile until the renderers handle it.
/// </summary>
public abstract partial class SqlRenderer : SqlVisitor<SqlRenderContext, StringBuilder>
{
    /// <summary>UTC instants as <c>uuuu-MM-dd HH:mm:ss.FFFFFF+00</c> (microseconds, the engines' resolution).</summary>
    private static readonly InstantPattern UtcInstantPattern =
        InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss.FFFFFF");

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
        var context = new SqlRenderContext();
        WriteSelect(context, select, 0);
        return new SqlText(context.Sql.ToString(), [.. context.Parameters]);
    }

    /// <summary>A timestamp-with-zone literal of <paramref name="instant"/> (for statements the compiler writes outside the AST: rollup refreshes).</summary>
    public string Literal(Instant instant) => InstantLiteral(instant);

    /// <summary>A string literal of compiler-generated text (names and hashes, never user input).</summary>
    public string Literal(string value) => StringLiteral(value);

    /// <summary>Quotes an identifier: standard SQL double quotes, embedded quotes doubled.</summary>
    protected virtual string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The name of a common table expression where it is defined (quoted by default).</summary>
    protected virtual string CteName(string name) => Quote(name);

    /// <summary>A string constant (compiler-generated text, never user input).</summary>
    protected virtual string StringLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The placeholder of the parameter at <paramref name="ordinal"/> (0-based): <c>$n</c> (1-based) by default.</summary>
    protected virtual string Placeholder(int ordinal) => "$" + (ordinal + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>A timestamp-with-zone literal of a UTC instant.</summary>
    protected abstract string InstantLiteral(Instant instant);

    /// <summary>The double-precision type name for casts.</summary>
    protected virtual string DoubleType => "DOUBLE PRECISION";

    /// <summary>The row-count aggregate (64-bit where the dialect's COUNT is 32-bit).</summary>
    protected virtual string CountFunction => "COUNT";

    /// <summary>The sample variance aggregate (divisor n − 1).</summary>
    protected virtual string VarianceFunction => "VAR_SAMP";

    /// <summary>
    /// The aggregate for <see cref="SqlAggregateName.OnlyValue"/>: MAX by default (PostgreSQL before 16 and SQL Server
    /// have no <c>any_value</c>; over one row MAX is that row's value).
    /// </summary>
    protected virtual string OnlyValueFunction => "MAX";

    /// <summary>
    /// Whether aggregates take a <c>FILTER (WHERE …)</c> clause (SQL:2003; DuckDB and PostgreSQL do).
    /// It is the faster form of a conditional aggregate there: the engine skips the rows instead of
    /// computing and aggregating a CASE per row. Without it, the condition moves into a CASE argument.
    /// </summary>
    protected virtual bool HasAggregateFilter => true;

    /// <summary>A boolean constant in value position.</summary>
    protected virtual string BooleanLiteral(bool value) => value ? "TRUE" : "FALSE";

    /// <summary>A native boolean used as a condition.</summary>
    protected virtual void WriteNativeCondition(SqlRenderContext context, SqlExpression operand) => Write(context, operand);

    /// <summary>A continuous percentile aggregate: <c>percentile_cont(f) WITHIN GROUP (ORDER BY x)</c> by default.</summary>
    protected virtual void WritePercentile(SqlRenderContext context, SqlAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(aggregate);
        context.Sql.Append("percentile_cont(").Append(aggregate.Fraction!.Value.ToString("R", CultureInfo.InvariantCulture)).Append(") WITHIN GROUP (ORDER BY ");
        Write(context, aggregate.Argument!);
        context.Sql.Append(')');
    }

    /// <summary>The name of a scalar function in this dialect.</summary>
    protected virtual string FunctionName(SqlFunctionName name) => name.ToString().ToUpperInvariant();

    /// <summary>Writes the row limit before the select list (T-SQL TOP) — nothing by default.</summary>
    protected virtual void WriteTop(SqlRenderContext context, int limit)
    {
    }

    /// <summary>Writes the row limit after ORDER BY (LIMIT n by default).</summary>
    protected virtual void WriteLimit(SqlRenderContext context, int limit)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append("\nLIMIT ").Append(limit.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Exact seconds of a duration, as text (fractions to the microsecond).</summary>
    protected static string Seconds(Duration duration) =>
        (duration.TotalTicks / NodaConstants.TicksPerSecond).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A UTC instant as <c>uuuu-MM-dd HH:mm:ss.FFFFFF+00</c>, for the dialects' timestamp-with-zone literals.</summary>
    protected static string UtcInstantText(Instant instant) => UtcInstantPattern.Format(instant) + "+00";

    /// <summary>Writes an expression.</summary>
    protected StringBuilder Write(SqlRenderContext context, SqlExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return expression.Accept(this, context);
    }

    /// <summary>Writes expressions separated by commas.</summary>
    protected void WriteList(SqlRenderContext context, ImmutableArray<SqlExpression> expressions)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var i = 0; i < expressions.Length; i++)
        {
            if (i > 0)
            {
                context.Sql.Append(", ");
            }

            Write(context, expressions[i]);
        }
    }

    /// <summary>Writes ordering terms: <c>x ASC, y DESC</c>.</summary>
    private void WriteOrder(SqlRenderContext context, ImmutableArray<(SqlExpression Expression, bool Descending)> order)
    {
        for (var i = 0; i < order.Length; i++)
        {
            if (i > 0)
            {
                context.Sql.Append(", ");
            }

            Write(context, order[i].Expression);
            context.Sql.Append(order[i].Descending ? " DESC" : " ASC");
        }
    }

    /// <summary>Writes an expression in condition position (WHERE, ON, CASE WHEN).</summary>
    protected void WriteCondition(SqlRenderContext context, SqlExpression expression)
    {
        // Bare booleans (columns, parameters, TRUE/FALSE) are conditions only in dialects with a boolean type.
        if (expression is SqlColumn or SqlParameter or SqlConstant { Value: bool })
        {
            WriteNativeCondition(context, expression);
        }
        else
        {
            Write(context, expression);
        }
    }

    /// <summary>Writes a SELECT statement nested <paramref name="indent"/> levels deep.</summary>
    protected void WriteSelect(SqlRenderContext context, SqlSelect select, int indent)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(select);
        var outer = context.Indent;
        context.Indent = indent;
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

            Write(context, select.Columns[i].Expression);
            if (select.Columns[i].Expression is not SqlStar)
            {
                sql.Append(" AS ").Append(Quote(select.Columns[i].Alias));
            }
        }

        sql.Append('\n').Append(pad).Append("FROM ");
        select.From.Accept(this, context);
        foreach (var join in select.Joins)
        {
            sql.Append('\n').Append(pad).Append(join.Kind == SqlJoinKind.Left ? "LEFT JOIN " : "JOIN ");
            join.Source.Accept(this, context);
            sql.Append(" ON ");
            WriteCondition(context, join.On);
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

                WriteCondition(context, select.Where[i]);
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
            WriteOrder(context, select.OrderBy);
        }

        if (select.Limit is { } limit)
        {
            WriteLimit(context, limit);
        }

        context.Indent = outer;
    }

    /// <inheritdoc />
    public override StringBuilder VisitTable(SqlTable table, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(context);
        return context.Sql.Append(Quote(table.Name)).Append(' ').Append(Quote(table.Alias));
    }

    /// <inheritdoc />
    public override StringBuilder VisitNamed(SqlNamed named, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(named);
        ArgumentNullException.ThrowIfNull(context);
        return context.Sql.Append(Quote(named.Name)).Append(' ').Append(Quote(named.Alias));
    }

    /// <summary>A constant table: <c>(VALUES (…), (…)) AS alias(columns)</c> by default.</summary>
    public override StringBuilder VisitValues(SqlValues values, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(values);
        context.Sql.Append("(VALUES ");
        for (var r = 0; r < values.Rows.Length; r++)
        {
            context.Sql.Append(r > 0 ? ",\n" + new string(' ', (context.Indent * 2) + 13) : string.Empty).Append('(');
            WriteList(context, values.Rows[r]);
            context.Sql.Append(')');
        }

        return context.Sql.Append(") AS ").Append(Quote(values.Alias)).Append('(')
            .AppendJoin(", ", values.Columns.Select(Quote)).Append(')');
    }
}
