using System.Text;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Serialization;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.GraphQL.Tests.Serialization;

/// <summary>
/// Requests that are not valid Unicode (bytes that are not UTF-8, lone UTF-16 surrogate escapes) fail with
/// INVALID_ENCODING naming the JSON path and byte offset, before any component reads the broken string.
/// </summary>
public sealed class JsonUnicodeTests
{
    private static GraphQLRequestReadResult Post(byte[] body)
    {
        var fromStream = GraphQLRequestReader.ReadJsonBodyAsync(new MemoryStream(body)).AsTask().GetAwaiter().GetResult();
        var fromMemory = GraphQLRequestReader.ReadJsonBody(body);
        Assert.Equal(fromStream.Error, fromMemory.Error);
        return fromMemory;
    }

    private static void AssertFault(GraphQLRequestReadResult read, string message, string? jsonPath, long offset)
    {
        Assert.False(read.Succeeded);
        Assert.Equal(ErrorCodes.InvalidEncoding, read.ErrorCode);
        Assert.Equal(message, read.Error);
        Assert.Equal(jsonPath, read.ErrorExtensions["jsonPath"]);
        Assert.Equal(offset, read.ErrorExtensions["offset"]);
    }

    private static string LoneEscape(string source, string escape, string path, long offset) =>
        $"The {source} has a lone UTF-16 surrogate {escape} at {path} (byte {offset}): JSON strings must hold valid Unicode. Write a character outside the Basic Multilingual Plane as a surrogate pair (\\ud83d\\ude00) or as UTF-8, and drop unpaired halves.";

    private static string NotUtf8(long offset, string? path) =>
        $"The request body is not valid UTF-8 at byte {offset}{(path is null ? "" : " in " + path)}: send it encoded as UTF-8 (Content-Type: application/json; charset=utf-8) and escape binary data (e.g. as base64).";

