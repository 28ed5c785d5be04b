using System.Buffers.Text;
using System.Collections.Immutable;
using System.Text;
using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.Demo;

/// <summary>Read-only facts shared by all generator partitions: calendar weights, agents, reviewers.</summary>
internal sealed class DemoWorld
{
    /// <summary>Relative traffic by local hour of day (business hours peak mid-morning and mid-afternoon).</summary>
    private static readonly double[] HourWeights =
    [
        0.15, 0.10, 0.08, 0.07, 0.08, 0.15, 0.35, 0.70, 1.10, 1.40, 1.50, 1.45,
        1.25, 1.30, 1.40, 1.35, 1.20, 1.00, 0.80, 0.70, 0.60, 0.50, 0.35, 0.22,
    ];

    /// <summary>Relative traffic by day of week, Sunday first (Mondays are busiest, weekends quiet).</summary>
    private static readonly double[] WeekdayWeights = [0.45, 1.20, 1.05, 1.00, 1.00, 0.95, 0.60];

    public const int ReviewerCount = 12;

    public DemoWorld(DemoOptions options)
    {
        Options = options;
        From = options.FromInstant;
        Watermark = options.Watermark;
        DayCount = options.To.DayNumber - options.From.DayNumber + 1;
        var dayWeights = new double[DayCount];
        for (var d = 0; d < DayCount; d++)
        {
            // Mild growth over the range, on top of the weekly pattern.
            dayWeights[d] = WeekdayWeights[(int)From.AddDays(d).DayOfWeek] * (1.0 + (0.1 * d / DayCount));
        }

        DayCumulative = Prng.Cumulative(dayWeights);
        HourCumulative = Prng.Cumulative(HourWeights);

        var rng = new Prng(Prng.Derive(options.Seed, ulong.MaxValue));
        var agentCount = (int)Math.Clamp(options.Interactions / 8_000, 24, 4_000);
        var queueWeights = new double[DemoCatalog.Queues.Length];
        foreach (var intent in DemoCatalog.Intents)
        {
            queueWeights[intent.Queue] += intent.Weight;
        }

        var queueCumulative = Prng.Cumulative(queueWeights);
        var byTeam = Enumerable.Range(0, DemoCatalog.Queues.Length).Select(_ => new List<int>()).ToArray();
        Agents = new AgentFacts[agentCount];
        for (var a = 0; a < agentCount; a++)
        {
            // The first agents cover every team so that each queue has someone.
            var team = a < 2 * byTeam.Length ? a % byTeam.Length : rng.Pick(queueCumulative);
            var tenureMonths = 1 + rng.Next(96);
            Agents[a] = new AgentFacts(Utf8Id("agt_", a + 1, 5), team, tenureMonths, DateOnly.FromDateTime(From).AddMonths(-tenureMonths));
            byTeam[team].Add(a);
        }

        AgentsByTeam = byTeam.Select(t => t.ToArray()).ToArray();
        ReviewerU8 = Enumerable.Range(1, ReviewerCount).Select(r => Utf8Id("rev_", r, 2)).ToArray();

        // Stationary data never reaches the dated effects: evaluators keep v1, no release is faulty.
        ResolutionV2From = options.Stationary ? DateTime.MaxValue : DemoWorker.ResolutionV2From;
        DriftShadowFrom = options.Stationary ? DateTime.MaxValue : PlantedEffects.DriftShadowFrom;
        DriftCutover = options.Stationary ? DateTime.MaxValue : PlantedEffects.DriftCutover;
        FaultyRelease = options.Stationary ? -1 : DemoCatalog.FaultyReleaseIndex;
    }

    public DemoOptions Options { get; }

    public DateTime From { get; }

    public DateTime Watermark { get; }

    public int DayCount { get; }

    public double[] DayCumulative { get; }

    public double[] HourCumulative { get; }

    public AgentFacts[] Agents { get; }

    public int[][] AgentsByTeam { get; }

    public byte[][] ReviewerU8 { get; }

    /// <summary>Interactions starting at or after this are scored by conversation_resolution v2.</summary>
    public DateTime ResolutionV2From { get; }

    /// <summary>Interactions starting at or after this are also scored by the drifting tone v2.</summary>
    public DateTime DriftShadowFrom { get; }

    /// <summary>Interactions starting at or after this are no longer scored by tone v1.</summary>
    public DateTime DriftCutover { get; }

    /// <summary>Index of the bot release that writes wrong disposition codes; -1 for none.</summary>
    public int FaultyRelease { get; }

