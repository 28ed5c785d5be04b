namespace CxSemantic.Definitions.Glossary;

/// <summary>
/// The explanations a metric's glossary page states in words, as values: what the metric computes, its unit of
/// analysis and its confirmation. The page renders them; an API exposes them without reading the page back.
/// </summary>
/// <param name="Definition">What the metric computes (e.g. <c>ratio: count where … over count</c>); the page's <c>Type</c> fact.</param>
/// <param name="UnitOfAnalysis">The unit of analysis in words; the page's <c>Unit of analysis</c> section.</param>
/// <param name="Confirmation">How an outcome is confirmed, in words; the page's <c>Confirmation</c> section.</param>
public sealed record MetricGlossaryFacts(string Definition, string UnitOfAnalysis, string Confirmation);
