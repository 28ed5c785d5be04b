using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Execution;

/// <summary>The look-ahead over the whole operation: every root field, each alias apart, with its coerced arguments.</summary>
public class OperationLookAheadTests
{
    [Fact]
    public async Task A_root_resolver_sees_every_alias_of_the_operation_with_arguments_and_selections_before_any_runs()
    {
        var seen = new List<string>();
        var schema = new SchemaBuilder()
            .AddObjectType("Row", t => t.Field("a", "Int").Field("b", "Int"))
            .AddObjectType("Page", t => t.Field("rows", "[Row!]"))
            .AddObjectType("Query", t => t
                .Field("other", "Int")
                .Field("page", "Page", f => f
                    .Argument("size", "Int", a => a.DefaultValue("10"))
                    .Resolve(ctx =>
                    {
                        if (seen.Count == 0)
                        {
                            var operation = ctx.OperationLookAhead();
                            foreach (var field in operation.Fields.Where(f => f.Name == "page"))
                            {
                                var rows = operation.Select(field).Select("rows").FieldNames;
                                seen.Add($"{field.ResponseKey}(size {ctx.ArgumentsOf(field)["size"]}): {string.Join(",", rows)}");
                            }
                        }

                        return null;
                    })))
            .Build();

        var result = await Executor.ExecuteAsync(
            schema,
            "query($n: Int) { first: page(size: $n) { rows { a } } other second: page { rows { b a } } ... on Query { third: page(size: 3) { rows { b } } } }",
            variables: new Dictionary<string, object?> { ["n"] = 7 });
        Assert.Empty(result.Errors);
        Assert.Equal(["first(size 7): a", "second(size 10): b,a", "third(size 3): b"], seen);
    }
}
