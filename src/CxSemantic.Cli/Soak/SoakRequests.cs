using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CxSemantic.Cli.Soak;

/// <summary>One request a soak client sends: its kind, whether a legitimate caller sends it, and how to build it.</summary>
/// <param name="Kind">Short name in the report, e.g. <c>cheap</c> or <c>lone surrogate</c>.</param>
/// <param name="Legitimate">True for the dashboard and analyst traffic whose latency the soak reports.</param>
/// <param name="Body">The request body (bytes: some are not UTF-8 on purpose).</param>
/// <param name="Headers">Extra headers (claims, a foreign Host).</param>
/// <param name="GiveUpAfter">The client disconnects after this long (null: it waits for the answer).</param>
internal sealed record SoakRequest(string Kind, bool Legitimate, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers, TimeSpan? GiveUpAfter = null)
{
    /// <summary>The HTTP request to the GraphQL endpoint, as an analyst's browser would send it.</summary>
    public HttpRequestMessage ToHttp()
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, string.Empty) { Content = content };
        request.Headers.Add("X-CxSemantic-Role", "cx_analyst");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        foreach (var (name, value) in Headers)
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}

/// <summary>
/// The traffic of <c>cxsem bench soak</c>: cheap cached dashboard queries, expensive uncached ones (wide windows, many
/// dimensions, a new window each time) and issue 17's hostile requests. Bodies that cost the client much to build
/// (the 1M-value in-list) are built once.
/// </summary>
internal sealed class SoakRequests
{
    private static readonly string[] DashboardGroups = ["intentComplexity", "intentComplexity channel", "intentComplexity segment", "intentComplexity journeyStage"];

    private readonly KeyValuePair<string, string>[] _credentials;
    private readonly byte[] _hugeInList;
    private readonly byte[][] _hostile;
    private long _sequence;

    /// <summary>Builds the fixed bodies; <paramref name="inValues"/> is the length of the long in-list; <paramref name="apiKey"/> authenticates every request when set.</summary>
    public SoakRequests(int inValues, string? apiKey = null)
    {
        _credentials = apiKey is null ? [] : [new("Authorization", "ApiKey " + apiKey)];
        var values = Enumerable.Range(0, inValues).Select(i => "intent_" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        _hugeInList = Json("query($v: [String!]) { metrics(where: { intent: { in: $v } }) { rows { intentComplexity containmentRate { value } } } }", new Dictionary<string, object?> { ["v"] = values });
        var aliases = string.Concat(Enumerable.Range(0, 49).Select(i => $" m{i}: metrics(time: {{ from: \"2026-01-01\", to: \"2026-07-01\", grain: HOUR }}) {{ rows {{ period intentComplexity containmentRate {{ value }} }} }}"));
        _hostile =
        [
            // A lone surrogate escaped in a JSON string: valid JSON text, no valid UTF-16 string.
            Encoding.UTF8.GetBytes("{\"query\":\"{ metrics(time: { from: \\\"2026-01-01\\\", to: \\\"2026-02-01\\\", zone: \\\"\\ud800\\\" }) { rows { intentComplexity containmentRate { value } } } }\"}"),
            // Bytes that are not UTF-8 inside the JSON string.
            [.. Encoding.UTF8.GetBytes("{\"query\":\"{ metrics { rows { intentComplexity "), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(" } } }\"}")],
            Json("query($zone: String) { metrics(time: { from: \"2026-01-01\", to: \"2026-02-01\", zone: $zone }) { rows { intentComplexity containmentRate { value } } } }", new Dictionary<string, object?> { ["zone"] = new string('Z', 1024 * 1024) }),
            Json("{ metrics(time: { from: \"2026-01-01\", to: \"9999-12-31\", grain: YEAR }) { rows { period intentComplexity containmentRate { value } } } }"),
            Json("{" + aliases + " }"),
        ];
    }

    /// <summary>The next request of a legitimate client: mostly cached dashboard reads, one in <paramref name="expensiveEvery"/> an uncached wide query.</summary>
    public SoakRequest NextLegitimate(Random random, int expensiveEvery)
    {
        if (random.Next(expensiveEvery) != 0)
        {
            var group = DashboardGroups[random.Next(DashboardGroups.Length)];
            return new SoakRequest("cheap", true, Dashboard(group), _credentials);
        }

        // A start date the cache has not seen: 18 months at week grain over four enumerated dimensions, compared.
        var from = new DateOnly(2025, 1, 1).AddDays((int)(Interlocked.Increment(ref _sequence) % 180));
        var query = $"{{ metrics(time: {{ from: \"{from:yyyy-MM-dd}\", to: \"2026-07-01\", grain: WEEK }}, compare: {{ previousPeriod: true }}) {{ rows {{ period intentComplexity channel journeyStage segment containmentRate {{ value delta {{ value pValue }} }} }} }} }}";
        return new SoakRequest("expensive", true, Json(query), _credentials);
    }

    /// <summary>The next request of an attacker, cycling through every hostile kind.</summary>
    public SoakRequest NextHostile(Random random)
    {
        var n = Interlocked.Increment(ref _sequence);
        return random.Next(10) switch
        {
            0 => new SoakRequest("lone surrogate", false, _hostile[0], _credentials),
            1 => new SoakRequest("non-UTF-8 body", false, _hostile[1], _credentials),
            2 => new SoakRequest("1 MiB zone", false, _hostile[2], _credentials),
            3 => new SoakRequest("9999-12-31 window", false, _hostile[3], _credentials),
            4 => new SoakRequest("49 aliased metrics", false, _hostile[4], _credentials),
            5 => new SoakRequest("1M-value in-list", false, _hugeInList, _credentials),
            6 => new SoakRequest("comment-padded document", false, Json($"# {n} {new string('x', 64 * 1024)}\n{{ metrics {{ rows {{ intentComplexity containmentRate {{ value }} }} }} }}"), _credentials),
            7 => new SoakRequest("claim-header noise", false, Dashboard("intentComplexity"), [.. _credentials, new("X-CxSemantic-Claim-noise", n.ToString(CultureInfo.InvariantCulture)), new("X-CxSemantic-Claim-tenant", "t" + n.ToString(CultureInfo.InvariantCulture))]),
            8 => new SoakRequest("bad Host", false, Dashboard("intentComplexity"), [.. _credentials, new("Host", "attacker.example:80")]),
            _ => new SoakRequest("disconnecting client", false, Json($"{{ metrics(time: {{ from: \"{new DateOnly(2024, 1, 1).AddDays((int)(n % 365)):yyyy-MM-dd}\", to: \"2026-07-01\", grain: DAY }}, compare: {{ previousPeriod: true }}) {{ rows {{ period intentComplexity channel containmentRate {{ value delta {{ value pValue }} }} }} }} }}"), _credentials, TimeSpan.FromMilliseconds(100 + random.Next(400))),
        };
    }

    /// <summary>A dashboard tile's query: six months by month, grouped by <paramref name="group"/> (the cache answers it after the first time).</summary>
    private static byte[] Dashboard(string group) =>
        Json($"{{ metrics(time: {{ from: \"2026-01-01\", to: \"2026-07-01\", grain: MONTH }}) {{ rows {{ period {group} containmentRate {{ value n ci {{ low high }} status }} }} }} }}");

    private static byte[] Json(string query, Dictionary<string, object?>? variables = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?> { ["query"] = query, ["variables"] = variables });
}
