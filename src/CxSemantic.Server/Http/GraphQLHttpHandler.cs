using System.Collections.Immutable;
using System.Text.Json;
using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Validation;
using CxSemantic.Server.Hosting;
using CxSemantic.Server.Schema;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CxSemantic.Server.Http;

/// <summary>
/// GraphQL over HTTP (https://graphql.github.io/graphql-over-http/): POST with a JSON body, GET with
/// query parameters (queries only), <c>application/graphql-response+json</c> (request errors are 400)
/// or <c>application/json</c> (always 200 for well-formed requests); GraphiQL for browsers.
/// </summary>
internal sealed class GraphQLHttpHandler(CatalogState catalog, MetricQueryService queries, IOptions<ServerOptions> options)
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string RoleHeader = "X-CxSemantic-Role";
    public const string ClaimHeaderPrefix = "X-CxSemantic-Claim-";

    private readonly ServerOptions _options = options.Value;
    private readonly ExecutionOptions _executionTemplate = new()
    {
        MaxDepth = options.Value.MaxDepth,
        MaxFieldCount = options.Value.MaxFields,
        MaxAliases = options.Value.MaxAliases,
        MaxComplexity = options.Value.MaxComplexity,
        ValidateDocument = false,
    };

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var response = http.Response;
        var isGet = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (!isGet && !HttpMethods.IsPost(request.Method))
        {
            response.Headers.Allow = "GET, POST";
            await PlainError(response, StatusCodes.Status405MethodNotAllowed, "Use GET (queries) or POST (application/json) on /graphql.").ConfigureAwait(false);
            return;
        }

        if (isGet && !request.Query.ContainsKey("query") && AcceptsHtml(request))
        {
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(GraphiQLPage.Html, http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var media = Negotiate(request.Headers.Accept);
        if (media is null)
        {
            await PlainError(response, StatusCodes.Status406NotAcceptable, $"Accept {GraphQLResponseJson} or application/json.").ConfigureAwait(false);
            return;
        }

        string? query;
        string? operationName;
        IReadOnlyDictionary<string, object?>? variables;
        try
        {
            (query, operationName, variables) = isGet ? ReadGet(request) : await ReadPostAsync(request, http.RequestAborted).ConfigureAwait(false);
        }
        catch (BadRequestException ex)
        {
            await Write(response, media, ex.Status, ErrorResult(ex.Message, ErrorCodes.BadUserInput), http.RequestAborted).ConfigureAwait(false);
            return;
        }

        await catalog.Ready.ConfigureAwait(false);
        var snapshot = catalog.Current;
        ParsedDocument parsed;
        try
        {
            parsed = Parse(snapshot, query!);
        }
        catch (GraphQLSyntaxException ex)
        {
            var error = new GraphQLError(ex.Message, [ex.Location], extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ParseFailed });
            await Write(response, media, RequestErrorStatus(media), Errors([error]), http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var operation = SelectOperation(parsed.Document, operationName);
        if (isGet && operation is { Operation: not OperationType.Query })
        {
            response.Headers.Allow = "POST";
            await Write(response, media, StatusCodes.Status405MethodNotAllowed, ErrorResult("Only queries can be sent with GET; send mutations with POST.", ErrorCodes.BadUserInput), http.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (parsed.ValidationErrors.Count > 0)
        {
            await Write(response, media, RequestErrorStatus(media), Errors(parsed.ValidationErrors), http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var context = new RequestContext(snapshot, catalog, queries, Caller(request), parsed.Document);
        var execution = new ExecutionOptions
        {
            MaxDepth = _executionTemplate.MaxDepth,
            MaxFieldCount = _executionTemplate.MaxFieldCount,
            MaxAliases = _executionTemplate.MaxAliases,
            MaxComplexity = _executionTemplate.MaxComplexity,
            ValidateDocument = false,
            ContextData = new Dictionary<string, object?>(1) { [RequestContext.Key] = context },
            Services = http.RequestServices,
        };
        var result = await Executor.ExecuteAsync(
            snapshot.Schema.Schema,
            new GraphQLRequest { Document = parsed.Document, OperationName = operationName, Variables = variables },
            execution,
            http.RequestAborted).ConfigureAwait(false);
        await WriteResult(response, media, result.HasData ? StatusCodes.Status200OK : RequestErrorStatus(media), result, http.RequestAborted).ConfigureAwait(false);
    }

    private static ParsedDocument Parse(CatalogSnapshot snapshot, string query)
    {
        if (snapshot.Documents.TryGetValue(query, out var cached))
        {
            return cached;
        }

        var document = GraphQLParser.Parse(query);
        var parsed = new ParsedDocument(document, DocumentValidator.Validate(snapshot.Schema.Schema, document)
            .Select(e => e.WithCode(ErrorCodes.ValidationFailed)).ToList());
        if (snapshot.Documents.Count < 2_000)
        {
            snapshot.Documents.TryAdd(query, parsed);
        }

        return parsed;
    }

    private static OperationDefinitionNode? SelectOperation(DocumentNode document, string? operationName)
    {
        var operations = document.Definitions.OfType<OperationDefinitionNode>().ToList();
        return operationName is null
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name?.Value == operationName);
    }

    private static Caller Caller(HttpRequest request) => Identity.CallerResolver.Resolve(request.HttpContext);

    private static (string? Query, string? OperationName, IReadOnlyDictionary<string, object?>? Variables) ReadGet(HttpRequest request)
    {
        var query = Single(request.Query, "query");
        if (string.IsNullOrEmpty(query))
        {
            throw new BadRequestException("The query parameter is missing: /graphql?query={...}");
        }

        IReadOnlyDictionary<string, object?>? variables = null;
        if (Single(request.Query, "variables") is { Length: > 0 } text)
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                variables = json.RootElement.ValueKind switch
                {
                    JsonValueKind.Object => GraphQLRequest.ParseVariables(json.RootElement),
                    JsonValueKind.Null => null,
                    _ => throw new BadRequestException("The variables parameter must be a JSON object."),
                };
            }
            catch (JsonException)
            {
                throw new BadRequestException("The variables parameter is not valid JSON.");
            }
        }

        if (Single(request.Query, "extensions") is { Length: > 0 } extensions)
        {
            try
            {
                using var json = JsonDocument.Parse(extensions);
                if (json.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                {
                    throw new BadRequestException("The extensions parameter must be a JSON object.");
                }
            }
            catch (JsonException)
            {
                throw new BadRequestException("The extensions parameter is not valid JSON.");
            }
        }

        var operationName = Single(request.Query, "operationName");
        return (query, string.IsNullOrEmpty(operationName) ? null : operationName, variables);
    }

    private static string? Single(IQueryCollection query, string name)
    {
        var values = query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new BadRequestException($"The {name} parameter is given more than once."),
        };
    }

    private static async Task<(string? Query, string? OperationName, IReadOnlyDictionary<string, object?>? Variables)> ReadPostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadRequestException("POST bodies must be application/json: {\"query\": \"...\", \"variables\": {...}}.", StatusCodes.Status415UnsupportedMediaType);
        }

        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw new BadRequestException("The request body is not valid JSON.");
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new BadRequestException("The request body must be a JSON object with a query.");
            }

            string? query = root.TryGetProperty("query", out var q) ? q.ValueKind == JsonValueKind.String ? q.GetString() : throw new BadRequestException("query must be a string.") : null;
            if (string.IsNullOrEmpty(query))
            {
                throw new BadRequestException("The request has no query: {\"query\": \"{ catalog { version } }\"}.");
            }

            string? operationName = null;
            if (root.TryGetProperty("operationName", out var op))
            {
                operationName = op.ValueKind switch
                {
                    JsonValueKind.String => op.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw new BadRequestException("operationName must be a string or null."),
                };
            }

            IReadOnlyDictionary<string, object?>? variables = null;
            if (root.TryGetProperty("variables", out var v))
            {
                variables = v.ValueKind switch
                {
                    JsonValueKind.Object => GraphQLRequest.ParseVariables(v),
                    JsonValueKind.Null => null,
                    _ => throw new BadRequestException("variables must be an object or null."),
                };
            }

            if (root.TryGetProperty("extensions", out var e) && e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                throw new BadRequestException("extensions must be an object or null.");
            }

            return (query, operationName, variables);
        }
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>The response media type for an Accept header; null when none is acceptable.</summary>
    internal static string? Negotiate(StringValues accept)
    {
        // Without an Accept header (or with */*), legacy clients get application/json (the spec's watershed rule).
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return "application/json";
        }

        string? best = null;
        double bestQuality = -1;
        foreach (var type in types)
        {
            var media = type.MediaType.Value?.ToLowerInvariant();
            var quality = type.Quality ?? 1;
            if (quality <= 0)
            {
                continue;
            }

            var candidate = media switch
            {
                GraphQLResponseJson => GraphQLResponseJson,
                "application/json" => "application/json",
                "*/*" or "application/*" => "application/json",
                _ => null,
            };
            if (candidate is not null && (quality > bestQuality || (quality == bestQuality && candidate == GraphQLResponseJson && best != GraphQLResponseJson)))
            {
                best = candidate;
                bestQuality = quality;
            }
        }

        return best;
    }

    private static int RequestErrorStatus(string media) =>
        media == GraphQLResponseJson ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;

    private static Dictionary<string, object?> ErrorResult(string message, string code) =>
        new() { ["errors"] = new[] { new Dictionary<string, object?> { ["message"] = message, ["extensions"] = new Dictionary<string, object?> { ["code"] = code } } } };

    private static Dictionary<string, object?> Errors(IEnumerable<GraphQLError> errors) =>
        new()
        {
            ["errors"] = errors.Select(e =>
            {
                var error = new Dictionary<string, object?> { ["message"] = e.Message };
                if (e.Locations.Count > 0)
                {
                    error["locations"] = e.Locations.Select(l => new Dictionary<string, object?> { ["line"] = l.Line, ["column"] = l.Column }).ToList();
                }

                if (e.Extensions is not null)
                {
                    error["extensions"] = e.Extensions;
                }

                return error;
            }).ToList(),
        };

    private static async Task Write(HttpResponse response, string media, int status, Dictionary<string, object?> body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = media + "; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, body, JsonOptions, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteResult(HttpResponse response, string media, int status, ExecutionResult result, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = media + "; charset=utf-8";
        await result.WriteToAsync(response.Body, cancellationToken).ConfigureAwait(false);
    }

    private static async Task PlainError(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, ErrorResult(message, ErrorCodes.BadUserInput), JsonOptions).ConfigureAwait(false);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed class BadRequestException(string message, int status = StatusCodes.Status400BadRequest) : Exception(message)
    {
        public int Status { get; } = status;
    }
}
