using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Statistics;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Execution;

/// <summary>Turns fact rows into governed values: statistics, suppression, status, funnel, versions.</summary>
internal static class CellValues
{
    /// <summary>Labels the rarest category of either rater needs in a cell before kappa's interval is shown.</summary>
    public const int KappaMinimumCategoryLabels = 10;

    /// <summary>Values per cell key of one leaf metric.</summary>
    public static Dictionary<string, MetricCell> FromFacts(CompiledFact fact, IReadOnlyList<object?[]> rows)
    {
        var layout = fact.Fact.Layout;
        var metric = fact.Plan.Metric;
        var cells = new Dictionary<string, MetricCell>(StringComparer.Ordinal);
        if (layout.Kind == FactKind.Agreement)
        {
            foreach (var group in rows.GroupBy(r => Key(r, layout.GroupCount), StringComparer.Ordinal))
            {
                var first = group.First();
                cells[group.Key] = new(first[0] as string, Dimensions(first, layout), Agreement(metric, layout, [.. group]));
            }

            return cells;
        }

        foreach (var row in rows)
        {
            cells[Key(row, layout.GroupCount)] = new(row[0] as string, Dimensions(row, layout), Value(metric, layout, row));
        }

        return cells;
    }

    public static string Key(object?[] row, int groupCount)
    {
        var key = new System.Text.StringBuilder();
        for (var i = 0; i <= groupCount; i++)
        {
            key.Append(Text(row[i])).Append('\u001f');
        }

        return key.ToString();
    }

