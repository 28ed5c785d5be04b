using System.Diagnostics;

namespace CxSemantic.Warehouse;

/// <summary>
/// The warehouse's tracing source: <c>cxsemantic.refresh</c> (the materializations of one kind brought current),
/// <c>cxsemantic.refresh.table</c> (one table of them), <c>cxsemantic.refresh.step</c> (a step of it: counting, collecting changes, applying them, a slice, the swap) and,
/// for embedded DuckDB, whose driver traces nothing, <c>cxsemantic.db.statement</c> and <c>cxsemantic.db.commit</c>
/// inside a transaction. Npgsql and SqlClient trace their own statements.
/// </summary>
public static class WarehouseTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name.</summary>
    public const string SourceName = "CxSemantic.Warehouse";

    /// <summary>The span of a refresh of one kind of materialization.</summary>
    public const string RefreshSpan = "cxsemantic.refresh";

    /// <summary>The span of one materialized table's refresh.</summary>
    public const string TableRefreshSpan = "cxsemantic.refresh.table";

    /// <summary>The span of one step of a refresh.</summary>
    public const string StepSpan = "cxsemantic.refresh.step";

    /// <summary>The span of one statement of a transaction (DuckDB).</summary>
    public const string StatementSpan = "cxsemantic.db.statement";

    /// <summary>The span of a transaction's commit (DuckDB).</summary>
    public const string CommitSpan = "cxsemantic.db.commit";

    /// <summary>The tag holding a statement's summary (OpenTelemetry's <c>db.query.summary</c>).</summary>
    public const string QuerySummaryTag = "db.query.summary";

    private const int MaxSummaryLength = 80;

    internal static readonly ActivitySource Source = new(SourceName, typeof(WarehouseTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the span of refreshing every materialization of <paramref name="kind"/> (journeys, rollups).</summary>
    internal static Activity? StartRefresh(string kind)
    {
        var activity = Source.StartActivity(RefreshSpan);
        if (activity is not null)
        {
            activity.DisplayName = $"refresh {kind}";
            activity.SetTag("cxsemantic.materialization.kind", kind);
        }

        return activity;
    }

    /// <summary>Starts the span of refreshing <paramref name="table"/>, the materialization of <paramref name="source"/>.</summary>
    internal static Activity? StartTableRefresh(string source, string table)
    {
        var activity = Source.StartActivity(TableRefreshSpan);
        if (activity is not null)
        {
            activity.DisplayName = $"refresh {table}";
            activity.SetTag("cxsemantic.materialization.source", source);
            activity.SetTag("cxsemantic.materialization.table", table);
        }

        return activity;
    }

    /// <summary>Tags a refresh span with how it ended.</summary>
    internal static void Ended(Activity? refresh, string mode, long rows)
    {
        refresh?.SetTag("cxsemantic.refresh.mode", mode.ToLowerInvariant());
        refresh?.SetTag("cxsemantic.refresh.rows", rows);
    }

    /// <summary>Starts a refresh step named <paramref name="step"/> (its display name), or null when nobody listens.</summary>
    internal static Activity? StartStep(string step)
    {
        var activity = Source.StartActivity(StepSpan);
        activity?.DisplayName = step;
        return activity;
    }

    /// <summary>Runs <paramref name="work"/> as the refresh step <paramref name="step"/>; a failure marks the span.</summary>
    internal static async Task<T> StepAsync<T>(string step, Func<Task<T>> work)
    {
        using var activity = StartStep(step);
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    /// <inheritdoc cref="StepAsync{T}(string, Func{Task{T}})"/>
    internal static Task StepAsync(string step, Func<Task> work) =>
        StepAsync(step, async () =>
        {
            await work().ConfigureAwait(false);
            return true;
        });

    /// <summary>
    /// Starts a statement span under <paramref name="parent"/> (the caller's span, captured before the statement
    /// thread took the work: the dedicated threads do not flow the caller's context).
    /// </summary>
    internal static Activity? StartStatement(string sql, ActivityContext parent)
    {
        var activity = Source.StartActivity(StatementSpan, ActivityKind.Client, parent);
        if (activity is not null)
        {
            var summary = Summary(sql);
            activity.DisplayName = summary;
            activity.SetTag(QuerySummaryTag, summary);
            activity.SetTag("db.system.name", "duckdb");
        }

        return activity;
    }

    /// <summary>Starts the span of a commit under <paramref name="parent"/>.</summary>
    internal static Activity? StartCommit(ActivityContext parent)
    {
        var activity = Source.StartActivity(CommitSpan, ActivityKind.Client, parent);
        activity?.DisplayName = "COMMIT";
        return activity;
    }

    /// <summary>
    /// A statement's first line up to its first parenthesis, at most 80 characters (<c>INSERT INTO journeys_…</c>,
    /// <c>DELETE FROM journeys_… WHERE …</c>): what it does and to which table, without the bulk of its text.
    /// </summary>
    public static string Summary(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var text = sql.AsSpan().TrimStart();
        var end = text.IndexOfAny('\n', '(');
        if (end >= 0)
        {
            text = text[..end];
        }

        text = text.TrimEnd();
        return text.Length <= MaxSummaryLength ? text.ToString() : string.Concat(text[..(MaxSummaryLength - 1)], "…");
    }
}
