using System.Text.Json.Nodes;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Conformance;

/// <summary>@deprecated on a directive definition, as graphql-js 17 parses, prints and introspects it.</summary>
public sealed class DirectiveDeprecationTests
{
    private const string Sdl = """
        directive @old(x: Int) @deprecated(reason: "Use @new.") on FIELD

        directive @new on FIELD

        type Query {
          a: Int
        }
        """;

    [Fact]
    public void Printed_between_arguments_and_locations_like_graphql_js_17()
    {
        Assert.Contains("directive @old(x: Int) @deprecated(reason: \"Use @new.\") on FIELD", Schema.FromSdl(Sdl).ToSdl(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Introspection_hides_it_unless_includeDeprecated_and_reports_the_reason()
    {
        var schema = Schema.FromSdl(Sdl);
        var result = await Executor.ExecuteAsync(schema, """
            { hidden: __schema { directives { name } }
              all: __schema { directives(includeDeprecated: true) { name isDeprecated deprecationReason } } }
            """);
        Assert.Empty(result.Errors);
        var data = JsonNode.Parse(result.ToJson())!["data"]!;
        var hidden = data["hidden"]!["directives"]!.AsArray().Select(d => (string)d!["name"]!).ToList();
        Assert.DoesNotContain("old", hidden);
        Assert.Contains("new", hidden);
        var all = data["all"]!["directives"]!.AsArray().ToDictionary(d => (string)d!["name"]!, d => d!);
        Assert.Equal("{\"name\":\"old\",\"isDeprecated\":true,\"deprecationReason\":\"Use @new.\"}", all["old"].ToJsonString());
        Assert.Equal("{\"name\":\"new\",\"isDeprecated\":false,\"deprecationReason\":null}", all["new"].ToJsonString());
    }
}
