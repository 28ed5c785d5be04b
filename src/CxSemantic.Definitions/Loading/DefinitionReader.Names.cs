using CxSemantic.Definitions.Model;

namespace CxSemantic.Definitions.Loading;

/// <summary>The YAML spellings of the definition language's enumerations, in documentation order.</summary>
internal sealed partial class DefinitionReader
{
    internal static readonly NameTable<Aggregation> AggregationNames = new NameTable<Aggregation>
    {
        ["count"] = Aggregation.Count,
        ["count_distinct"] = Aggregation.CountDistinct,
        ["sum"] = Aggregation.Sum,
        ["avg"] = Aggregation.Average,
        ["min"] = Aggregation.Min,
        ["max"] = Aggregation.Max,
        ["percentile"] = Aggregation.Percentile,
    };

    internal static readonly NameTable<Relationship> RelationshipNames = new NameTable<Relationship>
    {
        ["many_to_one"] = Relationship.ManyToOne,
        ["one_to_one"] = Relationship.OneToOne,
        ["one_to_many"] = Relationship.OneToMany,
    };

    internal static readonly NameTable<DimensionType> DimensionTypeNames = new NameTable<DimensionType>
    {
        ["string"] = DimensionType.String,
        ["enum"] = DimensionType.Enum,
        ["number"] = DimensionType.Number,
        ["boolean"] = DimensionType.Boolean,
        ["date"] = DimensionType.Date,
        ["time"] = DimensionType.Time,
    };

    internal static readonly NameTable<JourneyAggregation> JourneyAggregationNames = new NameTable<JourneyAggregation>
    {
        ["first"] = JourneyAggregation.First,
        ["last"] = JourneyAggregation.Last,
        ["count"] = JourneyAggregation.Count,
        ["sum"] = JourneyAggregation.Sum,
        ["min"] = JourneyAggregation.Min,
        ["max"] = JourneyAggregation.Max,
        ["any"] = JourneyAggregation.Any,
        ["all"] = JourneyAggregation.All,
    };

    internal static readonly NameTable<RelatedAggregation> RelatedAggregationNames = new NameTable<RelatedAggregation>
    {
        ["count"] = RelatedAggregation.Count,
        ["any"] = RelatedAggregation.Any,
    };

    internal static readonly NameTable<MetricType> MetricTypeNames = new NameTable<MetricType>
    {
        ["simple"] = MetricType.Simple,
        ["ratio"] = MetricType.Ratio,
        ["mean"] = MetricType.Mean,
        ["distribution"] = MetricType.Distribution,
        ["derived"] = MetricType.Derived,
        ["agreement"] = MetricType.Agreement,
    };

    internal static readonly NameTable<ConfirmationMethod> ConfirmationNames = new NameTable<ConfirmationMethod>
    {
        ["declared"] = ConfirmationMethod.Declared,
        ["system_event"] = ConfirmationMethod.SystemEvent,
        ["no_recontact"] = ConfirmationMethod.NoRecontact,
        ["survey"] = ConfirmationMethod.Survey,
        ["evaluator"] = ConfirmationMethod.Evaluator,
        ["qa_sample"] = ConfirmationMethod.QaSample,
    };

    internal static readonly NameTable<EventLink> EventLinkNames = new NameTable<EventLink>
    {
        ["contact"] = EventLink.Contact,
        ["intent"] = EventLink.Intent,
        ["customer"] = EventLink.Customer,
    };

    internal static readonly NameTable<Direction> DirectionNames = new NameTable<Direction>
    {
        ["higher"] = Direction.Higher,
        ["lower"] = Direction.Lower,
    };

    internal static readonly NameTable<MetricFormat> FormatNames = new NameTable<MetricFormat>
    {
        ["percent"] = MetricFormat.Percent,
        ["number"] = MetricFormat.Number,
        ["duration"] = MetricFormat.Duration,
        ["currency"] = MetricFormat.Currency,
        ["score"] = MetricFormat.Score,
    };

    internal static readonly NameTable<AgreementStatistic> StatisticNames = new NameTable<AgreementStatistic>
    {
        ["accuracy"] = AgreementStatistic.Accuracy,
        ["cohens_kappa"] = AgreementStatistic.CohensKappa,
    };
}

/// <summary>YAML names of an enumeration: ordered (for messages) and looked up exactly.</summary>
internal sealed class NameTable<T> : IEnumerable<KeyValuePair<string, T>>
    where T : struct
{
    private readonly List<KeyValuePair<string, T>> _pairs = [];

    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);

    public T this[string name]
    {
        set => _pairs.Add(new(name, value));
    }

    public bool TryGetValue(string name, out T value)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Key == name)
            {
                value = pair.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public string NameOf(T value) => _pairs.First(p => EqualityComparer<T>.Default.Equals(p.Value, value)).Key;

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => _pairs.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
