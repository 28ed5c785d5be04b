using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Execution;

public class SchemaTests
{
    [Fact]
    public void Prints_sdl_like_graphql_js()
    {
        var sdl = ExecutorTests.BuildSchema().ToSdl();
        Assert.Equal(""""
            interface Node {
              id: ID!
            }

            """A metric."""
            type Metric implements Node {
              id: ID!
              name: String!
              value: Float
              old: String @deprecated(reason: "Use name")
              failing: String
              failingNonNull: String!
              secret: String
            }

            type Dimension implements Node {
              id: ID!
              label: String
            }

            union SearchResult = Metric | Dimension

            enum Order {
              ASC

              """Descending"""
              DESC
            }

            input MetricFilter {
              name: StringFilter
              minValue: Float
            }

            input StringFilter @oneOf {
              eq: String
              in: [String!]
            }

            """An ISO-8601 calendar date, e.g. 2024-01-31."""
            scalar Date @specifiedBy(url: "https://scalars.graphql.org/andimarek/local-date.html")

            type Query {
              metrics(where: MetricFilter, order: [Order!] = [ASC], first: Int = 10): [Metric!]!
              search: [SearchResult]
              node(id: ID!): Node
              today: Date
              echoDate(d: Date!): Date
              user: String
            }
            """".ReplaceLineEndings("\n"), sdl);
    }

    [Fact]
    public void Sdl_round_trips_through_schema_from_sdl()
    {
        var sdl = ExecutorTests.BuildSchema().ToSdl();
        Assert.Equal(sdl, Schema.FromSdl(sdl).ToSdl());
    }

    [Fact]
    public void Invalid_schemas_are_rejected_with_reasons()
    {
        var ex = Assert.Throws<SchemaException>(() => Schema.FromSdl("type Query { a: Missing } interface I { x: Int } type T implements I { y: Int }"));
        Assert.Contains("Unknown type \"Missing\" referenced by Query.a.", ex.Message);
        Assert.Contains("Interface field I.x expected but T does not provide it.", ex.Message);
    }

    [Fact]
    public async Task Introspection_reports_types_and_default_values()
    {
        var result = await Executor.ExecuteAsync(ExecutorTests.BuildSchema(), """
            { __type(name: "Query") { kind name fields { name args { name defaultValue type { kind name ofType { kind name } } } } }
              __schema { queryType { name } mutationType { name } } }
            """);
        var json = result.ToJson();
        Assert.Contains("""{"name":"order","defaultValue":"[ASC]","type":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null}}}""", json);
        Assert.Contains("""{"queryType":{"name":"Query"},"mutationType":null}""", json);
        Assert.Empty(result.Errors);
    }
}
