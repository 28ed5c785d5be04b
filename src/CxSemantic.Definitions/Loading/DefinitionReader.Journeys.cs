using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Definitions.Loading;

/// <summary>Journeys: the start and end events, the window and the horizon.</summary>
internal sealed partial class DefinitionReader
{
    private Journey ReadJourney(MappingReader m)
    {
        var name = Name(m, JourneyKey);
        var attributes = NamedMappings(m, "attributes", attrName => $"attribute '{attrName}' of journey '{name}'", (attrName, span, r) =>
        {
            var agg = Enum(r, "agg", JourneyAggregationNames, "journey aggregation", "how the journey's contacts are combined") ?? JourneyAggregation.First;
            return new JourneyAttribute
            {
                Name = attrName,
                Aggregation = agg,
                Expression = Expression(r, "expr", agg == JourneyAggregation.Count ? null : "the per-contact value"),
                Description = r.String("description"),
                Span = span,
            };
        });

        var window = Window(m, "window", "the gap after which a new journey starts, e.g. P7D") ?? new IsoWindow("P7D", Duration.FromDays(7));
        if (m.Has("horizon"))
        {
            _locations["horizon"] = m.ValueSpan("horizon");
        }

        return new Journey
        {
            Name = name,
            From = LocatedString(m, "from", "the semantic model whose rows are the journey's contacts") ?? string.Empty,
            Identity = LocatedNames(m, "identity", "the dimensions that say whose journey a contact belongs to, e.g. [customer_id, intent]"),
            Window = window,
            Horizon = Window(m, "horizon", null) ?? DefaultHorizon(window),
            Attributes = attributes,
            Description = m.String("description"),
            Span = m.KeySpan(JourneyKey),
            Locations = _locations.ToImmutable(),
        };
    }

    /// <summary>Without a stated horizon a journey is read over twice its window.</summary>
    private static IsoWindow DefaultHorizon(IsoWindow window)
    {
        var twice = window.Duration * 2;
        var text = twice.BclCompatibleTicks % TimeSpan.TicksPerDay == 0 ? $"P{twice.BclCompatibleTicks / TimeSpan.TicksPerDay}D" : $"PT{(long)twice.TotalSeconds}S";
        return new IsoWindow(text, twice);
    }
}
