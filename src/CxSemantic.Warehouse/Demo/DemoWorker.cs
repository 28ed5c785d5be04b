using System.Buffers;
using System.Buffers.Text;
using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;
using static CxSemantic.Warehouse.Demo.DemoCatalog;

namespace CxSemantic.Warehouse.Demo;

/// <summary>
/// Generates partitions ("blocks") of the demo data into one connection's appenders. A block is a fixed range of
/// interaction ids with its own seeded stream, so its rows never depend on which worker writes it or when.
/// Rows are written as they are generated; nothing but the current customer is held in memory.
/// </summary>
internal sealed partial class DemoWorker : IDisposable
{
    // Vocabulary indexes, resolved by name once so that reordering a vocabulary cannot silently change meaning.
    private static readonly int Voice = Channel("voice"), ChatCh = Channel("chat"), Messaging = Channel("messaging"), Email = Channel("email");
    private static readonly int HbBot = HandledBy("bot"), HbAgent = HandledBy("agent"), HbBotToAgent = HandledBy("bot_to_agent");
    private static readonly int ErResolved = EndReason("resolved"), ErEscalated = EndReason("escalated"), ErAbandoned = EndReason("abandoned"),
        ErForced = EndReason("forced_termination"), ErRage = EndReason("rage_quit"), ErTransferred = EndReason("transferred");
    private static readonly int ActCustomer = Actor("customer"), ActBot = Actor("bot"), ActAgent = Actor("agent");
    private static readonly int StOnboarding = Stage("onboarding"), StSupport = Stage("support"), StRenewal = Stage("renewal");
    private static readonly int SegSmb = Segment(PlantedEffects.ResolutionGapSegment);
    private static readonly int EvResolution = Evaluator("conversation_resolution"), EvQuality = Evaluator("conversation_quality"),
        EvTone = Evaluator(PlantedEffects.DriftingEvaluator), EvLoop = Evaluator("loop_detection"), EvTool = Evaluator("tool_selection_accuracy"),
        EvFunction = Evaluator("function_call_accuracy"), EvPoliteness = Evaluator("politeness"), EvPolicy = Evaluator("policy_compliance");
    private static readonly int V1 = Version("v1"), V2 = Version("v2");
    private static readonly int EvtComplaint = EventType("complaint"), EvtDispute = EventType("dispute_filed"),
        EvtOrderShipped = EventType("order_shipped"), EvtPayment = EventType("payment_received"), EvtAccountClosed = EventType("account_closed");

    /// <summary>Event types that confirm some intent (account_closed only confirms a cancellation).</summary>
    private static readonly int[] ConfirmingTypes = ConfirmingEventIndex.Where(e => e >= 0 && e != EvtAccountClosed).Distinct().Order().ToArray();
    private static readonly int BillingQueue = Queue(PlantedEffects.MondaySlaQueue);
    private static readonly int SilentIntent = Intents.IndexOf(Intents.Single(i => i.Name == PlantedEffects.SilentFailureIntent));
    private static readonly int RsCustomerRequest = HandoffReason("customer_request"), RsLowConfidence = HandoffReason("low_confidence"),
        RsOutOfScope = HandoffReason("out_of_scope"), RsPolicy = HandoffReason("policy_required"), RsAuth = HandoffReason("authentication_failed"),
        RsSentiment = HandoffReason("negative_sentiment"), RsLoop = HandoffReason("loop_detected"), RsSpecialist = HandoffReason("specialist_required");

    private static readonly double[] ChannelCumulative = Prng.Cumulative([0.35, 0.30, 0.15, 0.10, 0.10]);
    private static readonly double[] RecontactChannelCumulative = Prng.Cumulative([0.50, 0.25, 0.10, 0.05, 0.10]);
    private static readonly double[] SegmentCumulative = Prng.Cumulative([0.70, 0.20, 0.10]);
    private static readonly double[] RegionCumulative = Prng.Cumulative([0.50, 0.35, 0.15]);
    private static readonly double[] TenureCumulative = Prng.Cumulative([0.15, 0.25, 0.35, 0.25]);
    private static readonly double[] TenantCumulative = Prng.Cumulative(TenantWeights);
    private static readonly double[] SuggestionCumulative = Prng.Cumulative([0.35, 0.25, 0.20, 0.10, 0.10]);
    private static readonly double[] SuggestionAcceptance = [0.55, 0.45, 0.40, 0.70, 0.60];
    private static readonly int[] TenureMinDays = [0, 90, 365, 1095];
    private static readonly int[] TenureMaxDays = [90, 365, 1095, 3650];
    private static readonly DemoTimeZone[] RegionZones = [DemoTimeZone.NewYork, DemoTimeZone.Berlin, DemoTimeZone.Singapore];

