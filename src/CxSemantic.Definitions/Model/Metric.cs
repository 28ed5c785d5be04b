using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;

namespace CxSemantic.Definitions.Model;

/// <summary>The kinds of metric (DESIGN §4).</summary>
public enum MetricType
{
    /// <summary>One aggregate of a measure or expression (count, sum, average, percentile…).</summary>
    Simple,

    /// <summary>Numerator over denominator; a proportion when the numerator's units are a subset of the denominator's.</summary>
    Ratio,

    /// <summary>The mean of a per-unit value, with a t confidence interval.</summary>
    Mean,

    /// <summary>Share of units with a positive outcome minus share with a negative one (NPS), or top-box share (CSAT).</summary>
    Distribution,

    /// <summary>An expression over other metrics.</summary>
    Derived,

    /// <summary>Agreement of an evaluator's label with the human label: accuracy or Cohen's kappa.</summary>
    Agreement,
}

/// <summary>How an outcome is known to be real (DESIGN §1).</summary>
public enum ConfirmationMethod
{
    /// <summary>The outcome as the system declared it; no further confirmation.</summary>
    Declared,

    /// <summary>A matching system event (shipped, refunded…) within the window after the unit ends.</summary>
    SystemEvent,

    /// <summary>No further contact of the same identity within the window.</summary>
    NoRecontact,

    /// <summary>The customer's survey answer.</summary>
    Survey,

    /// <summary>An AI evaluator's label, at a pinned evaluator version.</summary>
    Evaluator,

    /// <summary>Human QA labels of a calibration sample.</summary>
    QaSample,
}

/// <summary>Which system events may confirm a unit's outcome (<see cref="ConfirmationMethod.SystemEvent"/>).</summary>
public enum EventLink
{
    /// <summary>Events linked to the contact itself (the event's interaction is the unit's).</summary>
    Contact,

    /// <summary>Events linked to the contact, or to another contact of the same customer about the same intent.</summary>
    Intent,

    /// <summary>Any event of the same customer (weakest: an unrelated event can confirm).</summary>
    Customer,
}

/// <summary>Which direction of a metric is good.</summary>
public enum Direction
{
    /// <summary>Higher is better.</summary>
    Higher,

    /// <summary>Lower is better.</summary>
    Lower,
}

/// <summary>How values are shown.</summary>
public enum MetricFormat
{
    /// <summary>A share, shown as a percentage.</summary>
    Percent,

    /// <summary>A plain number.</summary>
    Number,

    /// <summary>Seconds, shown as a duration.</summary>
    Duration,

    /// <summary>Money.</summary>
    Currency,

    /// <summary>A score on its own scale (NPS −100..100, kappa −1..1).</summary>
    Score,
}

/// <summary>The statistic of an agreement metric.</summary>
public enum AgreementStatistic
{
    /// <summary>Share of labels equal to the human label.</summary>
    Accuracy,

    /// <summary>Cohen's kappa: agreement corrected for chance.</summary>
    CohensKappa,
}

/// <summary>
/// A governed metric: what one counted thing is (unit of analysis), which units count and which
/// are excluded and why, how an outcome is confirmed, how it may and must be sliced, who owns it,
/// and its version.
/// </summary>
public sealed record Metric
{
    /// <summary>The metric's name (snake_case; the GraphQL field is its camelCase).</summary>
    public required string Name { get; init; }

    /// <summary>Bumped on every change of meaning; results name it.</summary>
    public required int Version { get; init; }

    /// <summary>Human label.</summary>
    public required string Label { get; init; }

    /// <summary>Scorecard category (automation, quality, customer, efficiency, risk…).</summary>
    public required string Category { get; init; }

    /// <summary>The owning team.</summary>
    public required string Owner { get; init; }

    /// <summary>What the metric means, for a CX leader.</summary>
    public required string Description { get; init; }

    /// <summary>A journey or semantic model: what one counted thing is.</summary>
    public required string UnitOfAnalysis { get; init; }

    /// <summary>The kind of metric; <see cref="Spec"/> holds its parts.</summary>
    public required MetricType Type { get; init; }

