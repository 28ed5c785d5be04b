using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Language;

public class VisitorTests
{
    private sealed class Recorder(Func<SyntaxNode, VisitorAction> onEnter) : SyntaxVisitor
    {
        public List<string> Events { get; } = [];

        protected override VisitorAction Enter(SyntaxNode node, IReadOnlyList<SyntaxNode> ancestors)
        {
            if (node is FieldNode f) { Events.Add($"enter {f.Name.Value} depth {ancestors.Count}"); }
            return onEnter(node);
        }

        protected override VisitorAction Leave(SyntaxNode node, IReadOnlyList<SyntaxNode> ancestors)
        {
            if (node is FieldNode f) { Events.Add($"leave {f.Name.Value}"); }
            return VisitorAction.Continue;
        }
    }

    [Fact]
    public void Enter_and_leave_in_document_order_with_skip_and_break()
    {
        var doc = GraphQLParser.Parse("{ a { b } c { d } e }");
        var all = new Recorder(_ => VisitorAction.Continue);
        all.Visit(doc);
        Assert.Equal(["enter a depth 3", "enter b depth 5", "leave b", "leave a", "enter c depth 3", "enter d depth 5", "leave d", "leave c", "enter e depth 3", "leave e"], all.Events);

        var skip = new Recorder(n => n is FieldNode { Name.Value: "a" } ? VisitorAction.Skip : VisitorAction.Continue);
        skip.Visit(doc);
        Assert.Equal(["enter a depth 3", "leave a", "enter c depth 3", "enter d depth 5", "leave d", "leave c", "enter e depth 3", "leave e"], skip.Events);

        var stop = new Recorder(n => n is FieldNode { Name.Value: "d" } ? VisitorAction.Break : VisitorAction.Continue);
        stop.Visit(doc);
        Assert.Equal(["enter a depth 3", "enter b depth 5", "leave b", "leave a", "enter c depth 3", "enter d depth 5"], stop.Events);
    }

    [Fact]
    public async Task DateTime_scalar_round_trips_with_offset()
    {
        var schema = new SchemaBuilder()
            .AddScalarType(ScalarType.DateTime)
            .AddObjectType("Query", t => t.Field("shift", "DateTime", f => f.Argument("at", "DateTime!").Resolve(ctx => ((DateTimeOffset)ctx.Arguments["at"]!).AddHours(1))))
            .Build();
        var ok = await Executor.ExecuteAsync(schema, "{ shift(at: \"2024-01-31T10:00:00+02:00\") }");
        Assert.Equal("""{"data":{"shift":"2024-01-31T11:00:00+02:00"}}""", ok.ToJson());
        var bad = await Executor.ExecuteAsync(schema, "{ shift(at: \"2024-01-31 10:00\") }");
        Assert.Equal("DateTime cannot represent value: \"2024-01-31 10:00\"", Assert.Single(bad.Errors).Message);
        Assert.Equal(ErrorCodes.ValidationFailed, bad.Errors[0].Code);
    }
}
