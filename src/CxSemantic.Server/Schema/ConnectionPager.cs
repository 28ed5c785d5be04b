using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Hosting;

namespace CxSemantic.Server.Schema;

/// <summary>One item of a connection page with its opaque cursor.</summary>
/// <param name="Cursor">Where the item stands in the full list (pass it as <c>after</c> to continue behind it).</param>
/// <param name="Node">The item.</param>
internal sealed record Edge<T>(string Cursor, T Node);

/// <summary>A page of a Relay cursor connection over a filtered, ordered list.</summary>
/// <param name="Edges">The page's items.</param>
/// <param name="HasNextPage">Items follow the page.</param>
/// <param name="HasPreviousPage">Items precede the page.</param>
/// <param name="TotalCount">Items in the whole list.</param>
internal sealed record Connection<T>(ImmutableArray<Edge<T>> Edges, bool HasNextPage, bool HasPreviousPage, int TotalCount)
{
    /// <summary>
    /// The GraphQL value of the connection (<c>nodes</c>, <c>edges</c>, <c>pageInfo</c>, <c>totalCount</c>), each node
    /// written once by <paramref name="write"/> and shared by <c>nodes</c> and <c>edges</c>.
    /// </summary>
    public Dictionary<string, object?> ToGraphQL(Func<T, object?> write)
    {
        var nodes = Edges.Select(e => write(e.Node)).ToList();
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["nodes"] = nodes,
            ["edges"] = Edges.Select((e, i) => new Dictionary<string, object?>(StringComparer.Ordinal) { ["cursor"] = e.Cursor, ["node"] = nodes[i] }).ToList(),
            ["pageInfo"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["hasNextPage"] = HasNextPage,
                ["hasPreviousPage"] = HasPreviousPage,
                ["startCursor"] = Edges.IsEmpty ? null : Edges[0].Cursor,
                ["endCursor"] = Edges.IsEmpty ? null : Edges[^1].Cursor,
            },
            ["totalCount"] = TotalCount,
        };
    }
}

/// <summary>
/// Pages a list by the Relay arguments <c>first</c> and <c>after</c>. Cursors are the base64 of <c>kind:index</c>
/// (the position in the filtered, ordered list), so a cursor of another list or a made-up one is refused.
/// </summary>
/// <param name="kind">What the list holds (<c>metric</c>): the cursor's prefix.</param>
internal sealed class ConnectionPager(string kind)
{
    /// <summary>The page of <paramref name="all"/> behind the <paramref name="after"/> cursor, at most <paramref name="first"/> items.</summary>
    /// <exception cref="GraphQLException"><paramref name="after"/> is not a cursor of this pager, or <paramref name="first"/> is negative.</exception>
    public Connection<T> Page<T>(IReadOnlyList<T> all, int? first, string? after)
    {
        var start = after is null ? 0 : Decode(after) + 1;
        if (first < 0)
        {
            throw new GraphQLException("first must be 0 or more.", ServerErrorCodes.InvalidArgument);
        }

        var edges = all.Skip(start).Take(first ?? int.MaxValue).Select((item, i) => new Edge<T>(Encode(start + i), item)).ToImmutableArray();
        return new Connection<T>(edges, start + edges.Length < all.Count, start > 0, all.Count);
    }

    private string Encode(int index) => Convert.ToBase64String(Encoding.UTF8.GetBytes(kind + ":" + index.ToString(CultureInfo.InvariantCulture)));

    private int Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            // The largest index is refused too: the page after it would start past int.MaxValue.
            if (text.StartsWith(kind + ":", StringComparison.Ordinal) && int.TryParse(text.AsSpan(kind.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < int.MaxValue)
            {
                return index;
            }
        }
        catch (FormatException)
        {
        }

        var shown = cursor.Length <= 64 ? cursor : string.Concat(cursor.AsSpan(0, 64), "…");
        throw new GraphQLException($"after: \"{shown}\" is not a cursor of this API; pass pageInfo.endCursor of the previous page.", ServerErrorCodes.InvalidArgument);
    }
}
