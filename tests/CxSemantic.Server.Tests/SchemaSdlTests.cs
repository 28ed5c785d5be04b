using CxSemantic.Server.Schema;

namespace CxSemantic.Server.Tests;

/// <summary>The embedded fixed SDL and the type names the server's code uses agree.</summary>
public class SchemaSdlTests
{
    [Fact]
    public void The_embedded_sdl_defines_every_fixed_type_and_uses_exactly_the_generated_ones()
    {
        Assert.Null(FixedSdl.Disagreement(FixedSdl.Text));
        IReadOnlySet<string> defined = FixedSdl.TypeNames;
        Assert.All(SchemaTypes.Fixed, name => Assert.Contains(name, defined));
        Assert.DoesNotContain(SchemaTypes.MetricRow, defined);

        // Every type of the file is reserved, also those a hand-written list once forgot.
        Assert.Contains("IntentEvents", defined);
    }

    [Fact]
    public void A_fixed_type_missing_from_the_sdl_is_reported()
    {
        var sdl = FixedSdl.Text.Replace("enum SortEnumType", "enum SortOrder", StringComparison.Ordinal);
        var disagreement = FixedSdl.Disagreement(sdl);
        Assert.NotNull(disagreement);
        Assert.Contains("not defined in the file: [SortEnumType]", disagreement, StringComparison.Ordinal);
        Assert.Contains("[DimensionName, MetricFilterInput, MetricOrderInput, MetricRow, SortEnumType]", disagreement, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_type_the_sdl_no_longer_uses_is_reported()
    {
        var sdl = FixedSdl.Text.Replace("DimensionName!", "String!", StringComparison.Ordinal);
        Assert.Contains("[MetricFilterInput, MetricOrderInput, MetricRow]", FixedSdl.Disagreement(sdl), StringComparison.Ordinal);
    }
}
