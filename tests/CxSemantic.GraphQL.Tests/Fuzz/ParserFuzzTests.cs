using System.Diagnostics;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Printing;
using CxSemantic.GraphQL.Tests.Conformance;
using CxSemantic.GraphQL.Types;
using CxSemantic.GraphQL.Validation;
using FsCheck;
using FsCheck.Fluent;

namespace CxSemantic.GraphQL.Tests.Fuzz;

/// <summary>Random, mutated and truncated documents: only <see cref="GraphQLSyntaxException"/> may escape, and everything finishes.</summary>
public sealed class ParserFuzzTests
{
    private static readonly Lazy<Schema> s_schema = new(ConformanceSchema.Build);

    private static readonly string[] s_tokens =
    [
        "{", "}", "(", ")", "[", "]", ":", "...", "@", "$", "!", "=", "|", "&", ",", " ", "\n", "\r\n", "\t",
        "query", "mutation", "subscription", "fragment", "on", "extend", "type", "schema", "directive", "enum", "input",
        "metrics", "metric", "id", "name", "owner", "search", "echo", "value", "where", "first", "limit", "related", "F",
        "Metric", "User", "Int", "String", "skip", "include", "if", "true", "false", "null", "SUM", "__typename",
        "\"s\"", "\"\\u00e9\"", "\"\\u{1F600}\"", "\"\"\"block\"\"\"", "\"\\", "\"", "'", "#c\n", "1", "-0", "01", "1.5e3", "1.",
        "é", "😀", "\u0000", "\u0007", "\uFEFF", "\\", "\"\"\"", ".", "..", "-",
    ];

    /// <summary>Parses and, when that succeeds, validates and executes; anything but a syntax error fails the property.</summary>
    private static bool Survives(string source)
    {
        DocumentNode document;
        try
        {
            document = GraphQLParser.Parse(source, new ParserOptions { MaxTokens = 2_000, MaxRecursionDepth = 32 });
        }
        catch (GraphQLSyntaxException ex)
        {
            return ex.Message.StartsWith("Syntax Error: ", StringComparison.Ordinal) && ex.Location.Line >= 1 && ex.Location.Column >= 1;
        }

        var errors = DocumentValidator.Validate(s_schema.Value, document);
        _ = AstPrinter.Print(document);
        if (errors.Count == 0)
        {
            var result = Executor.ExecuteAsync(s_schema.Value, new GraphQLRequest { Document = document }).GetAwaiter().GetResult();
            _ = result.ToJson();
        }
        return true;
    }

