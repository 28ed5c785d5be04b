using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using CxSemantic.GraphQL.Execution;

namespace CxSemantic.GraphQL.Serialization;

/// <summary>
/// Reads GraphQL-over-HTTP requests (https://graphql.github.io/graphql-over-http/): the GET query string parameters or the
/// POST JSON body <c>{"query", "operationName", "variables", "extensions"}</c>. Independent of any web framework: the
/// caller supplies the parameter look-up or the body; media types and status codes stay with the HTTP layer. A malformed
/// request is a result with the client-facing message, not an exception.
/// </summary>
public static class GraphQLRequestReader
{
    /// <summary>GET without a query parameter.</summary>
    public const string MissingQueryParameter = "The query parameter is missing: /graphql?query={...}";
    /// <summary>A GET parameter given twice; {0} is its name.</summary>
    public const string RepeatedParameter = "The {0} parameter is given more than once.";
    /// <summary>A GET parameter that is not valid JSON; {0} is its name.</summary>
    public const string ParameterNotJson = "The {0} parameter is not valid JSON.";
    /// <summary>A GET parameter that must be a JSON object; {0} is its name.</summary>
    public const string ParameterNotObject = "The {0} parameter must be a JSON object.";
    /// <summary>A POST body that is not valid JSON.</summary>
    public const string BodyNotJson = "The request body is not valid JSON.";
    /// <summary>A POST body that is not a JSON object.</summary>
    public const string BodyNotObject = "The request body must be a JSON object with a query.";
    /// <summary>A POST body whose query is not a string.</summary>
    public const string QueryNotString = "query must be a string.";
    /// <summary>A POST body without a query.</summary>
    public const string MissingBodyQuery = "The request has no query: {\"query\": \"{ catalog { version } }\"}.";
    /// <summary>A POST body whose operationName is neither a string nor null.</summary>
    public const string OperationNameNotString = "operationName must be a string or null.";
    /// <summary>A POST body whose variables are neither an object nor null.</summary>
    public const string VariablesNotObject = "variables must be an object or null.";
    /// <summary>A POST body whose extensions are neither an object nor null.</summary>
    public const string ExtensionsNotObject = "extensions must be an object or null.";

    /// <summary>
    /// Reads a GET request from its query string: <paramref name="parameter"/> returns every value given for a name (none
    /// when absent). <c>query</c> is required; <c>variables</c> and <c>extensions</c> are JSON objects; an empty
    /// <c>operationName</c> means none.
    /// </summary>
    public static GraphQLRequestReadResult ReadQueryString(Func<string, IReadOnlyList<string?>> parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        try
        {
            var query = Single(parameter, "query");
            var extensions = JsonObjectParameter(parameter, "extensions");
            if (string.IsNullOrEmpty(query) && PersistedQueryHash(extensions) is null)
            {
                return GraphQLRequestReadResult.Failure(MissingQueryParameter);
            }

            var variables = JsonObjectParameter(parameter, "variables");
            var operationName = Single(parameter, "operationName");
            return GraphQLRequestReadResult.Success(new GraphQLRequest
            {
                Query = string.IsNullOrEmpty(query) ? null : query,
                OperationName = string.IsNullOrEmpty(operationName) ? null : operationName,
                Variables = variables,
                Extensions = extensions,
            });
        }
        catch (InvalidRequestException ex)
        {
            return ex.Fault is { } fault ? GraphQLRequestReadResult.Failure(fault) : GraphQLRequestReadResult.Failure(ex.Message);
        }
    }

