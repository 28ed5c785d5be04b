using System.Collections.Immutable;

namespace CxSemantic.Warehouse.Model;

/// <summary>
/// The governed value lists of the warehouse. Each list drives both the CHECK constraint of its column
/// (in every dialect) and the demo generator, so a value cannot exist in one and not the other.
/// All values are lowercase text.
/// </summary>
/// <remarks>
/// Operational data that changes without a schema change (tenants, intents, queues, teams, bot releases,
/// disposition codes) is deliberately not constrained here.
/// </remarks>
public static class WarehouseVocabulary
{
    /// <summary>Contact channels of <c>interactions.channel</c> and <c>cost_rates.channel</c>.</summary>
    public static ImmutableArray<string> Channels { get; } = ["voice", "chat", "messaging", "email", "web"];

    /// <summary>Who handled an interaction (<c>interactions.handled_by</c>).</summary>
    public static ImmutableArray<string> HandledBy { get; } = ["bot", "agent", "bot_to_agent"];

    /// <summary>How an interaction ended (<c>interactions.end_reason</c>).</summary>
    public static ImmutableArray<string> EndReasons { get; } =
        ["resolved", "escalated", "abandoned", "forced_termination", "rage_quit", "transferred"];

    /// <summary>What the handler declared at the end (<c>interactions.declared_outcome</c>; null when nothing was declared).</summary>
    public static ImmutableArray<string> DeclaredOutcomes { get; } = ["resolved", "unresolved", "follow_up"];

    /// <summary>Customer journey stages (<c>interactions.journey_stage</c>).</summary>
    public static ImmutableArray<string> JourneyStages { get; } = ["onboarding", "support", "renewal"];

    /// <summary>Intent complexity (<c>interactions.intent_complexity</c>).</summary>
    public static ImmutableArray<string> IntentComplexities { get; } = ["simple", "moderate", "complex"];

    /// <summary>Conversation participants (<c>turns.actor</c>, handoff endpoints, CRM writers, cost rates).</summary>
    public static ImmutableArray<string> Actors { get; } = ["customer", "bot", "agent"];

    /// <summary>Survey instruments (<c>surveys.kind</c>).</summary>
    public static ImmutableArray<SurveyScale> SurveyKinds { get; } =
    [
        new("csat", 1, 5),
        new("ces", 1, 7),
        new("nps", 0, 10),
    ];

    /// <summary>Business events that confirm or contradict outcomes (<c>system_events.event_type</c>).</summary>
    public static ImmutableArray<string> SystemEventTypes { get; } =
        ["order_shipped", "payment_received", "ticket_closed", "refund_issued", "dispute_filed", "complaint", "account_closed"];

    /// <summary>Severity of a policy event (<c>policy_events.severity</c>).</summary>
    public static ImmutableArray<string> PolicySeverities { get; } = ["violation", "near_miss"];

    /// <summary>Policies that policy events refer to (<c>policy_events.policy</c>).</summary>
    public static ImmutableArray<string> Policies { get; } =
        ["pii_disclosure", "identity_verification", "refund_limit", "mandatory_disclosure", "escalation_required"];

    /// <summary>Customer segments (<c>customers.segment</c>).</summary>
    public static ImmutableArray<string> Segments { get; } = ["consumer", "smb", "enterprise"];

    /// <summary>Customer regions (<c>customers.region</c>).</summary>
    public static ImmutableArray<string> Regions { get; } = ["amer", "emea", "apac"];

    /// <summary>Customer tenure bands at the start of the data (<c>customers.tenure_band</c>).</summary>
    public static ImmutableArray<string> TenureBands { get; } = ["under_3m", "3_12m", "1_3y", "over_3y"];

    /// <summary>Why a conversation was handed over (<c>handoffs.reason</c>).</summary>
    public static ImmutableArray<string> HandoffReasons { get; } =
    [
        "customer_request", "low_confidence", "out_of_scope", "policy_required", "authentication_failed",
        "negative_sentiment", "loop_detected", "specialist_required",
    ];

    /// <summary>Agent-assist suggestion kinds (<c>suggestions.kind</c>).</summary>
    public static ImmutableArray<string> SuggestionKinds { get; } =
        ["knowledge_article", "next_best_action", "response_draft", "compliance_reminder", "summary"];

    /// <summary>CRM tools that write dispositions (<c>crm_writes.tool</c>).</summary>
    public static ImmutableArray<string> CrmTools { get; } = ["log_disposition", "update_case", "create_ticket"];

    /// <summary>
    /// AI evaluators and the labels each may emit (<c>evaluations.evaluator</c>/<c>label</c>,
    /// <c>human_labels.dimension</c>/<c>label</c>). The first label is the "good" one.
    /// </summary>
    public static ImmutableArray<EvaluatorDimension> Evaluators { get; } =
    [
        new("conversation_resolution", ["resolved", "not_resolved"]),
        new("conversation_quality", ["good", "fair", "poor"]),
        new("tone", ["positive", "neutral", "negative"]),
        new("loop_detection", ["no_loop", "loop"]),
        new("tool_selection_accuracy", ["correct", "incorrect"]),
        new("function_call_accuracy", ["correct", "incorrect"]),
        new("politeness", ["polite", "impolite"]),
        new("policy_compliance", ["compliant", "non_compliant"]),
    ];

    /// <summary>Evaluator versions known to the warehouse (<c>evaluations.evaluator_version</c>).</summary>
    public static ImmutableArray<string> EvaluatorVersions { get; } = ["v1", "v2", "v3"];

    /// <summary>The evaluator with the given name.</summary>
    /// <exception cref="ArgumentException">No evaluator has that name.</exception>
    public static EvaluatorDimension Evaluator(string name)
    {
        foreach (var evaluator in Evaluators)
        {
            if (evaluator.Name == name)
            {
                return evaluator;
            }
        }

        throw new ArgumentException($"Unknown evaluator '{name}'.", nameof(name));
    }
}

/// <summary>An AI evaluator (or human-label dimension) and the labels it may emit.</summary>
/// <param name="Name">Evaluator name, e.g. <c>tone</c>.</param>
/// <param name="Labels">Allowed labels; the first is the favourable one.</param>
public sealed record EvaluatorDimension(string Name, ImmutableArray<string> Labels);

/// <summary>A survey instrument and its inclusive score range.</summary>
/// <param name="Kind">Survey kind, e.g. <c>csat</c>.</param>
/// <param name="MinScore">Lowest allowed score.</param>
/// <param name="MaxScore">Highest allowed score.</param>
public sealed record SurveyScale(string Kind, int MinScore, int MaxScore);