    /// <summary>Bot coverage by channel: share of contacts a bot answers first (email is human-only).</summary>
    private static readonly double[] BotCoverage = [0.70, 0.95, 0.95, 0.0, 0.90];

    /// <summary>Mean queue wait (s) by channel once a human is needed.</summary>
    private static readonly double[] MeanWaitSeconds = [70, 45, 120, 14_400, 60];

    private static readonly double[] BotResolve = [0.80, 0.68, 0.50];
    private static readonly double[] AgentResolve = [0.88, 0.80, 0.68];
    private static readonly double[] AgentMedianSeconds = [200, 360, 600];
    private static readonly double[] AgentChannelFactor = [1.0, 1.2, 1.25, 0.5, 1.1];

    /// <summary>Stream number of the side stream within a partition.</summary>
    private const ulong SideStream = 0x51DE;

    private readonly DemoWorld _world;
    private readonly RowCounts _rows = new();
    private readonly DuckDBAppender _customers;
    private readonly DuckDBAppender _interactions;
    private readonly DuckDBAppender _turns;
    private readonly DuckDBAppender _handoffs;
    private readonly DuckDBAppender _evaluations;
    private readonly DuckDBAppender _humanLabels;
    private readonly DuckDBAppender _surveys;
    private readonly DuckDBAppender _systemEvents;
    private readonly DuckDBAppender _suggestions;
    private readonly DuckDBAppender _policyEvents;
    private readonly DuckDBAppender _crmWrites;
    private readonly byte[] _customerId = new byte[24];
    private readonly double[] _latent = new double[Model.WarehouseVocabulary.Evaluators.Length];

    private Prng _rng;

    // Decisions of the rare mechanics (DemoMechanics) and turn latencies: a second stream, so that deciding a mechanic
    // or writing more turns draws nothing from the main one.
    private Prng _side;
    private int _customerIdLength;
    private long _eventId;

    // The current customer.
    private int _segment;
    private int _tenure;
    private int _tenant;
    private DemoTimeZone _zone = DemoTimeZone.Berlin;

    public DemoWorker(DuckDBConnection connection, DemoWorld world)
    {
        _world = world;
        var opened = new List<DuckDBAppender>();
        try
        {
            DuckDBAppender Open(string table)
            {
                var appender = connection.CreateAppender(table);
                opened.Add(appender);
                return appender;
            }

            _customers = Open("customers");
            _interactions = Open("interactions");
            _turns = Open("turns");
            _handoffs = Open("handoffs");
            _evaluations = Open("evaluations");
            _humanLabels = Open("human_labels");
            _surveys = Open("surveys");
            _systemEvents = Open("system_events");
            _suggestions = Open("suggestions");
            _policyEvents = Open("policy_events");
            _crmWrites = Open("crm_writes");
        }
        catch
        {
            foreach (var appender in opened)
            {
                appender.Dispose();
            }

            throw;
        }
    }

    public RowCounts Rows => _rows;

    private Span<byte> CustomerId => _customerId.AsSpan(0, _customerIdLength);