    /// <summary>The type-specific definition.</summary>
    public required MetricSpec Spec { get; init; }

    /// <summary>Units that count (all must hold). May be empty, but must be stated.</summary>
    public required ImmutableArray<NamedFilter> Inclusion { get; init; }

    /// <summary>Units removed, each with a name for the exclusion funnel.</summary>
    public required ImmutableArray<NamedFilter> Exclusions { get; init; }

    /// <summary>How an outcome is confirmed.</summary>
    public required Confirmation Confirmation { get; init; }

    /// <summary>How the metric may and must be sliced.</summary>
    public required Segmentation Segmentation { get; init; }

    /// <summary>RAG thresholds, if the metric has targets.</summary>
    public Thresholds? Thresholds { get; init; }

    /// <summary>How values are shown.</summary>
    public required MetricFormat Format { get; init; }

    /// <summary>Where it is defined.</summary>
    public SourceSpan Span { get; init; }

    /// <summary>Where parts are written, by key path (<c>unit_of_analysis</c>, <c>segmentation.allowed.1</c>…), for precise messages.</summary>
    public ImmutableDictionary<string, SourceSpan> Locations { get; init; } = ImmutableDictionary<string, SourceSpan>.Empty;

    /// <summary>Where the part at <paramref name="path"/> is written, or where the definition starts.</summary>
    public SourceSpan Locate(string path) => Locations.GetValueOrDefault(path, Span);

    /// <summary>
    /// The expressions evaluated on each unit: the type's own (numerator, denominator, value, positive and
    /// negative conditions), then the inclusion rules and exclusions. Derived and agreement metrics have none of their own.
    /// </summary>
    public IEnumerable<DefinitionExpression> UnitExpressions()
    {
        DefinitionExpression?[] own = Spec switch
        {
            SimpleMetricSpec s => [s.Expression],
            RatioMetricSpec r => [r.Numerator.Where, r.Numerator.Expression, r.Denominator.Where, r.Denominator.Expression],
            MeanMetricSpec m => [m.Expression],
            DistributionMetricSpec d => [d.Positive, d.Negative],
            _ => [],
        };
        return own.OfType<DefinitionExpression>().Concat(Inclusion.Concat(Exclusions).Select(f => f.Where));
    }
}

/// <summary>The type-specific part of a metric.</summary>
public abstract record MetricSpec;

/// <summary>One aggregate: of a named measure of the unit's model, or of an expression.</summary>
/// <param name="Aggregation">The aggregation.</param>
/// <param name="Measure">A measure of the unit's model, or null when <paramref name="Expression"/> is given.</param>
/// <param name="Expression">The aggregated expression (null with a measure, or for a count of units).</param>
/// <param name="Percentile">The fraction for percentiles.</param>
public sealed record SimpleMetricSpec(Aggregation Aggregation, string? Measure, DefinitionExpression? Expression, double? Percentile) : MetricSpec;

/// <summary>One side of a ratio: units matching <paramref name="Where"/>, counted or aggregated.</summary>
/// <param name="Where">Condition on the units (null: all included units).</param>
/// <param name="Aggregation">Count of units by default; or a sum/average of <paramref name="Expression"/> or <paramref name="Measure"/>.</param>
/// <param name="Measure">A measure of the unit's model.</param>
/// <param name="Expression">An expression to aggregate.</param>
public sealed record RatioPart(DefinitionExpression? Where, Aggregation Aggregation, string? Measure, DefinitionExpression? Expression);

/// <summary>A ratio.</summary>
/// <param name="Numerator">The numerator.</param>
/// <param name="Denominator">The denominator.</param>
public sealed record RatioMetricSpec(RatioPart Numerator, RatioPart Denominator) : MetricSpec
{
    /// <summary>
    /// True when both sides count units and the numerator is the denominator's units narrowed by a
    /// condition: the value is a proportion (Wilson interval; confirmation applies to the numerator).
    /// </summary>
    public bool IsProportion =>
        Numerator.Aggregation == Aggregation.Count && Denominator.Aggregation == Aggregation.Count &&
        Numerator.Expression is null && Denominator.Expression is null && Numerator.Measure is null && Denominator.Measure is null;
}