    [Theory]
    [InlineData("""{"query":"\ud800"}""", "\\ud800", "$.query", 10)]
    [InlineData("""{"query":"{ a }","operationName":"x\uDFFF"}""", "\\uDFFF", "$.operationName", 35)]
    [InlineData("""{"query":"{ a }","variables":{"w":{"in":["ok","x\udc00"]}}}""", "\\udc00", "$.variables.w.in[1]", 48)]
    [InlineData("""{"query":"{ a }","variables":{"a b":[1,{"c":["\ud800\u0041"]}]}}""", "\\ud800", "$.variables[\"a b\"][1].c[0]", 46)]
    [InlineData("""{"query":"{ a }","variables":{"\ud800":1}}""", "\\ud800", "$.variables (a member name)", 31)]
    [InlineData("""{"query":"{ a }","extensions":{"persistedQuery":{"sha256Hash":"\udbff"}}}""", "\\udbff", "$.extensions.persistedQuery.sha256Hash", 63)]
    [InlineData("""["\ud800"]""", "\\ud800", "$[0]", 2)]
    public void A_lone_surrogate_escape_anywhere_in_the_body_is_refused_with_its_path_and_offset(string body, string escape, string path, long offset)
    {
        Assert.Equal("\\u", body.Substring((int)offset, 2));
        AssertFault(Post(Encoding.UTF8.GetBytes(body)), LoneEscape("request body", escape, path, offset), path, offset);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x80 })] // overlong NUL
    [InlineData(new byte[] { 0xE0, 0x80, 0xAF })] // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate (CESU-8)
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // beyond U+10FFFF
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xE2, 0x82 })] // truncated
    [InlineData(new byte[] { 0x80 })] // a lone continuation byte
    public void Bytes_that_are_not_utf8_in_a_string_name_the_string_and_the_byte(byte[] bad)
    {
        byte[] body = [.. """{"query":"{ a }","variables":{"s":"ab"""u8, .. bad, .. "\"}}"u8];
        AssertFault(Post(body), NotUtf8(37, "$.variables.s"), "$.variables.s", 37);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_outside_strings_name_the_byte()
    {
        byte[] body = [.. """{"query":"{ a }" """u8, 0xFF, .. "}"u8];
        AssertFault(Post(body), NotUtf8(17, null), null, 17);
    }

    [Fact]
    public void Surrogate_pairs_utf8_a_byte_order_mark_and_an_escaped_backslash_before_u_are_valid()
    {
        var read = Post([0xEF, 0xBB, 0xBF, .. """{"query":"{ a }","variables":{"pair":"\ud83d\ude00","raw":"😀é","literal":"\\ud800","nul":"\u0000"}}"""u8]);
        Assert.True(read.Succeeded, read.Error);
        Assert.Equal("😀", read.Request.Variables!["pair"]);
        Assert.Equal("😀é", read.Request.Variables["raw"]);
        Assert.Equal("\\ud800", read.Request.Variables["literal"]);
        Assert.Equal("\0", read.Request.Variables["nul"]);
    }

    [Fact]
    public void Get_variables_and_extensions_with_lone_surrogate_escapes_are_refused()
    {
        var read = GraphQLRequestReader.ReadQueryString(name => name switch
        {
            "query" => ["{ a }"],
            "variables" => ["""{"where":{"intent":{"eq":"\udc00"}}}"""],
            _ => [],
        });
        AssertFault(read, LoneEscape("variables parameter", "\\udc00", "$.where.intent.eq", 26), "$.where.intent.eq", 26);

        read = GraphQLRequestReader.ReadQueryString(name => name switch { "query" => ["{ a }"], "extensions" => ["""{"x":["\ud800"]}"""], _ => [] });
        AssertFault(read, LoneEscape("extensions parameter", "\\ud800", "$.x[0]", 7), "$.x[0]", 7);
    }

    [Theory]
    [InlineData("query", "{ a(s: \"x", 0xD800, "\") }")]
    [InlineData("operationName", "Q", 0xDC00, "")]
    [InlineData("variables", "{\"s\":\"", 0xDBFF, "\"}")]
    public void Get_parameters_holding_lone_surrogate_characters_are_refused(string name, string before, int unit, string after)
    {
        // Built here: a lone surrogate in an attribute's string does not survive test discovery.
        string value = before + (char)unit + after;
        var read = GraphQLRequestReader.ReadQueryString(n => n == name ? [value] : n == "query" ? ["{ a }"] : []);
        AssertFault(read, $"The {name} parameter has a lone UTF-16 surrogate U+{unit:X4} at character {before.Length}: send valid Unicode, percent-encoded as UTF-8.", null, before.Length);
    }

    /// <summary>One piece of a generated JSON string: its bytes as sent, the text it decodes to, and whether it is a lone surrogate.</summary>
    private sealed record Piece(string Json, string Text, bool Lone);

    private static readonly Piece[] s_pieces =
    [
        new("a", "a", false),
        new("é", "é", false),
        new("中", "中", false),
        new("😀", "😀", false),
        new("\\u00e9", "é", false),
        new("\\uD83D\\uDE00", "😀", false),
        new("\\ud7ff", "\ud7ff", false),
        new("\\ue000", "\ue000", false),
        new("\\\\ud800", "\\ud800", false),
        new("\\n", "\n", false),
        new("\\u0000", "\0", false),
        new("\\ud800x", string.Empty, true),
        new("\\udbffz", string.Empty, true),
        new("\\udc00", string.Empty, true),
        new("\\uDFFF", string.Empty, true),
    ];

    [Fact]
    public void Property_the_first_lone_surrogate_is_reported_at_its_byte_and_valid_strings_decode_exactly()
    {
        const string prefix = """{"query":"{ a }","variables":{"v":[1,""";
        var gen = Gen.Elements(s_pieces).ListOf().Select(p => p.ToArray());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), Prop.ForAll(gen.ToArbitrary(), pieces =>
        {
            byte[] body = Encoding.UTF8.GetBytes(prefix + "\"" + string.Concat(pieces.Select(p => p.Json)) + "\"]}}");
            var read = GraphQLRequestReader.ReadJsonBody(body);
            int lone = Array.FindIndex(pieces, p => p.Lone);
            if (lone < 0)
            {
                return read.Succeeded && (string?)((List<object?>)read.Request.Variables!["v"]!)[1] == string.Concat(pieces.Select(p => p.Text));
            }

            long offset = Encoding.UTF8.GetByteCount(prefix) + 1 + Encoding.UTF8.GetByteCount(string.Concat(pieces.Take(lone).Select(p => p.Json)));
            return !read.Succeeded
                && read.ErrorCode == ErrorCodes.InvalidEncoding
                && (long)read.ErrorExtensions["offset"]! == offset
                && (string?)read.ErrorExtensions["jsonPath"] == "$.variables.v[1]";
        }));
    }
}
