using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Tests.Execution;

/// <summary>The HotChocolate-style shapes the server will generate: where/order inputs and Relay connections.</summary>
public class ServerShapesTests
{
    private sealed record Row(string Country, double Revenue);

    private static readonly Row[] s_rows = [new("DE", 10), new("FR", 30), new("US", 20), new("IT", 5)];

    private static Schema Build() => new SchemaBuilder()
        .AddEnumType("SortEnumType", e => e.Value("ASC").Value("DESC"))
        .AddInputObjectType("StringOperationFilterInput", t => t.Field("eq", "String").Field("neq", "String").Field("in", "[String!]"))
        .AddInputObjectType("FloatOperationFilterInput", t => t.Field("gt", "Float").Field("lte", "Float"))
        .AddInputObjectType("RevenueFilterInput", t => t
            .Field("and", "[RevenueFilterInput!]")
            .Field("or", "[RevenueFilterInput!]")
            .Field("country", "StringOperationFilterInput")
            .Field("revenue", "FloatOperationFilterInput"))
        .AddInputObjectType("RevenueSortInput", t => t.Field("country", "SortEnumType").Field("revenue", "SortEnumType"))
        .AddObjectType("PageInfo", t => t.Field("hasNextPage", "Boolean!").Field("endCursor", "String"))
        .AddObjectType("Revenue", t => t.Field("country", "String!").Field("revenue", "Float!"))
        .AddObjectType("RevenueEdge", t => t.Field("cursor", "String!").Field("node", "Revenue!"))
        .AddObjectType("RevenueConnection", t => t.Field("edges", "[RevenueEdge!]!").Field("pageInfo", "PageInfo!").Field("totalCount", "Int!"))
        .AddObjectType("Query", t => t.Field("revenue", "RevenueConnection!", f => f
            .Argument("where", "RevenueFilterInput")
            .Argument("order", "[RevenueSortInput!]")
            .Argument("first", "Int", a => a.DefaultValue("10"))
            .Argument("after", "String")
            .Resolve(ctx =>
            {
                IEnumerable<Row> rows = s_rows.Where(r => Matches(ctx.GetArgument<IReadOnlyDictionary<string, object?>>("where"), r));
                if (ctx.GetArgument<List<object?>>("order") is { Count: > 0 } order)
                {
                    var sort = (IReadOnlyDictionary<string, object?>)order[0]!;
                    var (key, dir) = sort.First();
                    Func<Row, object> selector = key == "country" ? r => r.Country : r => r.Revenue;
                    rows = (string?)dir == "DESC" ? rows.OrderByDescending(selector) : rows.OrderBy(selector);
                }
                var all = rows.ToList();
                int skip = ctx.GetArgument<string>("after") is { } after ? int.Parse(after, System.Globalization.CultureInfo.InvariantCulture) + 1 : 0;
                int first = ctx.GetArgument<int>("first");
                var page = all.Skip(skip).Take(first).Select((r, i) => new Dictionary<string, object?> { ["cursor"] = (skip + i).ToString(System.Globalization.CultureInfo.InvariantCulture), ["node"] = r }).ToList();
                return new Dictionary<string, object?>
                {
                    ["edges"] = page,
                    ["totalCount"] = all.Count,
                    ["pageInfo"] = new Dictionary<string, object?> { ["hasNextPage"] = skip + first < all.Count, ["endCursor"] = page.Count > 0 ? page[^1]["cursor"] : null },
                };
            })))
        .Build();

    private static bool Matches(IReadOnlyDictionary<string, object?>? where, Row row)
    {
        if (where is null) { return true; }
        if (where.GetValueOrDefault("and") is List<object?> and && !and.All(w => Matches((IReadOnlyDictionary<string, object?>)w!, row))) { return false; }
        if (where.GetValueOrDefault("or") is List<object?> or && !or.Any(w => Matches((IReadOnlyDictionary<string, object?>)w!, row))) { return false; }
        if (where.GetValueOrDefault("country") is IReadOnlyDictionary<string, object?> c)
        {
            if (c.GetValueOrDefault("eq") is string eq && row.Country != eq) { return false; }
            if (c.GetValueOrDefault("neq") is string neq && row.Country == neq) { return false; }
            if (c.GetValueOrDefault("in") is List<object?> @in && !@in.Contains(row.Country)) { return false; }
        }
        if (where.GetValueOrDefault("revenue") is IReadOnlyDictionary<string, object?> v)
        {
            if (v.GetValueOrDefault("gt") is double gt && !(row.Revenue > gt)) { return false; }
            if (v.GetValueOrDefault("lte") is double lte && !(row.Revenue <= lte)) { return false; }
        }
        return true;
    }

    [Fact]
    public async Task Where_order_and_connection_paging()
    {
        const string query = """
            query($after: String) {
              revenue(where: { or: [{ country: { in: ["DE", "FR", "US"] } }, { revenue: { gt: 100 } }], revenue: { lte: 25 } },
                      order: [{ revenue: DESC }], first: 1, after: $after) {
                totalCount
                edges { cursor node { country revenue } }
                pageInfo { hasNextPage endCursor }
              }
            }
            """;
        var schema = Build();
        var first = await Executor.ExecuteAsync(schema, query);
        Assert.Equal("""{"data":{"revenue":{"totalCount":2,"edges":[{"cursor":"0","node":{"country":"US","revenue":20}}],"pageInfo":{"hasNextPage":true,"endCursor":"0"}}}}""", first.ToJson());
        var second = await Executor.ExecuteAsync(schema, query, variables: new Dictionary<string, object?> { ["after"] = "0" });
        Assert.Equal("""{"data":{"revenue":{"totalCount":2,"edges":[{"cursor":"1","node":{"country":"DE","revenue":10}}],"pageInfo":{"hasNextPage":false,"endCursor":"1"}}}}""", second.ToJson());
    }

    [Fact]
    public async Task Unknown_filter_operations_are_reported_with_suggestions()
    {
        var result = await Executor.ExecuteAsync(Build(), "{ revenue(where: { country: { eqq: \"DE\" } }) { totalCount } }");
        var error = Assert.Single(result.Errors);
        Assert.Equal("Field \"eqq\" is not defined by type \"StringOperationFilterInput\". Did you mean \"eq\" or \"neq\"?", error.Message);
        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
    }
}
