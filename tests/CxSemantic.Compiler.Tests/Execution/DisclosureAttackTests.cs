using System.Collections.Concurrent;
using System.Collections.Immutable;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Model;
using CxSemantic.Warehouse.Engines;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Execution;

/// <summary>
/// Differencing attacks on suppressed cells (issue 11): NPS (minimum cell size 100) over the oracle warehouse
/// (30 000 interactions). The attacker asks sets of queries (totals, groups by one to three dimensions, month grain
/// or none, in / notIn filters on one or several dimensions) and adds and subtracts every shown number; a withheld
/// set of fewer than k units must never be a linear combination of shown sets.
/// </summary>
public class DisclosureAttackTests
{
    private const string Metric = "nps";
    private const int K = 100;
    private static readonly string[] Dimensions = ["channel", "segment", "journey_stage"];
    private static readonly Lazy<Ground> Truth = new(() => new Ground());
    private static readonly ConcurrentDictionary<string, MetricQueryResult> Answers = new();

    /// <summary>One query of an attack: grain, grouped dimensions, filtered dimensions with operator and values (bit masks over known values).</summary>
    public sealed record QuerySpec(bool Monthly, int Groups, int Filtered, int NotIn, int Values0, int Values1, int Values2);

    private static MetricQuery Build(QuerySpec spec)
    {
        var truth = Truth.Value;
        var filters = ImmutableArray.CreateBuilder<DimensionFilter>();
        int[] masks = [spec.Values0, spec.Values1, spec.Values2];
        for (var d = 0; d < Dimensions.Length; d++)
        {
            if ((spec.Filtered & (1 << d)) == 0)
            {
                continue;
            }

            var known = truth.Values[Dimensions[d]];
            var chosen = known.Where((_, i) => (masks[d] & (1 << i)) != 0).ToArray();
            filters.Add(new DimensionFilter(
                Dimensions[d],
                (spec.NotIn & (1 << d)) != 0 ? FilterOperator.NotIn : FilterOperator.In,
                [.. (chosen.Length == 0 ? known.Take(1) : chosen).Cast<object>()]));
        }

        return new MetricQuery
        {
            Metrics = [Metric],
            GroupBy = [.. Dimensions.Where((_, d) => (spec.Groups & (1 << d)) != 0)],
            Filters = filters.ToImmutable(),
            Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC", spec.Monthly ? TimeGrain.Month : null),
            Caller = Caller.WithRole("cx_analyst"),
        };
    }

