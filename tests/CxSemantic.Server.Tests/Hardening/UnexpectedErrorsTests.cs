using System.Text.Json.Nodes;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CxSemantic.Server.Tests.Hardening;

/// <summary>Unexpected failures are logged with a correlation id that the client receives.</summary>
public sealed class UnexpectedErrorsTests
{
    [Fact]
    public void A_resolver_failure_is_logged_with_the_id_returned_in_extensions()
    {
        var logger = new RecordingLogger();
        var errors = new UnexpectedErrors(logger);
        var http = new DefaultHttpContext { TraceIdentifier = "trace-1" };
        var failure = new InvalidOperationException("boom at /srv/data");
        var added = errors.For(http)(new UnexpectedError(failure, ["metrics", 0, "rows"]));

        var id = Assert.IsType<string>(added![UnexpectedErrors.CorrelationIdKey]);
        Assert.Matches("^[0-9a-f]{16}$", id);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Same(failure, entry.Exception);
        Assert.Equal($"Unexpected error {id} resolving metrics.0.rows (request trace-1).", entry.Message);
        Assert.NotEqual(id, errors.For(http)(new UnexpectedError(failure, []))![UnexpectedErrors.CorrelationIdKey]);
    }

    [Fact]
    public async Task A_failure_outside_execution_is_answered_500_with_the_id_and_without_the_exception_message()
    {
        var logger = new RecordingLogger();
        var errors = new UnexpectedErrors(logger);
        var http = new DefaultHttpContext { TraceIdentifier = "trace-2" };
        http.Request.Method = "POST";
        http.Request.Path = "/graphql";
        http.Response.Body = new MemoryStream();
        await errors.HandleAsync(http, () => throw new IOException("disk /srv/data failed"));

        Assert.Equal(500, http.Response.StatusCode);
        http.Response.Body.Position = 0;
        var error = JsonNode.Parse(http.Response.Body)!["errors"]![0]!;
        var id = (string)error["extensions"]!["correlationId"]!;
        Assert.Equal("INTERNAL_SERVER_ERROR", (string?)error["extensions"]!["code"]);
        Assert.Equal($"The server failed unexpectedly; the failure is logged under correlation id {id}. Retry later, and quote the id when you report it.", (string?)error["message"]);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal($"Unexpected error {id} handling POST /graphql (request trace-2).", entry.Message);
        Assert.IsType<IOException>(entry.Exception);
    }

    [Fact]
    public async Task A_client_that_left_is_not_answered_or_logged_as_a_failure()
    {
        var logger = new RecordingLogger();
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var http = new DefaultHttpContext { RequestAborted = aborted.Token };
        await Assert.ThrowsAsync<OperationCanceledException>(() => new UnexpectedErrors(logger).HandleAsync(http, () => throw new OperationCanceledException(aborted.Token)));
        Assert.Empty(logger.Entries);
    }

    private sealed class RecordingLogger : ILogger<UnexpectedErrors>
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
