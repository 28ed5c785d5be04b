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

    [Theory]
    [InlineData("type Query { a: Int a: String }", "Field \"Query.a\" can only be defined once.")]
    [InlineData("type Query { a(x: Int, x: Int): Int }", "Argument \"Query.a(x:)\" can only be defined once.")]
    [InlineData("type Query { __a: Int }", "Name \"__a\" must not begin with \"__\", which is reserved by GraphQL introspection.")]
    [InlineData("type Query { a(i: I): Int } input I { j: J! } input J { i: I! }", "Cannot reference Input Object \"I\" within itself through a series of non-null fields: \"j.i\".")]
    [InlineData("type Query { a: E } enum E { X X }", "Enum value \"E.X\" can only be defined once.")]
    [InlineData("type Query { a: U } union U = Query | Query", "Union type U can only include type Query once.")]
    [InlineData("type Query { a: I } interface I { x: Int } type T implements I { x: String }", "Interface field I.x expects type Int but T.x is type String.")]
    [InlineData("type Query { a: I } interface I { x(y: Int): Int } type T implements I { x: Int }", "Interface field argument I.x(y:) expected but T.x does not provide it.")]
    [InlineData("type Query { a(x: Query): Int }", "The type of Query.a(x:) must be Input Type but got: Query.")]
    [InlineData("type Query { a: In } input In { x: Int }", "The type of Query.a must be Output Type but got: In.")]
    [InlineData("type Query { a: Int } input O @oneOf { x: Int! }", "OneOf input field O.x must be nullable.")]
    public void Type_system_rules_reject_invalid_schemas(string sdl, string message)
    {
        var ex = Assert.Throws<SchemaException>(() => Schema.FromSdl(sdl));
        Assert.Contains(message, ex.Message.Split('\n'));
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
