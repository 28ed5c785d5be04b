using System.Collections.Concurrent;
using System.Text;
using Xunit.Abstractions;

namespace CxSemantic.Server.Tests.Fuzz;

/// <summary>How a hostile value travels: in the variables (POST JSON), as a literal in the document, or in GET's variables parameter.</summary>
public enum FuzzMode
{
    Variables,
    Literal,
    GetVariables,
}

/// <summary>
/// Every argument position of the served schema (found by introspection: metrics, metricDefinitions, metricDefinition,
/// introspection fields, every input field inside them) receives every hostile value over a real socket, as a variable
/// and as a literal: no answer is 5xx, every answer is JSON, every error has <c>extensions.code</c>, and broken
/// encodings get exactly INVALID_ENCODING (or a syntax error for a lone surrogate escape inside the document).
/// </summary>
public sealed class ArgumentFuzzTests(FuzzServer server, ITestOutputHelper output) : IClassFixture<FuzzServer>
{
    private sealed record FuzzCase(FuzzTarget Target, HostileValue Value, FuzzMode Mode)
    {
        public override string ToString() => $"{Target} ← {Value} ({Mode})";
    }

    [Fact]
    public async Task Every_argument_with_every_hostile_value_gets_a_coded_answer_and_never_5xx()
    {
        var schema = await SchemaArguments.LoadAsync(server);
        var targets = schema.Targets();
        var cases = Cases(targets).ToList();

        var violations = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var codes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, _) =>
        {
            var response = await SendAsync(schema, c);
            statuses.AddOrUpdate(response.Status, 1, (_, n) => n + 1);
            foreach (var code in response.Codes.Distinct())
            {
                codes.AddOrUpdate(code ?? "(none)", 1, (_, n) => n + 1);
            }

            if ((response.Violation ?? ExpectedEncodingError(c, response)) is { } violation)
            {
                violations.Add($"{c}: {violation}");
            }
        });

        output.WriteLine($"{targets.Count} argument positions ({targets.Count(t => t.FirstOfItsKind)} distinct), {cases.Count} requests.");
        output.WriteLine("HTTP status: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        output.WriteLine("codes: " + string.Join(", ", codes.OrderByDescending(c => c.Value).Select(c => $"{c.Key}×{c.Value}")));
        Assert.True(violations.IsEmpty, $"{violations.Count} of {cases.Count} answers break the rules:\n" + string.Join("\n", violations.Take(25)));
        Assert.DoesNotContain(statuses.Keys, s => s >= 500);

        // The server is still up and answers a plain query correctly.
        var health = await server.PostAsync(FuzzServer.Body("{ catalog { version } }"u8, default));
        Assert.Equal(200, health.Status);
        Assert.NotNull((string?)health.Body!["data"]!["catalog"]!["version"]);
    }

    /// <summary>
    /// First time a position is seen (per input type and field): every value applicable there, as variable and literal;
    /// positions reached again through another dimension: the spot values. Spot values also go through GET once per
    /// distinct position.
    /// </summary>
    private static IEnumerable<FuzzCase> Cases(IReadOnlyList<FuzzTarget> targets)
    {
        foreach (var target in targets)
        {
            bool leaf = target.LeafType.Nullable.Kind is "SCALAR" or "ENUM";
            bool text = target.LeafType.Named is "String" or "ID" or "Date";
            foreach (var value in HostileValues.All.Where(v => (target.FirstOfItsKind || v.Spot) && (leaf || v.Structural) && (text || !v.Large)))
            {
                yield return new FuzzCase(target, value, FuzzMode.Variables);
                yield return new FuzzCase(target, value, FuzzMode.Literal);
                if (value.Spot && target.FirstOfItsKind && value.Json.Length < 4096)
                {
                    yield return new FuzzCase(target, value, FuzzMode.GetVariables);
                }
            }
        }
    }

    /// <summary>Broken encodings must be refused for what they are, not for a side effect (e.g. an enum mismatch).</summary>
    private static string? ExpectedEncodingError(FuzzCase c, FuzzResponse response)
    {
        string? expected = c.Value switch
        {
            { BrokenUtf8: true } when c.Mode != FuzzMode.GetVariables => "INVALID_ENCODING",
            { LoneSurrogate: true } when c.Mode == FuzzMode.Literal => "GRAPHQL_PARSE_FAILED",
            { LoneSurrogate: true } => "INVALID_ENCODING",
            _ => null,
        };
        return expected is null || (response.Status == 400 && response.Codes.SequenceEqual([expected]))
            ? null
            : $"expected 400 {expected}, got {response.Status} {string.Join(",", response.Codes)}";
    }

    private Task<FuzzResponse> SendAsync(SchemaArguments schema, FuzzCase c)
    {
        var target = c.Target;
        var argument = schema.Wrap(target.Argument.Type, target.Steps, 0, new FuzzValue.Raw(c.Value.Json, c.Value.Literal));
        var query = new List<byte>();
        var variables = new List<byte>();
        if (c.Mode == FuzzMode.Literal)
        {
            Append(query, "{ ");
        }
        else
        {
            Append(query, $"query Fuzz($v: {target.Argument.Type.Sdl}) {{ ");
            Append(variables, "{\"v\":");
            argument.WriteJson(variables);
            Append(variables, "}");
        }

        foreach (var step in target.Path)
        {
            Append(query, step.Name);
            Arguments(schema, query, step, null, null);
            Append(query, " { ");
        }

        Append(query, target.Field.Name);
        Arguments(schema, query, target.Field, target.Argument.Name, c.Mode == FuzzMode.Literal ? argument : null);
        Append(query, schema.Selection(target.Field.Type));
        Append(query, string.Concat(Enumerable.Repeat(" }", target.Path.Count + 1)));

        if (c.Mode == FuzzMode.GetVariables)
        {
            return server.GetAsync($"query={PercentEncode(query)}&variables={PercentEncode(variables)}");
        }

        return server.PostAsync(FuzzServer.Body(query.ToArray(), variables.ToArray()));
    }

    /// <summary>The field's arguments: the fuzzed one (a literal, or <c>$v</c> when it travels as a variable) and valid values for the other required ones.</summary>
    private static void Arguments(SchemaArguments schema, List<byte> query, FieldInfo field, string? fuzzed, FuzzValue? literal)
    {
        var parts = field.Args.Where(a => a.Name == fuzzed || a.Type.IsNonNull).ToList();
        if (parts.Count == 0)
        {
            return;
        }

        Append(query, "(");
        foreach (var arg in parts)
        {
            Append(query, arg.Name + ": ");
            if (arg.Name != fuzzed)
            {
                schema.Default(arg.Type, arg.Name).WriteLiteral(query);
            }
            else if (literal is not null)
            {
                literal.WriteLiteral(query);
            }
            else
            {
                Append(query, "$v");
            }

            Append(query, " ");
        }

        Append(query, ")");
    }

    private static void Append(List<byte> bytes, string text) => bytes.AddRange(Encoding.UTF8.GetBytes(text));

    /// <summary>Percent-encodes every byte but unreserved ASCII (broken UTF-8 stays broken).</summary>
    private static string PercentEncode(List<byte> bytes)
    {
        var text = new StringBuilder(bytes.Count * 3);
        foreach (byte b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
