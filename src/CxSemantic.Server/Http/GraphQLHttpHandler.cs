using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Serialization;
using CxSemantic.Server.Hosting;
using CxSemantic.Server.Limits;
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
internal sealed class GraphQLHttpHandler(CatalogState catalog, MetricQueryService queries, Identity.PersistedQueries persisted, IOptions<ServerOptions> options, UnexpectedErrors unexpected, IOptions<QueryLimitOptions> limits)
{
    public const string GraphQLResponseJson = "application/graphql-response+json";

    private readonly ServerOptions _options = options.Value;

    public async Task HandleAsync(HttpContext http)
    {
        // One budget for the whole request: parsing, validation, compiling, queue waits, statements and statistics.
        using var budget = RequestBudget.Start(_options.QueryTimeout, http.RequestAborted);
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

        if (!isGet && !IsJson(request.ContentType))
        {
            await WriteErrors(response, media, StatusCodes.Status415UnsupportedMediaType, [BadUserInput(UnsupportedMediaType)], http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var max = limits.Value.MaxRequestBytes;
        if (!isGet && max > 0 && request.ContentLength > max)
        {
            await WriteTooLarge(response, media, request.ContentLength, http.RequestAborted).ConfigureAwait(false);
            return;
        }

        GraphQLRequestReadResult read;
        try
        {
            read = isGet
                ? GraphQLRequestReader.ReadQueryString(name => request.Query[name])
                : await GraphQLRequestReader.ReadJsonBodyAsync(max > 0 ? new BoundedReadStream(request.Body, max) : request.Body, http.RequestAborted).ConfigureAwait(false);
        }
        catch (RequestTooLargeException)
        {
            // A chunked body announced no length; Kestrel drains the rest (up to its own limit) after the answer.
            await WriteTooLarge(response, media, null, http.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!read.Succeeded)
        {
            // Every reader failure (malformed JSON, INVALID_ENCODING, …) is 400 in both media types: the request was not understood.
            await WriteErrors(response, media, StatusCodes.Status400BadRequest, [new GraphQLError(read.Error, extensions: read.ErrorExtensions)], http.RequestAborted).ConfigureAwait(false);
            return;
        }

        // The allow-list (when on) decides before anything is parsed; a hash-only request gets its registered text here.
        GraphQLRequest graphQLRequest;
        switch (persisted.Check(read.Request))
        {
            case Identity.PersistedQueryOutcome.Refused refused:
                await WriteErrors(response, media, refused.Status, [new GraphQLError(refused.Message, extensions: new Dictionary<string, object?> { ["code"] = refused.Code })], http.RequestAborted).ConfigureAwait(false);
                return;
            case Identity.PersistedQueryOutcome.Run run:
                graphQLRequest = run.Request;
                break;
            default:
                throw new InvalidOperationException("Unknown persisted-query outcome.");
        }

        await catalog.Ready.ConfigureAwait(false);
        var snapshot = catalog.Current;
        var prepared = snapshot.Documents.GetOrPrepare(snapshot.Schema.Schema, graphQLRequest.Query!);
        if (!prepared.IsParsed)
        {
            await WriteErrors(response, media, RequestErrorStatus(media), [prepared.SyntaxError], http.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (isGet && prepared.TryGetOperation(graphQLRequest.OperationName, out var operation, out _) && operation.Operation != OperationType.Query)
        {
            response.Headers.Allow = "POST";
            await WriteErrors(response, media, StatusCodes.Status405MethodNotAllowed, [BadUserInput("Only queries can be sent with GET; send mutations with POST.")], http.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (prepared.ValidationErrors.Count > 0)
        {
            await WriteErrors(response, media, RequestErrorStatus(media), prepared.ValidationErrors, http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var result = await ExecuteAsync(snapshot, prepared, graphQLRequest, Caller(request), new RequestLimits(budget, CallerKey(http), limits.Value), http.RequestServices, unexpected.For(http), http.RequestAborted).ConfigureAwait(false);
        var status = result.HasData ? StatusCodes.Status200OK : RequestErrorStatus(media);
        if (result.Errors.Any(e => e.Code == LimitMessages.ServerBusy))
        {
            // Refused for load, not for the query: tell clients and proxies when to come back.
            status = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = limits.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await WriteResult(response, media, status, result, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a request for a resolved caller without HTTP: parse, validate and execute against the catalog in service,
    /// with the server's limits (a budget of the query timeout from now). The property tests drive thousands of queries
    /// through it (the HTTP path adds only transport and identity, which they test separately).
    /// </summary>
    internal async Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, Caller caller, IServiceProvider services, CancellationToken cancellationToken)
    {
        using var budget = RequestBudget.Start(_options.QueryTimeout, cancellationToken);
        await catalog.Ready.ConfigureAwait(false);
        var snapshot = catalog.Current;
        var prepared = snapshot.Documents.GetOrPrepare(snapshot.Schema.Schema, request.Query!);
        return !prepared.IsParsed ? ExecutionResult.RequestErrors([prepared.SyntaxError])
            : prepared.ValidationErrors.Count > 0 ? ExecutionResult.RequestErrors(prepared.ValidationErrors)
            : await ExecuteAsync(snapshot, prepared, request, caller, new RequestLimits(budget, caller.Role, limits.Value), services, null, cancellationToken).ConfigureAwait(false);
    }

    private Task<ExecutionResult> ExecuteAsync(
        CatalogSnapshot snapshot,
        PreparedDocument prepared,
        GraphQLRequest request,
        Caller caller,
        RequestLimits requestLimits,
        IServiceProvider services,
        Func<UnexpectedError, IReadOnlyDictionary<string, object?>?>? onUnexpectedError,
        CancellationToken cancellationToken)
    {
        var context = new RequestContext(snapshot, catalog, queries, caller) { Limits = requestLimits };
        var execution = new ExecutionOptions
        {
            MaxDepth = _options.MaxDepth,
            MaxFieldCount = _options.MaxFields,
            MaxAliases = _options.MaxAliases,
            MaxComplexity = _options.MaxComplexity,
            ContextData = new Dictionary<string, object?>(1) { [RequestContext.Key] = context },
            Services = services,
            OnUnexpectedError = onUnexpectedError,
        };
        return Executor.ExecuteAsync(prepared, request.OperationName, request.Variables, execution, cancellationToken);
    }

    /// <summary>Who a request counts against in the statement queue: the resolved subject, and the client's address.</summary>
    private static string CallerKey(HttpContext http) =>
        $"{http.Features.Get<Identity.CallerIdentity>()?.Subject}@{http.Connection.RemoteIpAddress}";

    private static Caller Caller(HttpRequest request) => Identity.CallerResolver.Resolve(request.HttpContext);

    private const string UnsupportedMediaType = "POST bodies must be application/json: {\"query\": \"...\", \"variables\": {...}}.";

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase);

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

    private static GraphQLError BadUserInput(string message) =>
        new(message, extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.BadUserInput });

    private static Task WriteErrors(HttpResponse response, string media, int status, IReadOnlyList<GraphQLError> errors, CancellationToken cancellationToken) =>
        WriteResult(response, media, status, ExecutionResult.RequestErrors(errors), cancellationToken);

    private static async Task WriteResult(HttpResponse response, string media, int status, ExecutionResult result, CancellationToken cancellationToken)
    {
        Telemetry.CxTelemetry.RecordResponse(status, result);
        response.StatusCode = status;
        response.ContentType = media + "; charset=utf-8";
        await result.WriteToAsync(response.Body, cancellationToken).ConfigureAwait(false);
    }

    private Task WriteTooLarge(HttpResponse response, string media, long? bytes, CancellationToken cancellationToken) =>
        WriteErrors(response, media, StatusCodes.Status413PayloadTooLarge, [new GraphQLError(LimitMessages.TooLarge(bytes, limits.Value.MaxRequestBytes, limits.Value.MaxFilterValues), extensions: new Dictionary<string, object?> { ["code"] = LimitMessages.RequestTooLarge })], cancellationToken);

    private static Task PlainError(HttpResponse response, int status, string message) =>
        WriteErrors(response, "application/json", status, [BadUserInput(message)], CancellationToken.None);
}
