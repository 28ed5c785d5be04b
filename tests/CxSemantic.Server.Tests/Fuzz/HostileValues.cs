using System.Text;

namespace CxSemantic.Server.Tests.Fuzz;

/// <summary>
/// One value sent where an argument (or a part of one) belongs: as JSON in the variables and as a GraphQL literal in the
/// document, both byte for byte (so that broken UTF-8 and lone surrogate escapes arrive as written).
/// </summary>
/// <param name="Name">What it is, for failure messages.</param>
/// <param name="Json">The JSON text.</param>
/// <param name="Literal">The GraphQL literal text.</param>
/// <param name="Spot">Also sent where an input type's field was already fuzzed in full through another argument.</param>
/// <param name="Structural">Also sent in place of whole input objects and lists.</param>
public sealed record HostileValue(string Name, byte[] Json, byte[] Literal, bool Spot = false, bool Structural = false)
{
    /// <summary>A high surrogate escape not followed by a low one, or a low one not preceded by a high one.</summary>
    private static readonly System.Text.RegularExpressions.Regex LoneSurrogateEscape = new(
        @"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>A lone UTF-16 surrogate escape (\\ud800 …): INVALID_ENCODING in JSON, a syntax error in a GraphQL string.</summary>
    public bool LoneSurrogate { get; } = LoneSurrogateEscape.IsMatch(Encoding.UTF8.GetString(Json));

    /// <summary>Bytes that are not UTF-8: INVALID_ENCODING wherever they are.</summary>
    public bool BrokenUtf8 { get; } = !System.Text.Unicode.Utf8.IsValid(Json);

    /// <summary>A megabyte: sent only where a string goes (elsewhere it costs time and tests nothing the small wrong types do not).</summary>
    public bool Large => Json.Length > 100_000;

    public override string ToString() => Name;
}

/// <summary>The hostile corpus: broken encodings, control characters, huge and deep values, wrong types, injection-shaped text.</summary>
public static class HostileValues
{
    private const int MiB = 1 << 20;

    /// <summary>The same text as JSON and as a GraphQL literal (their string and number syntax agree for these).</summary>
    private static HostileValue Same(string name, string text, bool spot = false, bool structural = false) =>
        new(name, Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(text), spot, structural);

    private static HostileValue Bytes(string name, byte[] inString, bool spot = false, bool structural = false)
    {
        byte[] text = [(byte)'"', .. inString, (byte)'"'];
        return new(name, text, text, spot, structural);
    }

    public static IReadOnlyList<HostileValue> All { get; } =
    [
        Same("lone high surrogate escape", "\"\\ud800\"", spot: true, structural: true),
        Same("lone low surrogate escape inside text", "\"ab\\udfffcd\"", spot: true),
        Same("high surrogate escape before a letter", "\"\\ud83dA\""),
        Same("surrogate pair escape (valid)", "\"\\ud83d\\ude00\""),
        Bytes("overlong UTF-8 (C0 AF)", [0xC0, 0xAF], spot: true, structural: true),
        Bytes("encoded surrogate (CESU-8 ED A0 80)", [0xED, 0xA0, 0x80]),
        Bytes("truncated UTF-8 (E2 82)", [0xE2, 0x82]),
        Bytes("lone continuation byte", [0x80]),
        Bytes("byte FF", [0xFF]),
        Same("NUL", "\"\\u0000\"", spot: true, structural: true),
        Same("NUL inside text", "\"a\\u0000b\""),
        Same("control characters", "\"\\u0001\\u001f\\b\\f\""),
        Same("1 MiB ASCII string", "\"" + new string('a', MiB) + "\""),
        Same("1 MiB of two-byte characters", "\"" + new string('é', MiB / 2) + "\""),
        Same("empty string", "\"\""),
        Same("SQL quote", "\"x' OR '1'='1\"", spot: true),
        Same("SQL statement", "\"'; DROP TABLE interactions; --\""),
        Same("LIKE wildcards and backslash", "\"%_\\\\\""),
        Same("RTL override and BOM", "\"\\u202e\\ufeff\""),
        Same("emoji", "\"😀\""),
        Same("impossible date", "\"2026-02-30\""),
        Same("far date", "\"+275760-09-13\""),
        Same("zero date", "\"0000-00-00\""),
        Same("path traversal", "\"../../../etc/passwd\""),
        Same("huge float", "1e400", spot: true, structural: true),
        Same("huge negative float", "-1e400"),
        Same("tiny float", "1e-400"),
        Same("huge integer", "99999999999999999999999999", spot: true),
        Same("int32 overflow", "2147483648"),
        Same("int64 overflow", "-9223372036854775809"),
        Same("negative", "-1"),
        Same("zero", "0"),
        Same("negative zero", "-0"),
        Same("fraction", "1.5"),
        Same("10 000 digits", new string('7', 10_000)),
        Same("true", "true", structural: true),
        Same("null", "null", structural: true),
        new("object", "{\"eq\":\"x\"}"u8.ToArray(), "{eq: \"x\"}"u8.ToArray(), Structural: true),
        Same("empty object", "{}", structural: true),
        Same("empty list", "[]", structural: true),
        Same("list of null", "[null]"),
        Same("mixed list", "[1,\"a\",true]"),
        Same("list nested 10 000 deep", new string('[', 10_000) + new string(']', 10_000), structural: true),
        new("object nested 40 deep", Nested("{\"a\":", "}", 40, "1"), Nested("{a: ", "}", 40, "1"), Structural: true),
        new("enum-looking name", "\"VOICE\""u8.ToArray(), "VOICE"u8.ToArray()),
        new("undefined variable", "\"$nope\""u8.ToArray(), "$nope"u8.ToArray()),
    ];

    private static byte[] Nested(string open, string close, int depth, string inner) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth)));
}
