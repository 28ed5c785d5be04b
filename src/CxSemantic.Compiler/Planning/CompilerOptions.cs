using System.Collections.Immutable;
using CxSemantic.Compiler.Rollups;

namespace CxSemantic.Compiler.Planning;

/// <summary>
/// Where the compiler finds the facts that confirmation methods rely on. The defaults match the
/// canonical stitched-CX warehouse and the shipped definitions.
/// </summary>
public sealed record CompilerOptions
{
    /// <summary>The defaults.</summary>
    public static CompilerOptions Default { get; } = new();

    /// <summary>Table and column holding the data's watermark (one row).</summary>
    public string WatermarkTable { get; init; } = "warehouse_meta";

    /// <summary>The watermark column (UTC instant).</summary>
    public string WatermarkColumn { get; init; } = "watermark_at";

    /// <summary>The semantic model of business system events (system_event confirmation).</summary>
    public string EventModel { get; init; } = "system_events";

    /// <summary>The dimension naming an event's type in <see cref="EventModel"/>.</summary>
    public string EventTypeDimension { get; init; } = "event_type";

    /// <summary>The dimension that identifies the customer, on the unit and on events.</summary>
    public string CustomerDimension { get; init; } = "customer_id";

    /// <summary>The dimension naming the intent, on the unit and (through the event's interaction) on events.</summary>
    public string IntentDimension { get; init; } = "intent";

    /// <summary>The join from events to the contact they are linked to (system_event confirmation by intent).</summary>
    public string EventContactJoin { get; init; } = "interactions";

    /// <summary>The semantic model of human labels (agreement metrics).</summary>
    public string HumanLabelModel { get; init; } = "human_labels";

    /// <summary>The dimension naming the evaluator (on evaluations and on human labels).</summary>
    public string EvaluatorDimension { get; init; } = "evaluator";

    /// <summary>The dimension holding a label (on evaluations and on human labels).</summary>
    public string LabelDimension { get; init; } = "label";

    /// <summary>The dimension holding the evaluator version; cells report the versions they count.</summary>
    public string EvaluatorVersionDimension { get; init; } = "evaluator_version";

    /// <summary>The column that links evaluations and human labels to their interaction.</summary>
    public string InteractionKey { get; init; } = "interaction_id";

    /// <summary>The column breaking ties between reviewers who labelled at the same time (the first counts).</summary>
    public string ReviewerColumn { get; init; } = "reviewer_id";

    /// <summary>
    /// The time a human label was given: of several reviewers' labels of one interaction and dimension the
    /// earliest counts, so a label added later (a second opinion) never changes a pair already counted.
    /// </summary>
    public string LabelTimeColumn { get; init; } = "labeled_at";

    /// <summary>
    /// Journeys materialized and current at the data's watermark: journey name → table. A journey metric reads its
    /// table instead of stitching when every name the query reads is in it (see
    /// <see cref="Materialization.JourneyMaterialization"/>); the query's SQL names the table.
    /// </summary>
    public ImmutableDictionary<string, string> MaterializedJourneys { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// The built rollups the planner may answer from (a snapshot of the warehouse's rollup registry); null: raw rows only.
    /// </summary>
    public RollupRegistry? Rollups { get; init; }
}
