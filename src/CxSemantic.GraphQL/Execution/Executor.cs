using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Execution;

/// <summary>Runs GraphQL requests: prepare (parse, validate, select the operation), check operational limits, coerce variables, execute (spec section 6).</summary>
public static class Executor
{
    /// <summary>Executes a request against a schema: prepares its document (through <see cref="ExecutionOptions.DocumentCache"/> when set), then executes it.</summary>
    public static async Task<ExecutionResult> ExecuteAsync(Schema schema, GraphQLRequest request, ExecutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(request);
        options ??= new ExecutionOptions();

        PreparedDocument prepared;
        if (request.Document is not null)
        {
            prepared = DocumentPreparer.Prepare(schema, request.Document, options.ValidateDocument);
        }
        else if (string.IsNullOrEmpty(request.Query))
        {
            return RequestError(new GraphQLError(ExecutionMessages.MissingQuery, extensions: Code(ErrorCodes.BadUserInput)));
        }
        else if (options.ValidateDocument && options.DocumentCache is not null)
        {
            prepared = options.DocumentCache.GetOrPrepare(schema, request.Query, options.ParserOptions);
        }
        else
        {
            prepared = DocumentPreparer.Prepare(schema, request.Query, options.ParserOptions, options.ValidateDocument);
        }

        return await ExecuteAsync(prepared, request.OperationName, request.Variables, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Executes a prepared document (see <see cref="DocumentPreparer"/>) against the schema it was prepared for: returns its
    /// syntax or validation errors, else selects the operation, checks the operational limits, coerces the variables and runs it.
    /// </summary>
    public static async Task<ExecutionResult> ExecuteAsync(PreparedDocument document, string? operationName = null, IReadOnlyDictionary<string, object?>? variables = null, ExecutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        options ??= new ExecutionOptions();
        if (document.Errors.Count > 0)
        {
            return new ExecutionResult(false, null, document.Errors);
        }

        if (!document.TryGetOperation(operationName, out var operation, out var operationError))
        {
            return RequestError(operationError);
        }

        var schema = document.Schema;
        var limitError = OperationLimits.Check(document.Document!, operation, schema, options);
        if (limitError is not null)
        {
            return RequestError(limitError);
        }

        var variableErrors = new List<GraphQLError>();
        var coerced = VariableCoercion.CoerceVariableValues(schema, operation, variables, variableErrors);
        if (variableErrors.Count > 0)
        {
            return new ExecutionResult(false, null, variableErrors);
        }

        var rootType = schema.GetRootType(operation.Operation);
        if (rootType is null)
        {
            return RequestError(new GraphQLError(ExecutionMessages.Format(ExecutionMessages.OperationNotSupported, operation.Operation.ToString().ToLowerInvariant()), [operation.Location], extensions: Code(ErrorCodes.OperationNotSupported)));
        }

        using var activity = GraphQLTelemetry.Source.StartActivity("graphql.execute");
        if (activity is not null)
        {
            var type = operation.Operation.ToString().ToLowerInvariant();
            activity.DisplayName = operation.Name is { } name ? $"{type} {name.Value}" : type;
            activity.SetTag("graphql.operation.type", type);
            activity.SetTag("graphql.operation.name", operation.Name?.Value);
        }

        var context = new ExecutionContext(schema, document.Document!, operation, coerced, options, cancellationToken);
        var result = await context.ExecuteOperationAsync(rootType).ConfigureAwait(false);
        GraphQLTelemetry.Fail(activity, result.Errors);
        return result;
    }

    /// <summary>Parses a request body and executes it.</summary>
    public static Task<ExecutionResult> ExecuteAsync(Schema schema, string query, string? operationName = null, IReadOnlyDictionary<string, object?>? variables = null, ExecutionOptions? options = null, CancellationToken cancellationToken = default)
        => ExecuteAsync(schema, new GraphQLRequest { Query = query, OperationName = operationName, Variables = variables }, options, cancellationToken);

    internal static IReadOnlyDictionary<string, object?> Code(string code) => new Dictionary<string, object?> { ["code"] = code };

    private static ExecutionResult RequestError(GraphQLError error) => new(false, null, [error]);
}
