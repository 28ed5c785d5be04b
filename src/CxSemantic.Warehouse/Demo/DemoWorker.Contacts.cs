using CxSemantic.Warehouse.DuckDb;
using static CxSemantic.Warehouse.Demo.DemoCatalog;

namespace CxSemantic.Warehouse.Demo;

/// <summary>One contact: the interaction row with its turns, handoffs and CRM writes.</summary>
internal sealed partial class DemoWorker
{
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

        var row = _interactions.CreateRow().AppendValue(id).AppendValue(CustomerId).AppendValue(TenantU8[_tenant]).AppendValue(ChannelU8[channel])
            .AppendValue(QueueU8[intent.Queue]).AppendValue(start).AppendValue(ended).AppendValue(IntentU8[predicted]).AppendValue(confidence);
        AppendOptional(row, confirmed, IntentU8).AppendValue(ComplexityU8[intent.Complexity]).AppendValue(intent.Eligible)
            .AppendValue(HandledByU8[handledBy]);
        AppendOptional(row, agent, _world.Agents, a => a.IdU8);
        AppendOptional(row, release, ReleaseU8).AppendValue(EndReasonU8[endReason]);
        AppendOptional(row, declared, DeclaredU8).AppendValue(botSeconds + agentSeconds).AppendValue(wait).AppendValue(firstResponseMs)
            .AppendValue(StageU8[stage]).AppendValue(proactive).EndRow();
        _rows.Interactions++;

        // Turns: customer and bot/agent alternate; proactive contacts are opened by the company.
        short seq = 0;
        WritePhase(ref _side, id, ref seq, start, botSeconds, botPairs, ActBot, proactive, channel);
        WritePhase(ref _side, id, ref seq, agentStart, agentSeconds, agentPairs, ActAgent, proactive && !botInvolved, channel);

        if (handoffReason >= 0)
        {
            var handoff = _handoffs.CreateRow().AppendValue(id).AppendValue((short)1).AppendValue(ActorU8[ActBot]).AppendValue(ActorU8[ActAgent]);
            AppendOptional(handoff, agent, _world.Agents, a => a.IdU8).AppendValue(start.AddSeconds(botSeconds))
                .AppendValue(rng.Chance(channel == Voice ? 0.6 : 0.88)).AppendValue(HandoffReasonU8[handoffReason]).EndRow();
            _rows.Handoffs++;
        }

        if (endReason == ErTransferred && agent >= 0)
        {
            var specialist = PickAgent(ref rng, intent.Queue);
            _handoffs.CreateRow().AppendValue(id).AppendValue((short)(handoffReason >= 0 ? 2 : 1)).AppendValue(ActorU8[ActAgent]).AppendValue(ActorU8[ActAgent])
                .AppendValue(_world.Agents[specialist].IdU8).AppendValue(ended.AddSeconds(-5)).AppendValue(rng.Chance(0.75))
                .AppendValue(HandoffReasonU8[RsSpecialist]).EndRow();
            _rows.Handoffs++;
        }

        // Policy events feed the policy_compliance evaluator's latent truth.
        var policySeverity = -1;
        if (rng.Chance(botInvolved && !humanNeeded ? 0.025 : 0.035))
        {
            policySeverity = rng.Chance(0.4) ? 0 : 1;
            _policyEvents.CreateRow().AppendValue(id).AppendValue((short)1).AppendValue(PolicyU8[rng.Next(PolicyU8.Length)]).AppendValue(SeverityU8[policySeverity])
                .AppendValue(rng.Chance(policySeverity == 0 ? 0.3 : 0.1)).AppendValue(start.AddSeconds(rng.Next(Math.Max(1, botSeconds + agentSeconds)))).EndRow();
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
                _suggestions.CreateRow().AppendValue(id).AppendValue(s).AppendValue(_world.Agents[agent].IdU8).AppendValue(SuggestionKindU8[kind])
                    .AppendValue(agentStart.AddSeconds(rng.Next(Math.Max(1, agentSeconds)))).AppendValue(rng.Chance(SuggestionAcceptance[kind])).EndRow();
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
            var turn = _turns.CreateRow().AppendValue(id).AppendValue(++seq).AppendValue(ActorU8[actor]).AppendValue(phaseStart.AddSeconds(step * (t + 0.5)));
            if (customerTurn)
            {
                turn.AppendNullValue();
            }
            else
            {
                var median = responder == ActBot ? 1_100 : channel == Voice ? 2_500 : 9_000;
                turn.AppendValue((int)Math.Min(rng.LogNormal(median, 0.5), 600_000));
            }

            turn.EndRow();
        }

        _rows.Turns += turns;
    }

    private void WriteCrm(long id, short seq, int writer, int tool, int code, bool succeeded, DateTime at)
    {
        _crmWrites.CreateRow().AppendValue(id).AppendValue(seq).AppendValue(ActorU8[writer]).AppendValue(CrmToolU8[tool]).AppendValue(IntentU8[code])
            .AppendValue(succeeded).AppendValue(Clamp(at)).EndRow();
        _rows.CrmWrites++;
    }
}
