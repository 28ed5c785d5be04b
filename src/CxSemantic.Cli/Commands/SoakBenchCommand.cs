using System.CommandLine;
using System.Globalization;
using CxSemantic.Cli.Soak;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem bench soak --url URL [--clients 16] [--seconds 60] [--attackers 4] [--pid N]</c>: issue 17's soak. A
/// baseline phase of legitimate clients only (cached dashboard reads and uncached wide queries), then the same clients
/// with attackers sending hostile requests, each phase as long. Reports per phase the requests, HTTP statuses, connection
/// resets, legitimate p50/p99 and the server's RSS (start/peak/end, one sample a second); exits 1 when a phase saw an
/// HTTP 500, a reset, an attack p99 over twice the baseline's or a memory growth.
/// </summary>
internal static class SoakBenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var url = new Option<string>("--url") { Description = "The server's GraphQL endpoint.", DefaultValueFactory = _ => "http://127.0.0.1:5080/graphql" };
        var clients = new Option<int>("--clients") { Description = "Legitimate clients (both phases).", DefaultValueFactory = _ => 16 };
        var seconds = new Option<double>("--seconds") { Description = "Seconds of each phase.", DefaultValueFactory = _ => 60 };
        var attackers = new Option<int>("--attackers") { Description = "Hostile clients in the second phase.", DefaultValueFactory = _ => 4 };
        var expensiveEvery = new Option<int>("--expensive-every") { Description = "One legitimate request in N is an uncached wide query.", DefaultValueFactory = _ => 20 };
        var inValues = new Option<int>("--in-values") { Description = "Values of the long in-list attack.", DefaultValueFactory = _ => 1_000_000 };
        var apiKey = new Option<string?>("--api-key") { Description = "An API key (cxsem keys add) for a server outside Development; there the role header alone is refused." };
        var pid = new Option<int?>("--pid") { Description = "The server's process id (Linux); default: the process listening on the URL's port." };
        var command = new Command("soak", "Soak a running server with legitimate and hostile clients; report statuses, resets, latency and memory per phase.") { url, clients, seconds, attackers, expensiveEvery, inValues, apiKey, pid };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var endpoint))
            {
                error.WriteLine($"cxsem bench soak: --url {parse.GetValue(url)} is not an absolute URL, e.g. http://127.0.0.1:5080/graphql.");
                return 2;
            }

            if (parse.GetValue(clients) < 1 || parse.GetValue(attackers) < 0 || parse.GetValue(seconds) <= 0 || parse.GetValue(expensiveEvery) < 1)
            {
                error.WriteLine("cxsem bench soak: --clients and --expensive-every must be at least 1, --attackers at least 0, --seconds above 0.");
                return 2;
            }

            var server = parse.GetValue(pid) is { } id ? new ServerProcess(id) : ServerProcess.ListeningOn(endpoint.Port);
            output.WriteLine(server is null ? "Server process not found (pass --pid): no memory figures." : $"Server process {server.Id}: RSS sampled every second.");
            var options = new SoakOptions(parse.GetValue(clients), parse.GetValue(attackers), parse.GetValue(expensiveEvery), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(inValues), parse.GetValue(apiKey));
            var results = await RunAsync(endpoint, options, server, output, cancellationToken).ConfigureAwait(false);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            console.Profile.Width = Math.Max(console.Profile.Width, 160);
            console.Write(Summary(results));
            console.Write(ByKind(results));
            var verdict = Verdict(results);
            output.WriteLine(verdict.Count == 0 ? "PASS: 0 HTTP 500, 0 resets, attack p99 within 2x of baseline, RSS flat." : "FAIL: " + string.Join("; ", verdict));
            return verdict.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>Runs the baseline phase then, with attackers, the attack phase.</summary>
    public static async Task<IReadOnlyList<SoakPhaseResult>> RunAsync(Uri endpoint, SoakOptions options, ServerProcess? server, TextWriter progress, CancellationToken cancellationToken)
    {
        // Enough connections for every client at once; the disconnecting clients' connections are not reused.
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        using var http = new HttpClient(handler) { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(120) };
        var requests = new SoakRequests(options.InValues, options.ApiKey);
        var results = new List<SoakPhaseResult>();

        // A quarter phase of legitimate traffic first: the JIT, the caches and the engine's buffers fill here, so the
        // baseline's latency and memory are those of a warm server.
        var warmUp = options.Duration / 4;
        progress.WriteLine($"warm-up: {options.Clients} legitimate clients for {warmUp.TotalSeconds:0.#} s …");
        results.Add(await new SoakPhase(http, requests, server).RunAsync("warm-up", options.Clients, 0, options.ExpensiveEvery, warmUp, cancellationToken).ConfigureAwait(false));
        progress.WriteLine($"baseline: {options.Clients} legitimate clients for {options.Duration.TotalSeconds:0.#} s …");
        results.Add(await new SoakPhase(http, requests, server).RunAsync("baseline", options.Clients, 0, options.ExpensiveEvery, options.Duration, cancellationToken).ConfigureAwait(false));
        if (options.Attackers > 0)
        {
            progress.WriteLine($"attack: {options.Clients} legitimate + {options.Attackers} hostile clients for {options.Duration.TotalSeconds:0.#} s …");
            results.Add(await new SoakPhase(http, requests, server).RunAsync("attack", options.Clients, options.Attackers, options.ExpensiveEvery, options.Duration, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>What failed the soak's bar (empty: passed).</summary>
    public static IReadOnlyList<string> Verdict(IReadOnlyList<SoakPhaseResult> results)
    {
        var failures = new List<string>();
        foreach (var phase in results)
        {
            if (phase.RssFlat == false && phase.Name != "warm-up")
            {
                failures.Add($"{phase.Name}: RSS grew from {phase.RssMegabytes[0]:F0} to {phase.RssMegabytes[^1]:F0} MB");
            }

            if (phase.ServerErrors > 0)
            {
                failures.Add($"{phase.Name}: {phase.ServerErrors} HTTP 5xx (503 excluded)");
            }

            if (phase.Resets > 0)
            {
                failures.Add($"{phase.Name}: {phase.Resets} connection resets");
            }
        }

        if (results.FirstOrDefault(r => r.Name == "baseline") is { } baseline && results.FirstOrDefault(r => r.Name == "attack") is { } attack
            && attack.LegitimatePercentile(0.99) > 2 * baseline.LegitimatePercentile(0.99))
        {
            failures.Add($"legitimate p99 {attack.LegitimatePercentile(0.99):F1} ms under attack is over twice the baseline's {baseline.LegitimatePercentile(0.99):F1} ms");
        }

        return failures;
    }

    private static Table Summary(IReadOnlyList<SoakPhaseResult> results)
    {
        var table = new Table().AddColumns("phase", "seconds", "requests", "HTTP statuses", "500s", "resets", "gave up", "timeouts", "legit answers", "legit p50 ms", "legit p99 ms", "RSS start/peak/end MB", "RSS flat");
        table.Columns[0].NoWrap();
        foreach (var phase in results)
        {
            var rss = phase.RssMegabytes.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{phase.RssMegabytes[0]:F0}/{phase.RssMegabytes.Max():F0}/{phase.RssMegabytes[^1]:F0}");
            table.AddRow(
                phase.Name,
                phase.Seconds.ToString("F1", CultureInfo.InvariantCulture),
                Count(phase.Requests),
                Markup.Escape(string.Join(" ", phase.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}:{Count(s.Value)}"))),
                Count(phase.Statuses.GetValueOrDefault(500)),
                Count(phase.Resets),
                Count(phase.GaveUp),
                Count(phase.Timeouts),
                Count(phase.LegitimateMilliseconds.Count),
                phase.LegitimatePercentile(0.5).ToString("F1", CultureInfo.InvariantCulture),
                phase.LegitimatePercentile(0.99).ToString("F1", CultureInfo.InvariantCulture),
                rss,
                phase.RssFlat switch { true => "yes", false => "NO", null => "-" });
        }

        return table;
    }

    private static Table ByKind(IReadOnlyList<SoakPhaseResult> results)
    {
        var table = new Table().AddColumns("phase", "request kind", "outcomes");
        foreach (var phase in results)
        {
            foreach (var (kind, count) in phase.LegitimateErrors.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                table.AddRow(phase.Name, "legitimate, GraphQL error", Markup.Escape($"{kind}:{Count(count)}"));
            }

            foreach (var kind in phase.ByKind.GroupBy(k => k.Key.Split('\t')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                table.AddRow(phase.Name, Markup.Escape(kind.Key), Markup.Escape(string.Join(" ", kind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key.Split('\t')[1]}:{Count(k.Value)}"))));
            }
        }

        return table;
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>The shape of a soak.</summary>
/// <param name="Clients">Legitimate clients in both phases.</param>
/// <param name="Attackers">Hostile clients in the attack phase (0: baseline only).</param>
/// <param name="ExpensiveEvery">One legitimate request in this many is an uncached wide query.</param>
/// <param name="Duration">Length of each phase.</param>
/// <param name="InValues">Values of the long in-list attack.</param>
/// <param name="ApiKey">Sent as <c>Authorization: ApiKey …</c> when set.</param>
internal sealed record SoakOptions(int Clients, int Attackers, int ExpensiveEvery, TimeSpan Duration, int InValues, string? ApiKey = null);
