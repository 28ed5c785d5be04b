using System.Globalization;

namespace CxSemantic.GraphQL.Execution;

/// <summary>Message templates of request, coercion and execution errors (identical to graphql-js where it has one); {0}, {1}, ... are placeholders.</summary>
public static class ExecutionMessages
{
    /// <summary>No query text.</summary>
    public const string MissingQuery = "Must provide query string.";
    /// <summary>Several operations and no operation name.</summary>
    public const string OperationNameRequired = "Must provide operation name if query contains multiple operations.";
    /// <summary>No operation in the document.</summary>
    public const string NoOperation = "Must provide an operation.";
    /// <summary>The operation name does not exist.</summary>
    public const string UnknownOperation = "Unknown operation named \"{0}\".";
    /// <summary>The schema lacks the root type.</summary>
    public const string OperationNotSupported = "Schema is not configured to execute {0} operation.";
    /// <summary>Variable type is not an input type.</summary>
    public const string VariableNotInputType = "Variable \"${0}\" expected value of type \"{1}\" which cannot be used as an input type.";
    /// <summary>Required variable missing.</summary>
    public const string VariableRequired = "Variable \"${0}\" of required type \"{1}\" was not provided.";
    /// <summary>Non-null variable is null.</summary>
    public const string VariableNull = "Variable \"${0}\" of non-null type \"{1}\" must not be null.";
    /// <summary>Variable value could not be coerced; {2} is the optional ' at "path"' part.</summary>
    public const string VariableInvalid = "Variable \"${0}\" got invalid value {1}{2}; {3}";
    /// <summary>Required argument missing.</summary>
    public const string ArgumentRequired = "Argument \"{0}\" of required type \"{1}\" was not provided.";
    /// <summary>Required argument given an unset variable.</summary>
    public const string ArgumentVariableMissing = "Argument \"{0}\" of required type \"{1}\" was provided the variable \"${2}\" which was not provided a runtime value.";
    /// <summary>Non-null argument is null.</summary>
    public const string ArgumentNull = "Argument \"{0}\" of non-null type \"{1}\" must not be null.";
    /// <summary>Argument literal could not be coerced.</summary>
    public const string ArgumentInvalid = "Argument \"{0}\" has invalid value {1}.";
    /// <summary>Input coercion: null for a non-null type.</summary>
    public const string InputNonNull = "Expected non-nullable type \"{0}\" not to be null.";
    /// <summary>Input coercion: not an object.</summary>
    public const string InputNotObject = "Expected type \"{0}\" to be an object.";
    /// <summary>Input coercion: required input field missing.</summary>
    public const string InputFieldRequired = "Field \"{0}\" of required type \"{1}\" was not provided.";
    /// <summary>Input coercion: unknown input field (a did-you-mean suffix may follow).</summary>
    public const string InputFieldUnknown = "Field \"{0}\" is not defined by type \"{1}\".";
    /// <summary>Input coercion: @oneOf key count.</summary>
    public const string OneOfExactlyOneKey = "Exactly one key must be specified for OneOf type \"{0}\".";
    /// <summary>Input coercion: @oneOf null value.</summary>
    public const string OneOfNonNull = "Field \"{0}\" must be non-null.";
    /// <summary>Non-null field resolved to null.</summary>
    public const string NonNullFieldIsNull = "Cannot return null for non-nullable field {0}.{1}.";
    /// <summary>List field did not resolve to a sequence.</summary>
    public const string ExpectedIterable = "Expected Iterable, but did not find one for field \"{0}.{1}\".";
    /// <summary>Abstract type could not be resolved.</summary>
    public const string AbstractTypeUnresolved = "Abstract type \"{0}\" must resolve to an Object type at runtime for field \"{1}.{2}\". Either the \"{0}\" type should provide a \"resolveType\" function or each possible type should provide an \"isTypeOf\" function.";
    /// <summary>Abstract type resolved to an unknown type.</summary>
    public const string AbstractTypeUnknown = "Abstract type \"{0}\" was resolved to a type \"{1}\" that does not exist inside the schema.";
    /// <summary>Abstract type resolved to a non-object type.</summary>
    public const string AbstractTypeNotObject = "Abstract type \"{0}\" was resolved to a non-object type \"{1}\".";
    /// <summary>Abstract type resolved to an object type that is not a member.</summary>
    public const string NotPossibleType = "Runtime Object type \"{0}\" is not a possible type for \"{1}\".";
    /// <summary>IsTypeOf rejected the value.</summary>
    public const string IsTypeOfMismatch = "Expected value of type \"{0}\" but got: {1}.";
    /// <summary>A scalar serialized to null.</summary>
    public const string SerializedNull = "Expected `{0}.serialize({1})` to return non-nullable value, returned: null";
    /// <summary>A resolver failed with an unexpected exception whose message is not exposed.</summary>
    public const string UnexpectedError = "Unexpected Execution Error";
    /// <summary>MAX_DEPTH_EXCEEDED.</summary>
    public const string MaxDepth = "The operation has a depth of {0}, which exceeds the maximum allowed depth of {1}.";
    /// <summary>MAX_FIELDS_EXCEEDED.</summary>
    public const string MaxFields = "The operation selects {0} fields, which exceeds the maximum of {1}.";
    /// <summary>MAX_ALIASES_EXCEEDED.</summary>
    public const string MaxAliases = "The operation uses {0} aliases, which exceeds the maximum of {1}.";
    /// <summary>MAX_COMPLEXITY_EXCEEDED.</summary>
    public const string MaxComplexity = "The operation has a complexity of {0}, which exceeds the maximum of {1}.";

    internal static string Format(string template, params object?[] args) => string.Format(CultureInfo.InvariantCulture, template, args);
}
