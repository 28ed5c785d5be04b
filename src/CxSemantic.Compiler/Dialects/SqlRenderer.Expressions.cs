using System.Globalization;
using System.Text;
using CxSemantic.Compiler.Sql;

namespace CxSemantic.Compiler.Dialects;

/// <summary>The expression half of the renderer: one visit per node type, in standard SQL.</summary>
public abstract partial class SqlRenderer
{
    /// <inheritdoc />
    public override StringBuilder VisitColumn(SqlColumn column, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(context);
        if (column.Table is not null)
        {
            context.Sql.Append(Quote(column.Table)).Append('.');
        }

        return context.Sql.Append(Quote(column.Name));
    }

    /// <inheritdoc />
    public override StringBuilder VisitStar(SqlStar star, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(star);
        ArgumentNullException.ThrowIfNull(context);
        return context.Sql.Append(Quote(star.Table)).Append(".*");
    }

    /// <inheritdoc />
    public override StringBuilder VisitConstant(SqlConstant constant, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(constant);
        ArgumentNullException.ThrowIfNull(context);
        return context.Sql.Append(constant.Value switch
        {
            null => "NULL",
            string s => StringLiteral(s),
            bool b => BooleanLiteral(b),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"Cannot render a constant of type {constant.Value.GetType().Name}."),
        });
    }

    /// <inheritdoc />
    public override StringBuilder VisitInstant(SqlInstant instant, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(instant);
        ArgumentNullException.ThrowIfNull(context);
        return context.Sql.Append(InstantLiteral(instant.Value));
    }

    /// <inheritdoc />
    public override StringBuilder VisitParameter(SqlParameter parameter, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append(Placeholder(context.Parameters.Count));
        context.Parameters.Add(parameter.Value);
        return context.Sql;
    }

    /// <inheritdoc />
    public override StringBuilder VisitBinary(SqlBinary binary, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(binary);
        ArgumentNullException.ThrowIfNull(context);
        var sql = context.Sql;
        if (binary.Operator == SqlBinaryOperator.Divide)
        {
            // Real division everywhere (PostgreSQL and SQL Server truncate integers), NULL on zero.
            sql.Append("(CAST(");
            Write(context, binary.Left);
            sql.Append(" AS ").Append(DoubleType).Append(") / NULLIF(");
            Write(context, binary.Right);
            return sql.Append(", 0))");
        }

        var logical = binary.Operator is SqlBinaryOperator.And or SqlBinaryOperator.Or;
        sql.Append('(');
        WriteOperand(binary.Left);
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
            SqlBinaryOperator.NotDistinct => " IS NOT DISTINCT FROM ",
            SqlBinaryOperator.And => " AND ",
            SqlBinaryOperator.Or => " OR ",
            _ => throw new InvalidOperationException($"Unknown operator {binary.Operator}."),
        });
        WriteOperand(binary.Right);
        return sql.Append(')');

        void WriteOperand(SqlExpression operand)
        {
            if (logical)
            {
                WriteCondition(context, operand);
            }
            else
            {
                Write(context, operand);
            }
        }
    }

    /// <inheritdoc />
    public override StringBuilder VisitNot(SqlNot logicalNot, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(logicalNot);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append("NOT (");
        WriteCondition(context, logicalNot.Operand);
        return context.Sql.Append(')');
    }

    /// <inheritdoc />
    public override StringBuilder VisitNegate(SqlNegate negate, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(negate);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append("-(");
        Write(context, negate.Operand);
        return context.Sql.Append(')');
    }

    /// <inheritdoc />
    public override StringBuilder VisitIsTrue(SqlIsTrue isTrue, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(isTrue);
        ArgumentNullException.ThrowIfNull(context);
        if (!isTrue.AsInteger)
        {
            WriteNativeCondition(context, isTrue.Operand);
            return context.Sql;
        }

        context.Sql.Append('(');
        Write(context, isTrue.Operand);
        return context.Sql.Append(" = 1)");
    }

    /// <inheritdoc />
    public override StringBuilder VisitIsNull(SqlIsNull isNull, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(isNull);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append('(');
        Write(context, isNull.Operand);
        return context.Sql.Append(isNull.Negated ? " IS NOT NULL)" : " IS NULL)");
    }

    /// <inheritdoc />
    public override StringBuilder VisitIn(SqlIn membership, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(membership);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append('(');
        Write(context, membership.Operand);
        context.Sql.Append(membership.Negated ? " NOT IN (" : " IN (");
        WriteList(context, membership.Items);
        return context.Sql.Append("))");
    }

    /// <inheritdoc />
    public override StringBuilder VisitBetween(SqlBetween between, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(between);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append('(');
        Write(context, between.Operand);
        context.Sql.Append(between.Negated ? " NOT BETWEEN " : " BETWEEN ");
        Write(context, between.Low);
        context.Sql.Append(" AND ");
        Write(context, between.High);
        return context.Sql.Append(')');
    }

    /// <inheritdoc />
    public override StringBuilder VisitLike(SqlLike likeTest, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(likeTest);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append('(');
        Write(context, likeTest.Operand);
        context.Sql.Append(likeTest.Negated ? " NOT LIKE " : " LIKE ");
        Write(context, likeTest.Pattern);
        return context.Sql.Append(')');
    }

    /// <inheritdoc />
    public override StringBuilder VisitCase(SqlCase caseExpression, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(caseExpression);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append("CASE");
        foreach (var (when, then) in caseExpression.Branches)
        {
            context.Sql.Append(" WHEN ");
            WriteCondition(context, when);
            context.Sql.Append(" THEN ");
            Write(context, then);
        }

        if (caseExpression.Else is { } otherwise)
        {
            context.Sql.Append(" ELSE ");
            Write(context, otherwise);
        }

        return context.Sql.Append(" END");
    }

    /// <summary>A scalar function call: <c>NAME(arguments)</c> by default.</summary>
    public override StringBuilder VisitFunction(SqlFunction invocation, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append(FunctionName(invocation.Name)).Append('(');
        WriteList(context, invocation.Arguments);
        return context.Sql.Append(')');
    }

    /// <inheritdoc />
    public override StringBuilder VisitAggregate(SqlAggregate aggregate, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(context);
        var sql = context.Sql;
        if (aggregate.Name == SqlAggregateName.IntegerSum)
        {
            sql.Append("CAST(");
            VisitAggregate(aggregate with { Name = SqlAggregateName.Sum }, context);
            return sql.Append(" AS BIGINT)");
        }

        if (aggregate.Filter is { } filter)
        {
            if (!HasAggregateFilter)
            {
                // AGG(x) FILTER (WHERE c) = AGG(CASE WHEN c THEN x END): the aggregates skip NULLs, and COUNT(*) counts the 1s.
                return VisitAggregate(aggregate with { Argument = new SqlCase([(filter, aggregate.Argument ?? new SqlConstant(1))], null), Filter = null }, context);
            }

            VisitAggregate(aggregate with { Filter = null }, context);
            sql.Append(" FILTER (WHERE ");
            WriteCondition(context, filter);
            return sql.Append(')');
        }

        switch (aggregate.Name)
        {
            case SqlAggregateName.Count when aggregate.Argument is null:
                return sql.Append(CountFunction).Append("(*)");
            case SqlAggregateName.PercentileContinuous:
                WritePercentile(context, aggregate);
                return sql;
            case SqlAggregateName.Average:
                // AVG of integers truncates in SQL Server: always average doubles.
                sql.Append("AVG(CAST(");
                Write(context, aggregate.Argument!);
                return sql.Append(" AS ").Append(DoubleType).Append("))");
        }

        sql.Append(aggregate.Name switch
        {
            SqlAggregateName.Count => CountFunction + "(",
            SqlAggregateName.CountDistinct => CountFunction + "(DISTINCT ",
            SqlAggregateName.Sum => "SUM(",
            SqlAggregateName.Min => "MIN(",
            SqlAggregateName.VarianceSample => VarianceFunction + "(",
            SqlAggregateName.OnlyValue => OnlyValueFunction + "(",
            _ => "MAX(",
        });
        Write(context, aggregate.Argument!);
        return sql.Append(')');
    }

    /// <inheritdoc />
    public override StringBuilder VisitWindow(SqlWindow window, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(context);
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
            Write(context, window.Argument);
        }

        sql.Append(") OVER (PARTITION BY ");
        WriteList(context, window.PartitionBy);
        if (window.OrderBy.IsEmpty)
        {
            return sql.Append(')');
        }

        sql.Append(" ORDER BY ");
        WriteOrder(context, window.OrderBy);
        if (window.Name is SqlWindowName.RunningSum or SqlWindowName.RunningMax)
        {
            sql.Append(" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW");
        }

        return sql.Append(')');
    }

    /// <summary>instant + duration: <c>(x + INTERVAL 'n seconds')</c> by default.</summary>
    public override StringBuilder VisitAddDuration(SqlAddDuration addDuration, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(addDuration);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append('(');
        Write(context, addDuration.Instant);
        return context.Sql.Append(" + INTERVAL '").Append(Seconds(addDuration.Duration)).Append(" seconds')");
    }

    /// <summary>Seconds from one instant to another: <c>EXTRACT(EPOCH FROM (to - from))</c> by default.</summary>
    public override StringBuilder VisitSecondsBetween(SqlSecondsBetween secondsBetween, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(secondsBetween);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append("EXTRACT(EPOCH FROM (");
        Write(context, secondsBetween.To);
        context.Sql.Append(" - ");
        Write(context, secondsBetween.From);
        return context.Sql.Append("))");
    }

    /// <inheritdoc />
    public override StringBuilder VisitScalarSubquery(SqlScalarSubquery scalarSubquery, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(scalarSubquery);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append('(');
        WriteSelect(context, scalarSubquery.Query, 2);
        return context.Sql.Append(')');
    }

    /// <inheritdoc />
    public override StringBuilder VisitExists(SqlExists exists, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(exists);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append("EXISTS (");
        WriteSelect(context, exists.Query, 2);
        return context.Sql.Append(')');
    }

    /// <inheritdoc />
    public override StringBuilder VisitToDouble(SqlToDouble toDouble, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(toDouble);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append("CAST(");
        Write(context, toDouble.Operand);
        return context.Sql.Append(" AS ").Append(DoubleType).Append(')');
    }

    /// <summary>
    /// PostgreSQL's form: <c>hashtextextended</c> of the keys as text, modulo the buckets, made non-negative
    /// (the modulo first, so <c>abs</c> cannot overflow). NULL keys hash as the other keys' text alone.
    /// </summary>
    public override StringBuilder VisitHashBucket(SqlHashBucket hashBucket, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(hashBucket);
        ArgumentNullException.ThrowIfNull(context);
        context.Sql.Append("abs(hashtextextended(concat_ws('|'");
        foreach (var key in hashBucket.Keys)
        {
            context.Sql.Append(", CAST(");
            Write(context, key);
            context.Sql.Append(" AS TEXT)");
        }

        return context.Sql.Append("), 0) % ").Append(hashBucket.Buckets.ToString(CultureInfo.InvariantCulture)).Append(')');
    }

    /// <summary>
    /// <c><paramref name="hashFunction"/>(keys…) % buckets</c>, under <c>ABS</c> when <paramref name="absolute"/> (for
    /// signed hashes), for engines whose hash function takes the keys as they are.
    /// </summary>
    protected StringBuilder WriteHashModulo(SqlRenderContext context, SqlHashBucket hashBucket, string hashFunction, bool absolute)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(hashBucket);
        context.Sql.Append(absolute ? "ABS(" : "(").Append(hashFunction).Append('(');
        WriteList(context, hashBucket.Keys);
        return context.Sql.Append(") % ").Append(hashBucket.Buckets.ToString(CultureInfo.InvariantCulture)).Append(')');
    }
}
