using System.Text.Json;

namespace CxSemantic.Server.Identity;

/// <summary>
/// Runs on /graphql before the handler: resolves the caller (<see cref="CallerResolver"/>) into the
/// request's features, or answers 401/403 with a GraphQL-shaped error and <c>WWW-Authenticate</c>. The
/// GraphiQL page itself (a browser GET without a query) needs no credentials: it holds no data.
/// </summary>
internal sealed class CallerMiddleware(RequestDelegate next, CallerResolver resolver)
{
    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext http)
    {
        if (IsGraphiQLPage(http.Request))
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        switch (await resolver.ResolveAsync(http).ConfigureAwait(false))
        {
            case CallerOutcome.Accepted accepted:
                http.Features.Set(accepted.Identity);
                await next(http).ConfigureAwait(false);
                break;
            case CallerOutcome.Refused refused:
                await WriteRefusalAsync(http.Response, refused, http.RequestAborted).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Writes a refusal: the status, the challenges and <c>{"errors":[{message, extensions:{code}}]}</c>.</summary>
    internal static async Task WriteRefusalAsync(HttpResponse response, CallerOutcome.Refused refused, CancellationToken cancellationToken)
    {
        response.StatusCode = refused.Status;
        foreach (var challenge in refused.Challenges)
        {
            response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.WWWAuthenticate, challenge);
        }

        response.ContentType = "application/json; charset=utf-8";
        var body = new { errors = new[] { new { message = refused.Message, extensions = new { code = refused.Code } } } };
        await JsonSerializer.SerializeAsync(response.Body, body, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static bool IsGraphiQLPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.Query.ContainsKey("query")
        && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