    private static readonly Gen<QuerySpec> Specs =
        from monthly in Gen.Elements(true, false)
        from groups in Gen.Choose(0, 7)
        from filtered in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 7)))
        from notIn in Gen.Choose(0, 7)
        from v0 in Gen.Choose(1, 255)
        from v1 in Gen.Choose(1, 255)
        from v2 in Gen.Choose(1, 255)
        select new QuerySpec(monthly, groups, filtered, notIn, v0, v1, v2);

    /// <summary>The margins every attacker starts from: totals and one-dimension groups, with and without the month grain.</summary>
    private static IEnumerable<QuerySpec> Margins() =>
        from monthly in new[] { false, true }
        from groups in new[] { 0, 1, 2, 4 }
        select new QuerySpec(monthly, groups, 0, 0, 0, 0, 0);

    [Fact]
    public void No_combination_of_answers_gives_a_withheld_set_of_fewer_than_k_units()
    {
        var attacks = from count in Gen.Choose(2, 7) from specs in Gen.ArrayOf(Specs, count) select specs;
        Prop.ForAll(Arb.From(attacks), specs =>
        {
            var queries = Margins().Concat(specs).Select(Build).ToArray();
            var recovered = Attack(queries);
            return (recovered is null).Label(recovered ?? string.Empty);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25).WithQuietOnSuccess(true));
    }

    [Fact]
    public void The_attacks_see_withheld_cells_and_shown_filtered_answers()
    {
        // The property above is only worth something when answers do withhold small cells and filters are answered.
        var bySegment = Run(Build(new QuerySpec(true, 2, 0, 0, 0, 0, 0)));
        Assert.Contains(bySegment.Rows, r => r.Metrics[Metric] is { Suppressed: true, N: > 0 and < K });
        Assert.Contains(bySegment.Rows, r => r.Metrics[Metric].SuppressionReason?.StartsWith("withheld so that", StringComparison.Ordinal) == true);
        var filtered = Run(Build(new QuerySpec(false, 2, 1, 1, 1, 0, 0)));
        Assert.Contains(filtered.Rows, r => r.Metrics[Metric].Value is not null);
    }

    [Fact]
    public void The_issue_example_total_minus_the_other_segments_is_refused_with_the_fix()
    {
        // The issue's email NPS (n = 78) on this warehouse: NPS by segment over the first quarter, where
        // enterprise has 79 answers (< 100) and smb (154) is the smallest other segment.
        var quarter = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 4, 1), "UTC");
        MetricQuery Query(params DimensionFilter[] filters) => Build(new QuerySpec(false, 0, 0, 0, 0, 0, 0)) with { Time = quarter, Filters = [.. filters] };
        MetricValue Filtered(FilterOperator op, params string[] segments) => Run(Query(new DimensionFilter("segment", op, [.. segments.Cast<object>()]))).Rows.Single().Metrics[Metric];
        var total = Run(Query()).Rows.Single().Metrics[Metric];
        var bySegment = Run(Query() with { GroupBy = ["segment"] }).Rows.ToDictionary(r => (string)r.Dimensions[0]!, r => r.Metrics[Metric]);

        Assert.Equal((79L, 154L, 523L), (bySegment["enterprise"].N, bySegment["smb"].N, bySegment["consumer"].N));
        Assert.Equal($"n below the minimum cell size {K}", bySegment["enterprise"].SuppressionReason);
        Assert.Equal("withheld so that segment=enterprise cannot be derived by subtraction", bySegment["smb"].SuppressionReason);
        Assert.Null(bySegment["smb"].Value);
        Assert.NotNull(bySegment["consumer"].Value);
        Assert.NotNull(total.Value);

        // total − (every segment but enterprise) is the issue's attack: refused, naming the fix, however the filter is written.
        var others = Filtered(FilterOperator.NotIn, "enterprise");
        Assert.True(others.Suppressed);
        Assert.Null(others.Value);
        Assert.Equal(total.N - 79, others.N);
        Assert.Equal(
            "withheld because the filters keep segment=smb but drop segment=enterprise, which are withheld together: include or exclude segment=smb together with segment=enterprise so that none can be derived by subtraction",
            others.SuppressionReason);
        Assert.Equal(others.SuppressionReason, Filtered(FilterOperator.In, "consumer", "smb").SuppressionReason);
        Assert.Equal(others.SuppressionReason, Filtered(FilterOperator.NotEqual, "enterprise").SuppressionReason);

        // Both withheld segments together, or neither, are answered: their difference with the total is 233 ≥ k units.
        var consumer = Filtered(FilterOperator.In, "consumer");
        Assert.Equal(bySegment["consumer"].Value, consumer.Value);
        var both = Filtered(FilterOperator.In, "enterprise", "smb");
        Assert.False(both.Suppressed);
        Assert.Equal(233, both.N);
        Assert.Equal($"n below the minimum cell size {K}", Filtered(FilterOperator.Equal, "enterprise").SuppressionReason);
    }

    private static MetricQueryResult Run(MetricQuery query) =>
        Answers.GetOrAdd(Describe(query), _ => Truth.Value.Executor.ExecuteAsync(query).GetAwaiter().GetResult());

    private static string Describe(MetricQuery q) =>
        $"{q.Time?.From}..{q.Time?.To} {q.Time?.Grain}|{string.Join(",", q.GroupBy)}|{string.Join(";", q.Filters.Select(f => $"{f.Dimension} {f.Operator} {string.Join(",", f.Values)}"))}";

    /// <summary>Null when nothing is recovered; else which withheld set came back and from which queries.</summary>
    private static string? Attack(IReadOnlyList<MetricQuery> queries)
    {
        var truth = Truth.Value;
        var shown = new ModularSpan(truth.Atoms.Length);
        var targets = new List<(string What, long[] Set)>();
        foreach (var query in queries)
        {
            foreach (var row in Run(query).Rows)
            {
                var value = row.Metrics[Metric];
                var set = truth.Set(query, row);
                var n = set.Select((member, i) => member * truth.Atoms[i].N).Sum();
                Assert.Equal(n, value.N);
                if (!value.Suppressed)
                {
                    shown.Add(set);
                }
                else if (n is > 0 and < K)
                {
                    targets.Add(($"{Describe(query)} @ {row.Period} [{string.Join(",", row.Dimensions)}] n={n}", set));
                }
            }
        }

        targets.AddRange(truth.Atoms.Select((a, i) => (a, i)).Where(x => x.a.N is > 0 and < K).Select(x =>
        {
            var set = new long[truth.Atoms.Length];
            set[x.i] = 1;
            return ($"atom {x.a.Period} [{string.Join(",", x.a.Values)}] n={x.a.N}", set);
        }));
        var hit = targets.FirstOrDefault(t => shown.Contains(t.Set));
        return hit.What is null ? null : $"recovered {hit.What} from: {string.Join(" / ", queries.Select(Describe))}";
    }

    /// <summary>The finest cells (month × every dimension) with their units, from the same metric without suppression.</summary>
    private sealed class Ground
    {
        public Ground()
        {
            var database = SeededWarehouse.Oracle.Database;
            Executor = new MetricQueryExecutor(TestCatalog.Scorecard, new DuckDbSqlEngine(database));
            var metric = TestCatalog.Scorecard.Metrics[Metric];
            var open = TestCatalog.Scorecard with { Metrics = TestCatalog.Scorecard.Metrics.SetItem(Metric, metric with { Segmentation = metric.Segmentation with { MinCellSize = 0 } }) };
            var finest = new MetricQueryExecutor(open, new DuckDbSqlEngine(database)).ExecuteAsync(Build0()).GetAwaiter().GetResult();
            Atoms = [.. finest.Rows.Select(r => new Atom(r.Period!, [.. r.Dimensions.Select(v => v as string)], r.Metrics[Metric].N))];
            Values = Dimensions.Select((d, i) => (d, Atoms.Select(a => a.Values[i]).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray())).ToDictionary(x => x.d, x => x.Item2);
        }

        public MetricQueryExecutor Executor { get; }

        public Atom[] Atoms { get; }

        public Dictionary<string, string[]> Values { get; }

        public long[] Set(MetricQuery query, ResultRow row)
        {
            var set = new long[Atoms.Length];
            for (var i = 0; i < Atoms.Length; i++)
            {
                var atom = Atoms[i];
                var member = (query.Time!.Grain is null || atom.Period == row.Period)
                    && query.GroupBy.Select((g, j) => CellValues.Text(atom.Values[Array.IndexOf(Dimensions, g)]) == CellValues.Text(row.Dimensions[j])).All(x => x)
                    && query.Filters.All(f => atom.Values[Array.IndexOf(Dimensions, f.Dimension)] is { } v && f.Values.Contains(v) == (f.Operator == FilterOperator.In));
                set[i] = member ? 1 : 0;
            }

            return set;
        }

        private static MetricQuery Build0() => new()
        {
            Metrics = [Metric],
            GroupBy = [.. Dimensions],
            Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC", TimeGrain.Month),
            Caller = Caller.WithRole("cx_analyst"),
        };
    }

    private sealed record Atom(string Period, string?[] Values, long N);

    /// <summary>A linear span over the integers modulo a large prime (exact for 0/1 sets of this size, up to a negligible chance).</summary>
    private sealed class ModularSpan(int size)
    {
        private const long Prime = 2_147_483_647;
        private readonly List<(int Pivot, long[] Row)> _basis = [];

        public void Add(long[] vector)
        {
            var reduced = Reduce(vector);
            var pivot = Array.FindIndex(reduced, x => x != 0);
            if (pivot < 0)
            {
                return;
            }

            var inverse = Power(reduced[pivot], Prime - 2);
            for (var i = 0; i < size; i++)
            {
                reduced[i] = reduced[i] * inverse % Prime;
            }

            _basis.Add((pivot, reduced));
        }

        public bool Contains(long[] vector) => Reduce(vector).All(x => x == 0);

        private long[] Reduce(long[] vector)
        {
            var v = (long[])vector.Clone();
            foreach (var (pivot, row) in _basis)
            {
                if (v[pivot] == 0)
                {
                    continue;
                }

                var factor = v[pivot];
                for (var i = 0; i < size; i++)
                {
                    v[i] = ((v[i] - (factor * row[i] % Prime)) % Prime + Prime) % Prime;
                }
            }

            return v;
        }

        private static long Power(long b, long e)
        {
            var result = 1L;
            b %= Prime;
            while (e > 0)
            {
                if ((e & 1) == 1)
                {
                    result = result * b % Prime;
                }

                b = b * b % Prime;
                e >>= 1;
            }

            return result;
        }
    }
}