/// <summary>The mean of a per-unit value.</summary>
/// <param name="Expression">The value.</param>
public sealed record MeanMetricSpec(DefinitionExpression Expression) : MetricSpec;

/// <summary>Share positive minus share negative (NPS), or share positive alone (top-box CSAT).</summary>
/// <param name="Positive">The positive condition (promoters, top box).</param>
/// <param name="Negative">The negative condition (detractors), if any.</param>
/// <param name="Scale">Multiplier of the value (100 for NPS, 1 for a share).</param>
public sealed record DistributionMetricSpec(DefinitionExpression Positive, DefinitionExpression? Negative, double Scale) : MetricSpec;

/// <summary>An expression over other metrics.</summary>
/// <param name="Expression">References other metrics by name.</param>
/// <param name="Metrics">The metrics it references.</param>
public sealed record DerivedMetricSpec(DefinitionExpression Expression, ImmutableArray<string> Metrics) : MetricSpec;

/// <summary>Agreement of an evaluator's label with the human label on the same interaction and dimension.</summary>
/// <param name="Evaluator">The evaluator (e.g. conversation_resolution), or null for every evaluator (then the metric must be split by evaluator).</param>
/// <param name="Version">The pinned evaluator version, or null to report per version.</param>
/// <param name="Statistic">Accuracy or Cohen's kappa.</param>
public sealed record AgreementMetricSpec(string? Evaluator, string? Version, AgreementStatistic Statistic) : MetricSpec;

/// <summary>How an outcome is confirmed.</summary>
public sealed record Confirmation
{
    /// <summary>The method.</summary>
    public required ConfirmationMethod Method { get; init; }

    /// <summary>How long after a unit ends confirmation may arrive; units younger than this at the watermark are immature.</summary>
    public IsoWindow? Window { get; init; }

    /// <summary>For <see cref="ConfirmationMethod.SystemEvent"/>: the event types that confirm.</summary>
    public ImmutableArray<string> Events { get; init; } = [];

    /// <summary>For <see cref="ConfirmationMethod.SystemEvent"/>: the event types that confirm each intent; an intent not listed cannot be confirmed.</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<string>> EventsByIntent { get; init; } = ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>For <see cref="ConfirmationMethod.SystemEvent"/>: which events may confirm a unit (linked to its contact by default).</summary>
    public EventLink Link { get; init; } = EventLink.Contact;

    /// <summary>For <see cref="ConfirmationMethod.Evaluator"/>: the evaluator.</summary>
    public string? Evaluator { get; init; }

    /// <summary>For <see cref="ConfirmationMethod.Evaluator"/>: the pinned version.</summary>
    public string? EvaluatorVersion { get; init; }

    /// <summary>For <see cref="ConfirmationMethod.Survey"/>: csat, ces or nps.</summary>
    public string? SurveyKind { get; init; }

    /// <summary>Prose for the glossary.</summary>
    public string? Description { get; init; }
}

/// <summary>How a metric may and must be sliced.</summary>
/// <param name="Required">Dimensions every query must group by (e.g. intent complexity).</param>
/// <param name="Allowed">Dimensions a query may group or filter by (includes the required ones).</param>
/// <param name="MinCellSize">Cells with fewer units are suppressed: value withheld, n shown.</param>
public sealed record Segmentation(ImmutableArray<string> Required, ImmutableArray<string> Allowed, int MinCellSize);

/// <summary>RAG thresholds.</summary>
/// <param name="Green">At or beyond this (in the better direction): green.</param>
/// <param name="Amber">At or beyond this, but not green: amber; otherwise red.</param>
/// <param name="Better">Which direction is good.</param>
public sealed record Thresholds(double Green, double Amber, Direction Better)
{
    /// <summary>The status of <paramref name="value"/>.</summary>
    public string StatusOf(double value) => Better == Direction.Higher
        ? value >= Green ? "green" : value >= Amber ? "amber" : "red"
        : value <= Green ? "green" : value <= Amber ? "amber" : "red";
}
