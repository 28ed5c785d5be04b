using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CxSemantic.Cli.Soak;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem bench abuse --url http://127.0.0.1:5080/graphql [--pid N]</c>: sends a running server the expensive and
/// hostile requests of issue 17 one at a time and reports, for each, the HTTP status, the error code, the seconds until
/// the answer, the answer's size and (with the server's process id) its resident memory and the CPU it spent, also after
/// a client gave up. Run it against the server before and after a change, with the result cache off
/// (<c>CxSemantic__CacheEntries=0</c>) on the same warehouse.
/// </summary>
internal static class AbuseBenchCommand
{
    private const string Window = "from: \"2026-01-01\", to: \"2026-07-01\"";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var url = new Option<string>("--url") { Description = "The server's GraphQL endpoint.", DefaultValueFactory = _ => "http://127.0.0.1:5080/graphql" };
        var pid = new Option<int?>("--pid") { Description = "The server's process id (Linux): report its memory and CPU." };
        var values = new Option<int>("--in-values") { Description = "Values of the long in-list scenario.", DefaultValueFactory = _ => 1_000_000 };
        var giveUp = new Option<double>("--give-up") { Description = "Seconds after which the impatient client disconnects.", DefaultValueFactory = _ => 3 };
        var command = new Command("abuse", "Send a running server issue 17's expensive and hostile requests; report status, code, time, size, memory and CPU.") { url, pid, values, giveUp };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var endpoint))
            {
                error.WriteLine($"cxsem bench abuse: --url {parse.GetValue(url)} is not an absolute URL, e.g. http://127.0.0.1:5080/graphql.");
                return 2;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            console.Profile.Width = Math.Max(console.Profile.Width, 180);
            var server = parse.GetValue(pid) is { } id ? new ServerProcess(id) : null;
            using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromMinutes(10) };
            var table = new Table().AddColumns("scenario", "HTTP", "code", "seconds", "answer bytes", "RSS after (MB)", "server CPU s");
            try
            {
                foreach (var (name, body) in Scenarios(parse.GetValue(values)))
                {
                    var cpu = server?.CpuSeconds();
                    var clock = Stopwatch.StartNew();
                    var (status, code, bytes) = await SendAsync(http, body, cancellationToken).ConfigureAwait(false);
                    table.AddRow(name, status.ToString(CultureInfo.InvariantCulture), code, Seconds(clock.Elapsed.TotalSeconds), bytes.ToString("N0", CultureInfo.InvariantCulture), Mb(server?.ResidentMegabytes()), Seconds(server?.CpuSeconds() - cpu));
                    output.WriteLine($"  {name}: HTTP {status} {code} in {clock.Elapsed.TotalSeconds:F2} s");
                }

                await ImpatientAsync(table, http, server, parse.GetValue(giveUp), cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                error.WriteLine($"cxsem bench abuse: cannot reach {endpoint} ({ex.Message}); start the server first.");
                return 1;
            }

            console.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>The scenarios: name and request body.</summary>
    private static IEnumerable<(string Name, string Body)> Scenarios(int inValues)
    {
        yield return ("hour-grain previous-period compare (6 months × intent_complexity × channel)", Body(HourCompare));
        var aliases = string.Concat(Enumerable.Range(0, 49).Select(i => $" m{i}: metrics(time: {{ {Window}, grain: HOUR }}) {{ rows {{ period intentComplexity containmentRate {{ value }} }} }}"));
        yield return ("49 aliased metrics fields (hour grain)", Body("{" + aliases + " }"));
        var values = Enumerable.Range(0, inValues).Select(i => "intent_" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        yield return (string.Create(CultureInfo.InvariantCulture, $"in-list of {inValues:N0} values"), Body("query($v: [String!]) { metrics(where: { intent: { in: $v } }) { rows { intentComplexity containmentRate { value } } } }", new Dictionary<string, object?> { ["v"] = values }));
    }

    private static string HourCompare =>
        $"{{ metrics(time: {{ {Window}, grain: HOUR }}, compare: {{ previousPeriod: true }}) {{ rows {{ period intentComplexity channel containmentRate {{ value delta {{ value pValue }} }} }} }} }}";

    /// <summary>A client that gives up on the hour-grain compare: how much CPU the server spends after it has gone.</summary>
    private static async Task ImpatientAsync(Table table, HttpClient http, ServerProcess? server, double giveUp, CancellationToken cancellationToken)
    {
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        impatient.CancelAfter(TimeSpan.FromSeconds(giveUp));
        var clock = Stopwatch.StartNew();
        var outcome = "answered";
        var code = "-";
        try
        {
            (_, code, _) = await SendAsync(http, Body(HourCompare.Replace("channel containmentRate", "channel conversationalCsat { value } containmentRate", StringComparison.Ordinal)), impatient.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = "gave up";
        }

        // The server's CPU over the next 10 s: near zero when the disconnect stopped the work.
        var cpu = server?.CpuSeconds();
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        table.AddRow(string.Create(CultureInfo.InvariantCulture, $"client gives up after {giveUp:0.#} s (CPU of the next 10 s)"), outcome, code, Seconds(clock.Elapsed.TotalSeconds), "-", Mb(server?.ResidentMegabytes()), Seconds(server?.CpuSeconds() - cpu));
    }

    private static string Body(string query, Dictionary<string, object?>? variables = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["query"] = query, ["variables"] = variables });

    private static async Task<(int Status, string Code, long Bytes)> SendAsync(HttpClient http, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, string.Empty) { Content = content };
        request.Headers.Add("X-CxSemantic-Role", "cx_analyst");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var code = "-";
        try
        {
            using var answer = JsonDocument.Parse(bytes);
            if (answer.RootElement.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
            {
                code = errors[0].TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var c) ? c.GetString() ?? "?" : "?";
            }
        }
        catch (JsonException)
        {
            code = "not JSON";
        }

        return ((int)response.StatusCode, code, bytes.LongLength);
    }

    private static string Seconds(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Mb(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "-";
}
