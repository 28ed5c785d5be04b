using System.Net;
using System.Text.Json.Nodes;

namespace CxSemantic.Server.Tests.Limits;

/// <summary>Deadlines, disconnects and admission through the real HTTP stack, with a deliberately slow engine.</summary>
public sealed class DeadlineApiTests
{
    private const string Query = "{ metrics(time: { from: \"2026-01-01\", to: \"2026-04-01\", grain: MONTH }) { rows { period intentComplexity containmentRate { value } } } }";

    [Fact]
    public async Task A_query_running_past_the_deadline_is_answered_QUERY_TIMEOUT_and_cancelled_in_the_engine()
    {
        var gate = new GatedEngine { Hold = true };
        await using var app = await gate.StartServerAsync(new Dictionary<string, string?> { ["CxSemantic:QueryTimeoutSeconds"] = "0.5" });
        using var client = new HttpClient { BaseAddress = ServerFixture.Address(app) };

        var error = await Gql.ErrorAsync(client, Query);
        Assert.Equal("QUERY_TIMEOUT", (string?)error["extensions"]!["code"]);
        Assert.Equal(
            "The query ran longer than 0.5 s and was cancelled in the database. Narrow the time window, group by fewer dimensions or filter, or raise CxSemantic:QueryTimeoutSeconds.",
            (string?)error["message"]);
        await gate.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_client_disconnect_cancels_the_running_statement()
    {
        var gate = new GatedEngine { Hold = true };
        await using var app = await gate.StartServerAsync(new Dictionary<string, string?> { ["CxSemantic:QueryTimeoutSeconds"] = "600" });
        using var client = new HttpClient { BaseAddress = ServerFixture.Address(app) };
        using var disconnect = new CancellationTokenSource();

        var request = client.SendAsync(Gql.Post(Query), disconnect.Token);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(gate.Cancelled.Task.IsCompleted);
        await disconnect.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        // Nobody else waits for the answer: the statement is stopped although its deadline is 10 minutes away.
        await gate.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_full_statement_queue_answers_503_with_Retry_After_and_SERVER_BUSY()
    {
        var gate = new GatedEngine { Hold = true };
        await using var app = await gate.StartServerAsync(new Dictionary<string, string?>
        {
            ["CxSemantic:Limits:StatementSlots"] = "1",
            ["CxSemantic:Limits:StatementQueue"] = "0",
            ["CxSemantic:Limits:RetryAfterSeconds"] = "7",
        });
        using var client = new HttpClient { BaseAddress = ServerFixture.Address(app) };

        var first = client.SendAsync(Gql.Post(Query));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var busy = await client.SendAsync(Gql.Post(Query.Replace("MONTH", "WEEK", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("7", busy.Headers.GetValues("Retry-After").Single());
        var error = JsonNode.Parse(await busy.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("SERVER_BUSY", (string?)error["extensions"]!["code"]);
        Assert.Equal(7, (int?)error["extensions"]!["retryAfterSeconds"]);
        Assert.StartsWith("The server is busy: the server is running 1 statements and 0 are waiting (its queue is full). Retry after 7 s", (string?)error["message"], StringComparison.Ordinal);

        gate.Release();
        using var answered = await first;
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }
}
