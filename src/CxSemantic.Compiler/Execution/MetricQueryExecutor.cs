using System.Collections.Immutable;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Compiler.Statistics;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Execution;

/// <summary>
/// Compiles a metric query, runs its fact queries on an engine (concurrently), and assembles the
/// answer: governed values per cell, derived metrics, comparisons with Benjamini–Hochberg, order and limit.
/// </summary>
/// <param name="catalog">The catalog.</param>
/// <param name="engine">The database.</param>
/// <param name="options">Where the compiler finds the facts it relies on.</param>
/// <param name="materializations">What the database holds materialized and current, asked once per query (none: stitch and aggregate raw rows).</param>
public sealed class MetricQueryExecutor(MetricCatalog catalog, ISqlEngine engine, CompilerOptions? options = null, IMaterializationSource? materializations = null)
{
    private readonly CompilerOptions _options = options ?? CompilerOptions.Default;
    private readonly MetricCompiler _compiler = new(catalog, options);

    /// <summary>The compiler used.</summary>
    public MetricCompiler Compiler => _compiler;

    /// <summary>Answers <paramref name="query"/>.</summary>
    /// <exception cref="QueryException">The query is refused.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (the database query is interrupted).</exception>
    public async Task<MetricQueryResult> ExecuteAsync(MetricQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var effective = materializations is null
            ? _options
            : await materializations.ApplyAsync(_options, cancellationToken).ConfigureAwait(false);
        var compiler = materializations is null ? _compiler : new MetricCompiler(catalog, effective);
        var compiled = CompilerTelemetry.Compile(compiler, query, engine.Dialect);
        if (effective.Rollups is { } rollups && UsesRollups(compiled) && !await RollupsCurrentAsync(rollups, cancellationToken).ConfigureAwait(false))
        {
            compiled = CompilerTelemetry.Compile(new MetricCompiler(catalog, effective with { Rollups = rollups with { Stale = true } }), query, engine.Dialect);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var all = compiled.Facts.AddRange(compiled.BaselineFacts);
        using var batch = new StatementBatch(engine, cancellationToken);
        var disclosure = DisclosureControl.Start(compiled, batch);
        var results = await batch.AllAsync([.. all.Concat(compiled.PairedFacts).Select(f => batch.Start(f.Sql))]).ConfigureAwait(false);
        using var statistics = CompilerTelemetry.Source.StartActivity("cxsemantic.statistics");
        var current = new Dictionary<string, Dictionary<string, MetricCell>>(StringComparer.Ordinal);
        var baseline = new Dictionary<string, Dictionary<string, MetricCell>>(StringComparer.Ordinal);
        for (var i = 0; i < all.Length; i++)
        {
            (i < compiled.Facts.Length ? current : baseline)[all[i].Plan.Metric.Name] = CellValues.FromFacts(all[i], results[i]);
        }

        // The statistics draw on the same budget as the statements: stop between the CPU-bound steps once it is spent.
        cancellationToken.ThrowIfCancellationRequested();
        await disclosure.ApplyAsync(current, baseline).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        AddDerived(compiled.Plan.Metrics, current);
        if (!compiled.BaselineFacts.IsEmpty)
        {
            AddDerived(compiled.Plan.Metrics, baseline);
        }

        var paired = new Dictionary<string, Dictionary<string, MeanEstimate>>(StringComparer.Ordinal);
        for (var i = 0; i < compiled.PairedFacts.Length; i++)
        {
            paired[compiled.PairedFacts[i].Plan.Metric.Name] = ComparisonReferences.PairedDifferences(compiled.PairedFacts[i], results[all.Length + i]);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var rows = Assemble(query, compiled, ComparisonReferences.For(query, compiled, current, baseline, paired), current);
        cancellationToken.ThrowIfCancellationRequested();
        return new MetricQueryResult(
            query.GroupBy,
            Order(query, rows),
            [.. compiled.Facts.Concat(compiled.BaselineFacts).Concat(compiled.PairedFacts).Select(f => new CompiledStatement(f.Plan.Metric.Name, compiled.Dialect, f.Sql) { Source = f.Source })],
            catalog.Version);
    }

    private static bool UsesRollups(CompiledQuery compiled) =>
        compiled.Facts.Concat(compiled.BaselineFacts).Any(f => f.Rollup?.Table is not null || f.Atoms?.Rollup?.Table is not null);

    /// <summary>Rollups answer exactly only at the watermark they were built at: immature units depend on it.</summary>
    private async Task<bool> RollupsCurrentAsync(RollupRegistry rollups, CancellationToken cancellationToken) =>
        await engine.ReadWatermarkAsync(cancellationToken).ConfigureAwait(false) is { } watermark
        && rollups.Watermark == NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(watermark, DateTimeKind.Utc));

    private static void AddDerived(IEnumerable<MetricPlan> plans, Dictionary<string, Dictionary<string, MetricCell>> cells)
    {
        foreach (var plan in plans)
        {
            if (plan.Metric.Spec is not DerivedMetricSpec || cells.ContainsKey(plan.Metric.Name))
            {
                continue;
            }

            AddDerived(plan.Components, cells);
            var names = DerivedValues.Components(plan.Metric);
            var keys = names.SelectMany(n => cells.GetValueOrDefault(n)?.Keys ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal);
            var derived = new Dictionary<string, MetricCell>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var components = names.ToDictionary(n => n, n => cells.GetValueOrDefault(n)?.GetValueOrDefault(key).Value, StringComparer.Ordinal);
                var template = names.Select(n => cells.GetValueOrDefault(n)).Where(c => c?.ContainsKey(key) == true).Select(c => c![key]).First();
                derived[key] = template with { Value = DerivedValues.Evaluate(plan.Metric, components) };
            }

            cells[plan.Metric.Name] = derived;
        }
    }