    /// <summary>
    /// Reads a POST request from its JSON body (the caller has checked the media type). The body is buffered: its
    /// Unicode is checked (<see cref="JsonUnicode"/>) before it is parsed.
    /// </summary>
    public static async ValueTask<GraphQLRequestReadResult> ReadJsonBodyAsync(Stream body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return ReadJsonBody(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>
    /// Reads a POST request from its UTF-8 JSON body (the caller has checked the media type). Bytes that are not UTF-8 and
    /// lone surrogate escapes fail with <see cref="ErrorCodes.InvalidEncoding"/>, naming the JSON path and byte offset.
    /// </summary>
    public static GraphQLRequestReadResult ReadJsonBody(ReadOnlyMemory<byte> utf8Json)
    {
        // A byte order mark is tolerated (System.Text.Json's stream parser skips it too); offsets count from after it.
        if (utf8Json.Span.StartsWith(Utf8Bom))
        {
            utf8Json = utf8Json[Utf8Bom.Length..];
        }

        if (JsonUnicode.Check(utf8Json.Span, "request body") is { } fault)
        {
            return GraphQLRequestReadResult.Failure(fault);
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException)
        {
            return GraphQLRequestReadResult.Failure(BodyNotJson);
        }

        using (json)
        {
            return ReadBody(json.RootElement);
        }
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static GraphQLRequestReadResult ReadBody(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return GraphQLRequestReadResult.Failure(BodyNotObject);
        }

        string? query = null;
        if (root.TryGetProperty("query", out var q))
        {
            if (q.ValueKind != JsonValueKind.String)
            {
                return GraphQLRequestReadResult.Failure(QueryNotString);
            }

            query = q.GetString();
        }

        // Apollo-style persisted queries may send the document's hash alone (extensions.persistedQuery.sha256Hash).
        root.TryGetProperty("extensions", out var extensionsElement);
        if (string.IsNullOrEmpty(query) && !(extensionsElement.ValueKind == JsonValueKind.Object && PersistedQueryHash(GraphQLRequest.ParseVariables(extensionsElement)) is not null))
        {
            return GraphQLRequestReadResult.Failure(MissingBodyQuery);
        }

        string? operationName = null;
        if (root.TryGetProperty("operationName", out var op))
        {
            switch (op.ValueKind)
            {
                case JsonValueKind.String: operationName = op.GetString(); break;
                case JsonValueKind.Null: break;
                default: return GraphQLRequestReadResult.Failure(OperationNameNotString);
            }
        }

        if (!TryReadObject(root, "variables", out var variables))
        {
            return GraphQLRequestReadResult.Failure(VariablesNotObject);
        }

        if (!TryReadObject(root, "extensions", out var extensions))
        {
            return GraphQLRequestReadResult.Failure(ExtensionsNotObject);
        }

        return GraphQLRequestReadResult.Success(new GraphQLRequest { Query = string.IsNullOrEmpty(query) ? null : query, OperationName = operationName, Variables = variables, Extensions = extensions });
    }

    /// <summary>
    /// The persisted-query hash of a request (<c>extensions.persistedQuery.sha256Hash</c>, Apollo's automatic persisted
    /// queries), or null. A request with a hash may come without its query text.
    /// </summary>
    public static string? PersistedQueryHash(GraphQLRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PersistedQueryHash(request.Extensions);
    }

    private static string? PersistedQueryHash(IReadOnlyDictionary<string, object?>? extensions) =>
        extensions?.GetValueOrDefault("persistedQuery") is IReadOnlyDictionary<string, object?> persisted && persisted.GetValueOrDefault("sha256Hash") is string { Length: > 0 } hash
            ? hash
            : null;

    /// <summary>An optional member that must be an object or null; false when it is something else.</summary>
    private static bool TryReadObject(JsonElement root, string name, out IReadOnlyDictionary<string, object?>? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        value = GraphQLRequest.ParseVariables(element);
        return value is not null;
    }

    private static IReadOnlyDictionary<string, object?>? JsonObjectParameter(Func<string, IReadOnlyList<string?>> parameter, string name)
    {
        if (Single(parameter, name) is not { Length: > 0 } text)
        {
            return null;
        }

        // Checked as text first: encoding a lone surrogate to UTF-8 would silently turn it into U+FFFD.
        var utf8 = Encoding.UTF8.GetBytes(text);
        if (JsonUnicode.Check(utf8, name + " parameter") is { } fault)
        {
            throw new InvalidRequestException(fault);
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8);
        }
        catch (JsonException)
        {
            throw new InvalidRequestException(ExecutionMessages.Format(ParameterNotJson, name));
        }

        using (json)
        {
            return json.RootElement.ValueKind switch
            {
                JsonValueKind.Object => GraphQLRequest.ParseVariables(json.RootElement),
                JsonValueKind.Null => null,
                _ => throw new InvalidRequestException(ExecutionMessages.Format(ParameterNotObject, name)),
            };
        }
    }

    private static string? Single(Func<string, IReadOnlyList<string?>> parameter, string name)
    {
        var values = parameter(name);
        var value = values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new InvalidRequestException(ExecutionMessages.Format(RepeatedParameter, name)),
        };
        if (value is not null && JsonUnicode.CheckText(value, name) is { } fault)
        {
            throw new InvalidRequestException(fault);
        }

        return value;
    }

    /// <summary>Unwinds from a nested parameter read to <see cref="ReadQueryString"/>, which turns it into a failed result.</summary>
    private sealed class InvalidRequestException : Exception
    {
        public InvalidRequestException(string message) : base(message) { }

        public InvalidRequestException(JsonEncodingFault fault) : base(fault.Message) => Fault = fault;

        /// <summary>Set when the parameter is not valid Unicode.</summary>
        public JsonEncodingFault? Fault { get; }
    }
}

/// <summary>The outcome of reading a GraphQL-over-HTTP request: the request, or the message explaining why it is malformed.</summary>
public sealed class GraphQLRequestReadResult
{
    private GraphQLRequestReadResult(GraphQLRequest? request, string? error, IReadOnlyDictionary<string, object?>? errorExtensions)
    {
        Request = request;
        Error = error;
        ErrorExtensions = errorExtensions;
    }

    /// <summary>The request read; null when it is malformed.</summary>
    public GraphQLRequest? Request { get; }

    /// <summary>Why the request is malformed (a client-facing message); null when it was read.</summary>
    public string? Error { get; }

    /// <summary>
    /// The <c>extensions</c> of the error: <c>code</c> (<see cref="ErrorCodes.BadUserInput"/>, or
    /// <see cref="ErrorCodes.InvalidEncoding"/> with <c>jsonPath</c> and <c>offset</c>); null when the request was read.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? ErrorExtensions { get; }

    /// <summary>The error's <c>extensions.code</c>; null when the request was read.</summary>
    public string? ErrorCode => ErrorExtensions?["code"] as string;

    /// <summary>Whether the request was read (then <see cref="Request"/> is set, otherwise <see cref="Error"/>).</summary>
    [MemberNotNullWhen(true, nameof(Request))]
    [MemberNotNullWhen(false, nameof(Error), nameof(ErrorExtensions))]
    public bool Succeeded => Request is not null;

    internal static GraphQLRequestReadResult Success(GraphQLRequest request) => new(request, null, null);

    internal static GraphQLRequestReadResult Failure(string error) =>
        new(null, error, new Dictionary<string, object?> { ["code"] = ErrorCodes.BadUserInput });

    internal static GraphQLRequestReadResult Failure(JsonEncodingFault fault) => new(null, fault.Message, fault.Extensions);
}
