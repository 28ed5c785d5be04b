using CxSemantic.Compiler.Dialects;

namespace CxSemantic.Compiler.Tests.Dialects;

/// <summary>
/// A construct the database certainly accepts but node-sql-parser does not. The statement is still
/// parsed: only when it fails with exactly <see cref="ParserError"/> at the construct, check-sql.mjs
/// applies the named rewrite (which keeps the statement's meaning) and the rewritten statement must
/// parse, so everything else in it is still checked.
/// </summary>
/// <param name="Id">The rewrite's name in check-sql.mjs.</param>
/// <param name="Dialect">Where it applies.</param>
/// <param name="ParserError">node-sql-parser's exact message on the construct.</param>
/// <param name="Construct">A regular expression the text just before the error must match (the construct).</param>
/// <param name="WhyValid">Why the SQL as written is valid.</param>
public sealed record SqlParserAllowance(string Id, SqlDialectKind Dialect, string ParserError, string Construct, string WhyValid);

/// <summary>The documented allow-list (keep it short; every entry must be used).</summary>
public static class SqlParserAllowances
{
    public static readonly SqlParserAllowance[] All =
    [
        new(
            "partition-by-list-as-row",
            SqlDialectKind.PostgreSql,
            """Expected "--", ".", "/*", [ \t\n\r], [A-Za-z0-9_\-$一-龥À-ſ], or [A-Za-z0-9_一-龥À-ſ] but "(" found.""",
            """PARTITION BY [^()]*,\s*[A-Za-z_]+$""",
            "PostgreSQL's PARTITION BY takes any list of expressions (PostgreSQL docs, 'Window Function Calls': "
            + "PARTITION BY expression [, ...]); node-sql-parser 5.4.0's PostgreSQL grammar takes one expression or a list of "
            + "column references only. Journey stitching's LAG partitions by (customer_id, COALESCE(intent_confirmed, "
            + "intent_predicted)); the next windows partition by the same keys as columns k0, k1, so PostgreSQL reuses the "
            + "LAG's sort; the renderer keeps the SQL and the check parses the list wrapped as ROW(…), every item still parsed."),
    ];

    public static IReadOnlyList<SqlParserAllowance> For(SqlDialectKind dialect) => [.. All.Where(a => a.Dialect == dialect)];
}