    private static List<ResultRow> Assemble(
        MetricQuery query,
        CompiledQuery compiled,
        ComparisonReferences? references,
        Dictionary<string, Dictionary<string, MetricCell>> current)
    {
        var requested = query.Metrics;
        var previousLabel = compiled.ComparisonPeriod?.Label;
        var cells = new SortedDictionary<string, MetricCell>(StringComparer.Ordinal);
        foreach (var metric in requested)
        {
            foreach (var (key, cell) in current.GetValueOrDefault(metric) ?? [])
            {
                if (previousLabel is null || cell.Period != previousLabel)
                {
                    cells.TryAdd(key, cell);
                }
            }
        }

        var rows = new List<ResultRow>();
        var deltas = new List<(int Row, string Metric, MetricDelta Delta)>();
        foreach (var (key, cell) in cells)
        {
            var values = ImmutableDictionary.CreateBuilder<string, MetricValue>(StringComparer.Ordinal);
            foreach (var metric in requested)
            {
                if (current.GetValueOrDefault(metric)?.TryGetValue(key, out var found) != true)
                {
                    continue;
                }

                var value = found.Value;
                if (references is not null && value.Value is not null && !references.IsReferenceRow(cell.Dimensions))
                {
                    var reference = references.Find(metric, cell.Period, cell.Dimensions);
                    if (references.Withheld(value, reference) is { } reason)
                    {
                        value = value with { DeltaWithheld = reason };
                    }
                    else if ((references.Paired ? ComparePaired(reference) : Compare(value, reference.Value!)) is { } delta)
                    {
                        deltas.Add((rows.Count, metric, delta));
                        value = value with { Delta = delta };
                    }
                }

                values[metric] = value;
            }

            rows.Add(new ResultRow(cell.Period, [.. cell.Dimensions], values.ToImmutable()));
        }

        // Benjamini–Hochberg across every comparison of the answer.
        var q = BenjaminiHochberg.Adjust([.. deltas.Select(d => d.Delta.PValue)]);
        for (var i = 0; i < deltas.Count; i++)
        {
            var (row, metric, delta) = deltas[i];
            var adjusted = delta with { QValue = q[i], Significant = q[i] is < 0.05 };
            rows[row] = rows[row] with { Metrics = rows[row].Metrics.SetItem(metric, rows[row].Metrics[metric] with { Delta = adjusted }) };
        }

        return rows;
    }

