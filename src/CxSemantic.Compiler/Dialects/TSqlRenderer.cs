using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using NodaTime;
using NodaTime.Text;

namespace CxSemantic.Compiler.Dialects;

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

    /// <summary>UTC instants to the 100 ns tick (DATETIMEOFFSET's resolution).</summary>
    private static readonly InstantPattern DateTimeOffsetPattern =
        InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF");

    /// <inheritdoc />
    protected override string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";
    }

    /// <inheritdoc />
    protected override string Placeholder(int ordinal) => "@p" + ordinal.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    protected override string CteName(string name) =>
        IsRegularIdentifier(name) && !ReservedWords.Contains(name) ? name : Quote(name);

    /// <inheritdoc />
    protected override string StringLiteral(string value) =>
        (value.Any(c => c > '\u007f') ? "N" : string.Empty) + base.StringLiteral(value);

    /// <inheritdoc />
    public override StringBuilder VisitFunction(SqlFunction invocation, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.Name == SqlFunctionName.Round && invocation.Arguments.Length == 1)
        {
            // SQL Server's ROUND requires the digits argument.
            invocation = invocation with { Arguments = invocation.Arguments.Add(new SqlConstant(0)) };
        }

        return base.VisitFunction(invocation, context);
    }

    /// <inheritdoc />
    protected override string InstantLiteral(Instant instant) =>
        "CAST('" + DateTimeOffsetPattern.Format(instant) + "+00:00' AS DATETIMEOFFSET)";

    /// <inheritdoc />
    public override StringBuilder VisitHashBucket(SqlHashBucket hashBucket, SqlRenderContext context)
    {
        // CHECKSUM takes several values, NULLs included; the modulo before ABS keeps it from overflowing.
        return WriteHashModulo(context, hashBucket, "CHECKSUM", absolute: true);
    }

    /// <inheritdoc />
    public override StringBuilder VisitSecondsBetween(SqlSecondsBetween secondsBetween, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(secondsBetween);

        // DATEDIFF counts boundaries crossed: in microseconds that is the exact difference (BIG: no int overflow).
        context.Sql.Append("(DATEDIFF_BIG(microsecond, ");
        Write(context, secondsBetween.From);
        context.Sql.Append(", ");
        Write(context, secondsBetween.To);
        return context.Sql.Append(") / 1000000.0)");
    }

    /// <inheritdoc />
    protected override string BooleanLiteral(bool value) => value ? "1" : "0";

    /// <inheritdoc />
    protected override void WriteNativeCondition(SqlRenderContext context, SqlExpression operand)
    {
        ArgumentNullException.ThrowIfNull(context);

        // bit columns are not conditions in T-SQL.
        context.Sql.Append('(');
        Write(context, operand);
        context.Sql.Append(" = 1)");
    }

    /// <inheritdoc />
    public override StringBuilder VisitAddDuration(SqlAddDuration addDuration, SqlRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(addDuration);

        // DATEADD takes an int: split the duration into days, seconds and sub-second parts (each
        // fits an int and all have the duration's sign), innermost first, exactly.
        var ticks = addDuration.Duration.BclCompatibleTicks;
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

        Write(context, addDuration.Instant);
        return context.Sql.Append(')', parts.Count);
    }

    /// <inheritdoc />
    protected override string FunctionName(SqlFunctionName name) => name == SqlFunctionName.Length ? "LEN" : base.FunctionName(name);

    /// <inheritdoc />
    protected override void WritePercentile(SqlRenderContext context, SqlAggregate aggregate) =>
        throw QueryMessages.PercentileOnSqlServer();

    /// <inheritdoc />
    protected override void WriteTop(SqlRenderContext context, int limit) =>
        (context ?? throw new ArgumentNullException(nameof(context))).Sql.Append("TOP (").Append(limit.ToString(CultureInfo.InvariantCulture)).Append(") ");

    /// <inheritdoc />
    protected override void WriteLimit(SqlRenderContext context, int limit)
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
