using System.Diagnostics.CodeAnalysis;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Execution;

/// <summary>
/// A query text parsed and validated against one schema (see <see cref="DocumentPreparer"/>), with its syntax or
/// validation errors. Immutable, so one instance can be cached and shared by every request sending the same text:
/// a repeated bad query costs a cache look-up, not a parse.
/// </summary>
public sealed class PreparedDocument
{
    internal PreparedDocument(Schema schema, DocumentNode? document, GraphQLError? syntaxError, IReadOnlyList<GraphQLError> validationErrors, bool isValidated)
    {
        Schema = schema;
        Document = document;
        SyntaxError = syntaxError;
        ValidationErrors = validationErrors;
        IsValidated = isValidated;
        Errors = syntaxError is null ? validationErrors : [syntaxError];
    }

    /// <summary>The schema the document was validated against.</summary>
    public Schema Schema { get; }

    /// <summary>The parsed document; null when the text has a syntax error.</summary>
    public DocumentNode? Document { get; }

    /// <summary>The syntax error (code <see cref="ErrorCodes.ParseFailed"/>, with its location); null when the text parsed.</summary>
    public GraphQLError? SyntaxError { get; }

    /// <summary>The validation errors (code <see cref="ErrorCodes.ValidationFailed"/>); empty when valid or not validated.</summary>
    public IReadOnlyList<GraphQLError> ValidationErrors { get; }

    /// <summary>Whether the document was validated against <see cref="Schema"/> (false only when validation was turned off).</summary>
    public bool IsValidated { get; }

    /// <summary>The request errors that prevent execution: the syntax error, or else the validation errors.</summary>
    public IReadOnlyList<GraphQLError> Errors { get; }

    /// <summary>Whether the text parsed (then <see cref="Document"/> is set, otherwise <see cref="SyntaxError"/>).</summary>
    [MemberNotNullWhen(true, nameof(Document))]
    [MemberNotNullWhen(false, nameof(SyntaxError))]
    public bool IsParsed => Document is not null;

    /// <summary>
    /// Selects the operation to run (spec GetOperation): the named one, or the only one when no name is given. Fails with the
    /// syntax error when the text did not parse, and with <see cref="ExecutionMessages.NoOperation"/>,
    /// <see cref="ExecutionMessages.OperationNameRequired"/> or <see cref="ExecutionMessages.UnknownOperation"/> otherwise.
    /// </summary>
    public bool TryGetOperation(string? operationName, [NotNullWhen(true)] out OperationDefinitionNode? operation, [NotNullWhen(false)] out GraphQLError? error)
    {
        if (!IsParsed)
        {
            operation = null;
            error = SyntaxError;
            return false;
        }

        return DocumentPreparer.TryGetOperation(Document, operationName, out operation, out error);
    }
}
