using System.Diagnostics;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Queries;

namespace CxSemantic.Compiler.Execution;

/// <summary>
/// The compiler's tracing source: <c>cxsemantic.compile</c> (plan and render one query; refusals end it with their code)
/// and <c>cxsemantic.statistics</c> (cells, derived metrics, disclosure control and comparisons after the statements
/// returned). Statement spans belong to whoever runs the <see cref="ISqlEngine"/>.
/// </summary>
public static class CompilerTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name.</summary>
    public const string SourceName = "CxSemantic.Compiler";

    internal static readonly ActivitySource Source = new(SourceName, typeof(CompilerTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Compiles within a <c>cxsemantic.compile</c> span tagged with the metrics, dialect and statement count.</summary>
    internal static CompiledQuery Compile(MetricCompiler compiler, MetricQuery query, SqlDialectKind dialect)
    {
        using var activity = Source.StartActivity("cxsemantic.compile");
        try
        {
            var compiled = compiler.Compile(query, dialect);
            if (activity is not null)
            {
                activity.SetTag("cxsemantic.metrics", string.Join(",", query.Metrics));
                activity.SetTag("cxsemantic.dialect", dialect.ToString());
                activity.SetTag("cxsemantic.statement.count", compiled.Facts.Length + compiled.BaselineFacts.Length + compiled.PairedFacts.Length);
            }

            return compiled;
        }
        catch (QueryException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Code);
            throw;
        }
    }
}
