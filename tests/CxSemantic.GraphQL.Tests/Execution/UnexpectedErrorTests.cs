using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Execution;

/// <summary>The hook that lets a host log unexpected resolver exceptions and hand the client a correlation id.</summary>
public class UnexpectedErrorTests
{
    private static Schema BuildSchema() => new SchemaBuilder()
        .AddObjectType("Item", t => t.Field("broken", "Int", _ => throw new IOException("disk gone")).Field("refused", "Int", _ => throw new GraphQLException("No.", "REFUSED")))
        .AddObjectType("Query", t => t.Field("items", "[Item]", _ => new object[] { 1, 2 }))
        .Build();

    [Fact]
    public async Task Each_unexpected_exception_reaches_the_hook_with_its_path_and_the_returned_entries_join_the_extensions()
    {
        var seen = new List<UnexpectedError>();
        var options = new ExecutionOptions
        {
            OnUnexpectedError = e =>
            {
                lock (seen)
                {
                    seen.Add(e);
                    return new Dictionary<string, object?> { ["correlationId"] = $"id{seen.Count}" };
                }
            },
            ParallelRootFields = false,
        };
        var result = await Executor.ExecuteAsync(BuildSchema(), "{ items { broken refused } }", options: options);
        Assert.Equal(
            """{"errors":[{"message":"Unexpected Execution Error","locations":[{"line":1,"column":11}],"path":["items",0,"broken"],"extensions":{"code":"INTERNAL_SERVER_ERROR","correlationId":"id1"}},{"message":"No.","locations":[{"line":1,"column":18}],"path":["items",0,"refused"],"extensions":{"code":"REFUSED"}},{"message":"Unexpected Execution Error","locations":[{"line":1,"column":11}],"path":["items",1,"broken"],"extensions":{"code":"INTERNAL_SERVER_ERROR","correlationId":"id2"}},{"message":"No.","locations":[{"line":1,"column":18}],"path":["items",1,"refused"],"extensions":{"code":"REFUSED"}}],"data":{"items":[{"broken":null,"refused":null},{"broken":null,"refused":null}]}}""",
            result.ToJson());
        Assert.Equal(2, seen.Count);
        Assert.All(seen, e => Assert.Equal("disk gone", Assert.IsType<IOException>(e.Exception).Message));
        Assert.Equal<object>(["items", 0, "broken"], seen[0].Path);
        Assert.Equal<object>(["items", 1, "broken"], seen[1].Path);
    }

    [Fact]
    public async Task Without_a_hook_the_error_has_only_the_code()
    {
        var result = await Executor.ExecuteAsync(BuildSchema(), "{ items { broken } }");
        Assert.Equal("""{"code":"INTERNAL_SERVER_ERROR"}""", System.Text.Json.JsonSerializer.Serialize(result.Errors[0].Extensions));
    }
}
