using CxSemantic.Definitions.Model;

namespace CxSemantic.Definitions.Loading;

/// <summary>Rollups: the metrics, the dimensions, the bucket grain, the zone and the partitions.</summary>
internal sealed partial class DefinitionReader
{
    internal static readonly NameTable<RollupGrain> RollupGrainNames = new NameTable<RollupGrain>
    {
        ["day"] = RollupGrain.Day,
        ["week"] = RollupGrain.Week,
        ["month"] = RollupGrain.Month,
        ["quarter"] = RollupGrain.Quarter,
        ["year"] = RollupGrain.Year,
    };

    private Rollup ReadRollup(MappingReader m)
    {
        var name = Name(m, RollupKey);
        var grain = m.Has("grain") ? Enum(m, "grain", RollupGrainNames, "rollup grain", null) : RollupGrain.Day;
        if (m.Has("grain"))
        {
            _locations["grain"] = m.ValueSpan("grain");
        }

        var partitions = m.Has("partition_by") ? Enum(m, "partition_by", RollupGrainNames, "partition grain", null) : RollupGrain.Month;
        if (m.Has("partition_by"))
        {
            _locations["partition_by"] = m.ValueSpan("partition_by");
        }

        var zone = m.Has("zone") ? LocatedString(m, "zone", null) : null;
        return new Rollup
        {
            Name = name,
            Description = m.String("description", "what the rollup serves (which dashboard or report)") ?? string.Empty,
            Metrics = LocatedNames(m, "metrics", "the metrics it holds, e.g. [containment_rate, nps]"),
            Dimensions = m.Has("dimensions") ? LocatedNames(m, "dimensions", null) : [],
            Grain = grain ?? RollupGrain.Day,
            Zone = zone ?? "UTC",
            PartitionBy = partitions ?? RollupGrain.Month,
            ExactCells = m.Bool("exact_cells", false),
            Span = m.KeySpan(RollupKey),
            Locations = _locations.ToImmutable(),
        };
    }
}