    /// <summary>The mean of the paired differences (the reference's value and n are shown beside it).</summary>
    private static MetricDelta? ComparePaired(CellReference reference) =>
        DeltaTests.PairedMeans(reference.PairedDifferences!) is { } test
            ? new MetricDelta(test.Value, test.Interval, test.PValue, null, false, reference.Value!.Value, reference.Value.N) { Test = "paired_t", Pairs = reference.PairedDifferences!.N }
            : null;

    private static MetricDelta? Compare(MetricValue current, MetricValue reference)
    {
        if (current.Value is not { } value || reference.Value is not { } baselineValue)
        {
            return null;
        }

        var (test, method) = (current.Estimate, reference.Estimate) switch
        {
            (ProportionEstimate a, ProportionEstimate b) => (DeltaTests.TwoProportions(a, b), "two_proportion_z"),
            (MeanEstimate a, MeanEstimate b) => (DeltaTests.WelchMeans(a, b), "welch_t"),
            (NetShareEstimate a, NetShareEstimate b) => (DeltaTests.NetShares(a, b), "normal"),
            (KappaEstimate a, KappaEstimate b) => (DeltaTests.Kappas(a, b), "normal"),
            _ => ((DeltaEstimate?)null, (string?)null),
        };

        // Shares shown on a scale (top-box × scale) compare on the same scale.
        var scale = test is not null && current.Estimate is ProportionEstimate p && p.Value is { } raw && raw != 0 ? value / raw : 1;
        return new MetricDelta(
            value - baselineValue,
            test?.Interval is { } i ? new ConfidenceInterval(i.Low * scale, i.High * scale, i.Level) : null,
            test?.PValue,
            null,
            false,
            baselineValue,
            reference.N)
        {
            Test = test is null ? null : method,
        };
    }

    private static ImmutableArray<ResultRow> Order(MetricQuery query, List<ResultRow> rows)
    {
        IEnumerable<ResultRow> ordered = rows;
        if (!query.Order.IsDefaultOrEmpty)
        {
            IOrderedEnumerable<ResultRow>? sorted = null;
            foreach (var term in query.Order)
            {
                Func<ResultRow, IComparable?> key = term.Field switch
                {
                    "period" => r => r.Period,
                    _ when query.GroupBy.IndexOf(term.Field) is var i and >= 0 => r => r.Dimensions[i] as IComparable,
                    _ when query.Metrics.Contains(term.Field) => r => r.Metrics.GetValueOrDefault(term.Field)?.Value,
                    _ => throw new QueryException(QueryErrorCodes.InvalidOrder, $"Cannot order by '{term.Field}': order by 'period', a selected dimension ({string.Join(", ", query.GroupBy)}) or a selected metric."),
                };
                var comparer = Comparer<IComparable?>.Create(CompareNullsLast);
                sorted = sorted is null
                    ? (term.Direction == SortDirection.Descending ? ordered.OrderByDescending(key, comparer) : ordered.OrderBy(key, comparer))
                    : (term.Direction == SortDirection.Descending ? sorted.ThenByDescending(key, comparer) : sorted.ThenBy(key, comparer));
            }

            ordered = sorted!;
        }

        if (query.Limit is { } limit)
        {
            ordered = ordered.Take(Math.Max(0, limit));
        }

        return [.. ordered];
    }

    private static int CompareNullsLast(IComparable? a, IComparable? b) =>
        (a, b) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => a.CompareTo(b),
        };
}
