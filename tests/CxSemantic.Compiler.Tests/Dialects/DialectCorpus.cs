using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Schema;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Dialects;

/// <summary>One rendered fact statement of a metric in a dialect.</summary>
public sealed record DialectStatement(string Metric, SqlDialectKind Dialect, int Index, string Description, string Sql, ImmutableArray<object?> Parameters)
{
    public string Name => $"{Metric}#{Index + 1}/{Dialect}";
}

/// <summary>The compilation of one metric in one dialect: its statements, or the refusal.</summary>
public sealed record DialectCompilation(string Metric, SqlDialectKind Dialect, MetricQuery Query, ImmutableArray<DialectStatement> Statements, string? Text, QueryException? Refusal);

/// <summary>
/// The corpus the dialect tests check: every metric of the repository's catalog, compiled with its
/// required segmentation over Q1 2026 by month in Europe/Berlin as <c>cx_analyst</c>, in every dialect.
/// </summary>
public static class DialectCorpus
{
    public static readonly SqlDialectKind[] Dialects = [SqlDialectKind.DuckDb, SqlDialectKind.PostgreSql, SqlDialectKind.TSql];

    private static readonly Lazy<MetricCatalog> LazyCatalog = new(() =>
    {
        var result = CatalogLoader.LoadDirectory(RepositoryPaths.MetricDefinitions, WarehouseSchema.PhysicalSchema);
        return result.Catalog ?? throw new InvalidOperationException("The repository's metric definitions do not load.");
    });

    private static readonly Lazy<ImmutableArray<DialectCompilation>> LazyAll = new(() =>
        [.. Catalog.Metrics.Keys.SelectMany(m => Dialects.Select(d => Compile(m, d)))]);

    public static MetricCatalog Catalog => LazyCatalog.Value;

    /// <summary>Every metric in every dialect.</summary>
    public static ImmutableArray<DialectCompilation> All => LazyAll.Value;

    /// <summary>Every rendered statement.</summary>
    public static IEnumerable<DialectStatement> Statements => All.SelectMany(c => c.Statements);

    /// <summary>This folder in the source tree (not bin).</summary>
    public static string SourcePath(params string[] parts) =>
        RepositoryPaths.Combine(["tests", "CxSemantic.Compiler.Tests", "Dialects", .. parts]);

    public static MetricQuery QueryFor(string metric) => new()
    {
        Metrics = [metric],
        GroupBy = Catalog.Metrics[metric].Segmentation.Required,
        Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 4, 1), "Europe/Berlin", TimeGrain.Month),
        Caller = Caller.WithRole("cx_analyst"),
    };

    public static DialectCompilation Compile(string metric, SqlDialectKind dialect)
    {
        var compiler = new MetricCompiler(Catalog);
        var query = QueryFor(metric);
        try
        {
            var compiled = compiler.Compile(query, dialect);
            var statements = compiled.Facts
                .Select((f, i) => new DialectStatement(metric, dialect, i, f.Plan.Describe(), f.Sql.Text, f.Sql.Parameters))
                .ToImmutableArray();
            return new DialectCompilation(metric, dialect, query, statements, compiler.CompileToText(query, dialect), null);
        }
        catch (QueryException refusal)
        {
            return new DialectCompilation(metric, dialect, query, [], null, refusal);
        }
    }

    /// <summary>A parameter value as a snapshot shows it: invariant text and its CLR type.</summary>
    public static string FormatParameter(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "' (string)",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " (date)",
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture) + " (timestamp)",
        bool b => (b ? "true" : "false") + " (bool)",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture) + " (" + value.GetType().Name + ")",
        _ => value + " (" + value.GetType().Name + ")",
    };

    /// <summary>The golden text of a compilation.</summary>
    public static string Snapshot(DialectCompilation compilation, string testName)
    {
        var text = new StringBuilder();
        var q = compilation.Query;
        text.Append("-- test: ").Append(testName).Append('\n');
        text.Append("-- metric: ").Append(compilation.Metric).Append('\n');
        text.Append("-- dialect: ").Append(compilation.Dialect).Append('\n');
        text.Append("-- query: group by [").Append(string.Join(", ", q.GroupBy)).Append("]; ")
            .Append(q.Time!.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" .. ")
            .Append(q.Time.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(' ')
            .Append(q.Time.Zone).Append(" by ").Append(q.Time.Grain).Append("; role ").Append(q.Caller.Role).Append('\n');
        if (compilation.Refusal is { } refusal)
        {
            text.Append("-- refused: ").Append(refusal.Code).Append(": ").Append(refusal.Message).Append('\n');
            return text.ToString();
        }

        foreach (var statement in compilation.Statements)
        {
            text.Append('\n');
            text.Append("-- statement ").Append(statement.Index + 1).Append(" of ").Append(compilation.Statements.Length).Append(": ").Append(statement.Description).Append('\n');
            text.Append("-- parameters: ");
            text.Append(statement.Parameters.IsEmpty
                ? "(none)"
                : string.Join(", ", statement.Parameters.Select((p, i) => $"{Placeholder(compilation.Dialect, i)} = {FormatParameter(p)}")));
            text.Append('\n').Append(statement.Sql).Append(";\n");
        }

        return text.ToString();
    }

    private static string Placeholder(SqlDialectKind dialect, int ordinal) =>
        dialect == SqlDialectKind.TSql ? "@p" + ordinal.ToString(CultureInfo.InvariantCulture) : "$" + (ordinal + 1).ToString(CultureInfo.InvariantCulture);
}
