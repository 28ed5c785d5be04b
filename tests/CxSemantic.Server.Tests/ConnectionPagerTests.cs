using System.Text;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Schema;

namespace CxSemantic.Server.Tests;

/// <summary>The Relay pager behind every paginated list of the API.</summary>
public class ConnectionPagerTests
{
    private static readonly string[] Items = ["a", "b", "c", "d", "e"];

    private readonly ConnectionPager _pager = new("metric");

    [Fact]
    public void Pages_walk_the_list_once_with_cursors()
    {
        var first = _pager.Page(Items, 2, null);
        Assert.Equal(["a", "b"], first.Edges.Select(e => e.Node));
        Assert.True(first.HasNextPage);
        Assert.False(first.HasPreviousPage);
        Assert.Equal(5, first.TotalCount);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("metric:1")), first.Edges[^1].Cursor);

        var second = _pager.Page(Items, 2, first.Edges[^1].Cursor);
        Assert.Equal(["c", "d"], second.Edges.Select(e => e.Node));
        Assert.True(second.HasPreviousPage);

        var rest = _pager.Page(Items, null, second.Edges[^1].Cursor);
        Assert.Equal(["e"], rest.Edges.Select(e => e.Node));
        Assert.False(rest.HasNextPage);
    }

    [Fact]
    public void An_empty_page_has_no_cursors_but_knows_what_follows()
    {
        var page = _pager.Page(Items, 0, null).ToGraphQL(x => x);
        Assert.Empty((List<object?>)page["nodes"]!);
        var info = (Dictionary<string, object?>)page["pageInfo"]!;
        Assert.Null(info["startCursor"]);
        Assert.Null(info["endCursor"]);
        Assert.Equal(true, info["hasNextPage"]);
        Assert.Equal(5, page["totalCount"]);
    }

    [Fact]
    public void Nodes_and_edges_carry_the_same_written_node()
    {
        var page = _pager.Page(Items, 3, null).ToGraphQL(x => x.ToUpperInvariant());
        var edges = (List<Dictionary<string, object?>>)page["edges"]!;
        Assert.Equal(["A", "B", "C"], (List<object?>)page["nodes"]!);
        Assert.Equal(["A", "B", "C"], edges.Select(e => e["node"]));
        Assert.Equal(edges[0]["cursor"], ((Dictionary<string, object?>)page["pageInfo"]!)["startCursor"]);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bWV0cmljOng=")] // metric:x
    [InlineData("b3RoZXI6MQ==")] // other:1
    [InlineData("bWV0cmljOjIxNDc0ODM2NDc=")] // metric:2147483647: the next page would start past int.MaxValue
    [InlineData("bWV0cmljOjIxNDc0ODM2NDg=")] // metric:2147483648
    [InlineData("bWV0cmljOi0x")] // metric:-1
    public void A_foreign_cursor_is_refused_with_the_fix(string cursor)
    {
        var error = Assert.Throws<GraphQLException>(() => _pager.Page(Items, 2, cursor));
        Assert.Equal($"after: \"{cursor}\" is not a cursor of this API; pass pageInfo.endCursor of the previous page.", error.Message);
        Assert.Equal("INVALID_ARGUMENT", error.Code);
    }

    [Fact]
    public void The_largest_valid_cursor_gives_an_empty_page_without_overflow()
    {
        var page = _pager.Page(Items, 2, Convert.ToBase64String(Encoding.UTF8.GetBytes("metric:2147483646")));
        Assert.Empty(page.Edges);
        Assert.False(page.HasNextPage);
        Assert.True(page.HasPreviousPage);
    }

    [Fact]
    public void A_long_cursor_is_not_echoed_whole()
    {
        var cursor = new string('A', 100_000);
        var error = Assert.Throws<GraphQLException>(() => _pager.Page(Items, 2, cursor));
        Assert.Equal($"after: \"{new string('A', 64)}…\" is not a cursor of this API; pass pageInfo.endCursor of the previous page.", error.Message);
    }

    [Fact]
    public void A_negative_first_is_refused()
    {
        var error = Assert.Throws<GraphQLException>(() => _pager.Page(Items, -1, null));
        Assert.Equal("first must be 0 or more.", error.Message);
        Assert.Equal("INVALID_ARGUMENT", error.Code);
    }
}
