using System.Buffers;
using System.Buffers.Text;
using CxSemantic.DuckDb;
using static CxSemantic.Warehouse.Demo.DemoCatalog;

namespace CxSemantic.Warehouse.Demo;

/// <summary>
/// Generates partitions ("blocks") of the demo data into one connection's appenders. A block is a fixed range of
/// interaction ids with its own seeded stream, so its rows never depend on which worker writes it or when.
/// Rows are written as they are generated; nothing but the current customer is held in memory.
/// </summary>
internal sealed class DemoWorker : IDisposable
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

    private static readonly int[] CalibratedDimensions = [EvResolution, EvQuality, EvTone, EvPolicy];

    private readonly DemoWorld _world;
    private readonly RowCounts _rows = new();
    private readonly DuckDbAppender _customers;
    private readonly DuckDbAppender _interactions;
    private readonly DuckDbAppender _turns;
    private readonly DuckDbAppender _handoffs;
    private readonly DuckDbAppender _evaluations;
    private readonly DuckDbAppender _humanLabels;
    private readonly DuckDbAppender _surveys;
    private readonly DuckDbAppender _systemEvents;
    private readonly DuckDbAppender _suggestions;
    private readonly DuckDbAppender _policyEvents;
    private readonly DuckDbAppender _crmWrites;
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

    public DemoWorker(DuckDbConnection connection, DemoWorld world)
    {
        _world = world;
        var opened = new List<DuckDbAppender>();
        try
        {
            DuckDbAppender Open(string table)
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

    private ReadOnlySpan<byte> CustomerId => _customerId.AsSpan(0, _customerIdLength);

    /// <summary>Generates block <paramref name="block"/>: interaction ids [block × size + 1, …] and their customers.</summary>
    public void GenerateBlock(long block, CancellationToken cancellationToken)
    {
        var size = _world.Options.BlockSize;
        var firstId = (block * size) + 1;
        var remaining = (int)Math.Min(size, _world.Options.Interactions - (block * size));
        var blockSeed = Prng.Derive(_world.Options.Seed, (ulong)block);
        _rng = new Prng(blockSeed);
        _side = new Prng(Prng.Derive(blockSeed, SideStream));
        _eventId = block << 32;
        var nextId = firstId;
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
                    var contact = WriteInteraction(nextId++, intent, channel, start, proactive && attempt == 0, mustSeeIntent, earlier, out var recontact);
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
        _customers.AppendUtf8(CustomerId).AppendUtf8(TenantU8[_tenant]).AppendUtf8(SegmentU8[_segment])
            .AppendUtf8(RegionU8[region]).AppendUtf8(TenureU8[_tenure]).Append(TruncateToSecond(since)).EndRow();
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

    /// <summary>Writes one contact and its child rows.</summary>
    /// <param name="id">Interaction id.</param>
    /// <param name="intentIndex">The true intent.</param>
    /// <param name="channel">Channel index.</param>
    /// <param name="start">Start instant.</param>
    /// <param name="proactive">The business started the contact.</param>
    /// <param name="mustSeeIntent">The observed intent must be the true one (an end of a planted gap).</param>
    /// <param name="earlier">An earlier contact of the customer seen with the same intent, which a confirmation may be linked to.</param>
    /// <param name="recontact">Whether the customer comes back about the same intent.</param>
    private Contact WriteInteraction(long id, int intentIndex, int channel, DateTime start, bool proactive, bool mustSeeIntent, long? earlier, out bool recontact)
    {
        var intent = Intents[intentIndex];
        var rng = _rng;
        var stage = intent.RenewalStage ? StRenewal : _tenure == 0 ? StOnboarding : StSupport;
        var botFirst = rng.Chance(BotCoverage[channel]) && (intent.Eligible || rng.Chance(0.5));

        var p = botFirst ? (intentIndex == SilentIntent ? PlantedEffects.SilentFailureDeclaredResolvedRate : BotResolve[intent.Complexity]) : AgentResolve[intent.Complexity];
        if (stage == StRenewal)
        {
            p += PlantedEffects.LowCsatStageResolutionBonus;
        }

        if (_segment == SegSmb)
        {
            p += PlantedEffects.ResolutionGap;
        }

        var resolved = rng.Chance(p);
        int handledBy, endReason, handoffReason = -1;
        if (!botFirst)
        {
            handledBy = HbAgent;
            endReason = resolved ? ErResolved : AgentFailure(ref rng);
        }
        else if (!intent.Eligible)
        {
            handledBy = HbBotToAgent;
            handoffReason = RsOutOfScope;
            endReason = resolved ? ErResolved : AgentFailure(ref rng);
        }
        else if (resolved)
        {
            if (rng.Chance(intent.BotContainment))
            {
                handledBy = HbBot;
            }
            else
            {
                handledBy = HbBotToAgent;
                handoffReason = rng.Next(4) switch { 0 => RsCustomerRequest, 1 => RsLowConfidence, 2 => RsPolicy, _ => RsAuth };
            }

            endReason = ErResolved;
        }
        else
        {
            var u = rng.NextDouble();
            if (u < 0.35)
            {
                handledBy = HbBot;
                endReason = u < 0.22 ? ErAbandoned : u < 0.30 ? ErRage : ErForced;
            }
            else
            {
                handledBy = HbBotToAgent;
                handoffReason = rng.Next(4) switch { 0 => RsLowConfidence, 1 => RsSentiment, 2 => RsLoop, _ => RsCustomerRequest };
                endReason = AgentFailure(ref rng);
            }
        }

        var botInvolved = handledBy != HbAgent;
        var humanNeeded = handledBy != HbBot;

        // Abandoned while queueing for a human: no agent ever joined.
        var agent = humanNeeded && endReason != ErAbandoned ? PickAgent(ref rng, intent.Queue) : -1;
        var release = botInvolved ? ReleaseAt(start) : -1;
        var trulyFixed = resolved && rng.Chance(handledBy == HbBot ? intent.BotTrueFix : 0.93);
        recontact = trulyFixed ? rng.Chance(0.03) : rng.Chance(endReason == ErAbandoned || endReason == ErRage ? 0.8 : 0.7);

        // Timeline: bot phase, queue wait, agent phase.
        // Failing conversations take more exchanges (customer effort): one more when unresolved, two more in a loop.
        var botPairs = botInvolved
            ? 1 + rng.Next(4) + (resolved ? 0 : DemoMechanics.UnresolvedExtraExchanges)
              + (endReason == ErRage || handoffReason == RsLoop ? DemoMechanics.LoopExtraExchanges : 0)
            : 0;
        var botSeconds = botInvolved ? 30 + (botPairs * 20) + rng.Next(60) : 0;
        var wait = 0;
        if (humanNeeded)
        {
            var meanWait = MeanWaitSeconds[channel];
            if (intent.Queue == BillingQueue && channel != Email && start.DayOfWeek == DayOfWeek.Monday)
            {
                meanWait *= PlantedEffects.MondayWaitMultiplier;
            }

            wait = (int)Math.Min(rng.Exponential(meanWait), 86_400 * 3);
        }

        var agentPairs = agent >= 0 ? (channel == Email ? 1 : 1 + rng.Next(5)) : 0;
        var agentSeconds = agent >= 0
            ? (int)Math.Clamp(rng.LogNormal(AgentMedianSeconds[intent.Complexity] * AgentChannelFactor[channel], 0.5), 30, 7_200)
            : 0;
        // Contacts still open at the watermark are not in the data yet: long waits near the end are cut short
        // (starts are at least 3 h before the watermark, longer than any bot plus agent phase).
        var secondsLeft = (int)(_world.Watermark - start).TotalSeconds - botSeconds - agentSeconds - 1;
        wait = Math.Min(wait, secondsLeft);
        var agentStart = start.AddSeconds(botSeconds + wait);
        var ended = agentStart.AddSeconds(agentSeconds);
        int? firstResponseMs = botFirst
            ? (int)Math.Min(rng.LogNormal(1_200, 0.4), 60_000)
            : (int)Math.Min((wait * 1000L) + 2_000 + rng.Next(13_000), int.MaxValue);
        if (botFirst && _side.Chance(DemoMechanics.SlowBotResponseRate))
        {
            // A slow backend call before the bot's first answer.
            firstResponseMs = 5_000 + _side.Next(25_000);
        }

        // The classifier is right 90 % of the time and usually less sure when it is wrong.
        var predictedRight = rng.Chance(0.9);
        var predicted = predictedRight ? intentIndex : (intentIndex + 1 + rng.Next(Intents.Length - 1)) % Intents.Length;
        var confidence = Math.Round(predictedRight ? 1.0 - (0.35 * rng.NextDouble() * rng.NextDouble()) : 0.25 + (0.6 * rng.NextDouble()), 3);
        var confirmed = agent >= 0 || rng.Chance(0.6) ? intentIndex : -1;
        if (mustSeeIntent && confirmed < 0)
        {
            // QA confirmed the intent of a planted gap's contact, so it joins the journey's identity whatever the classifier said.
            confirmed = intentIndex;
        }

        var intentSeen = (confirmed >= 0 ? confirmed : predicted) == intentIndex;
        var declared = endReason == ErResolved ? 0
            : endReason == ErEscalated || endReason == ErTransferred ? 2
            : endReason == ErForced ? 1 : -1;

        var row = _interactions.Append(id).AppendUtf8(CustomerId).AppendUtf8(TenantU8[_tenant]).AppendUtf8(ChannelU8[channel])
            .AppendUtf8(QueueU8[intent.Queue]).Append(start).Append(ended).AppendUtf8(IntentU8[predicted]).Append(confidence);
        AppendOptional(row, confirmed, IntentU8).AppendUtf8(ComplexityU8[intent.Complexity]).Append(intent.Eligible)
            .AppendUtf8(HandledByU8[handledBy]);
        AppendOptional(row, agent, _world.Agents, a => a.IdU8);
        AppendOptional(row, release, ReleaseU8).AppendUtf8(EndReasonU8[endReason]);
        AppendOptional(row, declared, DeclaredU8).Append(botSeconds + agentSeconds).Append(wait).Append(firstResponseMs)
            .AppendUtf8(StageU8[stage]).Append(proactive).EndRow();
        _rows.Interactions++;

        // Turns: customer and bot/agent alternate; proactive contacts are opened by the company.
        short seq = 0;
        WritePhase(ref _side, id, ref seq, start, botSeconds, botPairs, ActBot, proactive, channel);
        WritePhase(ref _side, id, ref seq, agentStart, agentSeconds, agentPairs, ActAgent, proactive && !botInvolved, channel);

        if (handoffReason >= 0)
        {
            _handoffs.Append(id).Append((short)1).AppendUtf8(ActorU8[ActBot]).AppendUtf8(ActorU8[ActAgent]);
            AppendOptional(_handoffs, agent, _world.Agents, a => a.IdU8).Append(start.AddSeconds(botSeconds))
                .Append(rng.Chance(channel == Voice ? 0.6 : 0.88)).AppendUtf8(HandoffReasonU8[handoffReason]).EndRow();
            _rows.Handoffs++;
        }

        if (endReason == ErTransferred && agent >= 0)
        {
            var specialist = PickAgent(ref rng, intent.Queue);
            _handoffs.Append(id).Append((short)(handoffReason >= 0 ? 2 : 1)).AppendUtf8(ActorU8[ActAgent]).AppendUtf8(ActorU8[ActAgent])
                .AppendUtf8(_world.Agents[specialist].IdU8).Append(ended.AddSeconds(-5)).Append(rng.Chance(0.75))
                .AppendUtf8(HandoffReasonU8[RsSpecialist]).EndRow();
            _rows.Handoffs++;
        }

        // Policy events feed the policy_compliance evaluator's latent truth.
        var policySeverity = -1;
        if (rng.Chance(botInvolved && !humanNeeded ? 0.025 : 0.035))
        {
            policySeverity = rng.Chance(0.4) ? 0 : 1;
            _policyEvents.Append(id).Append((short)1).AppendUtf8(PolicyU8[rng.Next(PolicyU8.Length)]).AppendUtf8(SeverityU8[policySeverity])
                .Append(rng.Chance(policySeverity == 0 ? 0.3 : 0.1)).Append(start.AddSeconds(rng.Next(Math.Max(1, botSeconds + agentSeconds)))).EndRow();
            _rows.PolicyEvents++;
        }

        // CRM writes: the handler logs a disposition whenever it declared an outcome.
        var wrongDisposition = false;
        if (declared >= 0)
        {
            var writer = handledBy == HbBot ? ActBot : ActAgent;
            var wrongRate = handledBy == HbBot && release == _world.FaultyRelease
                ? PlantedEffects.FaultyReleaseWrongDispositionRate
                : PlantedEffects.BaselineWrongDispositionRate;
            wrongDisposition = rng.Chance(wrongRate);
            var code = wrongDisposition ? (intentIndex + 1 + rng.Next(Intents.Length - 1)) % Intents.Length : intentIndex;
            short writeSeq = 0;
            WriteCrm(id, ++writeSeq, writer, 0, code, rng.Chance(0.985), ended);
            if (agent >= 0 && rng.Chance(0.35))
            {
                WriteCrm(id, ++writeSeq, ActAgent, 1, code, rng.Chance(0.97), ended.AddSeconds(20));
            }

            if (declared == 2)
            {
                WriteCrm(id, ++writeSeq, writer, 2, intentIndex, rng.Chance(0.99), ended.AddSeconds(40));
            }
        }

        // Agent-assist suggestions during the agent phase of live channels.
        if (agent >= 0 && channel != Email)
        {
            var count = Math.Min(rng.Poisson(1.5), 6);
            for (short s = 1; s <= count; s++)
            {
                var kind = rng.Pick(SuggestionCumulative);
                _suggestions.Append(id).Append(s).AppendUtf8(_world.Agents[agent].IdU8).AppendUtf8(SuggestionKindU8[kind])
                    .Append(agentStart.AddSeconds(rng.Next(Math.Max(1, agentSeconds)))).Append(rng.Chance(SuggestionAcceptance[kind])).EndRow();
                _rows.Suggestions++;
            }
        }

        var rage = endReason == ErRage;
        WriteEvaluations(ref rng, id, start, ended, resolved, trulyFixed, rage, botInvolved, handoffReason == RsLoop, wrongDisposition, policySeverity);
        WriteSurveys(ref rng, id, ended, resolved, rage, stage, handoffReason >= 0, botPairs + agentPairs);
        WriteOutcomeEvents(ref rng, id, intentSeen ? earlier : null, intentIndex, ended, declared == 0, trulyFixed);

        _rng = rng;
        return new Contact(id, start, ended, intentSeen);
    }

    private static int AgentFailure(ref Prng rng)
    {
        var u = rng.NextDouble();
        return u < 0.45 ? ErEscalated : u < 0.80 ? ErTransferred : ErAbandoned;
    }

    private int PickAgent(ref Prng rng, int team)
    {
        var members = _world.AgentsByTeam[team];
        return members[rng.Next(members.Length)];
    }

    private void WritePhase(ref Prng rng, long id, ref short seq, DateTime phaseStart, int seconds, int pairs, int responder, bool companyFirst, int channel)
    {
        if (pairs == 0)
        {
            return;
        }

        var turns = pairs * 2;
        var step = (double)Math.Max(seconds, 1) / turns;
        for (var t = 0; t < turns; t++)
        {
            var customerTurn = (t % 2 == 0) != companyFirst;
            var actor = customerTurn ? ActCustomer : responder;
            _turns.Append(id).Append(++seq).AppendUtf8(ActorU8[actor]).Append(phaseStart.AddSeconds(step * (t + 0.5)));
            if (customerTurn)
            {
                _turns.AppendNull();
            }
            else
            {
                var median = responder == ActBot ? 1_100 : channel == Voice ? 2_500 : 9_000;
                _turns.Append((int)Math.Min(rng.LogNormal(median, 0.5), 600_000));
            }

            _turns.EndRow();
        }

        _rows.Turns += turns;
    }

    private void WriteCrm(long id, short seq, int writer, int tool, int code, bool succeeded, DateTime at)
    {
        _crmWrites.Append(id).Append(seq).AppendUtf8(ActorU8[writer]).AppendUtf8(CrmToolU8[tool]).AppendUtf8(IntentU8[code])
            .Append(succeeded).Append(Clamp(at)).EndRow();
        _rows.CrmWrites++;
    }

    private void WriteEvaluations(
        ref Prng rng, long id, DateTime start, DateTime ended, bool resolved, bool trulyFixed, bool rage, bool botInvolved,
        bool loopHandoff, bool wrongDisposition, int policySeverity)
    {
        // Latent truth per dimension; evaluators and reviewers both observe it with their own noise.
        var latent = _latent;
        latent[EvResolution] = Clamp01((resolved ? (trulyFixed ? 0.82 : 0.64) : 0.22) + (0.10 * rng.Gaussian()));
        latent[EvQuality] = Clamp01(0.5 + (resolved ? 0.2 : 0) - (rage ? 0.25 : 0) + (0.15 * rng.Gaussian()));
        latent[EvTone] = Clamp01(0.60 + (resolved ? 0.12 : -0.05) - (rage ? 0.25 : 0) + (0.14 * rng.Gaussian()));
        var loop = rage || loopHandoff || rng.Chance(0.04);
        latent[EvLoop] = Clamp01((loop ? 0.2 : 0.85) + (0.10 * rng.Gaussian()));
        latent[EvTool] = Clamp01(0.82 - (wrongDisposition ? 0.3 : 0) + (0.12 * rng.Gaussian()));
        latent[EvFunction] = Clamp01(0.84 + (0.12 * rng.Gaussian()));
        latent[EvPoliteness] = Clamp01((rng.Chance(0.04) ? 0.25 : 0.86) + (0.08 * rng.Gaussian()));
        latent[EvPolicy] = Clamp01((policySeverity == 0 ? 0.25 : policySeverity == 1 ? 0.6 : 0.85) + (0.10 * rng.Gaussian()));

        var evaluatedAt = Clamp(ended.AddSeconds(120 + rng.Next(1_800)));
        for (var e = 0; e < latent.Length; e++)
        {
            if (!botInvolved && (e == EvLoop || e == EvTool || e == EvFunction))
            {
                continue;
            }

            if (e == EvTone)
            {
                if (start < _world.DriftCutover)
                {
                    WriteEvaluation(ref rng, id, e, V1, latent[e], 0, EvaluatorNoise, evaluatedAt);
                }

                if (start >= _world.DriftShadowFrom)
                {
                    WriteEvaluation(ref rng, id, e, V2, latent[e], PlantedEffects.DriftScoreShift, EvaluatorNoise, evaluatedAt);
                }
            }
            else if (e == EvResolution)
            {
                // A routine upgrade without drift: same bias, a little less noise.
                var v2 = start >= _world.ResolutionV2From;
                WriteEvaluation(ref rng, id, e, v2 ? V2 : V1, latent[e], 0, v2 ? 0.22 : 0.26, evaluatedAt);
            }
            else
            {
                WriteEvaluation(ref rng, id, e, V1, latent[e], 0, e == EvQuality ? EvaluatorNoise : 0.10, evaluatedAt);
            }
        }

        if (rng.Chance(PlantedEffects.HumanLabelSampleRate))
        {
            var labeledAt = ended.AddSeconds(86_400 + rng.Next(4 * 86_400));
            if (labeledAt < _world.Watermark)
            {
                var reviewer = rng.Next(DemoWorld.ReviewerCount);
                foreach (var dimension in CalibratedDimensions)
                {
                    WriteHumanLabel(id, dimension, reviewer, LabelOf(dimension, Clamp01(latent[dimension] + (0.05 * rng.Gaussian()))), labeledAt);
                }

                // A share of the sample is labelled again by one or two other reviewers, each with their own noise,
                // so that labels of one interaction and dimension sometimes disagree.
                if (_side.Chance(DemoMechanics.MultiReviewerShare))
                {
                    var extra = 1 + _side.Next(2);
                    var step = 1 + _side.Next((DemoWorld.ReviewerCount - 1) / 2); // r × step (r ≤ 2) never wraps onto a reviewer already used
                    for (var r = 1; r <= extra; r++)
                    {
                        var other = (reviewer + (r * step)) % DemoWorld.ReviewerCount;
                        var at = labeledAt.AddSeconds(3_600 + _side.Next(2 * 86_400));
                        if (at >= _world.Watermark)
                        {
                            continue;
                        }

                        foreach (var dimension in CalibratedDimensions)
                        {
                            var noisy = Clamp01(latent[dimension] + (DemoMechanics.ExtraReviewerNoise * _side.Gaussian()));
                            WriteHumanLabel(id, dimension, other, LabelOf(dimension, noisy), at);
                        }
                    }
                }
            }
        }
    }

    private void WriteHumanLabel(long id, int dimension, int reviewer, int label, DateTime at)
    {
        _humanLabels.Append(id).AppendUtf8(EvaluatorU8[dimension]).AppendUtf8(_world.ReviewerU8[reviewer])
            .AppendUtf8(LabelU8[dimension][label]).Append(at).EndRow();
        _rows.HumanLabels++;
    }

    /// <summary>Evaluator noise of the three-way scales (tone, quality), whose narrow bands make agreement harder.</summary>
    private const double EvaluatorNoise = 0.07;

    internal static readonly DateTime ResolutionV2From = new(2026, 2, 16, 0, 0, 0, DateTimeKind.Utc);

    private void WriteEvaluation(ref Prng rng, long id, int evaluator, int version, double latent, double bias, double noise, DateTime at)
    {
        var score = Math.Round(Clamp01(latent + bias + (noise * rng.Gaussian())), 4);
        _evaluations.Append(id).AppendUtf8(EvaluatorU8[evaluator]).AppendUtf8(VersionU8[version]).Append(score)
            .AppendUtf8(LabelU8[evaluator][LabelOf(evaluator, score)]).Append(at).EndRow();
        _rows.Evaluations++;
    }

    /// <summary>Label index from a score: three-way scales use two cut points, binary ones 0.5.</summary>
    private static int LabelOf(int evaluator, double score)
    {
        if (evaluator == EvQuality)
        {
            return score >= 0.7 ? 0 : score >= 0.4 ? 1 : 2;
        }

        if (evaluator == EvTone)
        {
            return score >= 0.65 ? 0 : score >= 0.4 ? 1 : 2;
        }

        return score >= 0.5 ? 0 : 1;
    }

    private void WriteSurveys(ref Prng rng, long id, DateTime ended, bool resolved, bool rage, int stage, bool handedOff, int customerTurns)
    {
        // Kinds in vocabulary order: csat, ces, nps.
        if (rng.Chance(0.12))
        {
            var mean = (resolved ? 4.25 : 2.5) - (rage ? 0.8 : 0) + (stage == StRenewal ? PlantedEffects.LowCsatShift : 0);
            WriteSurvey(ref rng, id, 0, ended, (int)Math.Clamp(Math.Round(mean + (0.75 * rng.Gaussian())), 1, 5));
        }

        if (rng.Chance(0.08))
        {
            var mean = (resolved ? 5.6 : 3.4) - (handedOff ? 0.5 : 0) + (DemoMechanics.CesPerCustomerTurn * (customerTurns - 3));
            WriteSurvey(ref rng, id, 1, ended, (int)Math.Clamp(Math.Round(mean + rng.Gaussian()), 1, 7));
        }

        if (rng.Chance(0.05))
        {
            var mean = (resolved ? 8.3 : 5.0) - (stage == StRenewal ? 1.5 : 0);
            WriteSurvey(ref rng, id, 2, ended, (int)Math.Clamp(Math.Round(mean + (1.8 * rng.Gaussian())), 0, 10));
        }
    }

    private void WriteSurvey(ref Prng rng, long id, int kind, DateTime ended, int score)
    {
        var respondedAt = ended.AddSeconds(300 + Math.Round(rng.Exponential(4 * 3600.0)));
        if (respondedAt >= _world.Watermark)
        {
            return;
        }

        _surveys.Append(id).AppendUtf8(SurveyKindU8[kind]).Append(score).Append(respondedAt).EndRow();
        _rows.Surveys++;
    }

    /// <summary>
    /// Events that confirm a declared resolution (a real fix) or contradict it (a silent failure), plus the planted
    /// edge cases of <see cref="DemoMechanics"/>: confirmations linked to an earlier contact of the journey or at the
    /// window's edge, unlinked coincidences, confirmations of another intent's type, account closures, and
    /// contradictions at or beyond the silent-failure window.
    /// </summary>
    /// <param name="rng">The main stream (its draws are those of the generator without the mechanics).</param>
    /// <param name="id">The contact.</param>
    /// <param name="earlier">An earlier contact of the customer seen with the same intent, or null.</param>
    /// <param name="intent">The true intent.</param>
    /// <param name="ended">The contact's end.</param>
    /// <param name="declaredResolved">The handler declared it resolved.</param>
    /// <param name="trulyFixed">The problem was really fixed.</param>
    private void WriteOutcomeEvents(ref Prng rng, long id, long? earlier, int intent, DateTime ended, bool declaredResolved, bool trulyFixed)
    {
        if (!declaredResolved)
        {
            return;
        }

        var confirming = ConfirmingEventIndex[intent];
        var confirmed = false;
        if (trulyFixed && confirming >= 0 && rng.Chance(0.85))
        {
            var delay = TimeSpan.FromSeconds(3_600 + rng.Next(47 * 3_600));
            var u = _side.NextDouble();
            delay = u < DemoMechanics.ConfirmationAtWindowEndRate ? DemoMechanics.ConfirmationWindow
                : u < DemoMechanics.ConfirmationAtWindowEndRate + DemoMechanics.ConfirmationJustAfterWindowRate ? DemoMechanics.ConfirmationWindow + TimeSpan.FromSeconds(1)
                : delay;

            // The business system may record the fix against the first contact of the journey, not the one that fixed it.
            var linked = earlier is not null && _side.Chance(DemoMechanics.EarlierContactLinkRate) ? earlier : id;
            WriteEvent(confirming, linked, ended + delay);
            confirmed = true;
        }
        else if (!trulyFixed && rng.Chance(0.45))
        {
            var type = Intents[intent].Queue == BillingQueue ? EvtDispute : EvtComplaint;
            var delay = TimeSpan.FromSeconds(12 * 3_600 + rng.Next(5 * 86_400));
            if (confirming != EvtAccountClosed && _side.Chance(DemoMechanics.AccountClosedShare))
            {
                type = EvtAccountClosed;
            }

            var u = _side.NextDouble();
            delay = u < DemoMechanics.ContradictionBeyondWindowShare
                ? DemoMechanics.SilentFailureWindow + TimeSpan.FromSeconds(3_600 + _side.Next(7 * 86_400 - 3_600))
                : u < DemoMechanics.ContradictionBeyondWindowShare + DemoMechanics.ContradictionAtWindowEndShare ? DemoMechanics.SilentFailureWindow
                : delay;
            WriteEvent(type, id, ended + delay);
        }

        if (!confirmed && confirming >= 0 && _side.Chance(DemoMechanics.UnlinkedCoincidenceRate))
        {
            // An event of the confirming type that no system tied to this contact (another order, another payment).
            WriteEvent(confirming, null, ended.AddSeconds(3_600 + _side.Next(70 * 3_600)));
        }

        if (_side.Chance(DemoMechanics.ForeignConfirmationRate))
        {
            // A confirming event of another intent's type linked to this contact: it must not confirm this intent.
            var foreign = ConfirmingTypes[_side.Next(ConfirmingTypes.Length)];
            if (foreign == confirming)
            {
                foreign = ConfirmingTypes[(Array.IndexOf(ConfirmingTypes, foreign) + 1) % ConfirmingTypes.Length];
            }

            WriteEvent(foreign, id, ended.AddSeconds(3_600 + _side.Next(70 * 3_600)));
        }
    }

    private void WriteEvent(int type, long? interactionId, DateTime at)
    {
        if (at >= _world.Watermark)
        {
            return;
        }

        _systemEvents.Append(++_eventId).AppendUtf8(CustomerId).Append(interactionId).AppendUtf8(EventTypeU8[type]).Append(at).EndRow();
        _rows.SystemEvents++;
    }

    private static DuckDbAppender AppendOptional(DuckDbAppender appender, int index, byte[][] values) =>
        index >= 0 ? appender.AppendUtf8(values[index]) : appender.AppendNull();

    private static DuckDbAppender AppendOptional(DuckDbAppender appender, int index, AgentFacts[] agents, Func<AgentFacts, byte[]> select) =>
        index >= 0 ? appender.AppendUtf8(select(agents[index])) : appender.AppendNull();

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
            catch (DuckDbException ex)
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