    private static void WithinTimeLimit(Action action, int seconds = 60)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(TimeSpan.FromSeconds(seconds)), "did not finish in time (hang?)");
        task.GetAwaiter().GetResult();
    }

    [Fact]
    public void Every_truncation_of_every_corpus_document_only_throws_syntax_errors()
    {
        var corpus = GraphQLJsOracle.LoadCorpus();
        int truncations = 0;
        WithinTimeLimit(() =>
        {
            foreach (var doc in corpus)
            {
                for (int i = 0; i <= doc.Source.Length; i++)
                {
                    Assert.True(Survives(doc.Source[..i]), $"{doc.Id} truncated at {i}");
                    truncations++;
                }
            }
        });
        Assert.True(truncations > 10_000, $"only {truncations} truncations");
    }

    [Fact]
    public void Random_token_soup_only_throws_syntax_errors()
    {
        var gen = Gen.Elements(s_tokens).ListOf().Select(tokens => string.Concat(tokens));
        WithinTimeLimit(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(3_000).WithEndSize(80), Prop.ForAll(gen.ToArbitrary(), Survives)));
    }

    [Fact]
    public void Random_strings_only_throw_syntax_errors()
    {
        WithinTimeLimit(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(3_000), Prop.ForAll(ArbMap.Default.ArbFor<string>(), s => Survives(s ?? string.Empty))));
    }

    [Fact]
    public void Mutated_corpus_documents_only_throw_syntax_errors()
    {
        var corpus = GraphQLJsOracle.LoadCorpus();
        var gen =
            from index in Gen.Choose(0, corpus.Count - 1)
            from edits in Gen.Choose(0, 3).SelectMany(n => Gen.Three(Gen.Choose(0, 1000)).ArrayOf(n + 1))
            from token in Gen.Elements(s_tokens)
            select Mutate(corpus[index].Source, edits, token);
        WithinTimeLimit(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(3_000), Prop.ForAll(gen.ToArbitrary(), Survives)));
    }

    private static string Mutate(string source, (int, int, int)[] edits, string token)
    {
        foreach (var (kind, position, length) in edits)
        {
            if (source.Length == 0) { break; }
            int p = position % source.Length;
            source = (kind % 3) switch
            {
                0 => source.Remove(p, Math.Min(1 + (length % 5), source.Length - p)),
                1 => source.Insert(p, token),
                _ => source[..p] + token + source[Math.Min(source.Length, p + 1)..],
            };
        }
        return source;
    }

    [Fact]
    public void The_property_harness_reports_failures()
    {
        var gen = Gen.Elements(s_tokens).ListOf().Select(tokens => string.Concat(tokens));
        Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(gen.ToArbitrary(), s => !s.Contains('{', StringComparison.Ordinal))));
    }

    [Fact]
    public void Printing_a_parsed_corpus_document_round_trips()
    {
        foreach (var doc in GraphQLJsOracle.LoadCorpus())
        {
            DocumentNode parsed;
            try { parsed = GraphQLParser.Parse(doc.Source); }
            catch (GraphQLSyntaxException) { continue; }
            if (parsed.Definitions.Any(d => d is TypeSystemDefinitionNode)) { continue; }
            var printed = AstPrinter.Print(parsed);
            Assert.Equal(printed, AstPrinter.Print(GraphQLParser.Parse(printed)));
        }
    }

    [Theory]
    [InlineData(200_000, SyntaxErrorCode.MaxDepthExceeded)]
    [InlineData(1_000_000, SyntaxErrorCode.MaxDepthExceeded)]
    public void Hostile_nesting_fails_fast_without_stack_overflow(int depth, SyntaxErrorCode code)
    {
        var sw = Stopwatch.StartNew();
        var selections = "{" + string.Concat(Enumerable.Repeat("a{", depth));
        var lists = "{ f(a: " + new string('[', depth) + ") }";
        var objects = "{ f(a: " + string.Concat(Enumerable.Repeat("{a:", depth)) + ") }";
        var types = "query($a: " + new string('[', depth) + "Int) { a }";
        foreach (var source in new[] { selections, lists, objects, types })
        {
            var ex = Assert.Throws<GraphQLSyntaxException>(() => GraphQLParser.Parse(source, new ParserOptions { MaxDocumentSize = 10_000_000 }));
            Assert.Equal(code, ex.Code);
        }
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Repeated_fields_do_not_make_validation_quadratic()
    {
        var schema = ConformanceSchema.Build();
        var sources = new[]
        {
            "{ me { " + string.Concat(Enumerable.Repeat("id ", 7000)) + "} }",
            "{ me { " + string.Concat(Enumerable.Repeat("friend { id } ", 2500)) + "} }",
            "{ me { ...F ...G } } fragment F on User { " + string.Concat(Enumerable.Repeat("id ", 3000)) + "} fragment G on User { " + string.Concat(Enumerable.Repeat("id ", 3000)) + "}",
        };
        foreach (var source in sources)
        {
            var document = GraphQLParser.Parse(source);
            var sw = Stopwatch.StartNew();
            Assert.Empty(DocumentValidator.Validate(schema, document));
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), $"took {sw.Elapsed}");
        }
    }

    [Fact]
    public void Token_and_size_limits_bound_work()
    {
        var manyFields = "{" + string.Concat(Enumerable.Repeat(" a", 100_000)) + "}";
        var ex = Assert.Throws<GraphQLSyntaxException>(() => GraphQLParser.Parse(manyFields));
        Assert.Equal(SyntaxErrorCode.TooManyTokens, ex.Code);
        Assert.Equal(1, ex.Location.Line);

        var huge = new string(' ', 2 * 1024 * 1024) + "{ a }";
        ex = Assert.Throws<GraphQLSyntaxException>(() => GraphQLParser.Parse(huge));
        Assert.Equal(SyntaxErrorCode.DocumentTooLarge, ex.Code);
        Assert.Equal("Syntax Error: Document size exceeds the maximum of 1048576 bytes.", ex.Message);
    }
}
