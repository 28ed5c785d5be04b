using System.Collections.Immutable;
using System.CommandLine;
using System.Text.Json;
using CxSemantic.Compiler.Queries;
using NodaTime;
using NodaTime.Text;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// The options that describe a metric query on the command line (shared by <c>compile</c> and
/// <c>query</c>), or a JSON file with the same fields.
/// </summary>
internal sealed class MetricQueryOptions
{
    private readonly Option<string[]> _metrics = new("--metric", "-m") { Description = "Metric name (repeat for several).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _by = new("--by", "-b") { Description = "Dimension to group by (repeat for several).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _from = new("--from") { Description = "First local date (YYYY-MM-DD)." };
    private readonly Option<string?> _to = new("--to") { Description = "First local date not included (YYYY-MM-DD)." };
    private readonly Option<string?> _zone = new("--zone") { Description = "IANA time zone of the dates and grains (default UTC)." };
    private readonly Option<string?> _grain = new("--grain") { Description = "hour, day, week, month, quarter or year." };
    private readonly Option<string[]> _where = new("--where", "-w") { Description = "Filter 'dimension=value' or 'dimension=v1,v2' (repeat; all must hold).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _compare = new("--compare") { Description = "previous, baseline:YYYY-MM-DD..YYYY-MM-DD (not overlapping --from..--to), or groups:DIMENSION=REFERENCE[:paired] (group by DIMENSION too)." };
    private readonly Option<string> _role = new("--role") { Description = "The caller's role (an access policy).", DefaultValueFactory = _ => "cx_analyst" };
    private readonly Option<string[]> _claims = new("--claim") { Description = "Caller claim 'type=value' (repeat).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int?> _limit = new("--limit") { Description = "At most this many rows." };
    private readonly Option<FileInfo?> _file = new("--query-file") { Description = "A JSON query: {metrics, groupBy, time{from,to,zone,grain}, filters[{dimension,op,values}], compare, order[{field,direction}], limit, role, claims}." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _metrics, _by, _from, _to, _zone, _grain, _where, _compare, _role, _claims, _limit, _file })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The query, or an error message.</summary>
    public (MetricQuery? Query, string? Error) Bind(ParseResult parse)
    {
        try
        {
            return (parse.GetValue(_file) is { } file ? FromJson(File.ReadAllText(file.FullName)) : FromFlags(parse), null);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or UnparsableValueException or IOException or ArgumentException)
        {
            return (null, ex.Message);
        }
    }

    private MetricQuery FromFlags(ParseResult parse)
    {
        var metrics = parse.GetValue(_metrics) ?? [];
        if (metrics.Length == 0)
        {
            throw new FormatException("Name at least one metric with --metric (see cxsem glossary for the catalog).");
        }

        var from = parse.GetValue(_from);
        var to = parse.GetValue(_to);
        TimeWindow? time = null;
        if (from is not null || to is not null)
        {
            if (from is null || to is null)
            {
                throw new FormatException("Give both --from and --to (local dates; --to is the first day not included).");
            }

            time = new TimeWindow(Date(from), Date(to), parse.GetValue(_zone), Grain(parse.GetValue(_grain)));
        }

        return new MetricQuery
        {
            Metrics = [.. metrics],
            GroupBy = [.. parse.GetValue(_by) ?? []],
            Time = time,
            Filters = [.. (parse.GetValue(_where) ?? []).Select(Filter)],
            Compare = Compare(parse.GetValue(_compare)),
            Limit = parse.GetValue(_limit),
            Caller = new Caller(parse.GetValue(_role)!, Claims(parse.GetValue(_claims) ?? [])),
        };
    }

    internal static MetricQuery FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        ImmutableArray<string> Strings(string name) =>
            root.TryGetProperty(name, out var array) ? [.. array.EnumerateArray().Select(e => e.GetString()!)] : [];
        TimeWindow? time = null;
        if (root.TryGetProperty("time", out var t))
        {
            time = new TimeWindow(
                Date(t.GetProperty("from").GetString()!),
                Date(t.GetProperty("to").GetString()!),
                t.TryGetProperty("zone", out var zone) ? zone.GetString() : null,
                t.TryGetProperty("grain", out var grain) ? Grain(grain.GetString()) : null);
        }

        Comparison? compare = null;
        if (root.TryGetProperty("compare", out var c))
        {
            compare = c.TryGetProperty("previousPeriod", out var previous) && previous.GetBoolean()
                ? new PreviousPeriodComparison()
                : c.TryGetProperty("baseline", out var baseline)
                    ? new BaselineComparison(Date(baseline.GetProperty("from").GetString()!), Date(baseline.GetProperty("to").GetString()!))
                    : c.TryGetProperty("groups", out var groups)
                        ? new GroupComparison(
                            groups.GetProperty("dimension").GetString()!,
                            groups.GetProperty("reference").GetString()!,
                            groups.TryGetProperty("paired", out var paired) && paired.GetBoolean())
                        : null;
        }

        var filters = root.TryGetProperty("filters", out var f)
            ? f.EnumerateArray().Select(e => new DimensionFilter(
                e.GetProperty("dimension").GetString()!,
                Operator(e.TryGetProperty("op", out var op) ? op.GetString()! : "eq"),
                e.TryGetProperty("values", out var values) ? [.. values.EnumerateArray().Select(Value)] : [])).ToImmutableArray()
            : [];
        var order = root.TryGetProperty("order", out var o)
            ? o.EnumerateArray().Select(e => new OrderTerm(
                e.GetProperty("field").GetString()!,
                e.TryGetProperty("direction", out var d) && d.GetString()!.StartsWith("desc", StringComparison.OrdinalIgnoreCase) ? SortDirection.Descending : SortDirection.Ascending)).ToImmutableArray()
            : [];
        var claims = root.TryGetProperty("claims", out var cl)
            ? cl.EnumerateObject().ToImmutableDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToImmutableArray())
            : ImmutableDictionary<string, ImmutableArray<string>>.Empty;
        return new MetricQuery
        {
            Metrics = Strings("metrics"),
            GroupBy = Strings("groupBy"),
            Time = time,
            Filters = filters,
            Compare = compare,
            Order = order,
            Limit = root.TryGetProperty("limit", out var limit) ? limit.GetInt32() : null,
            Caller = new Caller(root.TryGetProperty("role", out var role) ? role.GetString()! : "cx_analyst", claims),
        };
    }

