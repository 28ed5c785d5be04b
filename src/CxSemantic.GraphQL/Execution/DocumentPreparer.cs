using System.Diagnostics.CodeAnalysis;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;
using CxSemantic.GraphQL.Validation;

namespace CxSemantic.GraphQL.Execution;

/// <summary>
/// The prepare step before execution: parse the query text, validate it against the schema, and select the operation
/// (spec sections 2, 5 and 6.1). Cache the results with <see cref="DocumentCache.GetOrPrepare"/>.
/// </summary>
public static class DocumentPreparer
{
    /// <summary>Parses and (unless <paramref name="validate"/> is false) validates a query text; errors are returned in the result, never thrown.</summary>
    public static PreparedDocument Prepare(Schema schema, string query, ParserOptions? parserOptions = null, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(query);
        DocumentNode document;
        using (var parse = GraphQLTelemetry.Source.StartActivity("graphql.parse"))
        {
            try
            {
                parse?.SetTag("graphql.document.length", query.Length);
                document = GraphQLParser.Parse(query, parserOptions ?? ParserOptions.Default);
            }
            catch (GraphQLSyntaxException ex)
            {
                var error = new GraphQLError(ex.Message, [ex.Location], extensions: Executor.Code(ErrorCodes.ParseFailed));
                GraphQLTelemetry.Fail(parse, [error]);
                return new PreparedDocument(schema, null, error, [], validate);
            }
        }

        return Prepare(schema, document, validate);
    }

    /// <summary>Validates (unless <paramref name="validate"/> is false) an already parsed document.</summary>
    public static PreparedDocument Prepare(Schema schema, DocumentNode document, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(document);
        IReadOnlyList<GraphQLError> errors = [];
        if (validate)
        {
            using var validation = GraphQLTelemetry.Source.StartActivity("graphql.validate");
            errors = [.. DocumentValidator.Validate(schema, document).Select(e => e.WithCode(ErrorCodes.ValidationFailed))];
            GraphQLTelemetry.Fail(validation, errors);
        }

        return new PreparedDocument(schema, document, null, errors, validate);
    }

    /// <summary>
    /// Spec GetOperation: the operation named <paramref name="operationName"/>, or the only operation when it is null.
    /// The errors (code <see cref="ErrorCodes.BadUserInput"/>) are <see cref="ExecutionMessages.NoOperation"/>,
    /// <see cref="ExecutionMessages.OperationNameRequired"/> and <see cref="ExecutionMessages.UnknownOperation"/>.
    /// </summary>
    public static bool TryGetOperation(DocumentNode document, string? operationName, [NotNullWhen(true)] out OperationDefinitionNode? operation, [NotNullWhen(false)] out GraphQLError? error)
    {
        ArgumentNullException.ThrowIfNull(document);
        error = null;
        operation = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is not OperationDefinitionNode candidate) { continue; }
            if (operationName is null)
            {
                if (operation is not null)
                {
                    operation = null;
                    error = new GraphQLError(ExecutionMessages.OperationNameRequired, extensions: Executor.Code(ErrorCodes.BadUserInput));
                    return false;
                }
                operation = candidate;
            }
            else if (candidate.Name?.Value == operationName)
            {
                operation = candidate;
                return true;
            }
        }

        if (operation is not null)
        {
            return true;
        }

        error = operationName is null
            ? new GraphQLError(ExecutionMessages.NoOperation, extensions: Executor.Code(ErrorCodes.BadUserInput))
            : new GraphQLError(ExecutionMessages.Format(ExecutionMessages.UnknownOperation, operationName), extensions: Executor.Code(ErrorCodes.BadUserInput));
        return false;
    }
}
