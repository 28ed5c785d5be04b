using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace CxSemantic.Cli.Soak;

/// <summary>What one phase of a soak measured.</summary>
/// <param name="Name">The phase, e.g. <c>baseline</c> or <c>attack</c>.</param>
/// <param name="Seconds">Wall time of the phase.</param>
/// <param name="Statuses">Answers by HTTP status.</param>
/// <param name="ByKind">Answers by request kind and outcome (an HTTP status, <c>reset</c>, <c>gave up</c>, <c>timeout</c>).</param>
/// <param name="Resets">Requests whose connection failed (reset, closed before the answer) although the client waited.</param>
/// <param name="GaveUp">Requests the client cancelled on purpose (the disconnecting clients).</param>
/// <param name="Timeouts">Requests that got no answer within the client's timeout.</param>
/// <param name="LegitimateErrors">Legitimate requests answered with a GraphQL error (code and count).</param>
/// <param name="LegitimateMilliseconds">Latency of every legitimate answer, sorted.</param>
/// <param name="RssMegabytes">The server's resident memory, one sample a second (empty without a process).</param>
internal sealed record SoakPhaseResult(
    string Name,
    double Seconds,
    IReadOnlyDictionary<int, long> Statuses,
    IReadOnlyDictionary<string, long> ByKind,
    long Resets,
    long GaveUp,
    long Timeouts,
    IReadOnlyDictionary<string, long> LegitimateErrors,
    IReadOnlyList<double> LegitimateMilliseconds,
    IReadOnlyList<double> RssMegabytes)
{
    /// <summary>Every request sent.</summary>
    public long Requests => Statuses.Values.Sum() + Resets + GaveUp + Timeouts;

    /// <summary>HTTP 500 answers (the soak's first failure criterion).</summary>
    public long ServerErrors => Statuses.Where(s => s.Key >= 500 && s.Key != 503).Sum(s => s.Value);

    /// <summary>The legitimate latency at quantile <paramref name="q"/> (0–1), NaN without answers.</summary>
    public double LegitimatePercentile(double q) =>
        LegitimateMilliseconds.Count == 0 ? double.NaN : LegitimateMilliseconds[Math.Min(LegitimateMilliseconds.Count - 1, Math.Max(0, (int)Math.Ceiling(q * LegitimateMilliseconds.Count) - 1))];

    /// <summary>
    /// True when the server's memory at the end is within 15 % (at least 64 MB) of its start: what it took under load it
    /// gave back or keeps bounded. Null without samples.
    /// </summary>
    public bool? RssFlat => RssMegabytes.Count < 2 ? null : RssMegabytes[^1] - RssMegabytes[0] <= Math.Max(64, 0.15 * RssMegabytes[0]);
}

/// <summary>Runs one soak phase: legitimate and hostile clients in a loop until the time is up, the server's RSS sampled every second.</summary>
internal sealed class SoakPhase(HttpClient http, SoakRequests requests, ServerProcess? server)
{
    private readonly ConcurrentDictionary<int, long> _statuses = new();
    private readonly ConcurrentDictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _legitimateErrors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<double> _latencies = new();
    private long _resets;
    private long _gaveUp;
    private long _timeouts;

    /// <summary>Runs <paramref name="legitimate"/> and <paramref name="attackers"/> clients for <paramref name="duration"/>.</summary>
    public async Task<SoakPhaseResult> RunAsync(string name, int legitimate, int attackers, int expensiveEvery, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rss = new List<double>();
        var clock = Stopwatch.StartNew();
        var sampler = SampleAsync(rss, stop.Token);
        stop.CancelAfter(duration);
        var clients = Enumerable.Range(0, legitimate).Select(i => ClientAsync(i, r => requests.NextLegitimate(r, expensiveEvery), stop.Token, cancellationToken))
            .Concat(Enumerable.Range(0, attackers).Select(i => ClientAsync(1000 + i, requests.NextHostile, stop.Token, cancellationToken)))
            .ToList();
        await Task.WhenAll(clients).ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        if (server?.ResidentMegabytes() is { } last)
        {
            rss.Add(last);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var latencies = _latencies.ToList();
        latencies.Sort();
        return new SoakPhaseResult(name, clock.Elapsed.TotalSeconds, _statuses.ToDictionary(), _byKind.ToDictionary(StringComparer.Ordinal), _resets, _gaveUp, _timeouts, _legitimateErrors.ToDictionary(StringComparer.Ordinal), latencies, rss);
    }

    private async Task SampleAsync(List<double> rss, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && server is not null)
        {
            if (server.ResidentMegabytes() is { } mb)
            {
                rss.Add(mb);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One client: requests back to back until <paramref name="stop"/>. The request in flight then still gets its answer
    /// (the slowest answers would otherwise be left out of the percentiles); <paramref name="abort"/> cancels it.
    /// </summary>
    private async Task ClientAsync(int seed, Func<Random, SoakRequest> next, CancellationToken stop, CancellationToken abort)
    {
        var random = new Random(seed);
        while (!stop.IsCancellationRequested)
        {
            await SendAsync(next(random), abort).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(SoakRequest request, CancellationToken stop)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(stop);
        if (request.GiveUpAfter is { } after)
        {
            giveUp.CancelAfter(after);
        }

        using var message = request.ToHttp();
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(message, giveUp.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(giveUp.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            var code = ErrorCode(body);
            Count(request.Kind, code is null ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status} {code}");
            if (request.Legitimate)
            {
                _latencies.Enqueue(clock.Elapsed.TotalMilliseconds);
                if (code is not null)
                {
                    _legitimateErrors.AddOrUpdate($"{request.Kind} {code}", 1, (_, n) => n + 1);
                }
            }
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            Interlocked.Increment(ref _gaveUp);
            Count(request.Kind, "gave up");
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _timeouts);
            Count(request.Kind, "timeout");
        }
        catch (HttpRequestException ex)
        {
            Interlocked.Increment(ref _resets);
            Count(request.Kind, ex.InnerException is IOException { InnerException: SocketException socket } ? "reset " + socket.SocketErrorCode : "reset " + (ex.HttpRequestError.ToString()));
        }
    }

    private void Count(string kind, string outcome) => _byKind.AddOrUpdate($"{kind}\t{outcome}", 1, (_, n) => n + 1);

    private static string? ErrorCode(byte[] body)
    {
        try
        {
            using var answer = JsonDocument.Parse(body);
            return answer.RootElement.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0
                ? errors[0].TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var code) ? code.GetString() ?? "?" : "?"
                : null;
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }
}
