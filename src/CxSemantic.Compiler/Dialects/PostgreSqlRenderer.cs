using System.Text;
using CxSemantic.Compiler.Sql;
using NodaTime;

namespace CxSemantic.Compiler.Dialects;

/// <summary>
/// PostgreSQL 15: standard SQL with instants as <c>CAST('…' AS TIMESTAMPTZ)</c>, constant tables as
/// <c>UNION ALL</c> of one-row SELECTs (the same type resolution as VALUES, and parseable by common SQL
/// tooling, which rejects <c>AS "p"("a", …)</c> and <c>TIMESTAMPTZ '…'</c>), and <c>ROUND</c> with digits
/// on NUMERIC (PostgreSQL has no <c>round(double precision, integer)</c>).
/// </summary>
public sealed class PostgreSqlRenderer : SqlRenderer
{
    /// <summary>The shared instance.</summary>
    public static PostgreSqlRenderer Instance { get; } = new();

    /// <inheritdoc />
    public override SqlDialectKind Dialect => SqlDialectKind.PostgreSql;

    /// <inheritdoc />
    protected override string InstantLiteral(Instant instant) => "CAST('" + UtcInstantText(instant) + "' AS TIMESTAMPTZ)";

    /// <inheritdoc />
    public override StringBuilder VisitValues(SqlValues values, SqlRenderContext context)
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
            context.Sql.Append(r > 0 ? "\n" + new string(' ', (context.Indent * 2) + 6) + "UNION ALL SELECT " : "SELECT ");
            for (var c = 0; c < values.Rows[r].Length; c++)
            {
                if (c > 0)
                {
                    context.Sql.Append(", ");
                }

                Write(context, values.Rows[r][c]);
                if (r == 0)
                {
                    context.Sql.Append(" AS ").Append(Quote(values.Columns[c]));
                }
            }
        }

        return context.Sql.Append(") AS ").Append(Quote(values.Alias));
    }

    /// <inheritdoc />
    public override StringBuilder VisitFunction(SqlFunction invocation, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.Name != SqlFunctionName.Round || invocation.Arguments.Length != 2)
        {
            return base.VisitFunction(invocation, context);
        }

        // round(double precision, integer) does not exist; round(numeric, integer) does.
        context.Sql.Append("ROUND(CAST(");
        Write(context, invocation.Arguments[0]);
        context.Sql.Append(" AS NUMERIC), ");
        Write(context, invocation.Arguments[1]);
        return context.Sql.Append(')');
    }
}
