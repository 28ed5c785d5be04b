using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Queries;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Queries;

/// <summary>
/// <see cref="MetricQuery.CanonicalKey"/>: queries written differently but asking the same get the same key;
/// any difference that can change the answer gets a different one.
/// </summary>
public class MetricQueryCanonicalKeyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    private static readonly Gen<string> Names = Gen.Elements("channel", "intent", "segment", "a,b", "a\"b", "x\\", "containment_rate", "nps");

    private static readonly Gen<object> FilterValues = Gen.OneOf(
        Names.Select(s => (object)s),
        Gen.Choose(-5, 5).Select(i => (object)(i / 2.0)),
        Gen.Elements<object>(true, false),
        Gen.Choose(1, 28).Select(d => (object)new LocalDate(2026, 1, d)));

    private static readonly Gen<DimensionFilter> Filters =
        from dimension in Names
        from op in Gen.Elements(Enum.GetValues<FilterOperator>())
        from values in Gen.ListOf(FilterValues).Select(v => v.Take(4).ToImmutableArray())
        select new DimensionFilter(dimension, op, op is FilterOperator.In or FilterOperator.NotIn ? values : [.. values.Take(1)]);

    private static readonly Gen<Comparison?> Comparisons = Gen.OneOf(
        Gen.Constant<Comparison?>(null),
        Gen.Constant<Comparison?>(new PreviousPeriodComparison()),
        Gen.Choose(1, 10).Select(d => (Comparison?)new BaselineComparison(new LocalDate(2025, 12, d), new LocalDate(2025, 12, d + 7))),
        from dimension in Names from reference in Names from paired in Gen.Elements(true, false)
        select (Comparison?)new GroupComparison(dimension, reference, paired));

    private static readonly Gen<MetricQuery> Queries =
        from metrics in Gen.NonEmptyListOf(Names)
        from groupBy in Gen.ListOf(Names)
        from hasTime in Gen.Elements(true, false)
        from day in Gen.Choose(1, 20)
        from zone in Gen.Elements<string?>(null, "Europe/Berlin", "UTC")
        from grain in Gen.Elements<TimeGrain?>(null, TimeGrain.Day, TimeGrain.Month)
        from filters in Gen.ListOf(Filters)
        from compare in Comparisons
        from order in Gen.ListOf(from f in Names from d in Gen.Elements(SortDirection.Ascending, SortDirection.Descending) select new OrderTerm(f, d))
        from limit in Gen.Elements<int?>(null, 0, 1, 10)
        from role in Gen.Elements("analyst", "tenant_viewer")
        from claims in Gen.ListOf(Names).Select(c => c.Take(3).ToImmutableArray())
        select new MetricQuery
        {
            Metrics = [.. metrics.Take(4)],
            GroupBy = [.. groupBy.Take(3)],
            Time = hasTime ? new TimeWindow(new LocalDate(2026, 1, day), new LocalDate(2026, 2, day), zone, grain) : null,
            Filters = [.. filters.Take(4)],
            Compare = compare,
            Order = [.. order.Take(3)],
            Limit = limit,
            Caller = new Caller(role, claims.IsEmpty
                ? ImmutableDictionary<string, ImmutableArray<string>>.Empty
                : ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", claims).Add("region", ["eu"])),
        };

    [Fact]
    public void Rewriting_without_changing_the_answer_keeps_the_key()
    {
        var pairs = from query in Queries from seed in Gen.Choose(0, int.MaxValue) select (Query: query, Seed: seed);
        Prop.ForAll(Arb.From(pairs), p =>
        {
            var random = new Random(p.Seed);
            var rewritten = Rewrite(p.Query, random);
            return (rewritten.CanonicalKey == p.Query.CanonicalKey).Label($"{p.Query.CanonicalKey}\n{rewritten.CanonicalKey}");
        }).Check(Runs);
    }

    [Fact]
    public void Every_answer_changing_difference_changes_the_key()
    {
        var mutations = from query in Queries from which in Gen.Choose(0, Mutations.Length - 1) select (Query: query, Which: which);
        Prop.ForAll(Arb.From(mutations), m =>
        {
            var (name, mutate) = Mutations[m.Which];
            var mutated = mutate(m.Query);
            return (mutated.CanonicalKey != m.Query.CanonicalKey).Label($"{name}: {m.Query.CanonicalKey}");
        }).Check(Runs);
    }

    [Fact]
    public void The_key_is_the_same_in_every_culture()
    {
        var query = Query() with
        {
            Filters = [new DimensionFilter("handle_time", FilterOperator.GreaterThan, [1234.5]), new DimensionFilter("day", FilterOperator.Equal, [new LocalDate(2026, 3, 1)])],
        };
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var invariant = query.CanonicalKey;
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(invariant, query.CanonicalKey);
            Assert.Contains("Double:\"1234.5\"", invariant, StringComparison.Ordinal);
            Assert.Contains("LocalDate:\"2026-03-01\"", invariant, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void A_value_cannot_pose_as_two_values_or_as_another_part_of_the_key()
    {
        var two = Query() with { Filters = [new DimensionFilter("channel", FilterOperator.In, ["voice", "chat"])] };
        var one = Query() with { Filters = [new DimensionFilter("channel", FilterOperator.In, ["chat\",String:\"voice"])] };
        Assert.NotEqual(two.CanonicalKey, one.CanonicalKey);

        var claims = Query() with { Caller = new Caller("analyst", ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", ["acme", "globex"])) };
        var joined = Query() with { Caller = new Caller("analyst", ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", ["acme\",\"globex"])) };
        Assert.NotEqual(claims.CanonicalKey, joined.CanonicalKey);
    }

    [Fact]
    public void Instants_differing_below_a_second_get_different_keys()
    {
        var start = Instant.FromUtc(2026, 1, 1, 0, 0);
        var a = Query() with { Filters = [new DimensionFilter("started_at", FilterOperator.LessThan, [start])] };
        var b = Query() with { Filters = [new DimensionFilter("started_at", FilterOperator.LessThan, [start + Duration.FromMilliseconds(1)])] };
        Assert.NotEqual(a.CanonicalKey, b.CanonicalKey);
    }

    [Fact]
    public void Null_checks_ignore_values_like_the_compiler_does()
    {
        var plain = Query() with { Filters = [new DimensionFilter("channel", FilterOperator.IsNull, [])] };
        var withValue = Query() with { Filters = [new DimensionFilter("channel", FilterOperator.IsNull, ["voice"])] };
        Assert.Equal(plain.CanonicalKey, withValue.CanonicalKey);
    }

    [Fact]
    public void Order_matters_where_it_orders_the_answer_and_type_and_operator_matter()
    {
        var query = Query();
        Assert.NotEqual((query with { GroupBy = ["channel", "intent"] }).CanonicalKey, (query with { GroupBy = ["intent", "channel"] }).CanonicalKey);
        Assert.NotEqual(
            (query with { Order = [new OrderTerm("channel"), new OrderTerm("period")] }).CanonicalKey,
            (query with { Order = [new OrderTerm("period"), new OrderTerm("channel")] }).CanonicalKey);
        Assert.NotEqual(
            (query with { Filters = [new DimensionFilter("tenure", FilterOperator.Equal, ["1"])] }).CanonicalKey,
            (query with { Filters = [new DimensionFilter("tenure", FilterOperator.Equal, [1.0])] }).CanonicalKey);
        Assert.NotEqual(
            (query with { Filters = [new DimensionFilter("channel", FilterOperator.In, ["voice"])] }).CanonicalKey,
            (query with { Filters = [new DimensionFilter("channel", FilterOperator.NotIn, ["voice"])] }).CanonicalKey);
        Assert.Equal(
            (query with { Metrics = ["nps", "containment_rate"] }).CanonicalKey,
            (query with { Metrics = ["containment_rate", "nps", "nps"] }).CanonicalKey);
    }

    private static MetricQuery Query() => new() { Metrics = ["containment_rate"], Caller = Caller.WithRole("analyst") };

    /// <summary>Shuffles and repeats what the answer does not depend on.</summary>
    private static MetricQuery Rewrite(MetricQuery query, Random random) => query with
    {
        Metrics = [.. Shuffle([.. query.Metrics, .. query.Metrics.Take(1)], random)],
        Filters = [.. Shuffle([.. query.Filters.Select(f => f.Operator is FilterOperator.In or FilterOperator.NotIn
            ? f with { Values = [.. Shuffle([.. f.Values, .. f.Values.Take(1)], random)] }
            : f), .. query.Filters.Take(1)], random)],
        Caller = query.Caller with
        {
            Claims = query.Caller.Claims.ToImmutableDictionary(c => c.Key, c => Shuffle([.. c.Value, .. c.Value.Take(1)], random).ToImmutableArray()),
        },
    };

    private static List<T> Shuffle<T>(List<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }

    private static readonly (string Name, Func<MetricQuery, MetricQuery> Mutate)[] Mutations =
    [
        ("another metric", q => q with { Metrics = q.Metrics.Add("zz_other") }),
        ("another group-by", q => q with { GroupBy = q.GroupBy.Add("zz_other") }),
        ("time window", q => q with { Time = q.Time is { } t ? t with { To = t.To.PlusDays(1) } : new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 2, 1)) }),
        ("zone", q => q with { Time = (q.Time ?? new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 2, 1))) with { Zone = "America/New_York" } }),
        ("grain", q => q with { Time = (q.Time ?? new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 2, 1))) with { Grain = TimeGrain.Hour } }),
        ("another filter", q => q with { Filters = q.Filters.Add(new DimensionFilter("zz_other", FilterOperator.Equal, ["x"])) }),
        ("a filter value", q => q with { Filters = [.. q.Filters.Select(f => f with { Values = [.. f.Values.Select(v => (object)("zz" + v))] }), new DimensionFilter("zz_other", FilterOperator.Equal, ["x"])] }),
        ("comparison", q => q with { Compare = q.Compare is GroupComparison g ? g with { Paired = !g.Paired } : new GroupComparison("zz", "v1") }),
        ("order", q => q with { Order = q.Order.Add(new OrderTerm("zz_other", SortDirection.Descending)) }),
        ("limit", q => q with { Limit = (q.Limit ?? 0) + 1 }),
        ("role", q => q with { Caller = q.Caller with { Role = q.Caller.Role + "_other" } }),
        ("claim", q => q with { Caller = q.Caller with { Claims = q.Caller.Claims.SetItem("zz_claim", ["x"]) } }),
    ];
}