    /// <summary>
    /// Generates block <paramref name="block"/>: the interactions with ordinals [block × size + 1, …] (see
    /// <see cref="DemoInteractionIds"/>) and their customers.
    /// </summary>
    public void GenerateBlock(long block, CancellationToken cancellationToken)
    {
        var size = _world.Options.BlockSize;
        var nextOrdinal = (block * size) + 1;
        var remaining = (int)Math.Min(size, _world.Options.Interactions - (block * size));
        var blockSeed = Prng.Derive(_world.Options.Seed, (ulong)block);
        _rng = new Prng(blockSeed);
        _side = new Prng(Prng.Derive(blockSeed, SideStream));
        _eventId = block << 32;
        var customerOrdinal = block * size;
        while (remaining > 0)
        {
            if ((customerOrdinal & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            NewCustomer(++customerOrdinal);
            var journeys = 1 + _rng.Poisson(1.2);
            for (var j = 0; j < journeys && remaining > 0; j++)
            {
                var intent = _rng.Pick(IntentCumulative);
                var channel = _rng.Pick(ChannelCumulative);
                var start = DrawStart();
                var proactive = (channel == Messaging || channel == Email) && _rng.Chance(0.15);
                var longJourney = _side.Chance(DemoMechanics.LongJourneyRate);
                var gap = Gap.Drawn;
                long? earlier = null;
                for (var attempt = 0; attempt < (longJourney ? 6 : 4) && remaining > 0; attempt++)
                {
                    // The next gap is chosen before the contact is written: both ends of a planted gap must be
                    // seen with the journey's intent, or they would not be the same identity.
                    var intoGap = gap;
                    gap = longJourney ? Gap.Drawn : DrawGap();
                    var mustSeeIntent = longJourney || gap != Gap.Drawn || intoGap != Gap.Drawn;
                    var contact = WriteInteraction(DemoInteractionIds.Compose(_world.From, start, nextOrdinal++), intent, channel, start, proactive && attempt == 0, mustSeeIntent, earlier, out var recontact);
                    remaining--;
                    if (!recontact && !longJourney)
                    {
                        break;
                    }

                    // The main stream draws the usual gap even when a planted one replaces it.
                    start = NextContactAfter(contact.Ended.AddSeconds(1800 + Math.Round(_rng.Exponential(36 * 3600.0))));
                    start = longJourney ? contact.Started.AddDays(6).AddSeconds(_side.Next(12 * 3600))
                        : gap switch
                        {
                            Gap.ExactWindow => contact.Started + DemoMechanics.JourneyWindow,
                            Gap.JustOverWindow => contact.Started + DemoMechanics.JourneyWindow + TimeSpan.FromSeconds(1),
                            Gap.Tie => contact.Started,
                            _ => start,
                        };
                    if (start >= _world.Watermark.AddHours(-3))
                    {
                        break;
                    }

                    var previousChannel = channel;
                    channel = _rng.Chance(0.6) ? channel : _rng.Pick(RecontactChannelCumulative);
                    if (gap == Gap.Tie && channel == previousChannel)
                    {
                        // Two contacts at once are on two channels (a chat opened while an email is pending).
                        channel = (channel + 1 + _side.Next(ChannelU8.Length - 1)) % ChannelU8.Length;
                    }

                    earlier = contact.IntentSeen ? contact.Id : null;
                }
            }
        }
    }

    /// <summary>How the gap to a contact's recontact is chosen.</summary>
    private enum Gap
    {
        /// <summary>The usual delay (30 min plus an exponential delay, at a business hour).</summary>
        Drawn,

        /// <summary>Exactly the journey window after the contact's start (continues the journey).</summary>
        ExactWindow,

        /// <summary>The journey window plus one second (starts a new journey).</summary>
        JustOverWindow,

        /// <summary>The same start instant (ordered by interaction id).</summary>
        Tie,
    }

    private Gap DrawGap()
    {
        var u = _side.NextDouble();
        return u < DemoMechanics.ExactWindowGapRate ? Gap.ExactWindow
            : u < DemoMechanics.ExactWindowGapRate + DemoMechanics.JustOverWindowGapRate ? Gap.JustOverWindow
            : u < DemoMechanics.ExactWindowGapRate + DemoMechanics.JustOverWindowGapRate + DemoMechanics.TiedStartRate ? Gap.Tie
            : Gap.Drawn;
    }

    /// <summary>A written contact as the journey loop needs it.</summary>
    /// <param name="Id">Interaction id.</param>
    /// <param name="Started">Start instant.</param>
    /// <param name="Ended">End instant.</param>
    /// <param name="IntentSeen">Its observed intent (confirmed, else predicted) is the true one, so it is in the journey's identity.</param>
    private readonly record struct Contact(long Id, DateTime Started, DateTime Ended, bool IntentSeen);

    private void NewCustomer(long ordinal)
    {
        "cus_"u8.CopyTo(_customerId);
        Utf8Formatter.TryFormat(ordinal, _customerId.AsSpan(4), out var written, new StandardFormat('D', 10));
        _customerIdLength = 4 + written;
        _segment = _rng.Pick(SegmentCumulative);
        var region = _rng.Pick(RegionCumulative);
        _tenure = _rng.Pick(TenureCumulative);
        _tenant = _rng.Pick(TenantCumulative);
        _zone = RegionZones[region];
        var since = _world.From.AddDays(-_rng.Uniform(TenureMinDays[_tenure], TenureMaxDays[_tenure])).AddSeconds(-_rng.Next(86_400));
        _customers.CreateRow().AppendValue(CustomerId).AppendValue(TenantU8[_tenant]).AppendValue(SegmentU8[_segment])
            .AppendValue(RegionU8[region]).AppendValue(TenureU8[_tenure]).AppendValue(TruncateToSecond(since)).EndRow();
        _rows.Customers++;

        // Business events unrelated to any contact: the background against which confirmations are read.
        var background = _rng.Poisson(1.2);
        for (var e = 0; e < background; e++)
        {
            var at = _world.From.AddSeconds(_rng.Next(_world.DayCount * 86_400));
            WriteEvent(_rng.Chance(0.5) ? EvtOrderShipped : EvtPayment, null, at);
        }
    }

    /// <summary>A start instant in the customer's local business rhythm (so UTC traffic shifts at DST changes).</summary>
    private DateTime DrawStart()
    {
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var day = _rng.Pick(_world.DayCumulative);
            var seconds = (_rng.Pick(_world.HourCumulative) * 3600) + _rng.Next(3600);
            var local = DateTime.SpecifyKind(_world.From, DateTimeKind.Unspecified).AddDays(day).AddSeconds(seconds);
            var utc = _zone.ToUtc(local);
            if (utc >= _world.From && utc < _world.Watermark.AddHours(-3))
            {
                return utc;
            }
        }

        return _world.From.AddHours(12);
    }

    /// <summary>The first contact at or after <paramref name="earliest"/> at a local hour drawn from the business rhythm.</summary>
    private DateTime NextContactAfter(DateTime earliest)
    {
        var localDay = (earliest + _zone.OffsetAt(earliest)).Date;
        var seconds = (_rng.Pick(_world.HourCumulative) * 3600) + _rng.Next(3600);
        var candidate = _zone.ToUtc(localDay.AddSeconds(seconds));
        return candidate >= earliest ? candidate : _zone.ToUtc(localDay.AddDays(1).AddSeconds(seconds));
    }

    private static IDuckDBAppenderRow AppendOptional(IDuckDBAppenderRow row, int index, byte[][] values) =>
        index >= 0 ? row.AppendValue(values[index]) : row.AppendNullValue();

    private static IDuckDBAppenderRow AppendOptional(IDuckDBAppenderRow row, int index, AgentFacts[] agents, Func<AgentFacts, byte[]> select) =>
        index >= 0 ? row.AppendValue(select(agents[index])) : row.AppendNullValue();

    private DateTime Clamp(DateTime at) => at < _world.Watermark ? at : _world.Watermark.AddTicks(-10);

    private static DateTime TruncateToSecond(DateTime at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private static double Clamp01(double value) => value < 0 ? 0 : value > 1 ? 1 : value;

    public void Dispose()
    {
        // Close in dependency order; every appender is closed even if one throws, and the first error surfaces.
        Exception? first = null;
        foreach (var appender in new[] { _customers, _interactions, _turns, _handoffs, _evaluations, _humanLabels, _surveys, _systemEvents, _suggestions, _policyEvents, _crmWrites })
        {
            try
            {
                appender.Dispose();
            }
            catch (DuckDBException ex)
            {
                first ??= ex;
            }
        }

        if (first is not null)
        {
            throw first;
        }
    }
}
