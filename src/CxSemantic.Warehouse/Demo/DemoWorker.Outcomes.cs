using CxSemantic.Warehouse.DuckDb;
using static CxSemantic.Warehouse.Demo.DemoCatalog;

namespace CxSemantic.Warehouse.Demo;

/// <summary>What follows a contact: surveys, and the system events that confirm or contradict its resolution.</summary>
internal sealed partial class DemoWorker
{
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

        _surveys.CreateRow().AppendValue(id).AppendValue(SurveyKindU8[kind]).AppendValue(score).AppendValue(respondedAt).EndRow();
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

        _systemEvents.CreateRow().AppendValue(++_eventId).AppendValue(CustomerId).AppendValue(interactionId).AppendValue(EventTypeU8[type]).AppendValue(at).EndRow();
        _rows.SystemEvents++;
    }
}
