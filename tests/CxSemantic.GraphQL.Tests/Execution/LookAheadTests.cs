using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Execution;

/// <summary>The resolver look-ahead: what a resolver sees selected is what execution collects.</summary>
public class LookAheadTests
{
    /// <summary>Runs <paramref name="query"/> and returns what <paramref name="look"/> read from the look-ahead of Query.page.</summary>
    private static async Task<T> LookAt<T>(string query, Func<SelectionLookAhead, T> look, IReadOnlyDictionary<string, object?>? variables = null)
    {
        T seen = default!;
        var schema = new SchemaBuilder()
            .AddInterfaceType("Named", t => t.Field("name", "String"))
            .AddObjectType("Inner", t => t.Implements("Named").Field("name", "String").Field("x", "Int").Field("y", "Int"))
            .AddObjectType("Row", t => t.Implements("Named").Field("name", "String").Field("a", "Int").Field("b", "Int").Field("c", "Int").Field("inner", "Inner"))
            .AddObjectType("Page", t => t.Field("total", "Int").Field("rows", "[Row!]").Field("sql", "[String!]"))
            .AddObjectType("Query", t => t.Field("page", "Page", f => f.Resolve(ctx =>
            {
                seen = look(ctx.LookAhead());
                return null;
            })))
            .Build();
        var result = await Executor.ExecuteAsync(schema, query, variables: variables);
        Assert.Empty(result.Errors);
        return seen;
    }

    [Fact]
    public async Task Fields_come_with_response_keys_names_and_definitions_in_selection_order()
    {
        var fields = await LookAt("{ page { t: total rows { a } __typename total } }", l => l.Fields);
        Assert.Equal(["t:total", "rows:rows", "__typename:__typename", "total:total"], fields.Select(f => f.ResponseKey + ":" + f.Name));
        Assert.Equal("Int", fields[0].Definition!.Type.ToString());
        Assert.Null(fields[2].Definition);
        Assert.Equal(["total", "rows", "__typename"], (await LookAt("{ page { t: total rows { a } __typename total } }", l => l.FieldNames)));
    }

    [Fact]
    public async Task Inline_and_named_fragments_are_expanded_where_their_type_condition_applies()
    {
        var names = await LookAt(
            "{ page { rows { a ... on Row { b } ...N ... { inner { x } } } } } fragment N on Named { name }",
            l => l.Select("rows").FieldNames);
        Assert.Equal(["a", "b", "name", "inner"], names);
    }

    [Theory]
    [InlineData(true, false, "a,c")]
    [InlineData(false, false, "a,b")]
    [InlineData(false, true, "a,b,c")]
    [InlineData(true, true, "a,c")]
    public async Task Skip_and_include_are_evaluated_with_the_variables(bool skipB, bool includeC, string expected)
    {
        var names = await LookAt(
            "query($skipB: Boolean!, $includeC: Boolean = false) { page { rows { a b @skip(if: $skipB) ...C @include(if: $includeC) ... @include(if: $skipB) { c } } } } fragment C on Row { c }",
            l => string.Join(",", l.Select("rows").FieldNames),
            new Dictionary<string, object?> { ["skipB"] = skipB, ["includeC"] = includeC });
        Assert.Equal(expected, names);
    }

    [Fact]
    public async Task Select_merges_every_alias_of_a_field_in_selection_order()
    {
        var rows = await LookAt("{ page { first: rows { b x: a } total second: rows { c a } } }", l => l.Select("rows"));
        Assert.Equal(["b", "a", "c"], rows.FieldNames);
        Assert.Equal(["b", "x", "c", "a"], rows.Fields.Select(f => f.ResponseKey));
        Assert.Equal("Row", rows.Type!.Name);
        Assert.True(rows.Contains("a"));
        Assert.False(rows.Contains("x"));
    }

    [Fact]
    public async Task Nested_paths_select_under_a_child_of_a_child()
    {
        var inner = await LookAt("{ page { rows { inner { x } ... on Row { inner { y x } } } } }", l => l.Select("rows").Select("inner").FieldNames);
        Assert.Equal(["x", "y"], inner);
    }

    [Theory]
    [InlineData("{ page { total } }", "rows")]
    [InlineData("{ page { sql } }", "sql")]
    [InlineData("{ page { total } }", "missing")]
    [InlineData("{ page { rows @skip(if: true) { a } } }", "rows")]
    public async Task Selecting_an_unselected_leaf_or_unknown_field_is_empty(string query, string field)
    {
        var selected = await LookAt(query, l => l.Select(field));
        Assert.Empty(selected.Fields);
        Assert.Null(selected.Type);
    }

    [Fact]
    public async Task Fields_merged_under_one_response_key_keep_all_their_nodes()
    {
        var nodes = await LookAt("{ page { rows { a } rows { b } } }", l => l.Fields.Single().Nodes.Count);
        Assert.Equal(2, nodes);
        Assert.Equal(["a", "b"], await LookAt("{ page { rows { a } rows { b } } }", l => l.Select("rows").FieldNames));
    }
}
