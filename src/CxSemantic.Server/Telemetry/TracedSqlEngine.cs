using System.Diagnostics;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;

namespace CxSemantic.Server.Telemetry;

/// <summary>
/// An <see cref="ISqlEngine"/> that traces each statement as a client span (<c>cxsemantic.statement</c>, with
/// <c>db.system.name</c>, the parameterized <c>db.query.text</c> — filter values are parameters, never in the text —
/// and the rows returned) and records its duration and the statements in flight.
/// </summary>
internal sealed class TracedSqlEngine(ISqlEngine inner) : ISqlEngine
{
    /// <summary>Longest statement text put on a span; compiled statements of wide queries run to tens of kilobytes.</summary>
    private const int MaxQueryTextLength = 4096;

    private readonly string _system = CxTelemetry.DatabaseSystem(inner.Dialect);

    /// <summary>The engine traced.</summary>
    public ISqlEngine Inner => inner;

    public SqlDialectKind Dialect => inner.Dialect;

    public string Location => inner.Location;

    public async Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
    {
        using var activity = CxTelemetry.Source.StartActivity("cxsemantic.statement", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("db.system.name", _system);
            activity.SetTag("db.query.text", sql.Text.Length <= MaxQueryTextLength ? sql.Text : sql.Text[..MaxQueryTextLength]);
            activity.SetTag("db.query.parameter_count", sql.Parameters.Length);
        }

        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        CxTelemetry.ActiveStatements.Add(1);
        try
        {
            var rows = await inner.QueryAsync(sql, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("db.response.returned_rows", rows.Count);
            return rows;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
            throw;
        }
        catch (SqlEngineException ex)
        {
            outcome = ex.Failure.ToString();
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            CxTelemetry.ActiveStatements.Add(-1);
            CxTelemetry.StatementDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new("db.system.name", _system),
                new("outcome", outcome));
        }
    }

    public Task<DateTime?> ReadWatermarkAsync(CancellationToken cancellationToken) => inner.ReadWatermarkAsync(cancellationToken);
}
