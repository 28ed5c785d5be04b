using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CxSemantic.Compiler.Tests.Dialects.ScriptDom;

/// <summary>ScriptDom's verdict on one script: its errors, and the statements it parsed.</summary>
/// <param name="Errors">Parse errors (number, line, column, message); empty when the script parses.</param>
/// <param name="Statements">The statement types parsed, in order (e.g. <c>SelectStatement</c>).</param>
public sealed record TSqlVerdict(ImmutableArray<ParseError> Errors, ImmutableArray<string> Statements)
{
    /// <summary>True when the script parses as exactly one SELECT.</summary>
    public bool IsOneSelect => Errors.IsEmpty && Statements is ["SelectStatement"];

    /// <summary>The errors as <c>line:column: message (number)</c> with the SQL around each error.</summary>
    public string Describe(string sql)
    {
        var text = new StringBuilder();
        foreach (var error in Errors)
        {
            var at = Math.Clamp(error.Offset, 0, sql.Length);
            text.Append($"ScriptDom {error.Number} at {error.Line}:{error.Column}: {error.Message}\n")
                .Append("  …").Append(sql[Math.Max(0, at - 120)..at]).Append(" ⟦HERE⟧ ").Append(sql[at..Math.Min(sql.Length, at + 60)]).Append("…\n");
        }

        if (Errors.IsEmpty && !IsOneSelect)
        {
            text.Append($"expected exactly one SELECT statement, parsed [{string.Join(", ", Statements)}]\n");
        }

        return text.ToString();
    }
}

/// <summary>
/// Microsoft's own T-SQL parser (Microsoft.SqlServer.TransactSql.ScriptDom, <see cref="TSql160Parser"/>: SQL Server 2022)
/// as the independent check of the T-SQL the compiler renders. Verdicts are cached by text, since many
/// combinations render the same statement with other parameter values.
/// </summary>
public static class TSqlScriptDom
{
    private static readonly ConcurrentDictionary<string, TSqlVerdict> Cache = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="sql"/> with quoted identifiers on (brackets and double quotes delimit names).</summary>
    public static TSqlVerdict Parse(string sql) => Cache.GetOrAdd(sql, static text =>
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(text);
        var fragment = parser.Parse(reader, out var errors);
        var statements = fragment is TSqlScript script
            ? script.Batches.SelectMany(b => b.Statements).Select(s => s.GetType().Name).ToImmutableArray()
            : [];
        return new TSqlVerdict([.. errors], statements);
    });

    /// <summary>Distinct texts parsed so far (for the test output).</summary>
    public static int DistinctTextsParsed => Cache.Count;
}
