using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;
using CxSemantic.GraphQL.Validation;

namespace CxSemantic.GraphQL.Execution;

/// <summary>Runs GraphQL requests: parse, validate, check operational limits, coerce variables, execute (spec section 6).</summary>
public static class Executor
{
    /// <summary>Executes a request against a schema.</summary>
    public static async Task<ExecutionResult> ExecuteAsync(Schema schema, GraphQLRequest request, ExecutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(request);
        options ??= new ExecutionOptions();

        DocumentNode document;
        bool validated = false;
        if (request.Document is not null)
        {
            document = request.Document;
        }
        else if (string.IsNullOrEmpty(request.Query))
        {
            return RequestError(new GraphQLError(ExecutionMessages.MissingQuery, extensions: Code(ErrorCodes.BadUserInput)));
        }
        else if (options.DocumentCache is not null && options.DocumentCache.TryGet(request.Query, schema, out var cached))
        {
            document = cached;
            validated = true;
        }
        else
        {
            try
            {
                document = GraphQLParser.Parse(request.Query, options.ParserOptions);
            }
            catch (GraphQLSyntaxException ex)
            {
                return RequestError(new GraphQLError(ex.Message, [ex.Location], extensions: Code(ErrorCodes.ParseFailed)));
            }
        }

        if (options.ValidateDocument && !validated)
        {
            var validationErrors = DocumentValidator.Validate(schema, document);
            if (validationErrors.Count > 0)
            {
                return new ExecutionResult(false, null, [.. validationErrors.Select(e => e.WithCode(ErrorCodes.ValidationFailed))]);
            }
            if (request.Document is null && options.DocumentCache is not null)
            {
                options.DocumentCache.Add(request.Query!, schema, document);
            }
        }

        var operation = GetOperation(document, request.OperationName, out var operationError);
        if (operation is null)
        {
            return RequestError(operationError!);
        }

        var limitError = OperationLimits.Check(document, operation, schema, options);
        if (limitError is not null)
        {
            return RequestError(limitError);
        }

        var variableErrors = new List<GraphQLError>();
        var variables = VariableCoercion.CoerceVariableValues(schema, operation, request.Variables, variableErrors);
        if (variableErrors.Count > 0)
        {
            return new ExecutionResult(false, null, variableErrors);
        }

        var rootType = schema.GetRootType(operation.Operation);
        if (rootType is null)
        {
            return RequestError(new GraphQLError(ExecutionMessages.Format(ExecutionMessages.OperationNotSupported, operation.Operation.ToString().ToLowerInvariant()), [operation.Location], extensions: Code(ErrorCodes.OperationNotSupported)));
        }

        var context = new ExecutionContext(schema, document, operation, variables, options, cancellationToken);
        return await context.ExecuteOperationAsync(rootType).ConfigureAwait(false);
    }

    /// <summary>Parses a request body and executes it.</summary>
    public static Task<ExecutionResult> ExecuteAsync(Schema schema, string query, string? operationName = null, IReadOnlyDictionary<string, object?>? variables = null, ExecutionOptions? options = null, CancellationToken cancellationToken = default)
        => ExecuteAsync(schema, new GraphQLRequest { Query = query, OperationName = operationName, Variables = variables }, options, cancellationToken);

    internal static IReadOnlyDictionary<string, object?> Code(string code) => new Dictionary<string, object?> { ["code"] = code };

    private static ExecutionResult RequestError(GraphQLError error) => new(false, null, [error]);

    private static OperationDefinitionNode? GetOperation(DocumentNode document, string? operationName, out GraphQLError? error)
    {
        error = null;
        OperationDefinitionNode? found = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is not OperationDefinitionNode op) { continue; }
            if (operationName is null)
            {
                if (found is not null)
                {
                    error = new GraphQLError(ExecutionMessages.OperationNameRequired, extensions: Code(ErrorCodes.BadUserInput));
                    return null;
                }
                found = op;
            }
            else if (op.Name?.Value == operationName)
            {
                return op;
            }
        }

        if (found is null)
        {
            error = operationName is null
                ? new GraphQLError(ExecutionMessages.NoOperation, extensions: Code(ErrorCodes.BadUserInput))
                : new GraphQLError(ExecutionMessages.Format(ExecutionMessages.UnknownOperation, operationName), extensions: Code(ErrorCodes.BadUserInput));
        }
        return found;
    }
}
