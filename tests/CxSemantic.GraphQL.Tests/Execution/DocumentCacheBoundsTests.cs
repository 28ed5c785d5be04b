using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Execution;

/// <summary>The document cache is keyed by tokens (not text) and bounded by bytes, so hostile texts cannot grow it.</summary>
public class DocumentCacheBoundsTests
{
    private static Schema BuildSchema() => new SchemaBuilder()
        .AddObjectType("Query", t => t.Field("a", "Int", _ => 1).Field("b", "Int", _ => 2))
        .Build();

    [Fact]
    public void Texts_differing_only_in_comments_whitespace_and_commas_share_one_entry()
    {
        var schema = BuildSchema();
        var cache = new DocumentCache();
        var first = cache.GetOrPrepare(schema, "{ a b }");
        var bytes = cache.Bytes;
        for (var i = 0; i < 1_000; i++)
        {
            var padded = $"# comment {i} {new string('x', 1_000)}\n{{\n  a ,,, b # trailing {i}\n}}\n";
            Assert.Same(first, cache.GetOrPrepare(schema, padded));
        }

        Assert.Equal(1, cache.Count);
        Assert.Equal(bytes, cache.Bytes);
    }

    [Theory]
    [InlineData("{ a b }", "{ b a }")]
    [InlineData("{ a }", "{ x: a }")]
    [InlineData("query($v: Int = 1) { a }", "query($v: Int = 2) { a }")]
    [InlineData("query($v: String = \"x y\") { a }", "query($v: String = \"x  y\") { a }")]
    [InlineData("query($v: String = \"a\") { a }", "query($v: String = \"\"\"a\"\"\") { a }")]
    public void Texts_with_different_tokens_get_different_entries(string one, string other)
    {
        var schema = BuildSchema();
        var cache = new DocumentCache();
        Assert.NotSame(cache.GetOrPrepare(schema, one), cache.GetOrPrepare(schema, other));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void A_document_with_errors_is_shared_only_by_the_same_text_so_locations_point_into_the_text_sent()
    {
        var schema = BuildSchema();
        var cache = new DocumentCache();
        var first = cache.GetOrPrepare(schema, "{ nope }");
        Assert.Same(first, cache.GetOrPrepare(schema, "{ nope }"));
        var shifted = cache.GetOrPrepare(schema, "\n\n   { nope }");
        Assert.NotSame(first, shifted);
        var location = Assert.Single(Assert.Single(shifted.Errors).Locations);
        Assert.Equal((3, 6), (location.Line, location.Column));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Texts_that_do_not_lex_are_keyed_by_their_text()
    {
        var schema = BuildSchema();
        var cache = new DocumentCache();
        var first = cache.GetOrPrepare(schema, "{ a ' }");
        Assert.Same(first, cache.GetOrPrepare(schema, "{ a ' }"));
        Assert.NotSame(first, cache.GetOrPrepare(schema, "{ a  ' }"));
        Assert.Equal(ErrorCodes.ParseFailed, Assert.Single(first.Errors).Code);
    }

    [Fact]
    public void Distinct_documents_are_evicted_least_recently_used_to_stay_within_the_byte_budget()
    {
        var schema = BuildSchema();
        const long budget = 64 * 1024;
        var cache = new DocumentCache(capacity: int.MaxValue, maxBytes: budget);
        var recent = cache.GetOrPrepare(schema, "{ a }");
        long sum = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var text = "{ " + string.Join(' ', Enumerable.Range(0, 20).Select(j => $"f{i}_{j}: a")) + " }";
            var prepared = cache.GetOrPrepare(schema, text);
            sum += DocumentCache.EstimateBytes(prepared, 2 + (20 * 3));
            Assert.Same(recent, cache.GetOrPrepare(schema, "{ a }"));
            Assert.InRange(cache.Bytes, 1, budget);
        }

        // Every entry costs 512 + 128 per token: { a } has 3 tokens (896 bytes), each aliased document 62 (8,448 bytes).
        Assert.Equal(896 + (8_448 * 7), cache.Bytes);
        Assert.Equal(8, cache.Count);
        Assert.True(sum > 100 * budget, "The documents added cost far more than the budget.");
    }

    [Fact]
    public void A_text_above_the_size_limit_is_refused_and_not_cached()
    {
        var schema = BuildSchema();
        var cache = new DocumentCache();
        var options = new ParserOptions { MaxDocumentSize = 100 };
        var prepared = cache.GetOrPrepare(schema, "{ a }" + new string(' ', 200), options);
        Assert.Equal(ErrorCodes.ParseFailed, Assert.Single(prepared.Errors).Code);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_estimate_counts_tokens_and_error_messages()
    {
        var prepared = DocumentPreparer.Prepare(BuildSchema(), "{ nope }");
        var message = Assert.Single(prepared.Errors).Message;
        Assert.Equal(512 + (128 * 3) + 256 + (2 * message.Length), DocumentCache.EstimateBytes(prepared, 3));
    }
}
