using CxSemantic.GraphQL.Language;

namespace CxSemantic.GraphQL.Execution;

/// <summary>Per-request execution settings, including the operational limits.</summary>
public sealed class ExecutionOptions
{
    /// <summary>Parser limits (tokens, nesting, size).</summary>
    public ParserOptions ParserOptions { get; init; } = ParserOptions.Default;

    /// <summary>Maximum nesting depth of fields in an operation (fragments expanded); null disables. Default 25.</summary>
    public int? MaxDepth { get; init; } = 25;

    /// <summary>Maximum number of field selections in an operation (fragments expanded); null disables. Default 2,000.</summary>
    public int? MaxFieldCount { get; init; } = 2_000;

    /// <summary>Maximum number of aliased fields in an operation (fragments expanded); null disables. Default 100.</summary>
    public int? MaxAliases { get; init; } = 100;

    /// <summary>
    /// Maximum complexity: the sum over all field selections (fragments expanded) of the field's cost
    /// (see <see cref="Types.FieldBuilder.Cost"/>, default 1); null disables. Default null.
    /// </summary>
    public int? MaxComplexity { get; init; }

    /// <summary>Per-request user data handed to every resolver (e.g. the ClaimsPrincipal under a key of your choice).</summary>
    public IDictionary<string, object?>? ContextData { get; init; }

    /// <summary>The root value passed as the source of root fields.</summary>
    public object? RootValue { get; init; }

    /// <summary>Services available to resolvers.</summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>Whether messages of unexpected resolver exceptions are shown to clients (default false: "Unexpected Execution Error").</summary>
    public bool ExposeExceptionMessages { get; init; }

    /// <summary>
    /// Called for every unexpected resolver exception (any but <see cref="GraphQLException"/>), e.g. to log it with a
    /// correlation id; the entries it returns are added to the error's <c>extensions</c> (next to
    /// <c>code: INTERNAL_SERVER_ERROR</c>), so the client can quote the id. Exceptions it throws are not caught.
    /// </summary>
    public Func<UnexpectedError, IReadOnlyDictionary<string, object?>?>? OnUnexpectedError { get; init; }

    /// <summary>Whether root query fields are started concurrently (default true). Mutation fields always run serially.</summary>
    public bool ParallelRootFields { get; init; } = true;

    /// <summary>
    /// Optional cache of parsed and validated documents keyed by query text (only documents without errors are cached).
    /// Use one cache per schema; a hit skips parsing and validation.
    /// </summary>
    public DocumentCache? DocumentCache { get; init; }

    /// <summary>Whether to validate the document (default true). Disable only for documents validated before (e.g. persisted queries).</summary>
    public bool ValidateDocument { get; init; } = true;
}

/// <summary>An unexpected resolver exception, handed to <see cref="ExecutionOptions.OnUnexpectedError"/>.</summary>
/// <param name="Exception">The exception.</param>
/// <param name="Path">The response path of the field that failed (names and list indexes).</param>
public sealed record UnexpectedError(Exception Exception, IReadOnlyList<object> Path);

/// <summary>A GraphQL request: query text or parsed document, operation name, variables and extensions.</summary>
public sealed class GraphQLRequest
{
    /// <summary>The query text (ignored when <see cref="Document"/> is set).</summary>
    public string? Query { get; init; }

    /// <summary>An already parsed document.</summary>
    public DocumentNode? Document { get; init; }

    /// <summary>The operation to run when the document has several.</summary>
    public string? OperationName { get; init; }

    /// <summary>Variable values as plain .NET values (string, long/int, double, bool, null, lists, dictionaries).</summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }

    /// <summary>The request's <c>extensions</c> map as plain .NET values (protocol extensions; not used by execution).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>Converts a JSON object of variables to plain .NET values (null when it is not an object).</summary>
    public static IReadOnlyDictionary<string, object?>? ParseVariables(System.Text.Json.JsonElement element)
        => element.ValueKind == System.Text.Json.JsonValueKind.Object ? (IReadOnlyDictionary<string, object?>)Serialization.JsonValues.ToPlain(element)! : null;
}
