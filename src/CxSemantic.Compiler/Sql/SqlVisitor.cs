namespace CxSemantic.Compiler.Sql;

/// <summary>
/// A visitor over the SQL AST with one method per node type (MetricFlow's <c>SqlPlanNodeVisitor</c>):
/// a new node type does not compile until every visitor handles it, where a type switch would fall
/// into its default branch at run time.
/// </summary>
/// <typeparam name="TContext">State passed down the walk (for renderers, the text being written).</typeparam>
/// <typeparam name="TResult">What visiting a node gives.</typeparam>
public abstract class SqlVisitor<TContext, TResult>
{
    /// <summary>Visits a <see cref="SqlColumn"/>.</summary>
    public abstract TResult VisitColumn(SqlColumn column, TContext context);

    /// <summary>Visits a <see cref="SqlStar"/>.</summary>
    public abstract TResult VisitStar(SqlStar star, TContext context);

    /// <summary>Visits a <see cref="SqlConstant"/>.</summary>
    public abstract TResult VisitConstant(SqlConstant constant, TContext context);

    /// <summary>Visits a <see cref="SqlInstant"/>.</summary>
    public abstract TResult VisitInstant(SqlInstant instant, TContext context);

    /// <summary>Visits a <see cref="SqlParameter"/>.</summary>
    public abstract TResult VisitParameter(SqlParameter parameter, TContext context);

    /// <summary>Visits a <see cref="SqlBinary"/>.</summary>
    public abstract TResult VisitBinary(SqlBinary binary, TContext context);

    /// <summary>Visits a <see cref="SqlNot"/>.</summary>
    public abstract TResult VisitNot(SqlNot logicalNot, TContext context);

    /// <summary>Visits a <see cref="SqlNegate"/>.</summary>
    public abstract TResult VisitNegate(SqlNegate negate, TContext context);

    /// <summary>Visits a <see cref="SqlIsTrue"/>.</summary>
    public abstract TResult VisitIsTrue(SqlIsTrue isTrue, TContext context);

    /// <summary>Visits a <see cref="SqlIsNull"/>.</summary>
    public abstract TResult VisitIsNull(SqlIsNull isNull, TContext context);

    /// <summary>Visits a <see cref="SqlIn"/>.</summary>
    public abstract TResult VisitIn(SqlIn membership, TContext context);

    /// <summary>Visits a <see cref="SqlBetween"/>.</summary>
    public abstract TResult VisitBetween(SqlBetween between, TContext context);

    /// <summary>Visits a <see cref="SqlLike"/>.</summary>
    public abstract TResult VisitLike(SqlLike likeTest, TContext context);

    /// <summary>Visits a <see cref="SqlCase"/>.</summary>
    public abstract TResult VisitCase(SqlCase caseExpression, TContext context);

    /// <summary>Visits a <see cref="SqlFunction"/>.</summary>
    public abstract TResult VisitFunction(SqlFunction invocation, TContext context);

    /// <summary>Visits a <see cref="SqlAggregate"/>.</summary>
    public abstract TResult VisitAggregate(SqlAggregate aggregate, TContext context);

    /// <summary>Visits a <see cref="SqlWindow"/>.</summary>
    public abstract TResult VisitWindow(SqlWindow window, TContext context);

    /// <summary>Visits a <see cref="SqlAddDuration"/>.</summary>
    public abstract TResult VisitAddDuration(SqlAddDuration addDuration, TContext context);

    /// <summary>Visits a <see cref="SqlSecondsBetween"/>.</summary>
    public abstract TResult VisitSecondsBetween(SqlSecondsBetween secondsBetween, TContext context);

    /// <summary>Visits a <see cref="SqlScalarSubquery"/>.</summary>
    public abstract TResult VisitScalarSubquery(SqlScalarSubquery scalarSubquery, TContext context);

    /// <summary>Visits a <see cref="SqlExists"/>.</summary>
    public abstract TResult VisitExists(SqlExists exists, TContext context);

    /// <summary>Visits a <see cref="SqlToDouble"/>.</summary>
    public abstract TResult VisitToDouble(SqlToDouble toDouble, TContext context);

    /// <summary>Visits a <see cref="SqlHashBucket"/>.</summary>
    public abstract TResult VisitHashBucket(SqlHashBucket hashBucket, TContext context);

    /// <summary>Visits a <see cref="SqlTable"/> source.</summary>
    public abstract TResult VisitTable(SqlTable table, TContext context);

    /// <summary>Visits a <see cref="SqlNamed"/> source.</summary>
    public abstract TResult VisitNamed(SqlNamed named, TContext context);

    /// <summary>Visits a <see cref="SqlValues"/> source.</summary>
    public abstract TResult VisitValues(SqlValues values, TContext context);
}
