using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Hosting;

namespace CxSemantic.Server.Http;

/// <summary>
/// Unexpected failures are never silent: each is logged at Error level with its exception and a correlation id, and the
/// client gets the id in the error's <c>extensions.correlationId</c> (a resolver's failure, through
/// <see cref="ExecutionOptions.OnUnexpectedError"/>) or in a 500 answer (a failure outside execution), so an operator
/// can find the log entry from a user's report. The exception's message stays in the log: it may name files or hosts.
/// </summary>
internal sealed class UnexpectedErrors(ILogger<UnexpectedErrors> logger)
{
    /// <summary>The extensions key of the id.</summary>
    public const string CorrelationIdKey = "correlationId";

    /// <summary>The hook for <see cref="ExecutionOptions.OnUnexpectedError"/> of one request.</summary>
    public Func<UnexpectedError, IReadOnlyDictionary<string, object?>?> For(HttpContext http) => error =>
    {
        var id = NewId();
        Log.UnexpectedFieldError(logger, error.Exception, id, string.Join('.', error.Path), http.TraceIdentifier);
        return new Dictionary<string, object?> { [CorrelationIdKey] = id };
    };

    /// <summary>Middleware: a failure escaping the pipeline is logged and answered 500 with the id (unless the client left).</summary>
    public async Task HandleAsync(HttpContext http, Func<Task> next)
    {
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not BadHttpRequestException && !http.RequestAborted.IsCancellationRequested)
        {
            var id = NewId();
            Log.UnexpectedRequestError(logger, ex, id, http.Request.Method, http.Request.Path, http.TraceIdentifier);
            if (http.Response.HasStarted)
            {
                throw;
            }

            http.Response.Clear();
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            http.Response.ContentType = "application/json; charset=utf-8";
            var error = new GraphQLError(
                $"The server failed unexpectedly; the failure is logged under correlation id {id}. Retry later, and quote the id when you report it.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.InternalServerError, [CorrelationIdKey] = id });
            await ExecutionResult.RequestErrors([error]).WriteToAsync(http.Response.Body, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string NewId() => Guid.NewGuid().ToString("N")[..16];
}