    /// <summary>Writes agents, cost rates and the watermark row.</summary>
    public void WriteReferenceData(DuckDBConnection connection, RowCounts counts)
    {
        using (var agents = connection.CreateAppender("agents"))
        {
            foreach (var agent in Agents)
            {
                agents.CreateRow().AppendValue(agent.IdU8).AppendValue(DemoCatalog.QueueU8[agent.Team]).AppendValue(agent.TenureMonths).AppendValue(agent.HiredOn).EndRow();
            }

            counts.Agents += Agents.Length;
        }

        using (var rates = connection.CreateAppender("cost_rates"))
        {
            // Agent labour gets dearer a quarter in (a wage round); bot costs stay flat.
            var from = DateOnly.FromDateTime(From);
            var raise = from.AddDays(90);
            double[] botRate = [0.12, 0.05, 0.04, 0.03, 0.05];
            double[] agentRate = [1.10, 0.85, 0.80, 0.70, 0.85];
            for (var channel = 0; channel < DemoCatalog.ChannelU8.Length; channel++)
            {
                rates.CreateRow().AppendValue(DemoCatalog.ChannelU8[channel]).AppendValue("bot").AppendValue(from).AppendNullValue()
                    .AppendValue((decimal)botRate[channel]).AppendValue(0.05m).EndRow();
                rates.CreateRow().AppendValue(DemoCatalog.ChannelU8[channel]).AppendValue("agent").AppendValue(from).AppendValue(raise)
                    .AppendValue((decimal)agentRate[channel]).AppendValue(0.60m).EndRow();
                rates.CreateRow().AppendValue(DemoCatalog.ChannelU8[channel]).AppendValue("agent").AppendValue(raise).AppendNullValue()
                    .AppendValue(Math.Round((decimal)agentRate[channel] * 1.04m, 4)).AppendValue(0.60m).EndRow();
                counts.CostRates += 3;
            }
        }

        using (var meta = connection.CreateAppender("warehouse_meta"))
        {
            // Typed as the columns are: DuckDB.NET writes a value in the width of the overload chosen, and a constant
            // int argument would bind to the sbyte overload.
            meta.CreateRow().AppendValue((int?)1).AppendValue(Watermark).AppendValue(From).AppendValue("cxsem-demo")
                .AppendValue(unchecked((long)Options.Seed)).AppendValue((int?)Schema.WarehouseSchema.Version).EndRow();
            counts.WarehouseMeta++;
        }
    }

    private static byte[] Utf8Id(string prefix, long number, int digits)
    {
        var buffer = new byte[prefix.Length + 20];
        var length = Encoding.ASCII.GetBytes(prefix, buffer);
        Utf8Formatter.TryFormat(number, buffer.AsSpan(length), out var written, new System.Buffers.StandardFormat('D', (byte)digits));
        return buffer.AsSpan(0, length + written).ToArray();
    }
}

/// <summary>An agent as the generator needs it.</summary>
internal sealed record AgentFacts(byte[] IdU8, int Team, int TenureMonths, DateOnly HiredOn);

/// <summary>Rows written per table by one partition (summed at the end).</summary>
internal sealed class RowCounts
{
    public long Customers;
    public long Agents;
    public long Interactions;
    public long Turns;
    public long Handoffs;
    public long Evaluations;
    public long HumanLabels;
    public long Surveys;
    public long SystemEvents;
    public long Suggestions;
    public long PolicyEvents;
    public long CrmWrites;
    public long CostRates;
    public long WarehouseMeta;

    public void Add(RowCounts other)
    {
        Customers += other.Customers;
        Agents += other.Agents;
        Interactions += other.Interactions;
        Turns += other.Turns;
        Handoffs += other.Handoffs;
        Evaluations += other.Evaluations;
        HumanLabels += other.HumanLabels;
        Surveys += other.Surveys;
        SystemEvents += other.SystemEvents;
        Suggestions += other.Suggestions;
        PolicyEvents += other.PolicyEvents;
        CrmWrites += other.CrmWrites;
        CostRates += other.CostRates;
        WarehouseMeta += other.WarehouseMeta;
    }

    public System.Collections.Immutable.ImmutableSortedDictionary<string, long> ToDictionary() =>
        new Dictionary<string, long>
        {
            ["customers"] = Customers,
            ["agents"] = Agents,
            ["interactions"] = Interactions,
            ["turns"] = Turns,
            ["handoffs"] = Handoffs,
            ["evaluations"] = Evaluations,
            ["human_labels"] = HumanLabels,
            ["surveys"] = Surveys,
            ["system_events"] = SystemEvents,
            ["suggestions"] = Suggestions,
            ["policy_events"] = PolicyEvents,
            ["crm_writes"] = CrmWrites,
            ["cost_rates"] = CostRates,
            ["warehouse_meta"] = WarehouseMeta,
        }.ToImmutableSortedDictionary(StringComparer.Ordinal);
}
