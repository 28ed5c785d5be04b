namespace CxSemantic.Definitions.Diagnostics;

/// <summary>
/// Stable codes and message templates for problems in definition files. Messages say what is
/// wrong and how to fix it; tests assert them exactly.
/// </summary>
public static class DefinitionErrors
{
#pragma warning disable CS1591 // Each constant is a code or its template; the name says which.
    public const string YamlSyntax = "CXD0001";
    public const string YamlSyntaxMessage = "YAML syntax error: {0}.";
    public const string YamlTabMessage = "YAML syntax error: a tab character is used for indentation; YAML allows spaces only — replace the tab with spaces.";

    public const string UnknownDocument = "CXD0002";
    public const string UnknownDocumentMessage = "A definition document must start with one of 'semantic_model:', 'journey:', 'metric:', 'access_policy:' or 'composite:'; found '{0}'.";
    public const string NotAMappingMessage = "A definition document must be a mapping of keys to values (key: value), not a {0}.";

    public const string UnknownKey = "CXD0003";
    public const string UnknownKeyMessage = "Unknown key '{0}' in {1}.{2} Allowed keys: {3}.";

    public const string MissingKey = "CXD0004";
    public const string MissingKeyMessage = "{0} is missing '{1}': {2}";

    public const string WrongType = "CXD0005";
    public const string WrongTypeMessage = "'{0}' in {1} must be {2}; found {3}.";

    public const string DuplicateName = "CXD0006";
    public const string DuplicateNameMessage = "{0} '{1}' is defined twice; the first definition is at {2}. Rename or remove one.";

    public const string InvalidName = "CXD0007";
    public const string InvalidNameMessage = "'{0}' is not a valid name: use snake_case (lower-case letters, digits and underscores, starting with a letter).";

    public const string InvalidValue = "CXD0008";
    public const string InvalidValueMessage = "'{0}' is not a valid {1}; expected one of: {2}.{3}";

    public const string BadDuration = "CXD0010";
    public const string BadDurationMessage = "'{0}' is not an ISO-8601 duration; write e.g. P7D (7 days), PT24H (24 hours) or PT30M (30 minutes).";
    public const string NotFixedDurationMessage = "'{0}' contains months or years, which vary in length; a window must be a fixed length — use days, e.g. P30D.";
    public const string NonPositiveDurationMessage = "'{0}' must be longer than zero.";

    public const string UnknownReference = "CXD0020";
    public const string UnknownReferenceMessage = "{0} refers to '{2}', which is not a {1}.{3}";

    public const string UnknownColumn = "CXD0021";
    public const string UnknownColumnMessage = "Table '{0}' has no column '{1}'.{2}";

    public const string RequiredNotAllowed = "CXD0030";
    public const string RequiredNotAllowedMessage = "Required segment '{0}' of metric '{1}' is not among its allowed segments; add it to 'allowed' (a required split must be a permitted one).";

    public const string ThresholdOrder = "CXD0031";
    public const string ThresholdOrderMessage = "Thresholds of metric '{0}' are in the wrong order: with better: {1}, green ({2}) must be {3} amber ({4}).";

    public const string InvalidNumber = "CXD0032";
    public const string InvalidNumberMessage = "'{0}' in {1} must be {2}; found {3}.";

    public const string DerivedCycle = "CXD0040";
    public const string DerivedCycleMessage = "Derived metrics form a cycle: {0}. A derived metric cannot depend on itself.";

    public const string FanOut = "CXD0041";
    public const string FanOutMessage = "{0} reaches '{1}' through the one_to_many join '{2}', which would repeat each {3} row once per {1} row and inflate its measures; model it from '{1}' instead, or declare the join many_to_one if it is.";

    public const string BadEnumValues = "CXD0050";
    public const string BadEnumValuesMessage = "Dimension '{0}' is an enum and needs a non-empty, duplicate-free 'values' list; {1}.";
    public const string EnumValueNotInWarehouseMessage = "Dimension '{0}' lists '{1}', which the warehouse does not allow in {2} (allowed: {3}); remove it or fix the spelling.";

    public const string ConfirmationIncomplete = "CXD0060";
    public const string ConfirmationIncompleteMessage = "Confirmation method '{0}' of metric '{1}' needs '{2}': {3}";

    public const string BadVersion = "CXD0070";
    public const string BadVersionMessage = "Metric '{0}' has version {1}; a version is a whole number starting at 1, bumped on every change.";

    public const string MetricShape = "CXD0080";
    public const string MetricShapeMessage = "Metric '{0}' of type {1} {2}";

    public const string WrongUnit = "CXD0090";
    public const string WrongUnitMessage = "{0}";

    public const string CompositeShape = "CXD0100";
    public const string CompositeShapeMessage = "Composite '{0}' {1}";

    public const string RollupShape = "CXD0110";
    public const string RollupShapeMessage = "Rollup '{0}' {1}";
#pragma warning restore CS1591

    /// <summary>Formats a template with invariant culture.</summary>
    public static string Format(string template, params object?[] args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, template, args);
}
