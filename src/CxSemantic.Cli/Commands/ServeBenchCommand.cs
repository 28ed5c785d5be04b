using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Engines;
using NodaTime;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem serve-bench --url http://127.0.0.1:5080/graphql --db FILE.duckdb</c>: measures a running API server
/// (started with its result cache off, <c>CxSemantic__CacheEntries=0</c>, on the same warehouse file) in two ways:
/// (1) each of the ten dashboard queries through HTTP and GraphQL against the same query run directly on DuckDB
/// in this process, runs alternating, so the difference is the server's overhead; (2) throughput and errors under
/// <c>--clients</c> concurrent clients sending the ten queries round-robin.
/// </summary>
internal static class ServeBenchCommand
{
    private static readonly TimeWindow Window = new(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC");

    public static Command Create(TextWriter output, TextWriter error)
    {
        var definitions = ValidateCommand.DefinitionsArgument();
        var url = new Option<string>("--url") { Description = "The server's GraphQL endpoint.", DefaultValueFactory = _ => "http://127.0.0.1:5080/graphql" };
        var database = new Option<FileInfo>("--db") { Description = "The warehouse file the server runs on (for the direct runs).", Required = true };
        var runs = new Option<int>("--runs") { Description = "Paired runs per query (HTTP, then direct).", DefaultValueFactory = _ => 20 };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients of the load phase (0 skips it).", DefaultValueFactory = _ => 16 };
        var requests = new Option<int>("--requests") { Description = "Requests per client in the load phase.", DefaultValueFactory = _ => 10 };
        var command = new Command("serve-bench", "Measure a running server: HTTP vs direct DuckDB latency per dashboard query, and throughput under concurrent clients.")
        {
            definitions, url, database, runs, clients, requests,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (ValidateCommand.Load(parse.GetValue(definitions)!, error)?.Catalog is not { } catalog)
            {
                error.WriteLine("cxsem serve-bench: the definitions are invalid (see cxsem validate).");
                return 2;
            }

            var file = parse.GetValue(database)!;
            if (!file.Exists)
            {
                error.WriteLine($"cxsem serve-bench: {file.FullName} does not exist.");
                return 2;
            }

            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var endpoint))
            {
                error.WriteLine($"cxsem serve-bench: --url {parse.GetValue(url)} is not an absolute URL, e.g. http://127.0.0.1:5080/graphql.");
                return 2;
            }

            using var duck = DuckDbDatabase.Open(file.FullName, new DuckDbConfig { ReadOnly = true });
            var direct = new MetricQueryExecutor(catalog, new DuckDbSqlEngine(duck, file.FullName));
            using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromMinutes(5) };
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            console.Profile.Width = Math.Max(console.Profile.Width, 160);
            try
            {
                await PairedAsync(console, http, direct, parse.GetValue(runs), cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(clients) > 0)
                {
                    await LoadAsync(console, http, parse.GetValue(clients), parse.GetValue(requests), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (HttpRequestException ex)
            {
                error.WriteLine($"cxsem serve-bench: cannot reach {parse.GetValue(url)} ({ex.Message}); start the server first (dotnet run -c Release --project src/CxSemantic.Server with CxSemantic__CacheEntries=0 and CxSemantic__Warehouse__File={file.FullName}).");
                return 1;
            }

            return 0;
        });
        return command;
    }

    private static async Task PairedAsync(IAnsiConsole console, HttpClient http, MetricQueryExecutor direct, int runs, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("query", "HTTP median", "HTTP p99", "direct median", "direct p99", "overhead median (paired)");
        var overheads = new List<double>();
        foreach (var (metric, groupBy) in DemoDashboard.Queries)
        {
            var query = new MetricQuery { Metrics = [metric], GroupBy = [.. groupBy], Time = Window, Caller = Caller.WithRole("cx_analyst") };
            var body = GraphQLBody(metric, groupBy);

            // Warm both paths once, then alternate so that both see the same machine state.
            await SendAsync(http, body, cancellationToken).ConfigureAwait(false);
            await direct.ExecuteAsync(query, cancellationToken).ConfigureAwait(false);
            var viaHttp = new List<double>();
            var viaDuckDb = new List<double>();
            var paired = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                await SendAsync(http, body, cancellationToken).ConfigureAwait(false);
                viaHttp.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                await direct.ExecuteAsync(query, cancellationToken).ConfigureAwait(false);
                viaDuckDb.Add(clock.Elapsed.TotalMilliseconds);
                paired.Add(viaHttp[^1] - viaDuckDb[^1]);
            }

            overheads.Add(Percentile(paired, 0.5));
            table.AddRow(
                $"{metric} by {string.Join(", ", groupBy)}",
                Ms(Percentile(viaHttp, 0.5)),
                Ms(Percentile(viaHttp, 0.99)),
                Ms(Percentile(viaDuckDb, 0.5)),
                Ms(Percentile(viaDuckDb, 0.99)),
                Ms(Percentile(paired, 0.5)));
        }

        console.Write(table);
        console.MarkupLine(CultureInfo.InvariantCulture, $"{runs} paired runs per query; median of the per-query overhead medians: [bold]{Percentile(overheads, 0.5):F2} ms[/].");
    }

    private static async Task LoadAsync(IAnsiConsole console, HttpClient http, int clients, int requests, CancellationToken cancellationToken)
    {
        var bodies = DemoDashboard.Queries.Select(d => GraphQLBody(d.Metric, d.GroupBy)).ToArray();
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(
            async () =>
            {
                for (var i = 0; i < requests; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await SendAsync(http, bodies[(client + i) % bodies.Length], cancellationToken).ConfigureAwait(false);
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
                    {
                        errors.Add(ex.Message);
                    }
                }
            },
            cancellationToken))).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = latencies.ToList();
        console.MarkupLine(CultureInfo.InvariantCulture,
            $"Load: {clients} clients × {requests} requests (the ten queries round-robin): [bold]{latencies.Count} ok, {errors.Count} errors[/] in {elapsed:F1} s = {latencies.Count / elapsed:F2} req/s; latency median {Percentile(sorted, 0.5):F0} ms, p99 {Percentile(sorted, 0.99):F0} ms.");
        foreach (var message in errors.Distinct().Take(5))
        {
            console.MarkupLineInterpolated($"  error: {message}");
        }
    }

    /// <summary>Posts a query and checks that the answer has data and no errors.</summary>
    private static async Task SendAsync(HttpClient http, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = content };
        request.Headers.Add("X-CxSemantic-Role", "cx_analyst");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using var answer = JsonDocument.Parse(text);
        if (!response.IsSuccessStatusCode || answer.RootElement.TryGetProperty("errors", out _))
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
        }
    }

    private static string GraphQLBody(string metric, IEnumerable<string> groupBy)
    {
        var selection = string.Join(' ', groupBy.Select(Camel)) + $" {Camel(metric)} {{ value n ci {{ low high }} }}";
        var query = $"{{ metrics(time: {{ from: \"2026-01-01\", to: \"2026-07-01\", zone: \"UTC\" }}) {{ rows {{ {selection} }} }} }}";
        return JsonSerializer.Serialize(new Dictionary<string, string> { ["query"] = query });
    }

    /// <summary>snake_case → camelCase, as the server names fields.</summary>
    private static string Camel(string name)
    {
        var parts = name.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static double Percentile(List<double> values, double p)
    {
        values.Sort();
        return values.Count == 0 ? double.NaN : values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
    }

    private static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture) + " ms";
}