    public static string Text(object? value) => value switch
    {
        null => "\u2400",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public static double? ToDouble(object? value) => value switch
    {
        null => null,
        double d => d,
        float f => f,
        decimal m => (double)m,
        Int128 h => (double)h,
        BigInteger b => (double)b,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Cannot read {value.GetType().Name} as a number."),
    };

    public static long ToLong(object? value) => value switch
    {
        null => 0,
        long l => l,
        int i => i,
        Int128 h => (long)h,
        decimal m => (long)m,
        double d => (long)Math.Round(d),
        IConvertible c => c.ToInt64(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Cannot read {value.GetType().Name} as a count."),
    };

    private static object?[] Dimensions(object?[] row, FactLayout layout) => row[FactLayout.FirstGroup..(FactLayout.FirstGroup + layout.GroupCount)];

    private static MetricValue Value(Metric metric, FactLayout layout, object?[] row)
    {
        var n = ToLong(row[layout.N]);
        var v = layout.FirstValue;
        double? value = null, numerator = null, denominator = null;
        ConfidenceInterval? interval = null;
        object? estimate = null;
        switch (layout.Kind)
        {
            case FactKind.Proportion:
                var successes = ToLong(row[v]);
                var proportion = layout.Clustered ? Proportion.Clustered(Clusters(layout, row, n, successes)) : Proportion.Wilson(successes, n);
                (value, numerator, denominator, interval, estimate) = (proportion.Value, successes, n, proportion.Interval, proportion);
                break;
            case FactKind.MeasureRatio:
                numerator = ToDouble(row[v]);
                denominator = ToDouble(row[v + 1]);
                value = denominator is null or 0 || numerator is null ? null : numerator / denominator;
                break;
            case FactKind.Aggregate:
                value = ToDouble(row[v]);
                break;
            case FactKind.Moments:
                var count = ToLong(row[v]);
                double? average = count > 0 ? (ToDouble(row[v + 1]) ?? 0) / count : null;
                double? variance = count > 1 ? Math.Max(0.0, ToDouble(row[v + 2]) ?? 0) / (count - 1) : null;
                var mean = layout.Clustered
                    ? MeanEstimate.Clustered(count, average, variance, ToLong(row[layout.FirstCluster]), ToDouble(row[layout.FirstCluster + 1]) ?? 0)
                    : MeanEstimate.FromMeanAndVariance(count, average, variance);
                (value, interval, estimate, n) = (mean.Mean, mean.Interval, mean, count);
                break;
            case FactKind.Distribution:
                var spec = (DistributionMetricSpec)metric.Spec;
                var positives = ToLong(row[v]);
                var negatives = ToLong(row[v + 1]);
                if (spec.Negative is null)
                {
                    var share = layout.Clustered ? Proportion.Clustered(Clusters(layout, row, n, positives)) : Proportion.Wilson(positives, n);
                    value = share.Value * spec.Scale;
                    interval = share.Interval is { } i ? new ConfidenceInterval(i.Low * spec.Scale, i.High * spec.Scale, i.Level) : null;
                    (numerator, denominator, estimate) = (positives, n, share);
                }
                else
                {
                    var net = layout.Clustered
                        ? NetShare.Clustered(positives, negatives, Clusters(layout, row, n, positives - negatives), spec.Scale)
                        : NetShare.Estimate(positives, negatives, n, spec.Scale);
                    (value, interval, estimate) = (net.Value, net.Interval, net);
                }

                break;
        }

        return Finish(metric, layout, row, n, value, numerator, denominator, interval, estimate);
    }

    /// <summary>The cell's cluster sums (see <see cref="FactLayout"/>): G, Σnᵍ², Σyᵍ², Σnᵍyᵍ.</summary>
    private static ClusterCounts Clusters(FactLayout layout, object?[] row, long n, long total)
    {
        var c = layout.FirstCluster;
        return new ClusterCounts(n, total, ToLong(row[c]), ToBigInteger(row[c + 1]), ToBigInteger(row[c + 2]), ToBigInteger(row[c + 3]));
    }

    /// <summary>An exact integer sum (BIGINT, HUGEINT or NUMERIC, by engine).</summary>
    public static BigInteger ToBigInteger(object? value) => value switch
    {
        null => BigInteger.Zero,
        long l => l,
        int i => i,
        Int128 h => (BigInteger)h,
        UInt128 u => (BigInteger)u,
        decimal m => new BigInteger(decimal.Truncate(m)),
        BigInteger b => b,
        double d => new BigInteger(Math.Round(d)),
        IConvertible c => c.ToInt64(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Cannot read {value.GetType().Name} as an integer."),
    };

    private static MetricValue Agreement(Metric metric, FactLayout layout, IReadOnlyList<object?[]> rows)
    {
        var spec = (AgreementMetricSpec)metric.Spec;
        var pairs = rows.Select(r => (Evaluator: Text(r[layout.EvaluatorLabel]), Human: Text(r[layout.EvaluatorLabel + 1]), Count: ToLong(r[layout.N]))).ToArray();
        var n = pairs.Sum(p => p.Count);
        double? value;
        ConfidenceInterval? interval;
        object estimate;
        if (spec.Statistic == AgreementStatistic.Accuracy)
        {
            var accuracy = Statistics.Agreement.Accuracy(pairs.Where(p => p.Evaluator == p.Human).Sum(p => p.Count), n);
            (value, interval, estimate) = (accuracy.Value, accuracy.Interval, accuracy);
        }
        else
        {
            var kappa = Statistics.Agreement.CohensKappa(pairs.Where(p => p.Count > 0).Select(p => (p.Evaluator, p.Human, p.Count)), minimumCategoryCount: KappaMinimumCategoryLabels);
            (value, interval, estimate) = (kappa.Kappa, kappa.Interval, kappa);
        }

        // Funnel and maturity are per evaluation row: sum them over the label pairs of the cell.
        var merged = (object?[])rows[0].Clone();
        for (var c = layout.Included; c <= layout.N; c++)
        {
            merged[c] = rows.Sum(r => ToLong(r[c]));
        }

        return Finish(metric, layout, merged, n, value, null, null, interval, estimate, rows);
    }

    private static MetricValue Finish(
        Metric metric, FactLayout layout, object?[] row, long n, double? value, double? numerator, double? denominator,
        ConfidenceInterval? interval, object? estimate, IReadOnlyList<object?[]>? versionRows = null)
    {
        var suppressed = CellPolicy.IsSuppressed(n, metric.Segmentation.MinCellSize);
        (long? Clusters, double? DesignEffect, double? EffectiveN) design = estimate switch
        {
            ProportionEstimate p => (p.Clusters, p.DesignEffect, p.EffectiveN),
            NetShareEstimate s => (s.Clusters, s.DesignEffect, s.DesignEffect is { } d and > 0 ? n / d : (double?)null),
            MeanEstimate m => (m.Clusters, m.DesignEffect, m.DesignEffect is { } d and > 0 ? m.N / d : (double?)null),
            _ => ((long?)null, (double?)null, (double?)null),
        };
        var funnel = metric.Exclusions.Select((x, i) => new ExclusionCount(x.Name, ToLong(row[layout.FirstExcluded + i]))).ToImmutableArray();
        return new MetricValue
        {
            Metric = metric.Name,
            Version = metric.Version,
            N = n,
            Value = suppressed ? null : value,
            Numerator = suppressed ? null : numerator,
            Denominator = suppressed ? null : denominator,
            Interval = suppressed ? null : interval,
            Suppressed = suppressed,
            SuppressionReason = suppressed ? CellPolicy.Reason(metric.Segmentation.MinCellSize) : null,
            Immature = ToLong(row[layout.Immature]),
            Funnel = funnel,
            Status = !suppressed && value is { } v && metric.Thresholds is { } t ? t.StatusOf(v) : null,
            EvaluatorVersions = layout.HasVersions
                ? Versions(layout, versionRows ?? [row])
                : layout.VersionGroup >= 0 && row[FactLayout.FirstGroup + layout.VersionGroup] is string version ? [version] : [],
            Estimate = suppressed ? null : estimate,
            DesignEffect = suppressed ? null : Finite(design.DesignEffect),
            Clusters = suppressed ? null : design.Clusters,
            EffectiveN = suppressed ? null : Finite(design.EffectiveN),
            IntervalWithheld = suppressed ? null : (estimate as KappaEstimate)?.IntervalWithheld,
        };
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static ImmutableArray<string> Versions(FactLayout layout, IReadOnlyList<object?[]> rows)
    {
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        var more = 0L;
        foreach (var row in rows)
        {
            if (row[layout.VersionMin] is string min)
            {
                versions.Add(min);
            }

            if (row[layout.VersionMin + 1] is string max)
            {
                versions.Add(max);
            }

            more = Math.Max(more, ToLong(row[layout.VersionMin + 2]) - 2);
        }

        return more > 0 ? [.. versions, $"+{more} more"] : [.. versions];
    }
}
