using System.Globalization;

namespace CxSemantic.GraphQL.Validation;

/// <summary>Message templates of the validation rules (identical to graphql-js); {0}, {1}, ... are placeholders.</summary>
public static class ValidationMessages
{
    /// <summary>ExecutableDefinitionsRule.</summary>
    public const string NotExecutable = "The {0} definition is not executable.";
    /// <summary>UniqueOperationNamesRule.</summary>
    public const string DuplicateOperationName = "There can be only one operation named \"{0}\".";
    /// <summary>LoneAnonymousOperationRule.</summary>
    public const string AnonymousOperationNotAlone = "This anonymous operation must be the only defined operation.";
    /// <summary>SingleFieldSubscriptionsRule (named).</summary>
    public const string SubscriptionSingleField = "Subscription \"{0}\" must select only one top level field.";
    /// <summary>SingleFieldSubscriptionsRule (anonymous).</summary>
    public const string AnonymousSubscriptionSingleField = "Anonymous Subscription must select only one top level field.";
    /// <summary>SingleFieldSubscriptionsRule (named, introspection).</summary>
    public const string SubscriptionIntrospection = "Subscription \"{0}\" must not select an introspection top level field.";
    /// <summary>SingleFieldSubscriptionsRule (anonymous, introspection).</summary>
    public const string AnonymousSubscriptionIntrospection = "Anonymous Subscription must not select an introspection top level field.";
    /// <summary>KnownTypeNamesRule.</summary>
    public const string UnknownType = "Unknown type \"{0}\".";
    /// <summary>FragmentsOnCompositeTypesRule (inline).</summary>
    public const string InlineFragmentOnNonComposite = "Fragment cannot condition on non composite type \"{0}\".";
    /// <summary>FragmentsOnCompositeTypesRule (named).</summary>
    public const string FragmentOnNonComposite = "Fragment \"{0}\" cannot condition on non composite type \"{1}\".";
    /// <summary>VariablesAreInputTypesRule.</summary>
    public const string NonInputTypeOnVariable = "Variable \"${0}\" cannot be non-input type \"{1}\".";
    /// <summary>ScalarLeafsRule (selection on leaf).</summary>
    public const string NoSubselectionAllowed = "Field \"{0}\" must not have a selection since type \"{1}\" has no subfields.";
    /// <summary>ScalarLeafsRule (missing selection).</summary>
    public const string RequiredSubselection = "Field \"{0}\" of type \"{1}\" must have a selection of subfields. Did you mean \"{0} {{ ... }}\"?";
    /// <summary>FieldsOnCorrectTypeRule.</summary>
    public const string UndefinedField = "Cannot query field \"{0}\" on type \"{1}\".";
    /// <summary>UniqueFragmentNamesRule.</summary>
    public const string DuplicateFragmentName = "There can be only one fragment named \"{0}\".";
    /// <summary>KnownFragmentNamesRule.</summary>
    public const string UnknownFragment = "Unknown fragment \"{0}\".";
    /// <summary>NoUnusedFragmentsRule.</summary>
    public const string UnusedFragment = "Fragment \"{0}\" is never used.";
    /// <summary>PossibleFragmentSpreadsRule (inline).</summary>
    public const string TypeIncompatibleAnonSpread = "Fragment cannot be spread here as objects of type \"{0}\" can never be of type \"{1}\".";
    /// <summary>PossibleFragmentSpreadsRule (named).</summary>
    public const string TypeIncompatibleSpread = "Fragment \"{0}\" cannot be spread here as objects of type \"{1}\" can never be of type \"{2}\".";
    /// <summary>NoFragmentCyclesRule.</summary>
    public const string CycleErrorMessage = "Cannot spread fragment \"{0}\" within itself{1}";
    /// <summary>UniqueVariableNamesRule.</summary>
    public const string DuplicateVariable = "There can be only one variable named \"${0}\".";
    /// <summary>NoUndefinedVariablesRule (named operation).</summary>
    public const string UndefinedVariableInOperation = "Variable \"${0}\" is not defined by operation \"{1}\".";
    /// <summary>NoUndefinedVariablesRule (anonymous).</summary>
    public const string UndefinedVariable = "Variable \"${0}\" is not defined.";
    /// <summary>NoUnusedVariablesRule (named operation).</summary>
    public const string UnusedVariableInOperation = "Variable \"${0}\" is never used in operation \"{1}\".";
    /// <summary>NoUnusedVariablesRule (anonymous).</summary>
    public const string UnusedVariable = "Variable \"${0}\" is never used.";
    /// <summary>KnownDirectivesRule (unknown).</summary>
    public const string UnknownDirective = "Unknown directive \"@{0}\".";
    /// <summary>KnownDirectivesRule (location).</summary>
    public const string MisplacedDirective = "Directive \"@{0}\" may not be used on {1}.";
    /// <summary>UniqueDirectivesPerLocationRule.</summary>
    public const string DuplicateDirective = "The directive \"@{0}\" can only be used once at this location.";
    /// <summary>KnownArgumentNamesRule (field).</summary>
    public const string UnknownArgument = "Unknown argument \"{0}\" on field \"{1}.{2}\".";
    /// <summary>KnownArgumentNamesRule (directive).</summary>
    public const string UnknownDirectiveArgument = "Unknown argument \"{0}\" on directive \"@{1}\".";
    /// <summary>UniqueArgumentNamesRule.</summary>
    public const string DuplicateArgument = "There can be only one argument named \"{0}\".";
    /// <summary>ValuesOfCorrectTypeRule (bad value).</summary>
    public const string BadValue = "Expected value of type \"{0}\", found {1}.";
    /// <summary>ValuesOfCorrectTypeRule (bad value with reason).</summary>
    public const string BadValueWithReason = "Expected value of type \"{0}\", found {1}; {2}";
    /// <summary>ValuesOfCorrectTypeRule (missing required input field).</summary>
    public const string RequiredInputField = "Field \"{0}.{1}\" of required type \"{2}\" was not provided.";
    /// <summary>ValuesOfCorrectTypeRule (unknown input field).</summary>
    public const string UnknownInputField = "Field \"{0}\" is not defined by type \"{1}\".";
    /// <summary>ValuesOfCorrectTypeRule (@oneOf, key count).</summary>
    public const string OneOfExactlyOneKey = "OneOf Input Object \"{0}\" must specify exactly one key.";
    /// <summary>ValuesOfCorrectTypeRule (@oneOf, null).</summary>
    public const string OneOfNonNull = "Field \"{0}.{1}\" must be non-null.";
    /// <summary>ProvidedRequiredArgumentsRule (field).</summary>
    public const string MissingFieldArgument = "Field \"{0}\" argument \"{1}\" of type \"{2}\" is required, but it was not provided.";
    /// <summary>ProvidedRequiredArgumentsRule (directive).</summary>
    public const string MissingDirectiveArgument = "Directive \"@{0}\" argument \"{1}\" of type \"{2}\" is required, but it was not provided.";
    /// <summary>VariablesInAllowedPositionRule.</summary>
    public const string BadVariablePosition = "Variable \"${0}\" of type \"{1}\" used in position expecting type \"{2}\".";
    /// <summary>VariablesInAllowedPositionRule (@oneOf).</summary>
    public const string OneOfVariableNullable = "Variable \"${0}\" is of type \"{1}\" but must be non-nullable to be used for OneOf Input Object \"{2}\".";
    /// <summary>OverlappingFieldsCanBeMergedRule.</summary>
    public const string FieldsConflict = "Fields \"{0}\" conflict because {1}. Use different aliases on the fields to fetch both if this was intentional.";
    /// <summary>Reported after the maximum number of errors, before validation stops.</summary>
    public const string TooManyErrors = "Too many validation errors, error limit reached. Validation aborted.";
    /// <summary>UniqueInputFieldNamesRule.</summary>
    public const string DuplicateInputField = "There can be only one input field named \"{0}\".";

    internal static string Format(string template, params object?[] args) => string.Format(CultureInfo.InvariantCulture, template, args);
}
