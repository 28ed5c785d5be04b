namespace CxSemantic.Warehouse.Model;

// Row shapes of the warehouse tables. Property declaration order is the column order in every dialect
// (and the order the demo generator appends values in). Column names are the snake_case property names.
// All DateTime values are UTC instants.

/// <summary>A customer (<c>customers</c>).</summary>
internal sealed class Customer
{
    public required string CustomerId { get; init; }
    public required string TenantId { get; init; }
    public required string Segment { get; init; }
    public required string Region { get; init; }
    public required string TenureBand { get; init; }
    public DateTime CustomerSince { get; init; }
}

/// <summary>A human agent (<c>agents</c>).</summary>
internal sealed class Agent
{
    public required string AgentId { get; init; }
    public required string Team { get; init; }
    public int TenureMonths { get; init; }
    public DateOnly HiredOn { get; init; }
}

/// <summary>One contact of a customer on one channel (<c>interactions</c>); journeys are stitched from these at query time.</summary>
internal sealed class Interaction
{
    public long InteractionId { get; init; }
    public required string CustomerId { get; init; }
    public required string TenantId { get; init; }
    public required string Channel { get; init; }
    public required string Queue { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime EndedAt { get; init; }
    public required string IntentPredicted { get; init; }

    /// <summary>Confidence of the intent classifier in <see cref="IntentPredicted"/> (0–1); null when no classifier ran.</summary>
    public double? IntentConfidence { get; init; }
    public string? IntentConfirmed { get; init; }
    public required string IntentComplexity { get; init; }
    public bool EligibleForAutomation { get; init; }
    public required string HandledBy { get; init; }
    public string? AgentId { get; init; }
    public string? BotRelease { get; init; }
    public required string EndReason { get; init; }
    public string? DeclaredOutcome { get; init; }
    public int HandleSeconds { get; init; }
    public int WaitSeconds { get; init; }
    public int? FirstResponseMs { get; init; }
    public required string JourneyStage { get; init; }
    public bool Proactive { get; init; }
}

/// <summary>One utterance of a conversation (<c>turns</c>).</summary>
internal sealed class Turn
{
    public long InteractionId { get; init; }
    public short TurnSeq { get; init; }
    public required string Actor { get; init; }
    public DateTime OccurredAt { get; init; }

    /// <summary>Response latency of a bot or agent turn; null for customer turns.</summary>
    public int? LatencyMs { get; init; }
}

/// <summary>A transfer of the conversation between actors (<c>handoffs</c>).</summary>
internal sealed class Handoff
{
    public long InteractionId { get; init; }
    public short HandoffSeq { get; init; }
    public required string FromActor { get; init; }
    public required string ToActor { get; init; }
    public string? ToAgentId { get; init; }
    public DateTime OccurredAt { get; init; }
    public bool ContextTransferred { get; init; }
    public required string Reason { get; init; }
}

/// <summary>An AI evaluator's score of an interaction (<c>evaluations</c>).</summary>
internal sealed class Evaluation
{
    public long InteractionId { get; init; }
    public required string Evaluator { get; init; }
    public required string EvaluatorVersion { get; init; }
    public double Score { get; init; }
    public required string Label { get; init; }
    public DateTime EvaluatedAt { get; init; }
}

/// <summary>A human reviewer's label of an interaction: the calibration sample (<c>human_labels</c>).</summary>
internal sealed class HumanLabel
{
    public long InteractionId { get; init; }
    public required string Dimension { get; init; }
    public required string ReviewerId { get; init; }
    public required string Label { get; init; }
    public DateTime LabeledAt { get; init; }
}

/// <summary>A survey response (<c>surveys</c>).</summary>
internal sealed class Survey
{
    public long InteractionId { get; init; }
    public required string Kind { get; init; }
    public int Score { get; init; }
    public DateTime RespondedAt { get; init; }
}

/// <summary>A business event from a system of record (<c>system_events</c>): confirmation and silent-failure evidence.</summary>
internal sealed class SystemEvent
{
    public long EventId { get; init; }
    public required string CustomerId { get; init; }
    public long? InteractionId { get; init; }
    public required string EventType { get; init; }
    public DateTime OccurredAt { get; init; }
}

/// <summary>An agent-assist suggestion shown to an agent (<c>suggestions</c>).</summary>
internal sealed class Suggestion
{
    public long InteractionId { get; init; }
    public short SuggestionSeq { get; init; }
    public required string AgentId { get; init; }
    public required string Kind { get; init; }
    public DateTime ShownAt { get; init; }
    public bool Accepted { get; init; }
}

/// <summary>A policy violation or near miss (<c>policy_events</c>).</summary>
internal sealed class PolicyEvent
{
    public long InteractionId { get; init; }
    public short PolicyEventSeq { get; init; }
    public required string Policy { get; init; }
    public required string Severity { get; init; }
    public bool HumanOverride { get; init; }
    public DateTime OccurredAt { get; init; }
}

/// <summary>A write of the bot or agent into the CRM (<c>crm_writes</c>).</summary>
internal sealed class CrmWrite
{
    public long InteractionId { get; init; }
    public short WriteSeq { get; init; }
    public required string WrittenBy { get; init; }
    public required string Tool { get; init; }
    public required string DispositionCode { get; init; }
    public bool Succeeded { get; init; }
    public DateTime WrittenAt { get; init; }
}

/// <summary>Cost per handled minute by channel and actor, plus per-interaction overhead (<c>cost_rates</c>).</summary>
internal sealed class CostRate
{
    public required string Channel { get; init; }
    public required string Actor { get; init; }
    public DateOnly EffectiveFrom { get; init; }
    public DateOnly? EffectiveTo { get; init; }
    public decimal CostPerMinute { get; init; }
    public decimal OverheadPerInteraction { get; init; }
}

/// <summary>Facts about the loaded data as a whole (<c>warehouse_meta</c>, one row).</summary>
internal sealed class WarehouseMeta
{
    public int MetaId { get; init; }

    /// <summary>The instant up to which the data is complete; confirmation windows still open at it are immature.</summary>
    public DateTime WatermarkAt { get; init; }
    public DateTime DataFrom { get; init; }
    public required string Source { get; init; }
    public long? Seed { get; init; }
    public int SchemaVersion { get; init; }
}
