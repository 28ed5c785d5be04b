using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using CxSemantic.Compiler.Translation;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler.Planning;

/// <summary>Maturity and confirmation: when a unit's outcome is final, and the system events that confirm it.</summary>
internal sealed partial class FactQueryBuilder
{
    /// <summary>
    /// Whether a unit is mature (1/0): its confirmation window closed before the watermark; null when
    /// every unit is (nothing to confirm), so the units leave the column out and the aggregates skip the test.
    /// </summary>
    private SqlExpression? Maturity(JoinSet? modelJoins, JourneyScope? journey)
    {
        var confirmation = _metric.Confirmation;
        SqlExpression watermark = new SqlScalarSubquery(new SqlSelect
        {
            Columns = [new SqlSelectItem(new SqlAggregate(SqlAggregateName.Max, new SqlColumn("w", _options.WatermarkColumn)), "watermark")],
            From = new SqlTable(_options.WatermarkTable, "w"),
        });
        SqlExpression? unitEnd = null;
        Duration window = Duration.Zero;
        switch (confirmation.Method)
        {
            case ConfirmationMethod.NoRecontact when journey is not null:
                // Decided from the journey's start, never its outcome: a journey is read over its
                // horizon, so it is final once the horizon (and the look-ahead of any windowed facts
                // its attributes read) has passed.
                unitEnd = new SqlColumn("u", JourneyScope.StartColumn);
                window = _plan.Journey!.Horizon.Duration + journey.LookAhead;
                break;
            case ConfirmationMethod.SystemEvent when modelJoins is not null:
                unitEnd = new SqlColumn("t0", _plan.Model.EndTimeColumn ?? _plan.Model.TimeColumn!);
                window = confirmation.Window!.Duration;
                break;
        }

        if (unitEnd is null)
        {
            return null;
        }

        // Mature only when the window provably closed (end + window ≤ watermark): a missing end or
        // watermark counts as immature. The window is taken off the watermark, once, rather than
        // added to every unit's end: the same comparison for an exact duration.
        return new SqlCase([(new SqlBinary(SqlBinaryOperator.LessOrEqual, unitEnd, new SqlAddDuration(watermark, -window)), One)], Zero);
    }

    /// <summary>
    /// An event that confirms the unit: of a listed type (or of the type listed for the unit's intent),
    /// of the same customer, linked as the definition says (to the contact itself, or to a contact of
    /// the same customer about the same intent), within the window after the unit ended.
    /// </summary>
    private SqlExpression SystemEventConfirmed(JoinSet? modelJoins)
    {
        var confirmation = _metric.Confirmation;
        var eventModel = _catalog.Models.GetValueOrDefault(_options.EventModel)
            ?? throw QueryMessages.ModelMissing(_metric.Name, "is confirmed by system events", _options.EventModel);
        var eventJoins = new JoinSet(_catalog, eventModel, "e");
        var events = new ModelScope(eventJoins, eventModel, "e");
        var unit = new ModelScope(modelJoins!, _plan.Model, "t0");
        SqlExpression unitEnd = new SqlColumn("t0", _plan.Model.EndTimeColumn ?? _plan.Model.TimeColumn!);
        SqlExpression eventTime = new SqlColumn("e", eventModel.TimeColumn!);
        var eventType = events.Resolve([_options.EventTypeDimension]).Sql;
        SqlExpression UnitIntent() => ExpressionTranslator.ToValue(unit.Resolve([_options.IntentDimension])).Sql;
        SqlExpression? typeMatches = confirmation.Events.IsEmpty ? null : TypeIn(eventType, confirmation.Events);
        if (!confirmation.EventsByIntent.IsEmpty)
        {
            var unitIntent = UnitIntent();
            foreach (var (intent, types) in confirmation.EventsByIntent)
            {
                var forIntent = new SqlBinary(SqlBinaryOperator.And, new SqlBinary(SqlBinaryOperator.Equal, unitIntent, new SqlParameter(intent)), TypeIn(eventType, types));
                typeMatches = typeMatches is null ? forIntent : new SqlBinary(SqlBinaryOperator.Or, typeMatches, forIntent);
            }
        }

        var where = ImmutableArray.CreateBuilder<SqlExpression>();
        where.Add(new SqlBinary(SqlBinaryOperator.Equal, events.Resolve([_options.CustomerDimension]).Sql, unit.Resolve([_options.CustomerDimension]).Sql));
        where.Add(typeMatches!);
        where.Add(new SqlBinary(SqlBinaryOperator.Greater, eventTime, unitEnd));
        where.Add(new SqlBinary(SqlBinaryOperator.LessOrEqual, eventTime, new SqlAddDuration(unitEnd, confirmation.Window!.Duration)));
        if (confirmation.Link != EventLink.Customer)
        {
            SqlExpression linked = new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn("e", _options.InteractionKey), new SqlColumn("t0", _options.InteractionKey));
            if (confirmation.Link == EventLink.Intent)
            {
                // The event's own contact is about the same intent (its customer is already the unit's).
                var sameIntent = new SqlBinary(
                    SqlBinaryOperator.Equal,
                    ExpressionTranslator.ToValue(events.Resolve([_options.EventContactJoin, _options.IntentDimension])).Sql,
                    UnitIntent());
                linked = new SqlBinary(SqlBinaryOperator.Or, linked, sameIntent);
            }

            where.Add(linked);
        }

        return new SqlExists(new SqlSelect
        {
            Columns = [new SqlSelectItem(One, "one")],
            From = eventJoins.From,
            Joins = eventJoins.Joins,
            Where = where.ToImmutable(),
        });
    }

    private static SqlExpression TypeIn(SqlExpression eventType, ImmutableArray<string> types) =>
        new SqlIn(eventType, [.. types.Select(e => (SqlExpression)new SqlParameter(e))], Negated: false);
}
