using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;

namespace CxSemantic.Warehouse.Materialization;

/// <summary>One span of a refresh: a step, a statement or a commit, at its depth under the refresh.</summary>
/// <param name="Name">What it was: the step's name, or the statement's summary.</param>
/// <param name="Kind">The span's operation (<see cref="WarehouseTelemetry.StepSpan"/>, <see cref="WarehouseTelemetry.StatementSpan"/>…).</param>
/// <param name="Depth">0 for the refresh of a kind of materialization, 1 for a table's (and the kind's own steps), 2 for a table's steps, 3 for a step's statements.</param>
/// <param name="Started">When it started (UTC).</param>
/// <param name="Elapsed">How long it took.</param>
/// <param name="Failed">Whether it ended in error.</param>
public sealed record RefreshSpan(string Name, string Kind, int Depth, DateTime Started, TimeSpan Elapsed, bool Failed);

/// <summary>
/// Records the warehouse's refresh spans (<see cref="WarehouseTelemetry"/>) while it lives, for <c>cxsem refresh
/// --steps</c>: where a refresh spends its time — each step, and inside a transaction each statement and the commit.
/// Listens to the whole process, so use it where one refresh runs at a time (the CLI).
/// </summary>
public sealed class RefreshTimeline : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    /// <summary>Starts recording: every refresh in the process, or only those of <paramref name="trace"/>.</summary>
    public RefreshTimeline(ActivityTraceId? trace = null)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WarehouseTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (trace is not { } only || activity.TraceId == only)
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>
    /// The spans ended since the last call, in the order they started, each at its depth under the outermost span
    /// recorded (a span whose parent was not recorded is at depth 0).
    /// </summary>
    public ImmutableArray<RefreshSpan> Take()
    {
        var spans = new List<Activity>();
        while (_stopped.TryDequeue(out var activity))
        {
            spans.Add(activity);
        }

        var byId = spans.ToDictionary(a => a.SpanId);
        int Depth(Activity activity) => byId.TryGetValue(activity.ParentSpanId, out var parent) && parent != activity ? Depth(parent) + 1 : 0;
        return
        [
            .. spans
                .OrderBy(a => a.StartTimeUtc)
                .Select(a => new RefreshSpan(a.DisplayName, a.OperationName, Depth(a), a.StartTimeUtc, a.Duration, a.Status == ActivityStatusCode.Error)),
        ];
    }

    /// <summary>One line a span: its seconds, then its name indented by depth.</summary>
    public static IEnumerable<string> Format(IEnumerable<RefreshSpan> spans) =>
        (spans ?? throw new ArgumentNullException(nameof(spans))).Select(span => string.Create(
            CultureInfo.InvariantCulture,
            $"{span.Elapsed.TotalSeconds,10:F2} s  {new string(' ', 2 * span.Depth)}{span.Name}{(span.Failed ? "  (failed)" : "")}"));

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