    private static object Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var l) => l,
        JsonValueKind.Number => element.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => element.GetString()!,
    };

    private static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();

    private static TimeGrain? Grain(string? text) => text is null
        ? null
        : Enum.TryParse<TimeGrain>(text, ignoreCase: true, out var grain)
            ? grain
            : throw new FormatException($"Unknown grain '{text}'; use hour, day, week, month, quarter or year.");

    private static FilterOperator Operator(string text) => text.ToLowerInvariant() switch
    {
        "eq" => FilterOperator.Equal,
        "neq" => FilterOperator.NotEqual,
        "in" => FilterOperator.In,
        "nin" or "notin" => FilterOperator.NotIn,
        "gt" => FilterOperator.GreaterThan,
        "gte" => FilterOperator.GreaterThanOrEqual,
        "lt" => FilterOperator.LessThan,
        "lte" => FilterOperator.LessThanOrEqual,
        "isnull" => FilterOperator.IsNull,
        "isnotnull" => FilterOperator.IsNotNull,
        _ => throw new FormatException($"Unknown filter operator '{text}'; use eq, neq, in, nin, gt, gte, lt, lte, isNull or isNotNull."),
    };

    private static DimensionFilter Filter(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new FormatException($"Filter '{text}' must look like dimension=value or dimension=v1,v2.");
        }

        var values = text[(eq + 1)..].Split(',').Select(v => (object)v).ToImmutableArray();
        return new DimensionFilter(text[..eq], values.Length == 1 ? FilterOperator.Equal : FilterOperator.In, values);
    }

    private static Comparison? Compare(string? text) => text switch
    {
        null => null,
        "previous" => new PreviousPeriodComparison(),
        _ when text.StartsWith("baseline:", StringComparison.Ordinal) && text[9..].Split("..") is [var from, var to] => new BaselineComparison(Date(from), Date(to)),
        _ when text.StartsWith("groups:", StringComparison.Ordinal) && text[7..].Split('=', 2) is [var dimension, var reference] && dimension.Length > 0 =>
            reference.EndsWith(":paired", StringComparison.Ordinal)
                ? new GroupComparison(dimension, reference[..^7], Paired: true)
                : new GroupComparison(dimension, reference),
        _ => throw new FormatException($"Unknown comparison '{text}'; use previous, baseline:YYYY-MM-DD..YYYY-MM-DD or groups:DIMENSION=REFERENCE[:paired]."),
    };

    private static ImmutableDictionary<string, ImmutableArray<string>> Claims(string[] claims) =>
        claims.Select(c => c.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0]).ToImmutableDictionary(g => g.Key, g => g.Select(p => p[1]).ToImmutableArray());
}
