using System.Collections.Immutable;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Definitions.Tests.Catalog;

/// <summary>A small warehouse and a valid catalog over it; each broken-definition case adds one file.</summary>
internal static class CatalogFixture
{
    public static readonly PhysicalSchema Schema = new(new Dictionary<string, PhysicalTable>
    {
        ["interactions"] = Table("interactions",
            Col("interaction_id", ExpressionType.Integer, false),
            Col("customer_id", ExpressionType.String, false),
            Col("channel", ExpressionType.String, false, "voice", "chat", "email"),
            Col("handled_by", ExpressionType.String, false, "bot", "agent", "bot_to_agent"),
            Col("end_reason", ExpressionType.String, false, "resolved", "escalated", "rage_quit"),
            Col("intent", ExpressionType.String, false),
            Col("eligible", ExpressionType.Boolean, false),
            Col("handle_seconds", ExpressionType.Integer, false),
            Col("started_at", ExpressionType.Timestamp, false)),
        ["customers"] = Table("customers",
            Col("customer_id", ExpressionType.String, false),
            Col("segment", ExpressionType.String, false, "consumer", "smb")),
        ["surveys"] = Table("surveys",
            Col("interaction_id", ExpressionType.Integer, false),
            Col("kind", ExpressionType.String, false, "csat", "nps"),
            Col("score", ExpressionType.Integer, false)),
    }.ToImmutableDictionary());

    public const string Models = """
        semantic_model: interactions
        table: interactions
        primary_key: interaction_id
        time: started_at
        dimensions:
          customer_id: { pii: true }
          channel: { type: enum, values: [voice, chat, email] }
          handled_by: { type: enum, values: [bot, agent, bot_to_agent] }
          end_reason: {}
          intent: {}
          eligible: { type: boolean }
          segment: { via: customers.segment }
        measures:
          interaction_count: { agg: count }
          handle_minutes: { agg: sum, expr: "handle_seconds / 60.0" }
        joins:
          customers: { on: customer_id, relationship: many_to_one }
        ---
        semantic_model: customers
        table: customers
        primary_key: customer_id
        dimensions:
          customer_id: {}
          segment: { type: enum, values: [consumer, smb] }
        ---
        journey: intent_journey
        from: interactions
        identity: [customer_id, intent]
        window: P7D
        attributes:
          contacts: { agg: count }
          last_handler: { agg: last, expr: handled_by }
        """;

    public const string Metric = """
        metric: containment_rate
        version: 1
        label: Containment rate
        category: automation
        owner: cx-analytics
        description: Share of journeys contained by the bot.
        unit_of_analysis: intent_journey
        type: ratio
        numerator: { where: "last_handler = 'bot'" }
        denominator: {}
        inclusion:
          - { name: eligible, where: "eligible" }
        exclusions:
          - { name: rage quits, where: "end_reason = 'rage_quit'" }
        confirmation: { method: no_recontact, window: P7D }
        segmentation:
          required: [channel]
          allowed: [channel, segment]
          min_cell_size: 30
        thresholds: { green: 0.6, amber: 0.5, better: higher }
        format: percent
        """;

    public static CatalogLoadResult Load(params DefinitionFile[] extra) =>
        CatalogLoader.Load([new DefinitionFile("models.yaml", Models), .. extra], Schema);

    /// <summary>The base metric with one line replaced (the line that starts with <paramref name="key"/>).</summary>
    public static string MetricWith(string key, string? replacement)
    {
        var lines = Metric.Split('\n').ToList();
        var index = lines.FindIndex(l => l.StartsWith(key, StringComparison.Ordinal));
        if (replacement is null)
        {
            lines.RemoveAt(index);
        }
        else
        {
            lines[index] = replacement;
        }

        return string.Join('\n', lines);
    }

    private static PhysicalTable Table(string name, params PhysicalColumn[] columns) =>
        new(name, columns.ToImmutableDictionary(c => c.Name));

    private static PhysicalColumn Col(string name, ExpressionType type, bool nullable, params string[] values) =>
        new(name, type, nullable, [.. values]);
}
